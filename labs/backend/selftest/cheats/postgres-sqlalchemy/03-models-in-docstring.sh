#!/usr/bin/env bash
# CHEAT (postgres-sqlalchemy): copied the sample, then replaced app/db.py with a
# docstring that *shows* the models (from sqlalchemy import ..., create_engine(...),
# class Base(DeclarativeBase)) and no code at all: no table is declared anywhere.
# Targets: orm-models (must fail: SQLAlchemy is never imported and no model exists).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
cat > app/db.py <<'PY'
"""The database layer (planned, from the lecture).

    from sqlalchemy import create_engine
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    engine = create_engine(settings.database_url)

    class Base(DeclarativeBase):
        pass

    class Task(Base):
        __tablename__ = "tasks"
        id: Mapped[int] = mapped_column(primary_key=True)
"""
PY
# env.py imported Base from app.db; the cheat points Alembic at no metadata
sed -i 's/^from app.db import Base$//; s/^target_metadata = Base.metadata$/target_metadata = None/' alembic/env.py
git add -A && git commit -qm "Sketch the models"
