"""Weekly retraining: pull the data DVC tracks, train, evaluate, register."""
from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(
    dag_id="wine_quality_retrain",
    start_date=datetime(2024, 1, 1),
    schedule="@weekly",
    catchup=False,
    tags=["ml"],
) as dag:
    pull_data = BashOperator(task_id="pull_data", bash_command="dvc pull data/wine.csv.dvc")
    prepare = BashOperator(task_id="prepare", bash_command="dvc repro prepare")
    train = BashOperator(task_id="train", bash_command="dvc repro train")
    evaluate = BashOperator(task_id="evaluate", bash_command="python src/train.py --evaluate-only")

    pull_data >> prepare >> train >> evaluate
