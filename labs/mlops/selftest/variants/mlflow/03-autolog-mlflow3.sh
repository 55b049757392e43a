#!/usr/bin/env bash
# VARIANT (mlflow-tracking): MLflow 3 with autologging, the way MLflow's own quickstart
# teaches it: ml/fit.py calls mlflow.sklearn.autolog() and trains inside
# `with mlflow.start_run()`; autolog logs every estimator parameter, the training metrics
# (training_accuracy_score, ...) and the post-training accuracy_score_X_test, and the model
# (MLflow 3 logged model under mlruns/<exp>/models/m-*/). No explicit log_param/log_metric
# call. ml/predict.py imports `from mlflow.sklearn import load_model` and loads it back.
# Three runs (max_depth 2, 3, 4) in the file store mlruns/, breast-cancer data set.
# Targets: every automatic item (a fair checker must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-01-14T10:00:00Z" GIT_COMMITTER_DATE="2026-01-14T10:00:00Z"
git init -q -b main .
printf '.venv/\n__pycache__/\nmlruns/\nmlartifacts/\nmlflow.db\n' > .gitignore
printf 'mlflow==3.4.0\nscikit-learn==1.7.2\n' > requirements.txt
cat > README.md <<'MD'
# cancer-gbm

Gradient boosting on the breast-cancer data set, tracked with MLflow autologging.

    python ml/fit.py --max-depth 3
    mlflow server --host 127.0.0.1 --port 5000   # the UI at http://127.0.0.1:5000
    python ml/predict.py MODEL_ID
MD
mkdir -p ml
cat > ml/fit.py <<'PY'
"""Fit a gradient-boosting classifier; MLflow autologging records the run."""
import argparse

import mlflow
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser()
parser.add_argument("--max-depth", type=int, default=3)
args = parser.parse_args()

mlflow.set_experiment("cancer-gbm")
mlflow.sklearn.autolog()

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=7)
with mlflow.start_run(run_name=f"gbm-depth-{args.max_depth}"):
    model = GradientBoostingClassifier(max_depth=args.max_depth, random_state=7).fit(X_train, y_train)
    print("test accuracy", accuracy_score(y_test, model.predict(X_test)))
PY
cat > ml/predict.py <<'PY'
"""Load a logged model back (MLflow 3: models:/<model id>) and predict."""
import sys

from mlflow.sklearn import load_model
from sklearn.datasets import load_breast_cancer

model = load_model(f"models:/{sys.argv[1]}")
X, _ = load_breast_cancer(return_X_y=True)
print(model.predict(X[:3]))
PY
git add -A && git commit -qm "Track gradient boosting runs with MLflow autologging"
# The file store MLflow 3.4 wrote for three runs (ignored by git).
python3 - <<'PY'
from pathlib import Path

root = (Path.cwd() / "mlruns").resolve()
exp_id = "291847561029384756"
exp = root / exp_id
(root / "0").mkdir(parents=True)
(root / "0" / "meta.yaml").write_text(f"artifact_location: file://{root}/0\ncreation_time: 1768384800000\n"
                                      "experiment_id: '0'\nlast_update_time: 1768384800000\nlifecycle_stage: active\nname: Default\n")
exp.mkdir()
(exp / "meta.yaml").write_text(f"artifact_location: file://{exp}\ncreation_time: 1768384810000\nexperiment_id: '{exp_id}'\n"
                               "last_update_time: 1768384810000\nlifecycle_stage: active\nname: cancer-gbm\n")
gbm_defaults = {"ccp_alpha": "0.0", "criterion": "friedman_mse", "init": "None", "learning_rate": "0.1",
                "loss": "log_loss", "max_features": "None", "max_leaf_nodes": "None", "min_impurity_decrease": "0.0",
                "min_samples_leaf": "1", "min_samples_split": "2", "min_weight_fraction_leaf": "0.0",
                "n_estimators": "100", "n_iter_no_change": "None", "random_state": "7", "subsample": "1.0",
                "tol": "0.0001", "validation_fraction": "0.1", "verbose": "0", "warm_start": "False"}
runs = [("7c1d2e3f4a5b46c7d8e9f0a1b2c3d4e1", "m-1b2c3d4e5f60718293a4b5c6d7e8f901", 2, 0.965),
        ("7c1d2e3f4a5b46c7d8e9f0a1b2c3d4e2", "m-1b2c3d4e5f60718293a4b5c6d7e8f902", 3, 0.958),
        ("7c1d2e3f4a5b46c7d8e9f0a1b2c3d4e3", "m-1b2c3d4e5f60718293a4b5c6d7e8f903", 4, 0.951)]
for i, (run_id, model_id, depth, acc) in enumerate(runs):
    start = 1768384900000 + i * 8000
    run = exp / run_id
    for sub in ("params", "metrics", "tags", "artifacts", f"outputs/{model_id}"):
        (run / sub).mkdir(parents=True)
    (run / "meta.yaml").write_text(
        f"artifact_uri: file://{run}/artifacts\nend_time: {start + 6000}\nentry_point_name: ''\n"
        f"experiment_id: '{exp_id}'\nlifecycle_stage: active\nrun_id: {run_id}\nrun_name: gbm-depth-{depth}\n"
        f"run_uuid: {run_id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: {start}\n"
        "status: 3\ntags: []\nuser_id: variant\n")
    params = dict(gbm_defaults, max_depth=str(depth))
    for key, value in params.items():
        (run / "params" / key).write_text(value)
    metrics = {"training_accuracy_score": 1.0, "training_f1_score": 1.0, "training_precision_score": 1.0,
               "training_recall_score": 1.0, "training_log_loss": 0.012 + i / 1000, "training_roc_auc": 1.0,
               "training_score": 1.0, "accuracy_score_X_test": acc}
    for key, value in metrics.items():
        (run / "metrics" / key).write_text(f"{start + 5000} {value} 0\n")
    for key, value in (("mlflow.runName", f"gbm-depth-{depth}"), ("mlflow.user", "variant"),
                       ("mlflow.source.name", "ml/fit.py"), ("mlflow.source.type", "LOCAL"),
                       ("mlflow.autologging", "sklearn"), ("estimator_name", "GradientBoostingClassifier"),
                       ("estimator_class", "sklearn.ensemble._gb.GradientBoostingClassifier")):
        (run / "tags" / key).write_text(value)
    (run / "outputs" / model_id / "meta.yaml").write_text(
        f"destination_id: {model_id}\ndestination_type: MODEL_OUTPUT\nsource_id: {model_id}\nsource_type: RUN_OUTPUT\nstep: 0\ntags: {{}}\n")
    model = exp / "models" / model_id
    for sub in ("artifacts", "params", "metrics", "tags"):
        (model / sub).mkdir(parents=True)
    (model / "meta.yaml").write_text(
        f"artifact_location: file://{model}/artifacts\ncreation_timestamp: {start + 4000}\nexperiment_id: '{exp_id}'\n"
        f"last_updated_timestamp: {start + 5500}\nmodel_id: {model_id}\nmodel_type: null\nname: model\n"
        f"source_run_id: {run_id}\nstatus: 2\nstatus_message: null\n")
    for key, value in params.items():
        (model / "params" / key).write_text(value)
    (model / "metrics" / "accuracy_score_X_test").write_text(f"{start + 5000} {acc} 0 {run_id}\n")
    (model / "tags" / "mlflow.source.name").write_text("ml/fit.py")
    art = model / "artifacts"
    (art / "MLmodel").write_text(
        f"artifact_path: file://{art}\nflavors:\n  python_function:\n    env:\n      conda: conda.yaml\n"
        "      virtualenv: python_env.yaml\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\n"
        "    predict_fn: predict\n    python_version: 3.11.9\n  sklearn:\n    code: null\n    pickled_model: model.pkl\n"
        "    serialization_format: cloudpickle\n    sklearn_version: 1.7.2\nis_signature_from_type_hint: false\n"
        f"mlflow_version: 3.4.0\nmodel_id: {model_id}\nmodel_size_bytes: 140211\nmodel_uuid: {model_id}\nprompts: null\n"
        f"run_id: {run_id}\nutc_time_created: '2026-01-14 10:01:4{i}.000000'\n")
    (art / "model.pkl").write_bytes(b"\x80\x05\x95 (cloudpickled GradientBoostingClassifier stands here)")
    (art / "conda.yaml").write_text("dependencies:\n- python=3.11.9\n- pip:\n  - mlflow==3.4.0\n  - scikit-learn==1.7.2\n")
    (art / "python_env.yaml").write_text("python: 3.11.9\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n")
    (art / "requirements.txt").write_text("mlflow==3.4.0\nscikit-learn==1.7.2\n")
PY
