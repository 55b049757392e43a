from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_api_predicts():
    response = client.post("/predict", json={"alcohol": 13.5, "acidity": 0.4})
    assert response.status_code == 200
    assert response.json()["prediction"] == 1


def test_api_rejects_invalid_input():
    response = client.post("/predict", json={"alcohol": "strong"})
    assert response.status_code == 422
