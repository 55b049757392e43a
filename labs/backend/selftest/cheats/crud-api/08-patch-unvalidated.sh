#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, then made PATCH "partial" the quick way:
# it takes any JSON mapping (body: dict) and merges it into the task, so
# PATCH /tasks/1 {"title": "", "done": "maybe"} answers 200 and stores garbage.
# Only POST still goes through the Pydantic model.
# Targets: validation (must fail: updates are not validated).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
python3 - <<'PY'
p = "app/main.py"
s = open(p).read()
s = s.replace("from fastapi import FastAPI, HTTPException", "from fastapi import Body, FastAPI, HTTPException")
s = s.replace("def update_task(task_id: int, task: TaskIn) -> dict:", "def update_task(task_id: int, task: dict = Body(...)) -> dict:")
s = s.replace("    tasks[task_id].update(task.dict())\n", "    tasks[task_id].update(task)\n")
open(p, "w").write(s)
PY
grep -q 'task: dict = Body' app/main.py
git add -A && git commit -qm "Partial updates for PATCH"
