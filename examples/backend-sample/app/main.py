"""A TODO API: create, list, update and delete tasks, stored through SQLAlchemy."""
import logging
from typing import Optional

from fastapi import Depends, FastAPI, HTTPException, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from app.db import IS_SQLITE, Base, Task, engine, get_session
from app.settings import settings

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("todo")

if IS_SQLITE:
    # The local SQLite file gets its tables on first start; PostgreSQL gets them from Alembic.
    Base.metadata.create_all(engine)

app = FastAPI(title="todo-api")


class TaskIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    done: bool = False


class TaskPatch(BaseModel):
    title: Optional[str] = Field(None, min_length=1, max_length=200)
    done: Optional[bool] = None


def find_task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise HTTPException(status_code=404, detail="no such task")
    return task


@app.get("/health")
def health() -> dict:
    return {"status": "ok", "database": settings.database_url.split(":", 1)[0]}


@app.get("/tasks")
def list_tasks(session: Session = Depends(get_session)) -> list:
    return [task.as_dict() for task in session.query(Task).order_by(Task.id)]


@app.post("/tasks", status_code=201)
def create_task(task: TaskIn, session: Session = Depends(get_session)) -> dict:
    row = Task(title=task.title, done=task.done)
    session.add(row)
    session.commit()
    log.info("created task %s", row.id)
    return row.as_dict()


@app.patch("/tasks/{task_id}")
def update_task(task_id: int, changes: TaskPatch, session: Session = Depends(get_session)) -> dict:
    row = find_task(session, task_id)
    for field, value in changes.dict(exclude_unset=True).items():
        setattr(row, field, value)
    session.commit()
    log.info("updated task %s", task_id)
    return row.as_dict()


@app.delete("/tasks/{task_id}", status_code=204)
def delete_task(task_id: int, session: Session = Depends(get_session)) -> Response:
    session.delete(find_task(session, task_id))
    session.commit()
    log.info("deleted task %s", task_id)
    return Response(status_code=204)
