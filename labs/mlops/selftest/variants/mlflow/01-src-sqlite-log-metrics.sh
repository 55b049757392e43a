#!/usr/bin/env bash
# VARIANT (mlflow-tracking): a src/ package with pyproject.toml, iris data set and a
# logistic regression; runs go to SQLite (mlflow.set_tracking_uri("sqlite:///mlflow.db"),
# MLflow 3's default backend) with artifacts in mlruns/. Params and metrics are logged as
# dicts, the way the API is meant to be used: mlflow.log_params({...}) and
# mlflow.log_metrics({"accuracy": ..., "f1_macro": ...}). Three runs, C = 0.1, 1, 10, each
# with a model (mlflow.sklearn.log_model); src/irisflow/serve.py loads one back.
# Targets: every automatic item (a fair checker must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-01-14T10:00:00Z" GIT_COMMITTER_DATE="2026-01-14T10:00:00Z"
git init -q -b main .
printf '.venv/\n__pycache__/\n*.egg-info/\n# MLflow\nmlflow.db\nmlruns/\nmlartifacts/\n' > .gitignore
cat > pyproject.toml <<'TOML'
[project]
name = "irisflow"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["mlflow==2.22.0", "scikit-learn==1.5.2", "pandas==2.2.3"]

[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"
TOML
cat > README.md <<'MD'
# irisflow

Iris classification with experiment tracking in MLflow (SQLite backend).

    pip install -e .
    for c in 0.1 1 10; do python -m irisflow.train --C "$c"; done
    mlflow ui --backend-store-uri sqlite:///mlflow.db    # http://127.0.0.1:5000
    python -m irisflow.serve RUN_ID
MD
mkdir -p src/irisflow
: > src/irisflow/__init__.py
cat > src/irisflow/train.py <<'PY'
"""Train a logistic regression on iris and track the run in MLflow."""
import argparse

import mlflow
import mlflow.sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--max-iter", type=int, default=200)
    args = parser.parse_args()

    mlflow.set_tracking_uri("sqlite:///mlflow.db")
    mlflow.set_experiment("iris-logreg")
    x, y = load_iris(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y)
    with mlflow.start_run(run_name=f"logreg-C{args.C}"):
        mlflow.log_params({"C": args.C, "max_iter": args.max_iter})
        model = LogisticRegression(C=args.C, max_iter=args.max_iter).fit(x_train, y_train)
        predicted = model.predict(x_test)
        mlflow.log_metrics({
            "accuracy": accuracy_score(y_test, predicted),
            "f1_macro": f1_score(y_test, predicted, average="macro"),
        })
        mlflow.sklearn.log_model(model, artifact_path="model")


if __name__ == "__main__":
    main()
PY
cat > src/irisflow/serve.py <<'PY'
"""Load a logged model back from MLflow and classify one flower."""
import sys

import mlflow
import mlflow.sklearn

mlflow.set_tracking_uri("sqlite:///mlflow.db")
model = mlflow.sklearn.load_model(f"runs:/{sys.argv[1]}/model")
print(model.predict([[5.1, 3.5, 1.4, 0.2]]))
PY
git add -A && git commit -qm "Track iris experiments in MLflow (SQLite backend)"
# The store MLflow 2.22 wrote for the three runs (ignored by git).
python3 - <<'PY'
import sqlite3
from pathlib import Path

root = Path.cwd()
db = sqlite3.connect("mlflow.db")
db.executescript("""
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
CREATE TABLE experiments (experiment_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE,
  artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT);
CREATE TABLE experiment_tags ("key" VARCHAR(250) NOT NULL, value VARCHAR(5000), experiment_id INTEGER NOT NULL,
  PRIMARY KEY ("key", experiment_id));
CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20),
  source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9),
  start_time BIGINT, end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20),
  artifact_uri VARCHAR(200), experiment_id INTEGER, deleted_time BIGINT);
CREATE TABLE tags ("key" VARCHAR(250) NOT NULL, value VARCHAR(5000), run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY ("key", run_uuid));
CREATE TABLE params ("key" VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY ("key", run_uuid));
CREATE TABLE metrics ("key" VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL,
  run_uuid VARCHAR(32) NOT NULL, step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL,
  PRIMARY KEY ("key", timestamp, step, run_uuid, value, is_nan));
CREATE TABLE latest_metrics ("key" VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT,
  step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY ("key", run_uuid));
CREATE TABLE registered_models (name VARCHAR(256) NOT NULL PRIMARY KEY, creation_time BIGINT,
  last_updated_time BIGINT, description VARCHAR(5000));
CREATE TABLE model_versions (name VARCHAR(256) NOT NULL, version INTEGER NOT NULL, creation_time BIGINT,
  last_updated_time BIGINT, description VARCHAR(5000), user_id VARCHAR(256), current_stage VARCHAR(20),
  source VARCHAR(500), run_id VARCHAR(32), status VARCHAR(20), status_message VARCHAR(500),
  run_link VARCHAR(500), storage_location VARCHAR(500), PRIMARY KEY (name, version));
CREATE TABLE registered_model_tags ("key" VARCHAR(250) NOT NULL, value VARCHAR(5000), name VARCHAR(256) NOT NULL, PRIMARY KEY ("key", name));
CREATE TABLE model_version_tags ("key" VARCHAR(250) NOT NULL, value VARCHAR(5000), name VARCHAR(256) NOT NULL,
  version INTEGER NOT NULL, PRIMARY KEY ("key", name, version));
CREATE TABLE registered_model_aliases (alias VARCHAR(256) NOT NULL, version INTEGER NOT NULL, name VARCHAR(256) NOT NULL, PRIMARY KEY (name, alias));
INSERT INTO alembic_version VALUES ('5b0e9adcef9c');
""")
for exp_id, name in ((0, "Default"), (1, "iris-logreg")):
    db.execute("INSERT INTO experiments VALUES (?, ?, ?, 'active', 1768384800000, 1768384800000)",
               (exp_id, name, f"{root}/mlruns/{exp_id}"))
runs = [("5e1f0c2a9b8d4e7f8a6b5c4d3e2f1a01", 0.1, 0.868, 0.866), ("5e1f0c2a9b8d4e7f8a6b5c4d3e2f1a02", 1.0, 0.974, 0.974),
        ("5e1f0c2a9b8d4e7f8a6b5c4d3e2f1a03", 10.0, 0.947, 0.947)]
for i, (run_id, c, acc, f1) in enumerate(runs):
    start = 1768384900000 + i * 60000
    art = root / "mlruns" / "1" / run_id / "artifacts"
    db.execute("INSERT INTO runs VALUES (?, ?, 'LOCAL', 'src/irisflow/train.py', '', 'variant', 'FINISHED', ?, ?, '', 'active', ?, 1, NULL)",
               (run_id, f"logreg-C{c}", start, start + 2500, str(art)))
    for key, value in (("C", c), ("max_iter", 200)):
        db.execute("INSERT INTO params VALUES (?, ?, ?)", (key, str(value), run_id))
    for key, value in (("accuracy", acc), ("f1_macro", f1)):
        db.execute("INSERT INTO metrics VALUES (?, ?, ?, ?, 0, 0)", (key, value, start + 2000, run_id))
        db.execute("INSERT INTO latest_metrics VALUES (?, ?, ?, 0, 0, ?)", (key, value, start + 2000, run_id))
    for key, value in (("mlflow.runName", f"logreg-C{c}"), ("mlflow.user", "variant"),
                       ("mlflow.source.name", "src/irisflow/train.py"), ("mlflow.source.type", "LOCAL")):
        db.execute("INSERT INTO tags VALUES (?, ?, ?)", (key, value, run_id))
    model = art / "model"
    model.mkdir(parents=True)
    (model / "MLmodel").write_text(
        "artifact_path: model\nflavors:\n  python_function:\n    env:\n      conda: conda.yaml\n"
        "      virtualenv: python_env.yaml\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\n"
        "    predict_fn: predict\n    python_version: 3.11.9\n  sklearn:\n    code: null\n    pickled_model: model.pkl\n"
        "    serialization_format: cloudpickle\n    sklearn_version: 1.5.2\n"
        f"mlflow_version: 2.22.0\nmodel_size_bytes: 1123\nmodel_uuid: 9c0d{run_id[4:]}\nrun_id: {run_id}\n"
        f"utc_time_created: '2026-01-14 10:0{i + 1}:02.000000'\n")
    (model / "model.pkl").write_bytes(b"\x80\x05\x95 (cloudpickled LogisticRegression stands here)")
    (model / "conda.yaml").write_text("channels:\n- conda-forge\ndependencies:\n- python=3.11.9\n- pip\n- pip:\n  - mlflow==2.22.0\n  - scikit-learn==1.5.2\nname: mlflow-env\n")
    (model / "python_env.yaml").write_text("python: 3.11.9\nbuild_dependencies:\n- pip==24.0\ndependencies:\n- -r requirements.txt\n")
    (model / "requirements.txt").write_text("mlflow==2.22.0\nscikit-learn==1.5.2\n")
db.commit()
db.close()
PY
