#!/usr/bin/env bash
# CHEAT (mlflow-tracking): copied the sample; of the three runs in mlruns/, only the last
# logged accuracy: the first two were made before log_metric was added (params only) and
# never re-run. The item asks that EVERY run logged its parameters and a metric.
# Targets: metrics-logged (must fail: two of three runs have no metric).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
exp=mlruns/482917365018273645
rm -rf "$exp"/3f1c2a9e8b7d4c6a9e0f1a2b3c4d5e6f/metrics "$exp"/c0ffee1234ab4cd5ef6789a0b1c2d3e4/metrics
