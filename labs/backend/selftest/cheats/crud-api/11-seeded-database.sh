#!/usr/bin/env bash
# CHEAT (crud-api): keeps the tasks in a dict (as cheat 04), and commits a
# todo.db that already holds the titles the lab's probes send, made by hand.
# Targets: sqlite (must fail: the app writes nothing to SQLite).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/04-sqlite-in-comment.sh" "$target" >/dev/null
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-10T10:00:00Z" GIT_COMMITTER_DATE="2026-10-10T10:00:00Z"
python3 - <<'PY'
import sqlite3
db = sqlite3.connect("todo.db")
db.execute("CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT, done INTEGER)")
for title in ("kept in SQLite", "write the API", "write the API well"):
    db.execute("INSERT INTO tasks (title, done) VALUES (?, 0)", (title,))
db.commit()
PY
git add -f todo.db && git commit -qm "Add the database"
