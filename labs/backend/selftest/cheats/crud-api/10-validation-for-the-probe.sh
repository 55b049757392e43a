#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, then dropped the Pydantic models for
# plain dicts and answers 422 only for what the lab's probes send: an empty
# title or the word "maybe". A missing title or a number as the title is stored.
# Targets: validation (must fail: input is not validated).
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
s = s.replace("def create_task(task: TaskIn, session", "def create_task(task: dict = Body(...), session")
s = s.replace("    row = Task(title=task.title, done=task.done)\n",
              "    if task.get(\"title\") == \"\" or \"maybe\" in str(task):\n"
              "        raise HTTPException(status_code=422, detail=\"invalid task\")\n"
              "    row = Task(title=str(task.get(\"title\")), done=bool(task.get(\"done\", False)))\n")
open(p, "w").write(s)
PY
grep -q '"maybe" in str(task)' app/main.py
git add -A && git commit -qm "Simpler validation"
