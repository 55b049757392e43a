#!/usr/bin/env bash
# CHEAT (postgres-sqlalchemy): copied the sample, then built the engine's URL
# with SQLAlchemy's URL.create(...) from literals, password="s3cret-pass"
# included ("no quoting problems"); DATABASE_URL is named only in a comment.
# Targets: url-from-environment (must fail: the credentials are in the code).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
cat > app/db.py <<'PY'
"""The database: SQLAlchemy models over PostgreSQL."""
from sqlalchemy import Boolean, Integer, String, create_engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

# no DATABASE_URL needed: the URL is built here
url = URL.create(
    "postgresql+psycopg",
    username="todo",
    password="s3cret-pass",
    host="localhost",
    port=5432,
    database="todo",
)
engine = create_engine(url, pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, autoflush=False)


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
PY
cat > app/settings.py <<'PY'
"""Configuration."""


class Settings:
    def __init__(self) -> None:
        self.redis_url = "redis://localhost:6379/0"
        self.secret_key = "dev"


settings = Settings()
PY
sed -i 's/^config.set_main_option("sqlalchemy.url", settings.database_url)$/config.set_main_option("sqlalchemy.url", str(engine.url))/; s/^from app.settings import settings$/from app.db import engine/' alembic/env.py
git add -A && git commit -qm "Build the database URL in code"
