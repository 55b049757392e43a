#!/usr/bin/env bash
# CHEAT (git-basics): the virtualenv is created as "env/" (python -m venv env, the
# name used by the Python docs) and committed with its pyvenv.cfg and bin/; an MLflow
# tracking folder renamed "mlflow_runs/" is committed too.
# Targets: nothing-unwanted (must fail).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-07T10:00:00Z" GIT_COMMITTER_DATE="2026-01-07T10:00:00Z"
git init -q -b main .
printf '# wine\n\nA study ML project.\nTrain with python src/train.py\n' > README.md
printf '.venv/\nvenv/\n__pycache__/\nmlruns/\n.env\n' > .gitignore
git add -A && git commit -qm "Add README and a .gitignore"
python3 -m venv --without-pip env 2>/dev/null || { mkdir -p env/bin && echo "home = /usr/bin" > env/pyvenv.cfg; }
mkdir -p src mlflow_runs/0/abc
echo 'print("train")' > src/train.py
echo 'metric: 0.9' > mlflow_runs/0/abc/meta.yaml
git add -A && git commit -qm "Add training script and environment"
git switch -qc feature/x
echo 'print("predict")' > src/predict.py
git add -A && git commit -qm "Add the prediction script"
git switch -q main && git merge -q --no-ff -m "Merge branch 'feature/x'" feature/x
git remote add origin https://github.com/cheat/wine.git
