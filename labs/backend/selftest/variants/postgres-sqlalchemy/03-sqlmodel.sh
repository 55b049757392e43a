#!/usr/bin/env bash
# VARIANT (postgres-sqlalchemy): models written with SQLModel, the layer over
# SQLAlchemy's ORM that FastAPI's own SQL tutorial uses: class Task(SQLModel,
# table=True), sqlmodel's create_engine on os.getenv("DATABASE_URL"), Alembic
# revisions that import sqlmodel, compose.yaml with a postgres service and a
# named volume, sql/queries.sql.
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
printf '# heroes-and-tasks\n\nFastAPI + SQLModel + PostgreSQL.\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\n.env\n' > .gitignore
printf 'fastapi==0.111.0\nuvicorn==0.29.0\nsqlmodel==0.0.18\npsycopg2-binary==2.9.9\nalembic==1.13.1\n' > requirements.txt
mkdir -p sql app migrations/versions
cat > sql/queries.sql <<'SQL'
SELECT tasks.title, teams.name FROM tasks JOIN teams ON teams.id = tasks.team_id;
CREATE INDEX ix_tasks_team_id ON tasks (team_id);
BEGIN;
UPDATE tasks SET done = true WHERE team_id = 3;
UPDATE teams SET open_tasks = 0 WHERE id = 3;
COMMIT;
SQL
cat > compose.yaml <<'YAML'
services:
  postgres:
    image: postgres:16-alpine
    env_file: .env
    ports:
      - "5432:5432"
    volumes:
      - db-data:/var/lib/postgresql/data
volumes:
  db-data: {}
YAML
: > app/__init__.py
cat > app/models.py <<'PY'
from typing import Optional

from sqlmodel import Field, SQLModel


class Team(SQLModel, table=True):
    __tablename__ = "teams"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=100)


class Task(SQLModel, table=True):
    __tablename__ = "tasks"

    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    done: bool = False
    team_id: Optional[int] = Field(default=None, foreign_key="teams.id")
PY
cat > app/database.py <<'PY'
import os

from sqlmodel import Session, create_engine

engine = create_engine(os.getenv("DATABASE_URL", "sqlite:///./dev.db"))


def get_session():
    with Session(engine) as session:
        yield session
PY
cat > app/main.py <<'PY'
from fastapi import Depends, FastAPI
from sqlmodel import Session, select

from app.database import get_session
from app.models import Task

app = FastAPI()


@app.get("/tasks")
def list_tasks(session: Session = Depends(get_session)) -> list[Task]:
    return session.exec(select(Task)).all()
PY
printf '[alembic]\nscript_location = migrations\nprepend_sys_path = .\nsqlalchemy.url =\n' > alembic.ini
cat > migrations/env.py <<'PY'
import os

from alembic import context
from sqlmodel import SQLModel, create_engine

from app import models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = create_engine(os.environ["DATABASE_URL"])
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
PY
cat > migrations/versions/5e1f2a3b4c5d_teams_and_tasks.py <<'PY'
"""teams and tasks

Revision ID: 5e1f2a3b4c5d
Revises: 
Create Date: 2026-10-12 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '5e1f2a3b4c5d'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_teams_name'), 'teams', ['name'], unique=False)
    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('tasks')
    op.drop_index(op.f('ix_teams_name'), table_name='teams')
    op.drop_table('teams')
PY
cat > migrations/versions/6f2a3b4c5d6e_task_priority.py <<'PY'
"""task priority

Revision ID: 6f2a3b4c5d6e
Revises: 5e1f2a3b4c5d
Create Date: 2026-10-14 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '6f2a3b4c5d6e'
down_revision = '5e1f2a3b4c5d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('tasks', sa.Column('priority', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    op.drop_column('tasks', 'priority')
PY
git add -A && git commit -qm "SQLModel models on PostgreSQL with Alembic"
