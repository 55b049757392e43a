#!/usr/bin/env bash
# VARIANT (fastapi-ml): a src/ package with pyproject.toml, an app factory and a router:
# src/iris_service/main.py makes `app = create_app()`, which includes the APIRouter of
# src/iris_service/routers/prediction.py (POST /predict, a pydantic IrisFeatures with
# bounds). The model is a nearest-centroid classifier trained on an inline iris sample by
# scripts/train.py and saved with pickle to models/iris-centroids.pkl (committed, 1 KB);
# the API loads it at start. Tests: tests/test_api.py with TestClient, pytest's
# pythonpath = ["src"] in pyproject.toml.
# Targets: every automatic item (a fair checker must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-02-04T10:00:00Z" GIT_COMMITTER_DATE="2026-02-04T10:00:00Z"
git init -q -b main .
printf '.venv/\n__pycache__/\n*.egg-info/\n.pytest_cache/\n' > .gitignore
cat > pyproject.toml <<'TOML'
[project]
name = "iris-service"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["fastapi==0.92.0", "uvicorn==0.17.6", "pydantic==1.10.4"]

[project.optional-dependencies]
dev = ["pytest==7.2.1", "httpx==0.23.3"]

[tool.pytest.ini_options]
pythonpath = ["src"]
testpaths = ["tests"]
TOML
cat > README.md <<'MD'
# iris-service

A REST API for an iris classifier.

    pip install -e '.[dev]'
    python scripts/train.py                    # writes models/iris-centroids.pkl
    uvicorn iris_service.main:app --app-dir src --reload
    # Swagger UI: http://127.0.0.1:8000/docs
    pytest
MD
mkdir -p src/iris_service/routers scripts models tests data
: > src/iris_service/__init__.py
: > src/iris_service/routers/__init__.py
cat > data/iris_sample.csv <<'CSV'
sepal_length,sepal_width,petal_length,petal_width,species
5.1,3.5,1.4,0.2,setosa
4.9,3.0,1.4,0.2,setosa
4.7,3.2,1.3,0.2,setosa
5.0,3.6,1.4,0.2,setosa
5.4,3.9,1.7,0.4,setosa
7.0,3.2,4.7,1.4,versicolor
6.4,3.2,4.5,1.5,versicolor
6.9,3.1,4.9,1.5,versicolor
5.5,2.3,4.0,1.3,versicolor
6.5,2.8,4.6,1.5,versicolor
6.3,3.3,6.0,2.5,virginica
5.8,2.7,5.1,1.9,virginica
7.1,3.0,5.9,2.1,virginica
6.3,2.9,5.6,1.8,virginica
7.6,3.0,6.6,2.1,virginica
CSV
cat > src/iris_service/model.py <<'PY'
"""A nearest-centroid classifier: small enough to read, real enough to serve."""
import math
import pickle
from pathlib import Path

FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")


class NearestCentroid:
    def __init__(self):
        self.centroids = {}

    def fit(self, rows, labels):
        by_label = {}
        for row, label in zip(rows, labels):
            by_label.setdefault(label, []).append(row)
        self.centroids = {label: [sum(col) / len(col) for col in zip(*members)] for label, members in by_label.items()}
        return self

    def predict_one(self, row):
        return min(self.centroids, key=lambda label: math.dist(row, self.centroids[label]))


def save(model, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(model, handle)


def load(path: Path) -> NearestCentroid:
    with path.open("rb") as handle:
        return pickle.load(handle)
PY
cat > scripts/train.py <<'PY'
"""Train the classifier on data/iris_sample.csv and save it to models/iris-centroids.pkl."""
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from iris_service.model import FEATURES, NearestCentroid, save  # noqa: E402

with (ROOT / "data" / "iris_sample.csv").open() as handle:
    records = list(csv.DictReader(handle))
rows = [[float(r[name]) for name in FEATURES] for r in records]
model = NearestCentroid().fit(rows, [r["species"] for r in records])
save(model, ROOT / "models" / "iris-centroids.pkl")
print("saved", sorted(model.centroids))
PY
cat > src/iris_service/routers/prediction.py <<'PY'
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from iris_service.model import FEATURES

router = APIRouter(tags=["model"])


class IrisFeatures(BaseModel):
    sepal_length: float = Field(..., gt=0, lt=10, description="cm")
    sepal_width: float = Field(..., gt=0, lt=10, description="cm")
    petal_length: float = Field(..., gt=0, lt=10, description="cm")
    petal_width: float = Field(..., gt=0, lt=10, description="cm")


class Prediction(BaseModel):
    species: str


@router.post("/predict", response_model=Prediction)
def predict(features: IrisFeatures, request: Request) -> Prediction:
    model = request.app.state.model
    return Prediction(species=model.predict_one([getattr(features, name) for name in FEATURES]))
PY
cat > src/iris_service/main.py <<'PY'
"""The iris API: uvicorn iris_service.main:app --app-dir src"""
import os
from pathlib import Path

from fastapi import FastAPI

from iris_service.model import load
from iris_service.routers import prediction

MODEL_PATH = Path(os.environ.get("MODEL_PATH", Path(__file__).resolve().parents[2] / "models" / "iris-centroids.pkl"))


def create_app() -> FastAPI:
    application = FastAPI(title="iris-service", version="0.1.0")
    application.state.model = load(MODEL_PATH)
    application.include_router(prediction.router)

    @application.get("/health")
    def health():
        return {"status": "ok"}

    return application


app = create_app()
PY
cat > tests/test_api.py <<'PY'
from fastapi.testclient import TestClient

from iris_service.main import app

client = TestClient(app)


def test_predict_setosa():
    body = {"sepal_length": 5.0, "sepal_width": 3.4, "petal_length": 1.5, "petal_width": 0.2}
    response = client.post("/predict", json=body)
    assert response.status_code == 200
    assert response.json() == {"species": "setosa"}


def test_predict_virginica():
    body = {"sepal_length": 7.2, "sepal_width": 3.0, "petal_length": 6.1, "petal_width": 2.3}
    assert client.post("/predict", json=body).json()["species"] == "virginica"


def test_negative_length_is_rejected():
    body = {"sepal_length": -1, "sepal_width": 3.4, "petal_length": 1.5, "petal_width": 0.2}
    assert client.post("/predict", json=body).status_code == 422
PY
python3 scripts/train.py >/dev/null
find . -name __pycache__ -prune -exec rm -rf {} +
git add -A && git commit -qm "Serve the iris classifier with FastAPI"
