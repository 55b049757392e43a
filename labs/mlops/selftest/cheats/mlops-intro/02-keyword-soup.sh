#!/usr/bin/env bash
# CHEAT (mlops-intro): just the keywords the checker wants, no content: one heading
# line stuffed with all section names, one line "data train deploy monitor", three
# one-letter bullets, one fake URL repeated on a single line, padded with dots.
# Targets: lifecycle, problems, sources (all must fail); notes-written too.
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-05T10:00:00Z" GIT_COMMITTER_DATE="2026-01-05T10:00:00Z"
git init -q -b main .
mkdir -p notes
cat > notes/mlops-intro.md <<'MD'
# MLOps lifecycle problems sources
data train deploy monitor
- a
- b
- c
http://x http://x http://x
.
.
.
.
.
.
.
.
.
.
MD
git add -A && git commit -qm "Add notes on MLOps basics"
