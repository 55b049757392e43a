#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, then made DELETE only remember the id:
# it answers 204 and then 404 for that id, but the task stays in the database
# and in GET /tasks.
# Targets: crud (must fail: a deleted task is still listed).
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
s = s.replace('''    session.delete(find_task(session, task_id))
    session.commit()
''', '''    if task_id in deleted:
        raise HTTPException(status_code=404, detail="no such task")
    find_task(session, task_id)
    deleted.add(task_id)
''')
s = s.replace('app = FastAPI(title="todo-api")\n', 'app = FastAPI(title="todo-api")\ndeleted: set = set()\n')
open(p, "w").write(s)
PY
grep -q 'deleted.add(task_id)' app/main.py
git add -A && git commit -qm "Soft delete"
