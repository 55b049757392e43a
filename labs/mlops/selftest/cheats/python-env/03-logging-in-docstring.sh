#!/usr/bin/env bash
# CHEAT (python-env): the script uses print() only; the logging lines the checker
# looks for appear only in the module docstring ("TODO: add import logging ...")
# and in comments; the config loading is a comment too and parameters are hard-coded.
# Targets: logging (must fail), config-loaded (must fail).
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
"""Train the model.

TODO later, switch to:
import logging
logging.basicConfig(level=logging.INFO)
logger.info("...")
"""
# params = yaml.safe_load(open("config.yaml"))
params = {"n_estimators": 100, "max_depth": 6}
print("training with", params)
PY
git add -A && git commit -qm "Add training script, config and requirements"
python3 -m venv --without-pip .venv 2>/dev/null || { mkdir -p .venv && echo "home = /usr/bin" > .venv/pyvenv.cfg; }
