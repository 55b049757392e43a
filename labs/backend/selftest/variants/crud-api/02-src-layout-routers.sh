#!/usr/bin/env bash
# VARIANT (crud-api): a packaged FastAPI project: pyproject.toml, the code in
# src/todo_api/ (main.py builds the app, api/routes.py holds an APIRouter,
# db.py a SQLAlchemy engine on DATABASE_URL defaulting to sqlite:///./todo.db,
# logging_config.py sets logging up), and the Dockerfile written exactly as the
# lab's hint says: FROM python:3.11-slim, install, COPY, CMD uvicorn --host
# 0.0.0.0 (uvicorn's default port 8000, no EXPOSE line).
# Targets: crud, validation, sqlite, logging, dockerfile (a fair checker passes all).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-10-05T10:00:00Z" GIT_COMMITTER_DATE="2026-10-05T10:00:00Z"
git init -q -b main .
printf 'track: backend\n' > .labs.yaml
printf '# todo-api\n\n    pip install -e .\n    uvicorn todo_api.main:app --reload\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\n*.db\n.env\n*.egg-info/\n' > .gitignore
cat > pyproject.toml <<'TOML'
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "todo-api"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["fastapi>=0.110", "uvicorn[standard]>=0.29", "sqlalchemy>=2.0"]

[tool.setuptools.packages.find]
where = ["src"]
TOML
mkdir -p src/todo_api/api
: > src/todo_api/__init__.py
: > src/todo_api/api/__init__.py
cat > src/todo_api/logging_config.py <<'PY'
import logging


def setup_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
PY
cat > src/todo_api/db.py <<'PY'
import os

from sqlalchemy import Boolean, Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

DATABASE_URL = os.getenv("DATABASE_URL", "sqlite:///./todo.db")

engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine, autoflush=False)
Base = declarative_base()


class Task(Base):
    __tablename__ = "tasks"

    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    done = Column(Boolean, nullable=False, default=False)


def get_session():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()
PY
cat > src/todo_api/schemas.py <<'PY'
from typing import Optional

from pydantic import BaseModel, Field


class TaskCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    done: bool = False


class TaskUpdate(BaseModel):
    title: Optional[str] = Field(default=None, min_length=1, max_length=200)
    done: Optional[bool] = None


class TaskOut(BaseModel):
    id: int
    title: str
    done: bool

    class Config:
        orm_mode = True
PY
cat > src/todo_api/api/routes.py <<'PY'
import logging

from fastapi import APIRouter, Depends, HTTPException, Response
from sqlalchemy.orm import Session

from todo_api.db import Task, get_session
from todo_api.schemas import TaskCreate, TaskOut, TaskUpdate

log = logging.getLogger(__name__)
router = APIRouter(prefix="/tasks", tags=["tasks"])


@router.get("", response_model=list[TaskOut])
def list_tasks(session: Session = Depends(get_session)):
    return session.query(Task).order_by(Task.id).all()


@router.post("", response_model=TaskOut, status_code=201)
def create_task(body: TaskCreate, session: Session = Depends(get_session)):
    task = Task(title=body.title, done=body.done)
    session.add(task)
    session.commit()
    session.refresh(task)
    log.info("created task %s", task.id)
    return task


@router.patch("/{task_id}", response_model=TaskOut)
def update_task(task_id: int, body: TaskUpdate, session: Session = Depends(get_session)):
    task = session.get(Task, task_id)
    if task is None:
        raise HTTPException(status_code=404, detail="task not found")
    for field, value in body.dict(exclude_unset=True).items():
        setattr(task, field, value)
    session.commit()
    session.refresh(task)
    log.info("updated task %s", task_id)
    return task


@router.delete("/{task_id}", status_code=204)
def delete_task(task_id: int, session: Session = Depends(get_session)):
    task = session.get(Task, task_id)
    if task is None:
        raise HTTPException(status_code=404, detail="task not found")
    session.delete(task)
    session.commit()
    log.info("deleted task %s", task_id)
    return Response(status_code=204)
PY
cat > src/todo_api/main.py <<'PY'
from fastapi import FastAPI

from todo_api.api.routes import router
from todo_api.db import Base, engine
from todo_api.logging_config import setup_logging

setup_logging()
Base.metadata.create_all(bind=engine)

app = FastAPI(title="todo-api")
app.include_router(router)
PY
cat > Dockerfile <<'DOCKER'
FROM python:3.11-slim
WORKDIR /srv
COPY pyproject.toml .
COPY src/ src/
RUN pip install --no-cache-dir .
CMD ["uvicorn", "todo_api.main:app", "--host", "0.0.0.0"]
DOCKER
git add -A && git commit -qm "TODO API: FastAPI, SQLAlchemy on SQLite, packaged under src/"
