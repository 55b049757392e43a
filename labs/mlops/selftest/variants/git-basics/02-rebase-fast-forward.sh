#!/usr/bin/env bash
# VARIANT (git-basics): a linear-history team workflow: main moves on, the feature
# branch is rebased onto it and merged fast-forward (git merge --ff-only); the
# branch ref is kept. The only remote is named "upstream" (SSH URL), not origin.
# Targets: branch-merge (a fair checker must pass), repository.
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-01-07T10:00:00Z" GIT_COMMITTER_DATE="2026-01-07T10:00:00Z"
git init -q -b main .
printf "# wine-quality\\n\\nA study ML project: a wine classifier.\\nRun: python src/train.py\\n" > README.md
printf ".venv/\\n__pycache__/\\n*.pyc\\nmlruns/\\n.env\\n" > .gitignore
git add -A && git commit -qm "Add README and a .gitignore for ML projects"
mkdir -p src
printf "import logging\\nlogging.basicConfig(level=logging.INFO)\\nlogging.getLogger(__name__).info(\\"training\\")\\n" > src/train.py
git add -A && git commit -qm "Add the training script with logging"
git switch -qc feature/predict
printf "def predict(model, rows):\n    return model.predict(rows)\n" > src/predict.py
git add -A && git commit -qm "Add a prediction helper"
git switch -q main
printf "\nSee src/ for the code.\n" >> README.md
git add -A && git commit -qm "Point the README at the source folder"
git switch -q feature/predict
git rebase -q main
git switch -q main
git merge -q --ff-only feature/predict
git remote add upstream git@github.com:variant-learner/wine-quality.git
