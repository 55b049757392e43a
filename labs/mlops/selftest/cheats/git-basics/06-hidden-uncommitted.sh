#!/usr/bin/env bash
# CHEAT (git-basics): work left uncommitted but hidden from "git status":
# a tracked file edited after the last commit and marked
# git update-index --assume-unchanged, and a new untracked script hidden through
# .git/info/exclude.
# Targets: all-committed (must fail).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-07T10:00:00Z" GIT_COMMITTER_DATE="2026-01-07T10:00:00Z"
git init -q -b main .
printf '# wine\n\nA study ML project.\nTrain with python train.py\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\nmlruns/\n.env\n' > .gitignore
git add -A && git commit -qm "Add README and a .gitignore"
echo 'print("train v1")' > train.py
git add -A && git commit -qm "Add the training script"
git switch -qc feature/x
echo 'print("predict")' > predict.py
git add -A && git commit -qm "Add the prediction script"
git switch -q main && git merge -q --no-ff -m "Merge branch 'feature/x'" feature/x
git remote add origin https://github.com/cheat/wine.git
printf 'import logging\nprint("train v2, never committed")\n' > train.py
git update-index --assume-unchanged train.py
echo 'print("evaluate, never committed")' > evaluate.py
echo 'evaluate.py' >> .git/info/exclude
