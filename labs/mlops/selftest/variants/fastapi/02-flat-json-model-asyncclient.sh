#!/usr/bin/env bash
# VARIANT (fastapi-ml): a flat project, the app in main.py at the root (`uvicorn main:app`).
# The model is a small logistic regression (penguin species from bill and flipper length)
# whose learned weights train.py saves as JSON (json.dump to model/weights.json) and main.py
# loads at start (json.load): serialization without pickle, as many teams do for linear
# models. The tests use httpx.AsyncClient over the ASGI app (async endpoint, pytest's anyio
# plugin) instead of fastapi.testclient.TestClient.
# Targets: every automatic item (a fair checker must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-02-04T10:00:00Z" GIT_COMMITTER_DATE="2026-02-04T10:00:00Z"
git init -q -b main .
printf 'venv/\n__pycache__/\n' > .gitignore
printf 'fastapi==0.92.0\nuvicorn==0.17.6\npydantic==1.10.4\nhttpx==0.23.3\nanyio==3.6.2\npytest==7.2.1\n' > requirements.txt
cat > README.md <<'MD'
# penguins-api

    python train.py            # fits the model, writes model/weights.json
    uvicorn main:app --reload  # docs at http://127.0.0.1:8000/docs
    pytest -q
MD
cat > penguins.csv <<'CSV'
bill_length_mm,flipper_length_mm,species
39.1,181,Adelie
39.5,186,Adelie
40.3,195,Adelie
36.7,193,Adelie
38.9,181,Adelie
46.1,211,Gentoo
50.0,230,Gentoo
48.7,210,Gentoo
50.0,218,Gentoo
47.6,215,Gentoo
CSV
cat > train.py <<'PY'
"""Fit a one-feature-per-column logistic regression with gradient descent; save its weights."""
import csv
import json
import math
from pathlib import Path

rows = list(csv.DictReader(open("penguins.csv")))
X = [[float(r["bill_length_mm"]), float(r["flipper_length_mm"])] for r in rows]
y = [1.0 if r["species"] == "Gentoo" else 0.0 for r in rows]
means = [sum(c) / len(c) for c in zip(*X)]
scales = [max(c) - min(c) for c in zip(*X)]
Z = [[(v - m) / s for v, m, s in zip(x, means, scales)] for x in X]
w, b = [0.0, 0.0], 0.0
for _ in range(2000):
    grad_w, grad_b = [0.0, 0.0], 0.0
    for z, target in zip(Z, y):
        p = 1 / (1 + math.exp(-(sum(wi * zi for wi, zi in zip(w, z)) + b)))
        grad_w = [g + (p - target) * zi for g, zi in zip(grad_w, z)]
        grad_b += p - target
    w = [wi - 0.5 * g / len(Z) for wi, g in zip(w, grad_w)]
    b -= 0.5 * grad_b / len(Z)
Path("model").mkdir(exist_ok=True)
with open("model/weights.json", "w") as handle:
    json.dump({"features": ["bill_length_mm", "flipper_length_mm"], "means": means, "scales": scales,
               "weights": w, "bias": b, "classes": ["Adelie", "Gentoo"]}, handle, indent=2)
PY
cat > main.py <<'PY'
"""Penguin species API. Run: uvicorn main:app"""
import json
import math
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel, Field

with open(Path(__file__).with_name("model") / "weights.json") as handle:
    MODEL = json.load(handle)

app = FastAPI(title="penguins-api")


class Penguin(BaseModel):
    bill_length_mm: float = Field(..., gt=20, lt=70)
    flipper_length_mm: float = Field(..., gt=150, lt=250)


@app.post("/predict")
async def predict(penguin: Penguin):
    values = [penguin.bill_length_mm, penguin.flipper_length_mm]
    z = [(v - m) / s for v, m, s in zip(values, MODEL["means"], MODEL["scales"])]
    logit = sum(w * zi for w, zi in zip(MODEL["weights"], z)) + MODEL["bias"]
    probability = 1 / (1 + math.exp(-logit))
    return {"species": MODEL["classes"][int(probability >= 0.5)], "probability_gentoo": round(probability, 4)}
PY
mkdir -p tests
cat > tests/test_api.py <<'PY'
import httpx
import pytest

from main import app


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def client():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        yield c


@pytest.mark.anyio
async def test_api_predicts_gentoo(client):
    response = await client.post("/predict", json={"bill_length_mm": 49.0, "flipper_length_mm": 222})
    assert response.status_code == 200
    assert response.json()["species"] == "Gentoo"


@pytest.mark.anyio
async def test_api_predicts_adelie(client):
    response = await client.post("/predict", json={"bill_length_mm": 38.0, "flipper_length_mm": 185})
    assert response.json()["species"] == "Adelie"


@pytest.mark.anyio
async def test_api_rejects_text(client):
    response = await client.post("/predict", json={"bill_length_mm": "long", "flipper_length_mm": 200})
    assert response.status_code == 422
PY
printf '[pytest]\npythonpath = .\n' > pytest.ini
python3 train.py
git add -A && git commit -qm "Penguin species API with FastAPI"
