#!/usr/bin/env bash
# CHEAT (mlops-intro): a heading "# MLOps" followed by filler lines ("x", "todo",
# "...") to reach the 15-line minimum; no actual notes in own words.
# Targets: notes-written (must fail).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-05T10:00:00Z" GIT_COMMITTER_DATE="2026-01-05T10:00:00Z"
git init -q -b main .
mkdir -p notes
{ echo "# MLOps"; for i in $(seq 1 16); do echo "x"; done; } > notes/mlops-intro.md
git add -A && git commit -qm "Add notes on MLOps basics"
