#!/usr/bin/env bash
# CHEAT (git-basics): database and MLflow credentials committed inside connection
# URLs (user:password@host) in config.yaml and in src/db.py, instead of coming from
# the environment.
# Targets: nothing-unwanted (must fail: secrets committed).
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
mkdir -p src
echo 'print("train")' > src/train.py
git add -A && git commit -qm "Add the training script"
git switch -qc feature/db
cat > config.yaml <<'YAML'
database:
  url: postgresql://mladmin:Wine2026Prod!@db.internal.example.com:5432/wine
mlflow:
  tracking_uri: https://admin:Mlfl0wAdminPass@mlflow.example.com
YAML
printf 'import sqlalchemy\nENGINE = sqlalchemy.create_engine("postgresql://mladmin:Wine2026Prod!@db.internal.example.com:5432/wine")\n' > src/db.py
git add -A && git commit -qm "Read training data from the production database"
git switch -q main && git merge -q --no-ff -m "Merge branch 'feature/db'" feature/db
git remote add origin https://github.com/cheat/wine.git
