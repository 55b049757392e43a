#!/usr/bin/env bash
# VARIANT (mlflow-tracking): a tracking server instead of a local store: the learner runs
# `mlflow server` in the project folder (backend mlruns/, artifacts proxied into
# mlartifacts/) and train code points at it with mlflow.set_tracking_uri("http://127.0.0.1:5000").
# A ridge regression on a tiny inline CSV (data/houses.csv), alphas from configs/grid.yaml,
# logged one by one: mlflow.log_param("alpha", ...), mlflow.log_metric("rmse", ...),
# mlflow.log_metric("r2", ...), mlflow.sklearn.log_model(...). Three finished runs; the
# model is loaded back with mlflow.pyfunc.load_model in src/housing/predict.py.
# Targets: every automatic item (a fair checker must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-01-14T10:00:00Z" GIT_COMMITTER_DATE="2026-01-14T10:00:00Z"
git init -q -b main .
printf '.venv/\n__pycache__/\n\n# MLflow server state\nmlruns/\nmlartifacts/\nmlflow.db\n' > .gitignore
printf 'mlflow==2.20.4\nscikit-learn==1.5.2\npandas==2.2.3\nPyYAML==6.0.2\n' > requirements.txt
mkdir -p data configs src/housing
cat > data/houses.csv <<'CSV'
area,rooms,age,price
52,2,30,118
75,3,12,190
40,1,45,82
98,4,5,265
61,2,20,150
120,5,8,310
33,1,60,64
85,3,15,214
70,3,35,160
110,4,2,300
CSV
printf 'alphas: [0.1, 1.0, 10.0]\ntest_size: 0.3\n' > configs/grid.yaml
cat > src/housing/__init__.py <<'PY'
PY
cat > src/housing/train.py <<'PY'
"""Ridge regression on the house prices, one MLflow run per alpha of configs/grid.yaml."""
import mlflow
import mlflow.sklearn
import pandas as pd
import yaml
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import train_test_split

mlflow.set_tracking_uri("http://127.0.0.1:5000")   # `mlflow server` running in the project folder
mlflow.set_experiment("house-prices")

grid = yaml.safe_load(open("configs/grid.yaml"))
data = pd.read_csv("data/houses.csv")
X, y = data.drop(columns="price"), data["price"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=grid["test_size"], random_state=1)

for alpha in grid["alphas"]:
    with mlflow.start_run(run_name=f"ridge-{alpha}"):
        mlflow.log_param("alpha", alpha)
        mlflow.log_param("test_size", grid["test_size"])
        model = Ridge(alpha=alpha).fit(X_train, y_train)
        predicted = model.predict(X_test)
        mlflow.log_metric("rmse", mean_squared_error(y_test, predicted) ** 0.5)
        mlflow.log_metric("r2", r2_score(y_test, predicted))
        mlflow.sklearn.log_model(model, "ridge", input_example=X_test.head(2))
PY
cat > src/housing/predict.py <<'PY'
"""Price a house with a model logged to the tracking server."""
import sys

import mlflow
import pandas as pd

mlflow.set_tracking_uri("http://127.0.0.1:5000")
model = mlflow.pyfunc.load_model(f"runs:/{sys.argv[1]}/ridge")
print(model.predict(pd.DataFrame([{"area": 64, "rooms": 2, "age": 18}])))
PY
cat > README.md <<'MD'
# house-prices

Ridge regression on a small house-price table, tracked on a local MLflow server.

    mlflow server --host 127.0.0.1 --port 5000   # in this folder; UI at http://127.0.0.1:5000
    python src/housing/train.py                  # one run per alpha in configs/grid.yaml
    python src/housing/predict.py RUN_ID
MD
git add -A && git commit -qm "Ridge regression tracked on a local MLflow server"
# What `mlflow server` (2.20.4) wrote: runs in mlruns/, artifacts in mlartifacts/.
python3 - <<'PY'
from pathlib import Path

root = Path.cwd()
exp_id = "598311027466120934"
(root / "mlruns" / "0").mkdir(parents=True)
(root / "mlruns" / "0" / "meta.yaml").write_text("artifact_location: mlflow-artifacts:/0\ncreation_time: 1768384800000\n"
                                                 "experiment_id: '0'\nlast_update_time: 1768384800000\nlifecycle_stage: active\nname: Default\n")
exp = root / "mlruns" / exp_id
exp.mkdir()
(exp / "meta.yaml").write_text(f"artifact_location: mlflow-artifacts:/{exp_id}\ncreation_time: 1768384810000\n"
                               f"experiment_id: '{exp_id}'\nlast_update_time: 1768384810000\nlifecycle_stage: active\nname: house-prices\n")
runs = [("e41b2c3d4e5f46a7b8c9d0e1f2a3b401", 0.1, 21.7, 0.91), ("e41b2c3d4e5f46a7b8c9d0e1f2a3b402", 1.0, 19.2, 0.93),
        ("e41b2c3d4e5f46a7b8c9d0e1f2a3b403", 10.0, 24.9, 0.88)]
for i, (run_id, alpha, rmse, r2) in enumerate(runs):
    start = 1768384900000 + i * 3000
    run = exp / run_id
    for sub in ("params", "metrics", "tags"):
        (run / sub).mkdir(parents=True)
    (run / "meta.yaml").write_text(
        f"artifact_uri: mlflow-artifacts:/{exp_id}/{run_id}/artifacts\nend_time: {start + 2500}\nentry_point_name: ''\n"
        f"experiment_id: '{exp_id}'\nlifecycle_stage: active\nrun_id: {run_id}\nrun_name: ridge-{alpha}\n"
        f"run_uuid: {run_id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: {start}\n"
        "status: 3\ntags: []\nuser_id: variant\n")
    (run / "params" / "alpha").write_text(str(alpha))
    (run / "params" / "test_size").write_text("0.3")
    (run / "metrics" / "rmse").write_text(f"{start + 1500} {rmse} 0\n")
    (run / "metrics" / "r2").write_text(f"{start + 1510} {r2} 0\n")
    (run / "tags" / "mlflow.runName").write_text(f"ridge-{alpha}")
    (run / "tags" / "mlflow.user").write_text("variant")
    (run / "tags" / "mlflow.source.name").write_text("src/housing/train.py")
    (run / "tags" / "mlflow.log-model.history").write_text(
        f'[{{"run_id": "{run_id}", "artifact_path": "ridge", "utc_time_created": "2026-01-14 10:01:4{i}.000000", '
        '"model_uuid": "abc", "flavors": {"python_function": {}, "sklearn": {}}}]')
    model = root / "mlartifacts" / exp_id / run_id / "artifacts" / "ridge"
    model.mkdir(parents=True)
    (model / "MLmodel").write_text(
        "artifact_path: ridge\nflavors:\n  python_function:\n    env:\n      conda: conda.yaml\n"
        "      virtualenv: python_env.yaml\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\n"
        "    predict_fn: predict\n    python_version: 3.11.9\n  sklearn:\n    code: null\n    pickled_model: model.pkl\n"
        "    serialization_format: cloudpickle\n    sklearn_version: 1.5.2\n"
        f"mlflow_version: 2.20.4\nrun_id: {run_id}\nsaved_input_example_info:\n  artifact_path: input_example.json\n"
        "  pandas_orient: split\n  type: dataframe\n"
        f"utc_time_created: '2026-01-14 10:01:4{i}.000000'\n")
    (model / "model.pkl").write_bytes(b"\x80\x05\x95 (cloudpickled Ridge stands here)")
    (model / "input_example.json").write_text('{"columns": ["area", "rooms", "age"], "data": [[75, 3, 12], [40, 1, 45]]}')
    (model / "conda.yaml").write_text("dependencies:\n- python=3.11.9\n- pip:\n  - mlflow==2.20.4\n  - scikit-learn==1.5.2\n")
    (model / "python_env.yaml").write_text("python: 3.11.9\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n")
    (model / "requirements.txt").write_text("mlflow==2.20.4\nscikit-learn==1.5.2\n")
PY
