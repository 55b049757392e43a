"""A TODO API: create, list, update and delete tasks."""
import logging

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from app.settings import settings

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("todo")

app = FastAPI(title="todo-api")
tasks: dict[int, dict] = {}


class TaskIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    done: bool = False


@app.get("/health")
def health() -> dict:
    return {"status": "ok", "database": settings.database_url.split(":", 1)[0]}


@app.get("/tasks")
def list_tasks() -> list[dict]:
    return list(tasks.values())


@app.post("/tasks", status_code=201)
def create_task(task: TaskIn) -> dict:
    task_id = max(tasks, default=0) + 1
    tasks[task_id] = {"id": task_id, **task.dict()}
    log.info("created task %s", task_id)
    return tasks[task_id]


@app.patch("/tasks/{task_id}")
def update_task(task_id: int, task: TaskIn) -> dict:
    if task_id not in tasks:
        raise HTTPException(status_code=404, detail="no such task")
    tasks[task_id].update(task.dict())
    return tasks[task_id]


@app.delete("/tasks/{task_id}", status_code=204)
def delete_task(task_id: int) -> None:
    if tasks.pop(task_id, None) is None:
        raise HTTPException(status_code=404, detail="no such task")
