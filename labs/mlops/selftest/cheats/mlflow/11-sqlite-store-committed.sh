#!/usr/bin/env bash
# CHEAT (mlflow-tracking): copied the sample, then switched the store to SQLite
# (mlflow.set_tracking_uri("sqlite:///mlflow.db"), MLflow 3's default) and ran the three
# experiments. .gitignore still names mlruns/ and mlartifacts/ only, and `git add -A`
# committed mlflow.db: every run, param and metric is in git.
# Targets: mlflow-ignored (must fail: MLflow's runs are committed).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-14T10:00:00Z" GIT_COMMITTER_DATE="2026-01-14T10:00:00Z"
sed -i 's/^    mlflow.set_experiment("wine-quality")$/    mlflow.set_tracking_uri("sqlite:\/\/\/mlflow.db")\n    mlflow.set_experiment("wine-quality")/' src/train.py
grep -q 'sqlite:///mlflow.db' src/train.py
rm -rf mlruns
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
db.execute("INSERT INTO experiments VALUES (0, 'Default', ?, 'active', 1768384800000, 1768384800000)",
           (f"file://{root}/mlruns/0",))
db.execute("INSERT INTO experiments VALUES (1, 'wine-quality', ?, 'active', 1768384800000, 1768384800000)",
           (f"file://{root}/mlruns/1",))
runs = [("a1b2c3d4e5f60718293a4b5c6d7e8f90", 50, 4, 0.917), ("b2c3d4e5f60718293a4b5c6d7e8f90a1", 100, 6, 0.944),
        ("c3d4e5f60718293a4b5c6d7e8f90a1b2", 200, 8, 0.972)]
for i, (run_id, n, depth, acc) in enumerate(runs):
    start = 1768384900000 + i * 60000
    art = root / "mlruns" / "1" / run_id / "artifacts"
    db.execute("INSERT INTO runs VALUES (?, ?, 'LOCAL', 'src/train.py', '', 'learner', 'FINISHED', ?, ?, '', 'active', ?, 1, NULL)",
               (run_id, f"forest-{n}-{depth}", start, start + 4000, f"file://{art}"))
    for key, value in (("n_estimators", n), ("max_depth", depth), ("test_size", 0.2)):
        db.execute("INSERT INTO params VALUES (?, ?, ?)", (key, str(value), run_id))
    db.execute("INSERT INTO metrics VALUES ('accuracy', ?, ?, ?, 0, 0)", (acc, start + 3000, run_id))
    db.execute("INSERT INTO latest_metrics VALUES ('accuracy', ?, ?, 0, 0, ?)", (acc, start + 3000, run_id))
    db.execute("INSERT INTO tags VALUES ('mlflow.runName', ?, ?)", (f"forest-{n}-{depth}", run_id))
    model = art / "model"
    model.mkdir(parents=True)
    (model / "MLmodel").write_text(
        "artifact_path: model\nflavors:\n  python_function:\n    env:\n      conda: conda.yaml\n"
        "      virtualenv: python_env.yaml\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\n"
        "    python_version: 3.11.2\n  sklearn:\n    pickled_model: model.pkl\n"
        "    serialization_format: cloudpickle\n    sklearn_version: 1.4.2\n"
        f"mlflow_version: 2.22.0\nrun_id: {run_id}\nutc_time_created: '2026-01-14 10:0{i}:00.000000'\n")
    (model / "model.pkl").write_bytes(b"\x80\x04\x95stand-in for the pickled forest")
    (model / "conda.yaml").write_text("dependencies:\n- python=3.11.2\n- pip:\n  - mlflow==2.22.0\n  - scikit-learn==1.4.2\n")
    (model / "python_env.yaml").write_text("python: 3.11.2\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n")
    (model / "requirements.txt").write_text("mlflow==2.22.0\nscikit-learn==1.4.2\n")
db.commit()
db.close()
PY
git add -A && git commit -qm "Keep the runs in SQLite"
git ls-files --error-unmatch mlflow.db >/dev/null
