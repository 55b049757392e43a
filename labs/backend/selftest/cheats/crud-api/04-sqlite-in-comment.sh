#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, kept the tasks in a Python dict that dies
# with the process, and never connected any database: SQLite appears only in a
# TODO comment ("move to sqlite:///./todo.db") and the settings default to an
# empty URL.
# Targets: sqlite (must fail: no data lives in SQLite).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
cat > app/settings.py <<'PY'
"""Configuration from the environment."""
import os


class Settings:
    def __init__(self) -> None:
        self.database_url = os.environ.get("DATABASE_URL", "")
        self.redis_url = os.environ.get("REDIS_URL", "")
        self.secret_key = os.environ.get("SECRET_KEY", "")


settings = Settings()
PY
sed -i 's|^tasks: dict\[int, dict\] = {}|# TODO: move the tasks to sqlite:///./todo.db (sqlite3), a dict is enough for now\ntasks: dict[int, dict] = {}|' app/main.py
grep -q 'TODO: move the tasks' app/main.py
git add -A && git commit -qm "Keep tasks in memory for now"
