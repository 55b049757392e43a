#!/usr/bin/env bash
# VARIANT (fastapi-ml): the ML-style request body: POST /predict takes
# {"features": [4 floats]} (pydantic conlist of exactly 4 numbers, each checked in 0..10)
# rather than named fields, and answers {"label": ..., "label_id": ...}. The app lives in
# service/app.py, the model (a 1-nearest-neighbour on an iris sample) is pickled to
# artifacts/knn.pkl by service/train.py. The tests are in tests/test_endpoints.py
# (test_predict_*, test_rejects_*): they use TestClient, but no name says "api".
# Targets: every automatic item (a fair checker must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-02-04T10:00:00Z" GIT_COMMITTER_DATE="2026-02-04T10:00:00Z"
git init -q -b main .
printf '.venv/\n__pycache__/\n' > .gitignore
printf 'fastapi==0.92.0\nuvicorn==0.17.6\npydantic==1.10.4\npytest==7.2.1\nhttpx==0.23.3\n' > requirements.txt
cat > README.md <<'MD'
# knn-service

    python -m service.train                # writes artifacts/knn.pkl
    uvicorn service.app:app --port 8000    # Swagger UI at /docs
    curl -X POST localhost:8000/predict -H 'Content-Type: application/json' -d '{"features": [5.1, 3.5, 1.4, 0.2]}'
MD
mkdir -p service artifacts tests
: > service/__init__.py
cat > service/knn.py <<'PY'
import math


class OneNearestNeighbour:
    def __init__(self, rows, labels):
        self.rows, self.labels = rows, labels

    def predict(self, row):
        best = min(range(len(self.rows)), key=lambda i: math.dist(self.rows[i], row))
        return self.labels[best]
PY
cat > service/train.py <<'PY'
"""Fit the 1-NN model on a small iris sample and pickle it to artifacts/knn.pkl."""
import pickle
from pathlib import Path

from service.knn import OneNearestNeighbour

SAMPLE = [
    ([5.1, 3.5, 1.4, 0.2], 0), ([4.9, 3.0, 1.4, 0.2], 0), ([5.4, 3.9, 1.7, 0.4], 0),
    ([7.0, 3.2, 4.7, 1.4], 1), ([6.4, 3.2, 4.5, 1.5], 1), ([5.5, 2.3, 4.0, 1.3], 1),
    ([6.3, 3.3, 6.0, 2.5], 2), ([7.1, 3.0, 5.9, 2.1], 2), ([7.6, 3.0, 6.6, 2.1], 2),
]

if __name__ == "__main__":
    model = OneNearestNeighbour([row for row, _ in SAMPLE], [label for _, label in SAMPLE])
    Path("artifacts").mkdir(exist_ok=True)
    with open("artifacts/knn.pkl", "wb") as handle:
        pickle.dump(model, handle)
PY
cat > service/app.py <<'PY'
import pickle
from pathlib import Path
from typing import List

from fastapi import FastAPI
from pydantic import BaseModel, confloat, conlist

LABELS = ["setosa", "versicolor", "virginica"]
with open(Path(__file__).resolve().parent.parent / "artifacts" / "knn.pkl", "rb") as handle:
    model = pickle.load(handle)

app = FastAPI(title="knn-service")


class PredictRequest(BaseModel):
    features: conlist(confloat(ge=0, le=10), min_items=4, max_items=4)


class PredictResponse(BaseModel):
    label: str
    label_id: int


@app.post("/predict", response_model=PredictResponse)
def predict(request: PredictRequest) -> PredictResponse:
    label_id = model.predict(request.features)
    return PredictResponse(label=LABELS[label_id], label_id=label_id)


@app.get("/labels")
def labels() -> List[str]:
    return LABELS
PY
cat > tests/test_endpoints.py <<'PY'
from fastapi.testclient import TestClient

from service.app import app

client = TestClient(app)


def test_predict_setosa():
    response = client.post("/predict", json={"features": [5.0, 3.4, 1.5, 0.2]})
    assert response.status_code == 200
    assert response.json() == {"label": "setosa", "label_id": 0}


def test_predict_virginica():
    assert client.post("/predict", json={"features": [7.3, 2.9, 6.3, 1.8]}).json()["label"] == "virginica"


def test_rejects_three_features():
    assert client.post("/predict", json={"features": [5.0, 3.4, 1.5]}).status_code == 422
PY
: > tests/__init__.py
python3 -m service.train
find . -name __pycache__ -prune -exec rm -rf {} +
git add -A && git commit -qm "k-NN iris service with FastAPI"
