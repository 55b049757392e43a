#!/usr/bin/env bash
# CHEAT (postgres-sqlalchemy): copied the sample, then hard-coded the PostgreSQL
# URL with its password in app/db.py "because the .env did not load"; the
# os.getenv line is left commented out above it.
# Targets: url-from-environment (must fail: the password is in the code).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
python3 - <<'PY'
p = "app/db.py"
s = open(p).read()
s = s.replace('    settings.database_url,\n',
              '    # os.getenv("DATABASE_URL"),\n'
              '    "postgresql://postgres:postgres@localhost:5432/todo",\n')
open(p, "w").write(s)
PY
grep -q 'postgres:postgres@' app/db.py
git add -A && git commit -qm "Connect to the local database"
