from fastapi.testclient import TestClient

from app.main import app
from ab import choose_variant

client = TestClient(app)


def test_a_user_always_gets_the_same_variant():
    assert {choose_variant("user-42") for _ in range(10)} == {choose_variant("user-42")}


def test_traffic_is_split_about_80_20():
    share_b = sum(choose_variant(f"user-{i}") == "b" for i in range(5000)) / 5000
    assert 0.15 < share_b < 0.25


def test_the_api_says_which_variant_answered():
    response = client.post("/predict?user_id=user-7", json={"alcohol": 13.0, "acidity": 0.3})
    assert response.json()["model_variant"] in {"a", "b"}


def test_admin_needs_an_api_key():
    assert client.post("/admin/reload").status_code == 401
