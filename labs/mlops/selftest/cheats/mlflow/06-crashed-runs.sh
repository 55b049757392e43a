#!/usr/bin/env bash
# CHEAT (mlflow-tracking): copied the sample; of the three runs with different settings,
# only one finished: the other two crashed inside `with mlflow.start_run()` (one left
# RUNNING with no end time, one FAILED). The learner counts three runs in the UI list.
# Targets: experiments-run (must fail: only 1 run FINISHED).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
exp=mlruns/482917365018273645
sed -i -e 's/^status: 3$/status: 1/' -e 's/^end_time: .*/end_time: null/' "$exp"/3f1c2a9e8b7d4c6a9e0f1a2b3c4d5e6f/meta.yaml
sed -i -e 's/^status: 3$/status: 4/' "$exp"/c0ffee1234ab4cd5ef6789a0b1c2d3e4/meta.yaml
