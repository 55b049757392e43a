#!/usr/bin/env bash
# CHEAT (git-basics): the committed .gitignore is empty (just a comment); the
# patterns live only in this clone's .git/info/exclude, so teammates and CI get
# nothing ignored. Also README of three "x" lines.
# Targets: ml-gitignore (must fail: the committed .gitignore ignores nothing);
# repository (README.md is filler, should fail).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-07T10:00:00Z" GIT_COMMITTER_DATE="2026-01-07T10:00:00Z"
git init -q -b main .
printf 'x\nx\nx\n' > README.md
echo "# TODO" > .gitignore
printf '.venv/\n__pycache__/\nmlruns/\n.env\n' >> .git/info/exclude
git add -A && git commit -qm "Add README and gitignore"
echo 'print("train")' > train.py
git add -A && git commit -qm "Add the training script"
git switch -qc feature/x
echo 'print("predict")' > predict.py
git add -A && git commit -qm "Add the prediction script"
git switch -q main && git merge -q --no-ff -m "Merge branch 'feature/x'" feature/x
git remote add origin https://github.com/cheat/wine.git
