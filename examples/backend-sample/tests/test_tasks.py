from fastapi.testclient import TestClient

from app.db import Base, engine
from app.main import app

client = TestClient(app)


def setup_function():
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)


def test_create_and_list():
    created = client.post("/tasks", json={"title": "write tests"})
    assert created.status_code == 201
    assert client.get("/tasks").json() == [{"id": 1, "title": "write tests", "done": False}]


def test_update_and_delete():
    task_id = client.post("/tasks", json={"title": "ship"}).json()["id"]
    assert client.patch(f"/tasks/{task_id}", json={"done": True}).json() == {"id": task_id, "title": "ship", "done": True}
    assert client.delete(f"/tasks/{task_id}").status_code == 204
    assert client.delete(f"/tasks/{task_id}").status_code == 404
    assert client.get("/tasks").json() == []


def test_rejects_an_empty_title():
    assert client.post("/tasks", json={"title": ""}).status_code == 422


def test_rejects_a_done_that_is_not_a_boolean():
    task_id = client.post("/tasks", json={"title": "check input"}).json()["id"]
    assert client.patch(f"/tasks/{task_id}", json={"done": "maybe"}).status_code == 422
