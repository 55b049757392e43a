#!/usr/bin/env bash
# VARIANT (mlflow-tracking): the experiments live in a Jupyter notebook, as the roadmap's
# "run several experiments, look at them in the UI" is often done: notebooks/experiments.ipynb
# sets the experiment, runs three RandomForest settings in `with mlflow.start_run()`, logs
# params (mlflow.log_params), accuracy (mlflow.log_metric("accuracy", ...)) and the model
# (mlflow.sklearn.log_model), then loads the best run back with mlflow.pyfunc.load_model.
# The kernel's working folder is notebooks/, so the store is notebooks/mlruns/ (git-ignored
# by an unanchored mlruns/ line). requirements.txt pins mlflow; no .py file at all.
# Targets: every automatic item (a fair checker must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-01-14T10:00:00Z" GIT_COMMITTER_DATE="2026-01-14T10:00:00Z"
git init -q -b main .
printf '.venv/\n.ipynb_checkpoints/\nmlruns/\nmlartifacts/\nmlflow.db\n' > .gitignore
printf 'jupyterlab==4.2.5\nmlflow==2.22.0\nscikit-learn==1.5.2\npandas==2.2.3\n' > requirements.txt
cat > README.md <<'MD'
# Wine experiments

Open `notebooks/experiments.ipynb` in Jupyter and run all cells: three runs of a random
forest are tracked in MLflow (experiment `wine-forest`). To compare them:

    cd notebooks && mlflow ui     # then http://127.0.0.1:5000
MD
mkdir -p notebooks
python3 - <<'PY'
import json

cells = [
    ("markdown", "# Wine: random forest experiments tracked in MLflow"),
    ("code", "import mlflow\nimport mlflow.sklearn\nfrom sklearn.datasets import load_wine\n"
             "from sklearn.ensemble import RandomForestClassifier\nfrom sklearn.metrics import accuracy_score\n"
             "from sklearn.model_selection import train_test_split\n\n"
             "X, y = load_wine(return_X_y=True)\n"
             "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)\n"
             "mlflow.set_experiment(\"wine-forest\")"),
    ("code", "run_ids = {}\nfor n_estimators, max_depth in [(50, 3), (100, 5), (200, None)]:\n"
             "    with mlflow.start_run(run_name=f\"rf-{n_estimators}-{max_depth}\") as run:\n"
             "        mlflow.log_params({\"n_estimators\": n_estimators, \"max_depth\": max_depth})\n"
             "        model = RandomForestClassifier(n_estimators=n_estimators, max_depth=max_depth, random_state=0)\n"
             "        model.fit(X_train, y_train)\n"
             "        accuracy = accuracy_score(y_test, model.predict(X_test))\n"
             "        mlflow.log_metric(\"accuracy\", accuracy)\n"
             "        mlflow.sklearn.log_model(model, \"model\")\n"
             "        run_ids[run.info.run_id] = accuracy"),
    ("markdown", "## Load the best model back"),
    ("code", "best = max(run_ids, key=run_ids.get)\n"
             "loaded = mlflow.pyfunc.load_model(f\"runs:/{best}/model\")\n"
             "loaded.predict(X_test[:5])"),
]
nb = {"cells": [], "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                                "language_info": {"name": "python", "version": "3.11.9"}},
      "nbformat": 4, "nbformat_minor": 5}
for i, (kind, src) in enumerate(cells):
    lines = src.split("\n")
    cell = {"cell_type": kind, "id": f"c{i}", "metadata": {}, "source": [l + "\n" for l in lines[:-1]] + [lines[-1]]}
    if kind == "code":
        cell.update(execution_count=i, outputs=[])
    nb["cells"].append(cell)
with open("notebooks/experiments.ipynb", "w") as handle:
    json.dump(nb, handle, indent=1)
    handle.write("\n")
PY
git add -A && git commit -qm "Track the random forest experiments in MLflow from a notebook"
# The file store MLflow 2.22 wrote, run from notebooks/ (ignored by git).
python3 - <<'PY'
from pathlib import Path

root = (Path.cwd() / "notebooks" / "mlruns").resolve()
exp_id = "730215948822361544"
exp = root / exp_id
(root / "0").mkdir(parents=True)
(root / "0" / "meta.yaml").write_text(f"artifact_location: file://{root}/0\ncreation_time: 1768384800000\n"
                                      "experiment_id: '0'\nlast_update_time: 1768384800000\nlifecycle_stage: active\nname: Default\n")
exp.mkdir()
(exp / "meta.yaml").write_text(f"artifact_location: file://{exp}\ncreation_time: 1768384810000\nexperiment_id: '{exp_id}'\n"
                               "last_update_time: 1768384810000\nlifecycle_stage: active\nname: wine-forest\n")
runs = [("0a9b8c7d6e5f40312a3b4c5d6e7f8091", 50, 3, 0.944), ("1a9b8c7d6e5f40312a3b4c5d6e7f8092", 100, 5, 0.972),
        ("2a9b8c7d6e5f40312a3b4c5d6e7f8093", 200, "None", 1.0)]
for i, (run_id, n, depth, acc) in enumerate(runs):
    start = 1768384900000 + i * 5000
    run = exp / run_id
    for sub in ("params", "metrics", "tags", "artifacts/model"):
        (run / sub).mkdir(parents=True)
    (run / "meta.yaml").write_text(
        f"artifact_uri: file://{run}/artifacts\nend_time: {start + 4000}\nentry_point_name: ''\n"
        f"experiment_id: '{exp_id}'\nlifecycle_stage: active\nrun_id: {run_id}\nrun_name: rf-{n}-{depth}\n"
        f"run_uuid: {run_id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: {start}\n"
        "status: 3\ntags: []\nuser_id: variant\n")
    (run / "params" / "n_estimators").write_text(str(n))
    (run / "params" / "max_depth").write_text(str(depth))
    (run / "metrics" / "accuracy").write_text(f"{start + 3000} {acc} 0\n")
    (run / "tags" / "mlflow.runName").write_text(f"rf-{n}-{depth}")
    (run / "tags" / "mlflow.source.name").write_text("/home/variant/.venv/lib/python3.11/site-packages/ipykernel_launcher.py")
    (run / "tags" / "mlflow.user").write_text("variant")
    model = run / "artifacts" / "model"
    (model / "MLmodel").write_text(
        "artifact_path: model\nflavors:\n  python_function:\n    env:\n      conda: conda.yaml\n"
        "      virtualenv: python_env.yaml\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\n"
        "    predict_fn: predict\n    python_version: 3.11.9\n  sklearn:\n    code: null\n    pickled_model: model.pkl\n"
        "    serialization_format: cloudpickle\n    sklearn_version: 1.5.2\n"
        f"mlflow_version: 2.22.0\nrun_id: {run_id}\nutc_time_created: '2026-01-14 10:01:4{i}.000000'\n")
    (model / "model.pkl").write_bytes(b"\x80\x05\x95 (cloudpickled RandomForestClassifier stands here)")
    (model / "conda.yaml").write_text("dependencies:\n- python=3.11.9\n- pip:\n  - mlflow==2.22.0\n  - scikit-learn==1.5.2\n")
    (model / "python_env.yaml").write_text("python: 3.11.9\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n")
    (model / "requirements.txt").write_text("mlflow==2.22.0\nscikit-learn==1.5.2\n")
PY
