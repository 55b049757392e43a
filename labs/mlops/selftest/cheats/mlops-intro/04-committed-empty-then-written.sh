#!/usr/bin/env bash
# CHEAT (mlops-intro): an empty notes/mlops-intro.md is committed, the real notes
# are written afterwards but never committed (git status shows it modified).
# Targets: notes-committed (must fail: the committed notes are empty).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-05T10:00:00Z" GIT_COMMITTER_DATE="2026-01-05T10:00:00Z"
git init -q -b main .
mkdir -p notes
: > notes/mlops-intro.md
git add -A && git commit -qm "Add notes on MLOps basics"
cat > notes/mlops-intro.md <<'MD'
# What is MLOps

MLOps applies DevOps practice to machine learning so that models are versioned,
tested, deployed and watched like any other software. A notebook model is not a
product: it needs data pipelines, reproducible training and a way to ship it.
Teams use MLOps to shorten the path from an experiment to production.

## ML project lifecycle

1. Data: collect, clean and version the data set.
2. Training: run experiments, track parameters and metrics.
3. Deployment: put the model behind an API.
4. Monitoring: watch latency, errors and drift.

## Problems MLOps solves

- Experiments nobody can reproduce.
- Manual, error-prone deployment.
- Models that silently decay on drifting data.

## Sources

- https://ml-ops.org/content/mlops-principles
- https://developers.google.com/machine-learning/guides/rules-of-ml
- https://www.youtube.com/watch?v=ZVWg18AXXuE
MD
