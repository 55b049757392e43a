#!/usr/bin/env bash
# CHEAT (postgres-sqlalchemy): copied the sample, then replaced the second
# migration ("one more change") with a filler revision whose upgrade() and
# downgrade() both run op.execute("SELECT 1"): the chain has two links, but the
# second changes nothing in the schema.
# Targets: migrations (must fail: the second revision migrates nothing).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
git rm -q alembic/versions/8c41d0e5a2f3_index_task_titles.py
cat > alembic/versions/9d00aa11bb22_second_migration.py <<'PY'
"""second migration

Revision ID: 9d00aa11bb22
Revises: 3f2a1c9b7d10
Create Date: 2026-10-09 10:00:00
"""
from alembic import op

revision = "9d00aa11bb22"
down_revision = "3f2a1c9b7d10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SELECT 1")


def downgrade() -> None:
    op.execute("SELECT 1")
PY
git add -A && git commit -qm "Second migration"
