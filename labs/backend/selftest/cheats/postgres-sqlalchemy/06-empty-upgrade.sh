#!/usr/bin/env bash
# CHEAT (postgres-sqlalchemy): copied the sample, then padded the migration chain:
# the second revision's upgrade() does nothing (pass, with the op call it should
# make only in its docstring), and the first revision's downgrade() is a pass
# with "op.drop_table" in a comment.
# Targets: migrations (must fail: an empty upgrade and an empty downgrade).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
python3 - <<'PY'
p = "alembic/versions/8c41d0e5a2f3_index_task_titles.py"
s = open(p).read()
s = s.replace('def upgrade() -> None:\n    op.create_index("ix_tasks_title", "tasks", ["title"])',
              'def upgrade() -> None:\n    """op.create_index("ix_tasks_title", "tasks", ["title"]) -- later"""\n    pass')
open(p, "w").write(s)
p = "alembic/versions/3f2a1c9b7d10_create_tasks.py"
s = open(p).read()
s = s.replace('def downgrade() -> None:\n    op.drop_table("tasks")',
              'def downgrade() -> None:\n    # op.drop_table("tasks")\n    pass')
open(p, "w").write(s)
PY
grep -q '# op.drop_table' alembic/versions/3f2a1c9b7d10_create_tasks.py
git add -A && git commit -qm "Migrations"
