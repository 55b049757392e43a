#!/usr/bin/env bash
# CHEAT (mlflow-tracking): copied the sample; MLflow is imported and every tracking call is
# written out, but it all sits under `if False:` ("switch on later"), and predict.py
# returns a pickle before its mlflow.pyfunc.load_model line. No MLflow call ever runs.
# Targets: mlflow-in-code, metrics-logged, model-loaded (must fail: the calls are dead code).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-14T10:00:00Z" GIT_COMMITTER_DATE="2026-01-14T10:00:00Z"
cat > src/train.py <<'PY'
"""Train a wine-quality classifier."""
import pickle

import mlflow
import mlflow.sklearn
from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split


def main() -> None:
    features, labels = load_wine(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(features, labels, test_size=0.2, random_state=42)
    model = RandomForestClassifier(n_estimators=100, max_depth=6).fit(x_train, y_train)
    accuracy = accuracy_score(y_test, model.predict(x_test))
    if False:  # switch tracking on later
        mlflow.set_experiment("wine-quality")
        with mlflow.start_run():
            mlflow.log_params({"n_estimators": 100, "max_depth": 6})
            mlflow.log_metric("accuracy", accuracy)
            mlflow.sklearn.log_model(model, "model")
    with open("model.pkl", "wb") as handle:
        pickle.dump(model, handle)


if __name__ == "__main__":
    main()
PY
cat > src/predict.py <<'PY'
"""Predict one wine."""
import pickle

import mlflow.pyfunc


def load(run_id=None):
    with open("model.pkl", "rb") as handle:
        return pickle.load(handle)
    return mlflow.pyfunc.load_model(f"runs:/{run_id}/model")


print(load().predict([[13.2, 1.78, 2.14, 11.2, 100, 2.65, 2.76, 0.26, 1.28, 4.38, 1.05, 3.4, 1050]]))
PY
git add -A && git commit -qm "Track experiments with MLflow"
