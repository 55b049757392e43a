#!/usr/bin/env bash
# VARIANT (crud-api): the layout of FastAPI's "bigger applications" guide:
# app/main.py includes an APIRouter from app/api/routes.py, app/core/logging.py
# sets logging up, app/db/ holds a SQLAlchemy session on sqlite:///./todo.db.
# DELETE answers 200 with {"ok": true}, as FastAPI's own SQL tutorial does;
# a second DELETE answers 404.
# Targets: crud, validation, sqlite, logging, dockerfile (a fair checker passes all).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-10-05T10:00:00Z" GIT_COMMITTER_DATE="2026-10-05T10:00:00Z"
git init -q -b main .
printf 'track: backend\n' > .labs.yaml
printf '# task-tracker\n\nuvicorn app.main:app\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\n*.db\n.env\n' > .gitignore
printf 'fastapi==0.110.0\nuvicorn==0.29.0\nSQLAlchemy==2.0.29\n' > requirements.txt
mkdir -p app/api app/core app/db
: > app/__init__.py; : > app/api/__init__.py; : > app/core/__init__.py
cat > app/core/logging.py <<'PY'
import logging


def configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
PY
cat > app/db/__init__.py <<'PY'
from sqlalchemy import Boolean, Column, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

SQLALCHEMY_DATABASE_URL = "sqlite:///./todo.db"

engine = create_engine(SQLALCHEMY_DATABASE_URL, connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)
Base = declarative_base()


class Task(Base):
    __tablename__ = "tasks"
    id = Column(Integer, primary_key=True, index=True)
    title = Column(String, nullable=False)
    done = Column(Boolean, default=False)


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
PY
cat > app/api/routes.py <<'PY'
import logging
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.db import Task, get_db

logger = logging.getLogger(__name__)
router = APIRouter()


class TaskIn(BaseModel):
    title: str = Field(min_length=1)
    done: bool = False


class TaskPatch(BaseModel):
    title: Optional[str] = Field(default=None, min_length=1)
    done: Optional[bool] = None


def as_dict(task: Task) -> dict:
    return {"id": task.id, "title": task.title, "done": task.done}


@router.get("/tasks")
def read_tasks(db: Session = Depends(get_db)):
    return [as_dict(t) for t in db.query(Task).all()]


@router.post("/tasks", status_code=201)
def create_task(task: TaskIn, db: Session = Depends(get_db)):
    row = Task(title=task.title, done=task.done)
    db.add(row)
    db.commit()
    db.refresh(row)
    logger.info("task %s created", row.id)
    return as_dict(row)


@router.patch("/tasks/{task_id}")
def update_task(task_id: int, task: TaskPatch, db: Session = Depends(get_db)):
    row = db.get(Task, task_id)
    if not row:
        raise HTTPException(status_code=404, detail="Task not found")
    for key, value in task.dict(exclude_unset=True).items():
        setattr(row, key, value)
    db.commit()
    db.refresh(row)
    return as_dict(row)


@router.delete("/tasks/{task_id}")
def delete_task(task_id: int, db: Session = Depends(get_db)):
    row = db.get(Task, task_id)
    if not row:
        raise HTTPException(status_code=404, detail="Task not found")
    db.delete(row)
    db.commit()
    logger.info("task %s deleted", task_id)
    return {"ok": True}
PY
cat > app/main.py <<'PY'
from fastapi import FastAPI

from app.api.routes import router
from app.core.logging import configure_logging
from app.db import Base, engine

configure_logging()
Base.metadata.create_all(bind=engine)

app = FastAPI(title="Task tracker")
app.include_router(router)
PY
cat > Dockerfile <<'DOCKER'
FROM python:3.11-slim
WORKDIR /code
COPY ./requirements.txt /code/requirements.txt
RUN pip install --no-cache-dir -r /code/requirements.txt
COPY ./app /code/app
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
DOCKER
git add -A && git commit -qm "Task tracker API in the bigger-applications layout"
