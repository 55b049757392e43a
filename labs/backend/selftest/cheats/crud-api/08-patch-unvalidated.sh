#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, then made PATCH "partial" the quick way:
# it takes any JSON mapping (body: dict) and merges it into the task, so
# PATCH /tasks/1 {"done": "maybe"} answers 200 and stores garbage (or a 500).
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
s = s.replace("from fastapi import Depends,", "from fastapi import Body, Depends,")
s = s.replace("changes: TaskPatch,", "changes: dict = Body(...),")
s = s.replace("changes.dict(exclude_unset=True).items()", "changes.items()")
open(p, "w").write(s)
PY
grep -q 'changes: dict = Body' app/main.py
git add -A && git commit -qm "Partial updates for PATCH"
