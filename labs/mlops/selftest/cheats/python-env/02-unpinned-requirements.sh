#!/usr/bin/env bash
# CHEAT (python-env): requirements.txt that looks pinned but is not: wildcard pins
# "numpy==1.*", a range with the pin only in a comment "pandas>=2.0  # ==2.2.2",
# an unpinned package with an environment marker 'scikit-learn ; python_version == "3.12"',
# and "-r requirements-dev.txt" pulling in completely unpinned dev packages.
# Only PyYAML is really pinned.
# Targets: requirements (must fail).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-09T10:00:00Z" GIT_COMMITTER_DATE="2026-01-09T10:00:00Z"
git init -q -b main .
printf "# wine\\n\\nA study ML project.\\n" > README.md
printf ".venv/\\nvenv/\\n__pycache__/\\nmlruns/\\n.env\\n" > .gitignore
cat > requirements.txt <<'REQ'
PyYAML==6.0.1
numpy==1.*
pandas>=2.0  # ==2.2.2
scikit-learn ; python_version == "3.12"
-r requirements-dev.txt
REQ
printf "pytest\nblack\nmlflow\n" > requirements-dev.txt
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
python3 -m venv --without-pip .venv 2>/dev/null || { mkdir -p .venv && echo "home = /usr/bin" > .venv/pyvenv.cfg; }
