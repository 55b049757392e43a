#!/usr/bin/env bash
# CHEAT (mlflow-tracking): copied the sample, then dropped MLflow from the code: train.py
# trains and pickles the model with no tracking at all, and the MLflow calls survive only
# in its docstring ("how I will track it") and in a comment of predict.py, which loads a
# plain pickle. The mlruns/ copied along with the sample is left in the work tree.
# Targets: mlflow-in-code, metrics-logged, model-loaded (must fail: no MLflow call runs).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-14T10:00:00Z" GIT_COMMITTER_DATE="2026-01-14T10:00:00Z"
cat > src/train.py <<'PY'
"""Train a wine-quality classifier.

Tracking plan (MLflow would not install on my laptop, so not wired in yet):

    mlflow.set_experiment("wine-quality")
    with mlflow.start_run():
        mlflow.log_params({"n_estimators": 100, "max_depth": 6})
        mlflow.log_metric("accuracy", accuracy)
        mlflow.sklearn.log_model(model, "model")
"""
import pickle

from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split


def main() -> None:
    features, labels = load_wine(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(features, labels, test_size=0.2, random_state=42)
    model = RandomForestClassifier(n_estimators=100, max_depth=6).fit(x_train, y_train)
    print("accuracy", accuracy_score(y_test, model.predict(x_test)))
    with open("model.pkl", "wb") as handle:
        pickle.dump(model, handle)


if __name__ == "__main__":
    main()
PY
cat > src/predict.py <<'PY'
"""Predict one wine with the pickled model."""
import pickle

# TODO: model = mlflow.pyfunc.load_model(f"runs:/{run_id}/model")
with open("model.pkl", "rb") as handle:
    model = pickle.load(handle)
print(model.predict([[13.2, 1.78, 2.14, 11.2, 100, 2.65, 2.76, 0.26, 1.28, 4.38, 1.05, 3.4, 1050]]))
PY
git add -A && git commit -qm "Track experiments with MLflow"
