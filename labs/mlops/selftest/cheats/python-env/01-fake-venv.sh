#!/usr/bin/env bash
# CHEAT (python-env): no virtual environment was ever created: an empty
# .venv/pyvenv.cfg is made with touch (no bin/python, no lib/, no "home =" line).
# Everything else is done properly.
# Targets: virtualenv (must fail).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-09T10:00:00Z" GIT_COMMITTER_DATE="2026-01-09T10:00:00Z"
git init -q -b main .
printf "# wine\\n\\nA study ML project.\\n" > README.md
printf ".venv/\\nvenv/\\n__pycache__/\\nmlruns/\\n.env\\n" > .gitignore
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
git add -A && git commit -qm "Add training script, config and requirements"
mkdir -p .venv && touch .venv/pyvenv.cfg
