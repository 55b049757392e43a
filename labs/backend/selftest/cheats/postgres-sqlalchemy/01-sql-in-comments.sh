#!/usr/bin/env bash
# CHEAT (postgres-sqlalchemy): copied the sample, then replaced the SQL practice
# with notes: the JOIN and the index are only named in comments, and the
# "transaction" is an empty BEGIN; COMMIT; with nothing in between. No query
# is ever written.
# Targets: sql-practice (must fail: no JOIN, no CREATE INDEX, an empty transaction).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
cat > sql/practice.sql <<'SQL'
-- Week 2 SQL practice (to do).
-- TODO: a JOIN of tasks and users
-- TODO: create index on tasks(title)
BEGIN;
COMMIT;
SQL
git add -A && git commit -qm "SQL practice notes"
