#!/usr/bin/env bash
# VARIANT (crud-api): the roadmap's "TODO CRUD API" named after its resource:
# FastAPI at /todos (not /tasks) with UUID ids, kept in SQLite with the sqlite3
# module, Pydantic models, logging, and a Dockerfile with EXPOSE 8000. Every
# operation works (POST 201, GET list, PATCH, DELETE 204 then 404).
# Targets: crud, validation, sqlite, logging, dockerfile (a fair checker passes all).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-10-05T10:00:00Z" GIT_COMMITTER_DATE="2026-10-05T10:00:00Z"
git init -q -b main .
printf 'track: backend\n' > .labs.yaml
printf '# todos\n\nuvicorn app.main:app --reload, then open /docs\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\n*.db\n.env\n' > .gitignore
printf 'fastapi==0.111.0\nuvicorn==0.29.0\n' > requirements.txt
mkdir -p app && : > app/__init__.py
cat > app/storage.py <<'PY'
import os
import sqlite3
import uuid

DB_PATH = os.getenv("TODO_DB", "todos.db")


def connect() -> sqlite3.Connection:
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE IF NOT EXISTS todos (id TEXT PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL)")
    return conn


def as_dict(row: sqlite3.Row) -> dict:
    return {"id": row["id"], "title": row["title"], "done": bool(row["done"])}


def all_todos() -> list[dict]:
    with connect() as conn:
        return [as_dict(r) for r in conn.execute("SELECT * FROM todos")]


def add(title: str, done: bool) -> dict:
    todo_id = str(uuid.uuid4())
    with connect() as conn:
        conn.execute("INSERT INTO todos VALUES (?, ?, ?)", (todo_id, title, int(done)))
    return {"id": todo_id, "title": title, "done": done}


def get(todo_id: str):
    with connect() as conn:
        row = conn.execute("SELECT * FROM todos WHERE id = ?", (todo_id,)).fetchone()
    return as_dict(row) if row else None


def save(todo: dict) -> None:
    with connect() as conn:
        conn.execute("UPDATE todos SET title = ?, done = ? WHERE id = ?", (todo["title"], int(todo["done"]), todo["id"]))


def remove(todo_id: str) -> bool:
    with connect() as conn:
        return conn.execute("DELETE FROM todos WHERE id = ?", (todo_id,)).rowcount > 0
PY
cat > app/main.py <<'PY'
import logging
from typing import Optional
from uuid import UUID

from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, Field

from app import storage

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("todos")

app = FastAPI(title="Todos")


class TodoIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    done: bool = False


class TodoPatch(BaseModel):
    title: Optional[str] = Field(default=None, min_length=1, max_length=200)
    done: Optional[bool] = None


class Todo(BaseModel):
    id: UUID
    title: str
    done: bool


@app.get("/todos", response_model=list[Todo])
def list_todos():
    return storage.all_todos()


@app.post("/todos", response_model=Todo, status_code=201)
def create_todo(body: TodoIn):
    todo = storage.add(body.title, body.done)
    logger.info("created todo %s", todo["id"])
    return todo


@app.patch("/todos/{todo_id}", response_model=Todo)
def update_todo(todo_id: UUID, body: TodoPatch):
    todo = storage.get(str(todo_id))
    if todo is None:
        raise HTTPException(404, "todo not found")
    todo.update(body.dict(exclude_unset=True))
    storage.save(todo)
    logger.info("updated todo %s", todo_id)
    return todo


@app.delete("/todos/{todo_id}", status_code=204)
def delete_todo(todo_id: UUID):
    if not storage.remove(str(todo_id)):
        raise HTTPException(404, "todo not found")
    logger.info("deleted todo %s", todo_id)
    return Response(status_code=204)
PY
cat > Dockerfile <<'DOCKER'
FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app ./app
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
DOCKER
git add -A && git commit -qm "Todos API with UUID ids on SQLite"
