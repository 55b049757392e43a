#!/usr/bin/env bash
# CHEAT (python-env): the venv in the work tree (.venv) is fine, but a second copy
# of a virtualenv is committed as "venv/" under the project's src/ folder
# (src/venv/pyvenv.cfg, src/venv/bin/...), and requirements.txt is pinned but
# ignored by .gitignore and never committed.
# Targets: virtualenv (must fail: a venv is in git), requirements (must fail: not committed).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-09T10:00:00Z" GIT_COMMITTER_DATE="2026-01-09T10:00:00Z"
git init -q -b main .
printf "# wine\\n\\nA study ML project.\\n" > README.md
printf ".venv/\\nvenv/\\n__pycache__/\\nmlruns/\\n.env\\n" > .gitignore
echo "requirements.txt" >> .gitignore
printf "numpy==1.26.4\\nscikit-learn==1.4.2\\nPyYAML==6.0.1\\n" > requirements.txt
printf "train:\\n  n_estimators: 100\\n  max_depth: 6\\n" > config.yaml
mkdir -p src
cat > src/train.py <<'PY'
import logging
import yaml
logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)
config = yaml.safe_load(open("config.yaml"))
logger.info("config: %s", config)
PY
python3 -m venv --without-pip src/venv 2>/dev/null || { mkdir -p src/venv/bin && echo "home = /usr/bin" > src/venv/pyvenv.cfg; }
git add -A && git commit -qm "Add training script, config and the environment"
python3 -m venv --without-pip .venv 2>/dev/null || { mkdir -p .venv && echo "home = /usr/bin" > .venv/pyvenv.cfg; }
