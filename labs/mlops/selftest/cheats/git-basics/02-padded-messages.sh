#!/usr/bin/env bash
# CHEAT (git-basics): meaningless commit messages padded to the 10-character
# minimum: "wip wip wip", "fix.......", "aaaaaaaaaa", "changes...", "merge merge".
# Targets: commit-messages (must fail).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-07T10:00:00Z" GIT_COMMITTER_DATE="2026-01-07T10:00:00Z"
git init -q -b main .
printf '# wine\n\nA study project.\nTrain with python train.py\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\nmlruns/\n.env\n' > .gitignore
git add -A && git commit -qm "wip wip wip"
echo 'print("train")' > train.py
git add -A && git commit -qm "fix......."
echo 'print("predict")' > predict.py
git add -A && git commit -qm "aaaaaaaaaa"
git switch -qc feature/x
echo 'print("eval")' > evaluate.py
git add -A && git commit -qm "changes..."
git switch -q main && git merge -q --no-ff -m "merge merge" feature/x
git remote add origin https://github.com/cheat/wine.git
