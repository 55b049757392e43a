#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, then swapped logging for print(): the only
# trace of logging is the module docstring, which shows how it "is set up"
# (import logging, logging.basicConfig, log.info).
# Targets: logging (must fail: nothing logs through logging).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
python3 - <<'PY'
import re
p = "app/main.py"
s = open(p).read()
s = s.replace('"""A TODO API: create, list, update and delete tasks."""',
              '"""A TODO API: create, list, update and delete tasks.\n\n'
              'Logging:\n    import logging\n    logging.basicConfig(level=logging.INFO)\n'
              '    log = logging.getLogger("todo")\n    log.info("created task %s", task_id)\n"""')
s = s.replace("import logging\n\nfrom fastapi", "from fastapi")
s = s.replace('logging.basicConfig(level=logging.INFO)\nlog = logging.getLogger("todo")\n', "")
s = s.replace('log.info("created task %s", task_id)', 'print("created task", task_id)')
open(p, "w").write(s)
PY
# the worker is week 3's; a week-1 learner has none
git rm -q app/worker.py app/cache.py
git add -A && git commit -qm "Print instead of logging"
