#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, then replaced logging in the API with
# print(); a separate app/logger.py sets logging up and logs "logger ready", but
# no module ever imports it, so the running API never logs through logging.
# Targets: logging (must fail: the API does not log).
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
s = s.replace("import logging\n\nfrom fastapi", "from fastapi")
s = s.replace('logging.basicConfig(level=logging.INFO)\nlog = logging.getLogger("todo")\n', "")
s = s.replace('log.info("created task %s", task_id)', 'print("created task", task_id)')
open(p, "w").write(s)
PY
cat > app/logger.py <<'PY'
"""Logging for the API (to wire in later)."""
import logging

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("todo")
log.info("logger ready")
PY
# the worker is week 3's; a week-1 learner has none
git rm -q app/worker.py app/cache.py
git add -A && git commit -qm "Move logging to its own module"
