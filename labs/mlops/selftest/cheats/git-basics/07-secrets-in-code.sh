#!/usr/bin/env bash
# CHEAT (git-basics): secrets committed in code instead of a .env file: a
# src/settings.py with a hard-coded AWS key pair (AKIA... / secret) and an
# OpenAI-style "sk-proj-..." token. (A committed private key in a .json IS caught.)
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
mkdir -p src config
echo 'print("train")' > src/train.py
git add -A && git commit -qm "Add the training script"
git switch -qc feature/x
printf 'OPENAI_API_KEY = "sk-proj-4fQ9xZ2mB7nK1pL8vR3tW6yH0cJ5dE2aG9sU4iO7"\nAWS_ACCESS_KEY_ID = "AKIAQ3EGRT5JXKZP7V2M"\nAWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY9"\n' > src/settings.py
git add -A && git commit -qm "Add settings for the cloud bucket"
git switch -q main && git merge -q --no-ff -m "Merge branch 'feature/x'" feature/x
git remote add origin https://github.com/cheat/wine.git
