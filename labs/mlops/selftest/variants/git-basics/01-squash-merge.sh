#!/usr/bin/env bash
# VARIANT (git-basics): the GitHub "Squash and merge" workflow: work is done on
# feature/evaluate in two commits, then merged with git merge --squash and one
# commit on main (no merge commit; the branch is kept and is fully merged in content).
# Targets: branch-merge (a fair checker must pass), first-commits, commit-messages.
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
git switch -qc feature/evaluate
printf "def accuracy(p, y):\n    return sum(a == b for a, b in zip(p, y)) / len(y)\n" > src/evaluate.py
git add -A && git commit -qm "Add an accuracy metric for evaluation"
printf "\n\ndef error_rate(p, y):\n    return 1 - accuracy(p, y)\n" >> src/evaluate.py
git add -A && git commit -qm "Add the error rate next to accuracy"
git switch -q main
git merge -q --squash feature/evaluate
git commit -qm "Add model evaluation metrics (squashed feature/evaluate, #1)"
git remote add origin https://github.com/variant-learner/wine-quality.git
