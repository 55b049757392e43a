#!/usr/bin/env bash
# VARIANT (ml-pipelines): the DAG is written with Airflow's TaskFlow API
# (@dag, @task; the training task is called fit_model) and lives in
# airflow/dags/, as the Airflow Docker quick start lays a project out. It is
# scheduled weekly with a timedelta: must pass.
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
git rm -rq dags
mkdir -p airflow/dags
cat > airflow/dags/wine_retrain.py <<'PY'
"""Retrain the wine-quality model every week."""
import subprocess
from datetime import datetime, timedelta

from airflow.decorators import dag, task


@dag(dag_id="wine_retrain", start_date=datetime(2024, 1, 1), schedule=timedelta(days=7), catchup=False)
def wine_retrain():
    @task
    def extract() -> str:
        return "data/wine.csv"

    @task
    def fit_model(path: str) -> str:
        subprocess.run(["python", "src/train.py", path], check=True)
        return "models/model.pkl"

    @task
    def evaluate(model_path: str) -> None:
        subprocess.run(["python", "src/evaluate.py", model_path], check=True)

    evaluate(fit_model(extract()))


wine_retrain()
PY
git add -A && git commit -qm "Rewrite the retraining DAG with TaskFlow"
