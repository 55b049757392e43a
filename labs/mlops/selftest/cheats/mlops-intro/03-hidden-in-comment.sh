#!/usr/bin/env bash
# CHEAT (mlops-intro): the file is the hint template copied into an HTML comment
# (renders as an empty page): headings, stage names, bullets and links exist only
# inside <!-- ... --> and nothing is written by the learner.
# Targets: notes-written, lifecycle, problems, sources (all must fail).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-05T10:00:00Z" GIT_COMMITTER_DATE="2026-01-05T10:00:00Z"
git init -q -b main .
mkdir -p notes
cat > notes/mlops-intro.md <<'MD'
<!-- TEMPLATE - fill in later
# What is MLOps
TODO
TODO
TODO
## ML project lifecycle
TODO: data, training, deployment, monitoring
## Problems MLOps solves
- TODO
- TODO
- TODO
## Sources
- https://example.com/1
- https://example.com/2
- https://example.com/3
-->
MD
git add -A && git commit -qm "Add notes on MLOps basics"
