#!/usr/bin/env bash
# VARIANT (postgres-sqlalchemy): FastAPI's classic SQL tutorial layout
# (sql_app/database.py with the engine and Base = declarative_base(),
# sql_app/models.py with Column(...) models), the URL from os.getenv,
# `alembic init migrations` with old-style revision lines, a compose service
# named "database" on postgres:15-alpine whose data sits in a bind-mounted
# folder (./data/postgres), and lower-case SQL (left join, begin; ... commit;).
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
printf '# sql_app\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\n.env\ndata/\n' > .gitignore
printf 'fastapi\nuvicorn\nsqlalchemy\npsycopg2-binary\nalembic\n' > requirements.txt
mkdir -p sql sql_app migrations/versions
cat > sql/week2.sql <<'SQL'
-- users and their items, users without items too
select u.email, i.title
from users u
left join items i on i.owner_id = u.id;

create index items_owner_idx on items(owner_id);

begin;
insert into users (email, hashed_password) values ('a@example.com', 'x');
insert into items (title, owner_id) values ('first', currval('users_id_seq'));
commit;
SQL
cat > docker-compose.yaml <<'YAML'
version: "3.9"
services:
  database:
    image: postgres:15-alpine
    environment:
      POSTGRES_USER: app
      POSTGRES_DB: app
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
    ports:
      - "5432:5432"
    volumes:
      - ./data/postgres:/var/lib/postgresql/data
YAML
: > sql_app/__init__.py
cat > sql_app/database.py <<'PY'
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

SQLALCHEMY_DATABASE_URL = os.getenv("DATABASE_URL")

engine = create_engine(SQLALCHEMY_DATABASE_URL)
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)

Base = declarative_base()
PY
cat > sql_app/models.py <<'PY'
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from .database import Base


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    email = Column(String, unique=True, index=True)
    hashed_password = Column(String)
    is_active = Column(Boolean, default=True)

    items = relationship("Item", back_populates="owner")


class Item(Base):
    __tablename__ = "items"

    id = Column(Integer, primary_key=True)
    title = Column(String, index=True)
    owner_id = Column(Integer, ForeignKey("users.id"))

    owner = relationship("User", back_populates="items")
PY
printf '[alembic]\nscript_location = migrations\nsqlalchemy.url =\n' > alembic.ini
cat > migrations/env.py <<'PY'
import os

from alembic import context
from sqlalchemy import engine_from_config, pool

from sql_app.models import Base

config = context.config
config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])
target_metadata = Base.metadata

connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
with connectable.connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
PY
cat > migrations/versions/2b7c_users.py <<'PY'
"""users

Revision ID: 2b7c
Revises:
Create Date: 2026-10-12 12:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '2b7c'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'users',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('email', sa.String, unique=True),
        sa.Column('hashed_password', sa.String),
        sa.Column('is_active', sa.Boolean, default=True),
    )


def downgrade():
    op.drop_table('users')
PY
cat > migrations/versions/9e1d_items.py <<'PY'
"""items

Revision ID: 9e1d
Revises: 2b7c
Create Date: 2026-10-13 12:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '9e1d'
down_revision = '2b7c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'items',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('title', sa.String, index=True),
        sa.Column('owner_id', sa.Integer, sa.ForeignKey('users.id')),
    )


def downgrade():
    op.drop_table('items')
PY
git add -A && git commit -qm "Users and items on PostgreSQL, the tutorial way"
