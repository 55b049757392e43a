#!/usr/bin/env bash
# VARIANT (postgres-sqlalchemy): a tidy week-2 project laid out differently:
# the SQL practice split one topic per file (sql/01_joins.sql, sql/02_indexes.sql,
# sql/03_transactions.sql); settings through pydantic-settings (a field
# database_url: PostgresDsn, filled from DATABASE_URL in .env, as the lab's hint
# suggests); SQLAlchemy 2.0 models in app/models.py, the engine in app/database.py;
# docker-compose.yml with a "db" service on postgres:16 and a named volume;
# Alembic initialised as `alembic init migrations` with two chained revisions.
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
printf '# todo-api\n\n    cp .env.example .env\n    docker compose up -d db\n    alembic upgrade head\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\n.env\n' > .gitignore
printf 'fastapi==0.111.0\nuvicorn==0.29.0\nSQLAlchemy==2.0.30\npsycopg[binary]==3.1.19\nalembic==1.13.1\npydantic-settings==2.2.1\n' > requirements.txt
cat > .env.example <<'ENV'
POSTGRES_USER=todo
POSTGRES_PASSWORD=change-me
POSTGRES_DB=todo
DATABASE_URL=postgresql+psycopg://todo:change-me@localhost:5432/todo
ENV
mkdir -p sql
cat > sql/01_joins.sql <<'SQL'
-- Tasks with the name of their owner
SELECT t.id, t.title, u.name AS owner
FROM tasks t
INNER JOIN users u ON u.id = t.owner_id;

-- Users with how many open tasks they have (users without tasks too)
SELECT u.name, count(t.id) AS open_tasks
FROM users u
LEFT JOIN tasks t ON t.owner_id = u.id AND NOT t.done
GROUP BY u.name;
SQL
cat > sql/02_indexes.sql <<'SQL'
CREATE INDEX idx_tasks_owner_id ON tasks (owner_id);
CREATE UNIQUE INDEX idx_users_email ON users (email);
EXPLAIN ANALYZE SELECT * FROM tasks WHERE owner_id = 42;
SQL
cat > sql/03_transactions.sql <<'SQL'
-- Hand a task over: both rows change or none does.
BEGIN;
UPDATE tasks SET owner_id = 2 WHERE id = 7;
INSERT INTO task_events (task_id, kind) VALUES (7, 'reassigned');
COMMIT;
SQL
cat > docker-compose.yml <<'YAML'
services:
  db:
    image: postgres:16
    restart: unless-stopped
    env_file: .env
    ports:
      - "5432:5432"
    volumes:
      - postgres_data:/var/lib/postgresql/data

volumes:
  postgres_data:
YAML
mkdir -p app
: > app/__init__.py
cat > app/config.py <<'PY'
from pydantic import PostgresDsn
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: PostgresDsn
    debug: bool = False


settings = Settings()
PY
cat > app/database.py <<'PY'
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from app.config import settings

engine = create_engine(str(settings.database_url), echo=settings.debug)
SessionLocal = sessionmaker(engine, expire_on_commit=False)
PY
cat > app/models.py <<'PY'
from datetime import datetime

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(255), unique=True)
    tasks: Mapped[list["Task"]] = relationship(back_populates="owner")


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    done: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    owner: Mapped["User | None"] = relationship(back_populates="tasks")
PY
cat > alembic.ini <<'INI'
[alembic]
script_location = migrations
prepend_sys_path = .
sqlalchemy.url =

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
INI
mkdir -p migrations/versions
cat > migrations/env.py <<'PY'
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

from app.config import settings
from app.models import Base

config = context.config
config.set_main_option("sqlalchemy.url", str(settings.database_url))
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
PY
cat > migrations/script.py.mako <<'MAKO'
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

revision: str = ${repr(up_revision)}
down_revision: Union[str, None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
MAKO
cat > migrations/versions/a1b2c3d4e5f6_create_users_and_tasks.py <<'PY'
"""create users and tasks

Revision ID: a1b2c3d4e5f6
Revises: 
Create Date: 2026-10-12 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'a1b2c3d4e5f6'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_tasks_owner_id'), 'tasks', ['owner_id'], unique=False)
    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_index(op.f('ix_tasks_owner_id'), table_name='tasks')
    op.drop_table('tasks')
    op.drop_table('users')
    # ### end Alembic commands ###
PY
cat > migrations/versions/f6e5d4c3b2a1_add_created_at_to_tasks.py <<'PY'
"""add created_at to tasks

Revision ID: f6e5d4c3b2a1
Revises: a1b2c3d4e5f6
Create Date: 2026-10-13 18:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'f6e5d4c3b2a1'
down_revision: Union[str, None] = 'a1b2c3d4e5f6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.add_column('tasks', sa.Column('created_at', sa.DateTime(), server_default=sa.text('now()'), nullable=False))
    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_column('tasks', 'created_at')
    # ### end Alembic commands ###
PY
git add -A && git commit -qm "PostgreSQL in Docker, SQLAlchemy models, Alembic migrations, SQL practice"
