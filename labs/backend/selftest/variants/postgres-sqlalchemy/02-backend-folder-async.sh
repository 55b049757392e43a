#!/usr/bin/env bash
# VARIANT (postgres-sqlalchemy): a monorepo with the API under backend/ and an
# async stack, as many FastAPI + PostgreSQL tutorials do: backend/app/db.py makes
# the engine with create_async_engine(os.environ["DATABASE_URL"]) (asyncpg) next
# to the DeclarativeBase models; backend/alembic.ini and backend/alembic/ from
# `alembic init -t async alembic`, two chained revisions; docker-compose.yml at
# the root with a "postgres" service and a named volume; sql/practice.sql at
# the root.
# Targets: sql-practice, postgres-in-docker, orm-models, url-from-environment,
# migrations (a fair checker passes all).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-10-12T10:00:00Z" GIT_COMMITTER_DATE="2026-10-12T10:00:00Z"
git init -q -b main .
printf 'track: backend\n' > .labs.yaml
printf '# todo monorepo\n\nbackend/ is the API; sql/ my SQL practice.\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\n.env\n' > .gitignore
mkdir -p sql backend/app backend/alembic/versions
cat > sql/practice.sql <<'SQL'
-- JOIN: every project with its tasks
select p.name, t.title
from projects p
join tasks t on t.project_id = p.id
order by p.name;

-- an index for the most common filter
create index tasks_project_id_idx on tasks (project_id);

-- a transaction: move all open tasks to another project
start transaction;
update tasks set project_id = 2 where project_id = 1 and not done;
delete from projects where id = 1;
commit;
SQL
cat > docker-compose.yml <<'YAML'
services:
  postgres:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: ${POSTGRES_USER:-todo}
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}
      POSTGRES_DB: ${POSTGRES_DB:-todo}
    ports:
      - "5432:5432"
    volumes:
      - pg-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U todo"]
      interval: 5s

  backend:
    build: ./backend
    environment:
      DATABASE_URL: ${DATABASE_URL}
    ports:
      - "8000:8000"
    depends_on:
      postgres:
        condition: service_healthy

volumes:
  pg-data:
YAML
printf 'fastapi==0.111.0\nuvicorn==0.29.0\nSQLAlchemy[asyncio]==2.0.30\nasyncpg==0.29.0\nalembic==1.13.1\n' > backend/requirements.txt
printf 'FROM python:3.11-slim\nWORKDIR /srv\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nEXPOSE 8000\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n' > backend/Dockerfile
: > backend/app/__init__.py
cat > backend/app/db.py <<'PY'
import os
from collections.abc import AsyncIterator

from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

engine = create_async_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    done: Mapped[bool] = mapped_column(default=False)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)


async def get_session() -> AsyncIterator[AsyncSession]:
    async with async_session() as session:
        yield session
PY
cat > backend/app/main.py <<'PY'
from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import Task, get_session

app = FastAPI(title="todo")


@app.get("/tasks")
async def list_tasks(session: AsyncSession = Depends(get_session)) -> list[dict]:
    rows = (await session.scalars(select(Task).order_by(Task.id))).all()
    return [{"id": t.id, "title": t.title, "done": t.done} for t in rows]
PY
cat > backend/alembic.ini <<'INI'
[alembic]
script_location = alembic
prepend_sys_path = .
sqlalchemy.url =

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
INI
cat > backend/alembic/env.py <<'PY'
import asyncio
import os

from alembic import context
from sqlalchemy import pool
from sqlalchemy.ext.asyncio import async_engine_from_config

from app.db import Base

config = context.config
config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])
target_metadata = Base.metadata


def do_run_migrations(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    connectable = async_engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    async with connectable.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await connectable.dispose()


asyncio.run(run_async_migrations())
PY
cat > backend/alembic/versions/0001_projects_and_tasks.py <<'PY'
"""projects and tasks

Revision ID: 0001
Revises:
Create Date: 2026-10-12 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tasks")
    op.drop_table("projects")
PY
cat > backend/alembic/versions/0002_index_tasks_project_id.py <<'PY'
"""index tasks.project_id

Revision ID: 0002
Revises: 0001
Create Date: 2026-10-13 09:00:00
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tasks_project_id", "tasks", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_tasks_project_id", table_name="tasks")
PY
git add -A && git commit -qm "Async PostgreSQL backend with Alembic, in a monorepo"
