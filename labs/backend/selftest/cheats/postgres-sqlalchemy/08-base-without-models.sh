#!/usr/bin/env bash
# CHEAT (postgres-sqlalchemy): copied the sample, then cut app/db.py down to the
# boilerplate: the engine, a session factory and Base = declarative_base(), but
# no model class at all (no __tablename__, no column). The API keeps its dict.
# Targets: orm-models (must fail: no table is a SQLAlchemy model).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
cat > app/db.py <<'PY'
"""The database connection; models come later."""
from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

from app.settings import settings

engine = create_engine(settings.database_url, pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, autoflush=False)
Base = declarative_base()
PY
git add -A && git commit -qm "Database boilerplate"
