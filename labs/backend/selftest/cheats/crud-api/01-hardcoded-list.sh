#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, then replaced the store with canned
# answers: GET /tasks returns a hard-coded sample list (with the title the lab
# posts), POST echoes the body with id 1 and stores nothing, PATCH echoes the
# body, and DELETE only remembers which ids it was asked for (204, then 404).
# Nothing written is ever read back.
# Targets: crud (must fail: writes are ignored, the list never changes).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
cat > app/main.py <<'PY'
"""A TODO API: create, list, update and delete tasks."""
import logging

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("todo")

app = FastAPI(title="todo-api")

SAMPLE_TASKS = [
    {"id": 1, "title": "write the API", "done": False},
    {"id": 2, "title": "buy milk", "done": True},
]
deleted: set[int] = set()


class TaskIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    done: bool = False


@app.get("/tasks")
def list_tasks() -> list[dict]:
    return SAMPLE_TASKS


@app.post("/tasks", status_code=201)
def create_task(task: TaskIn) -> dict:
    log.info("created task")
    return {"id": 1, **task.dict()}


@app.patch("/tasks/{task_id}")
def update_task(task_id: int, task: TaskIn) -> dict:
    return {"id": task_id, **task.dict()}


@app.delete("/tasks/{task_id}", status_code=204)
def delete_task(task_id: int) -> None:
    if task_id in deleted:
        raise HTTPException(status_code=404, detail="no such task")
    deleted.add(task_id)
PY
git add -A && git commit -qm "Simplify the tasks endpoints"
