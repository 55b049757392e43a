"""The model behind an HTTP API: POST /predict, with input validation."""
import sys
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel, Field

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from model import ThresholdModel  # noqa: E402

app = FastAPI(title="wine-quality")
model = ThresholdModel(threshold=12.0)


class Wine(BaseModel):
    alcohol: float = Field(gt=0, lt=30, description="percent by volume")
    acidity: float = Field(ge=0, description="g/l")


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(wine: Wine):
    return {"prediction": model.predict([wine.alcohol])[0], "threshold": model.threshold}
