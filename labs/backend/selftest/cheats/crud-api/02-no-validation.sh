#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, then dropped the Pydantic model: POST and
# PATCH take any JSON mapping (body: dict) and store whatever arrives, so an empty
# title or done="maybe" is saved with 201.
# Targets: validation (must fail: garbage is accepted).
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

from fastapi import Body, FastAPI, HTTPException

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("todo")

app = FastAPI(title="todo-api")
tasks: dict[int, dict] = {}


@app.get("/tasks")
def list_tasks() -> list[dict]:
    return list(tasks.values())


@app.post("/tasks", status_code=201)
def create_task(task: dict = Body(...)) -> dict:
    task_id = max(tasks, default=0) + 1
    tasks[task_id] = {"id": task_id, "done": False, **task}
    log.info("created task %s", task_id)
    return tasks[task_id]


@app.patch("/tasks/{task_id}")
def update_task(task_id: int, task: dict = Body(...)) -> dict:
    if task_id not in tasks:
        raise HTTPException(status_code=404, detail="no such task")
    tasks[task_id].update(task)
    return tasks[task_id]


@app.delete("/tasks/{task_id}", status_code=204)
def delete_task(task_id: int) -> None:
    if tasks.pop(task_id, None) is None:
        raise HTTPException(status_code=404, detail="no such task")
PY
git add -A && git commit -qm "Accept any task body"
