#!/usr/bin/env bash
# CHEAT (git-basics): all real work lands in ONE commit; the "history" is padded
# with empty commits (git commit --allow-empty), and the "branch work" is a branch
# holding only an empty commit, merged with --no-ff.
# Targets: first-commits, branch-merge (must fail: no real commits / nothing merged).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-07T10:00:00Z" GIT_COMMITTER_DATE="2026-01-07T10:00:00Z"
git init -q -b main .
printf '# wine\n\nA study project.\nTrain with python train.py\n' > README.md
printf '.venv/\n__pycache__/\n*.pyc\nmlruns/\n.env\n' > .gitignore
printf 'import logging\nlogging.basicConfig(level=logging.INFO)\nlogging.getLogger(__name__).info("training")\n' > train.py
git add -A && git commit -qm "Add the whole project at once"
git commit -q --allow-empty -m "Second commit for the checker"
git commit -q --allow-empty -m "Third commit for the checker"
git switch -qc feature/x
git commit -q --allow-empty -m "Empty commit on the feature branch"
git switch -q main && git merge -q --no-ff -m "Merge branch 'feature/x'" feature/x
git remote add origin https://github.com/cheat/wine.git
