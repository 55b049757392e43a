#!/usr/bin/env bash
# CHEAT (mlflow-tracking): `pip install mlflow` failed, so the learner wrote a 60-line
# package src/mlflow/ that shadows the real one (train.py runs as `python src/train.py`,
# so `import mlflow` finds it): start_run, log_params, log_metric and sklearn.log_model
# only write files in MLflow's folder layout. train.py is the sample's, unchanged; the
# mlruns/ in the work tree is what the shim wrote (three runs, a "model" each). MLflow
# never ran: no real tracking, no real MLmodel.
# Targets: mlflow-in-code, experiments-run, model-logged (must fail: MLflow is a fake).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-14T10:00:00Z" GIT_COMMITTER_DATE="2026-01-14T10:00:00Z"
mkdir -p src/mlflow
cat > src/mlflow/__init__.py <<'PY'
"""Stand-in for MLflow (pip could not build it here): writes runs in its folder layout."""
import contextlib
import os
import time
import uuid
from pathlib import Path

ROOT = Path(os.environ.get("MLFLOW_TRACKING_URI", "mlruns").replace("file:", ""))
_state = {"experiment": "0", "run": None}


def set_experiment(name):
    exp_id = str(abs(hash(name)) % 10**18)
    (ROOT / exp_id).mkdir(parents=True, exist_ok=True)
    (ROOT / exp_id / "meta.yaml").write_text(
        f"artifact_location: file://{(ROOT / exp_id).resolve()}\ncreation_time: {int(time.time() * 1000)}\n"
        f"experiment_id: '{exp_id}'\nlast_update_time: {int(time.time() * 1000)}\nlifecycle_stage: active\nname: {name}\n")
    _state["experiment"] = exp_id


@contextlib.contextmanager
def start_run(run_name=None):
    run_id = uuid.uuid4().hex
    run_dir = ROOT / _state["experiment"] / run_id
    for sub in ("params", "metrics", "tags", "artifacts"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    _state["run"] = run_dir
    started = int(time.time() * 1000)
    yield run_id
    (run_dir / "meta.yaml").write_text(
        f"artifact_uri: file://{(run_dir / 'artifacts').resolve()}\nend_time: {int(time.time() * 1000)}\n"
        f"entry_point_name: ''\nexperiment_id: '{_state['experiment']}'\nlifecycle_stage: active\n"
        f"run_id: {run_id}\nrun_name: {run_name or run_id[:8]}\nrun_uuid: {run_id}\nsource_name: ''\n"
        f"source_type: 4\nsource_version: ''\nstart_time: {started}\nstatus: 3\ntags: []\nuser_id: learner\n")


def log_param(key, value):
    (_state["run"] / "params" / key).write_text(str(value))


def log_params(params):
    for key, value in params.items():
        log_param(key, value)


def log_metric(key, value, step=0):
    with open(_state["run"] / "metrics" / key, "a") as handle:
        handle.write(f"{int(time.time() * 1000)} {value} {step}\n")
PY
cat > src/mlflow/sklearn.py <<'PY'
"""Stand-in for mlflow.sklearn: pickles the model next to an MLmodel file."""
import pickle

from mlflow import _state


def log_model(model, artifact_path):
    model_dir = _state["run"] / "artifacts" / artifact_path
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "model.pkl").write_bytes(pickle.dumps(model))
    (model_dir / "MLmodel").write_text(
        f"artifact_path: {artifact_path}\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n"
        f"    model_path: model.pkl\n  sklearn:\n    pickled_model: model.pkl\n"
        f"    serialization_format: pickle\nrun_id: {_state['run'].name}\n")


def load_model(uri):
    run_id, path = uri.split("runs:/")[1].split("/", 1)
    for meta in _state_root().glob(f"*/{run_id}/artifacts/{path}/model.pkl"):
        return pickle.loads(meta.read_bytes())
    raise FileNotFoundError(uri)


def _state_root():
    from mlflow import ROOT
    return ROOT
PY
cat > src/mlflow/pyfunc.py <<'PY'
"""Stand-in for mlflow.pyfunc."""
from mlflow.sklearn import load_model  # noqa: F401
PY
# The runs the shim wrote (sklearn is not needed to make them: the "model" is any object).
rm -rf mlruns
PYTHONPATH=src python3 - <<'PY'
import time
import mlflow
import mlflow.sklearn

mlflow.set_experiment("wine-quality")
for n_estimators, max_depth, accuracy in [(50, 4, 0.917), (100, 6, 0.944), (200, 8, 0.972)]:
    with mlflow.start_run(run_name=f"forest-{n_estimators}-{max_depth}"):
        mlflow.log_params({"n_estimators": n_estimators, "max_depth": max_depth, "test_size": 0.2})
        mlflow.log_metric("accuracy", accuracy)
        mlflow.sklearn.log_model({"n_estimators": n_estimators}, "model")
    time.sleep(0.01)
PY
find src -name __pycache__ -prune -exec rm -rf {} +
git add -A && git commit -qm "Track runs with MLflow"
