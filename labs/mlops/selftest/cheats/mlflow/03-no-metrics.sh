#!/usr/bin/env bash
# CHEAT (mlflow-tracking): copied the sample; the three runs in mlruns/ come from a first
# version of train.py that logged only its parameters. log_metric("accuracy") was added to
# the code afterwards and never run, so no run in the store holds any metric.
# Targets: metrics-logged (must fail: no run logged a metric).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
# The runs are git-ignored: only the work tree changes.
rm -rf mlruns/*/*/metrics
