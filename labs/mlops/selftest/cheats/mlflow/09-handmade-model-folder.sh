#!/usr/bin/env bash
# CHEAT (mlflow-tracking): copied the sample; the model "logged" in each run is a folder
# made by hand so the UI shows one: an MLmodel copied from a tutorial (run_id of someone
# else's run, mlflow_version of the tutorial) and a model.pkl made with `touch` (0 bytes).
# No conda.yaml, python_env.yaml or requirements.txt.
# Targets: model-logged (must fail: the model's files are not a model).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
for model_dir in mlruns/*/*/artifacts/model; do
  rm -f "$model_dir"/*
  cat > "$model_dir/MLmodel" <<'YAML'
artifact_path: model
flavors:
  python_function:
    loader_module: mlflow.sklearn
    model_path: model.pkl
  sklearn:
    pickled_model: model.pkl
    serialization_format: cloudpickle
mlflow_version: 2.9.2
run_id: 1f0c8e2b9a7d4c3e8f6a5b4c3d2e1f00
utc_time_created: '2023-12-01 12:00:00.000000'
YAML
  : > "$model_dir/model.pkl"
done
