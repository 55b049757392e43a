from fastapi.testclient import TestClient

from app.main import app, tasks

client = TestClient(app)


def setup_function():
    tasks.clear()


def test_create_and_list():
    created = client.post("/tasks", json={"title": "write tests"})
    assert created.status_code == 201
    assert client.get("/tasks").json() == [{"id": 1, "title": "write tests", "done": False}]


def test_update_and_delete():
    client.post("/tasks", json={"title": "ship"})
    assert client.patch("/tasks/1", json={"title": "ship", "done": True}).json()["done"] is True
    assert client.delete("/tasks/1").status_code == 204
    assert client.delete("/tasks/1").status_code == 404


def test_rejects_an_empty_title():
    assert client.post("/tasks", json={"title": ""}).status_code == 422
