"""The model behind an HTTP API: POST /predict with input validation,
Prometheus metrics at /metrics, an A/B split between two model versions,
and an admin endpoint that needs an API key."""
import logging
import os
import secrets
import sys
import time
from pathlib import Path

from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from ab import choose_variant  # noqa: E402
from model import ThresholdModel  # noqa: E402

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("api")

app = FastAPI(title="wine-quality")
models = {"a": ThresholdModel(threshold=12.0), "b": ThresholdModel(threshold=11.5)}
model = models["a"]
requests_total: dict[tuple[str, str, int], int] = {}
latency_seconds_sum = 0.0
latency_seconds_count = 0


class Wine(BaseModel):
    alcohol: float = Field(gt=0, lt=30, description="percent by volume")
    acidity: float = Field(ge=0, description="g/l")


@app.middleware("http")
async def count_requests(request: Request, call_next):
    global latency_seconds_sum, latency_seconds_count
    started = time.perf_counter()
    response = await call_next(request)
    key = (request.method, request.url.path, response.status_code)
    requests_total[key] = requests_total.get(key, 0) + 1
    latency_seconds_sum += time.perf_counter() - started
    latency_seconds_count += 1
    return response


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(wine: Wine, user_id: str = "anonymous"):
    variant = choose_variant(user_id)
    prediction = models[variant].predict([wine.alcohol])[0]
    logger.info("prediction %s by model %s", prediction, variant)
    return {"prediction": prediction, "threshold": models[variant].threshold, "model_variant": variant}


@app.get("/metrics", response_class=PlainTextResponse)
def metrics():
    lines = ["# HELP http_requests_total Requests served.", "# TYPE http_requests_total counter"]
    for (method, path, status), count in sorted(requests_total.items()):
        lines.append(f'http_requests_total{{method="{method}",path="{path}",status="{status}"}} {count}')
    lines += ["# HELP request_latency_seconds Time to answer.", "# TYPE request_latency_seconds summary",
              f"request_latency_seconds_sum {latency_seconds_sum}", f"request_latency_seconds_count {latency_seconds_count}"]
    return "\n".join(lines) + "\n"


@app.post("/admin/reload")
def refresh(x_api_key: str = Header(default="")):
    expected = os.environ.get("API_KEY", "")
    if not expected or not secrets.compare_digest(x_api_key, expected):
        raise HTTPException(status_code=401, detail="a valid X-API-Key is required")
    logger.info("model reloaded")
    return {"reloaded": True}
