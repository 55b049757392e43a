#!/usr/bin/env bash
# VARIANT (fastapi-ml): a batch endpoint in the TF-Serving/MLflow-serving style: POST
# /predict takes {"instances": [{...wine...}, ...]} (1 to 100 records, each a pydantic
# model with bounds) and answers {"predictions": [...]} in the same order. The app is
# api/server.py, the model a pickled threshold rule in model_store/ (train_model.py),
# loaded at start. Tests in tests/test_api.py with TestClient.
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
# wine-batch-api

    python train_model.py                 # writes model_store/wine_rule.pkl
    uvicorn api.server:app --reload       # Swagger UI at http://127.0.0.1:8000/docs
MD
mkdir -p api model_store tests
: > api/__init__.py
cat > api/rule.py <<'PY'
class AlcoholRule:
    """Predicts quality 'good' (1) above a learned alcohol level, scaled by acidity."""

    def __init__(self, threshold: float, acidity_weight: float):
        self.threshold, self.acidity_weight = threshold, acidity_weight

    def predict(self, alcohol: float, acidity: float) -> int:
        return int(alcohol - self.acidity_weight * acidity > self.threshold)
PY
cat > train_model.py <<'PY'
"""Learn the threshold from labelled wines and pickle the rule."""
import pickle

from api.rule import AlcoholRule

WINES = [(11.0, 0.7, 0), (11.5, 0.6, 0), (12.0, 0.9, 0), (12.8, 0.3, 1), (13.4, 0.4, 1), (14.1, 0.5, 1)]
good = [a - 0.5 * acid for a, acid, label in WINES if label]
bad = [a - 0.5 * acid for a, acid, label in WINES if not label]
rule = AlcoholRule(threshold=(min(good) + max(bad)) / 2, acidity_weight=0.5)
with open("model_store/wine_rule.pkl", "wb") as handle:
    pickle.dump(rule, handle)
PY
cat > api/server.py <<'PY'
import pickle
from pathlib import Path
from typing import List

from fastapi import FastAPI
from pydantic import BaseModel, Field

MODEL_FILE = Path(__file__).resolve().parent.parent / "model_store" / "wine_rule.pkl"
with MODEL_FILE.open("rb") as handle:
    rule = pickle.load(handle)

app = FastAPI(title="wine-batch-api")


class Wine(BaseModel):
    alcohol: float = Field(..., ge=5, le=20)
    acidity: float = Field(..., ge=0, le=2)


class Batch(BaseModel):
    instances: List[Wine] = Field(..., min_items=1, max_items=100)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(batch: Batch):
    return {"predictions": [rule.predict(w.alcohol, w.acidity) for w in batch.instances]}
PY
cat > tests/test_api.py <<'PY'
from fastapi.testclient import TestClient

from api.server import app

client = TestClient(app)


def test_api_batch_keeps_order():
    body = {"instances": [{"alcohol": 14.0, "acidity": 0.3}, {"alcohol": 10.5, "acidity": 0.8}]}
    assert client.post("/predict", json=body).json() == {"predictions": [1, 0]}


def test_api_rejects_empty_batch():
    assert client.post("/predict", json={"instances": []}).status_code == 422
PY
printf '[pytest]\npythonpath = .\n' > pytest.ini
python3 train_model.py
find . -name __pycache__ -prune -exec rm -rf {} +
git add -A && git commit -qm "Batch prediction API for wines"
