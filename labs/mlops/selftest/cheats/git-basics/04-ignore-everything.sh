#!/usr/bin/env bash
# CHEAT (git-basics): .gitignore is a single "*" (ignores everything, so the four
# required paths are "ignored"); files are added with git add -f. Also the only
# Python "code" is an empty main.py, and the remote is a bogus local path.
# Targets: ml-gitignore (must fail), code-committed (must fail: empty .py),
# repository (must fail: remote is not a real remote URL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-07T10:00:00Z" GIT_COMMITTER_DATE="2026-01-07T10:00:00Z"
git init -q -b main .
echo '*' > .gitignore
printf '# wine\n\nA study ML project.\nTrain it with python main.py\n' > README.md
git add -f .gitignore README.md && git commit -qm "Add README and gitignore"
: > main.py
git add -f main.py && git commit -qm "Add the main script file"
git switch -qc feature/x
echo "notes later" > NOTES.md
git add -f NOTES.md && git commit -qm "Add a notes file placeholder"
git switch -q main && git merge -q --no-ff -m "Merge branch 'feature/x'" feature/x
git remote add origin nothing
