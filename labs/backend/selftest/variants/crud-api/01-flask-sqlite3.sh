#!/usr/bin/env bash
# VARIANT (crud-api): the roadmap allows Flask: a Flask app made by a factory
# (app/__init__.py create_app, served from wsgi.py), tasks kept in SQLite through
# the sqlite3 module (TODO_DB, default todo.db), bodies validated by Pydantic
# models with a hand-made 422, PATCH with optional fields, logging set up in the
# factory, and a gunicorn Dockerfile.
# Targets: crud, validation, sqlite, logging, dockerfile (a fair checker passes all).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-10-05T10:00:00Z" GIT_COMMITTER_DATE="2026-10-05T10:00:00Z"
git init -q -b main .
printf 'track: backend\n' > .labs.yaml
printf '# flask-todo\n\nA TODO API on Flask and SQLite.\n\n    flask --app wsgi run\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\n*.db\n.env\n' > .gitignore
printf 'flask==3.0.3\npydantic==2.7.1\ngunicorn==22.0.0\n' > requirements.txt
mkdir -p app
cat > app/db.py <<'PY'
import os
import sqlite3

from flask import g

DB_PATH = os.getenv("TODO_DB", "todo.db")

SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0
)
"""


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(DB_PATH)
        g.db.row_factory = sqlite3.Row
    return g.db


def close_db(_exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_db() -> None:
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute(SCHEMA)


def row_to_task(row: sqlite3.Row) -> dict:
    return {"id": row["id"], "title": row["title"], "done": bool(row["done"])}
PY
cat > app/schemas.py <<'PY'
from typing import Optional

from pydantic import BaseModel, Field, StrictBool


class TaskCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    done: StrictBool = False


class TaskUpdate(BaseModel):
    title: Optional[str] = Field(default=None, min_length=1, max_length=200)
    done: Optional[StrictBool] = None
PY
cat > app/__init__.py <<'PY'
import logging

from flask import Flask, jsonify, request
from pydantic import ValidationError

from app.db import close_db, get_db, init_db, row_to_task
from app.schemas import TaskCreate, TaskUpdate

logger = logging.getLogger(__name__)


def create_app() -> Flask:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = Flask(__name__)
    app.teardown_appcontext(close_db)
    init_db()

    @app.errorhandler(ValidationError)
    def invalid(err: ValidationError):
        return jsonify({"detail": err.errors()}), 422

    @app.get("/tasks")
    def list_tasks():
        rows = get_db().execute("SELECT id, title, done FROM tasks ORDER BY id").fetchall()
        return jsonify([row_to_task(r) for r in rows])

    @app.post("/tasks")
    def create_task():
        data = TaskCreate(**(request.get_json(silent=True) or {}))
        db = get_db()
        cur = db.execute("INSERT INTO tasks (title, done) VALUES (?, ?)", (data.title, int(data.done)))
        db.commit()
        logger.info("created task %s", cur.lastrowid)
        row = db.execute("SELECT id, title, done FROM tasks WHERE id = ?", (cur.lastrowid,)).fetchone()
        return jsonify(row_to_task(row)), 201

    @app.patch("/tasks/<int:task_id>")
    def update_task(task_id: int):
        data = TaskUpdate(**(request.get_json(silent=True) or {}))
        db = get_db()
        row = db.execute("SELECT id, title, done FROM tasks WHERE id = ?", (task_id,)).fetchone()
        if row is None:
            return jsonify({"detail": "task not found"}), 404
        task = row_to_task(row)
        if data.title is not None:
            task["title"] = data.title
        if data.done is not None:
            task["done"] = data.done
        db.execute("UPDATE tasks SET title = ?, done = ? WHERE id = ?", (task["title"], int(task["done"]), task_id))
        db.commit()
        logger.info("updated task %s", task_id)
        return jsonify(task)

    @app.delete("/tasks/<int:task_id>")
    def delete_task(task_id: int):
        db = get_db()
        cur = db.execute("DELETE FROM tasks WHERE id = ?", (task_id,))
        db.commit()
        if cur.rowcount == 0:
            return jsonify({"detail": "task not found"}), 404
        logger.info("deleted task %s", task_id)
        return "", 204

    return app
PY
cat > wsgi.py <<'PY'
from app import create_app

app = create_app()
PY
cat > Dockerfile <<'DOCKER'
FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app/ app/
COPY wsgi.py .
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "wsgi:app"]
DOCKER
git add -A && git commit -qm "Flask TODO API with SQLite, Pydantic validation and logging"
