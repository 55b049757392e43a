#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, kept the tasks in a Python dict that dies
# with the process, and never connected any database: SQLite appears only in a
# TODO comment ("move to sqlite:///./todo.db"); the sample's db.py and its
# engine are still there, unused.
# Targets: sqlite (must fail: no data lives in SQLite).
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
# TODO: move the tasks to sqlite:///./todo.db (sqlite3.connect), a dict is enough for now
tasks: dict[int, dict] = {}


class TaskIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    done: bool = False


@app.get("/tasks")
def list_tasks() -> list:
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
PY
git add -A && git commit -qm "Keep tasks in memory for now"
