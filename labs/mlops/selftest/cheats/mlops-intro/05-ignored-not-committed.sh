#!/usr/bin/env bash
# CHEAT (mlops-intro): full notes exist on disk, but notes/ is in .gitignore and
# only a placeholder notes/README.md is force-added; mlops-intro.md is never committed.
# Targets: notes-committed (must fail).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-05T10:00:00Z" GIT_COMMITTER_DATE="2026-01-05T10:00:00Z"
git init -q -b main .
mkdir -p notes
printf 'notes/\n' > .gitignore
echo "notes go here" > notes/README.md
git add .gitignore && git add -f notes/README.md && git commit -qm "Add notes folder placeholder"
cat > notes/mlops-intro.md <<'MD'
# What is MLOps

MLOps applies DevOps practice to machine learning: models are versioned,
tested, deployed and watched like any other software, so that a model that
works in a notebook also works in production, and keeps working.

## ML project lifecycle

1. Data: collect, clean and version the data set.
2. Training: run experiments, track parameters and metrics, pick a model.
3. Deployment: package the model behind an API and ship it.
4. Monitoring: watch latency, errors and data drift; retrain when needed.

## Problems MLOps solves

- Experiments that nobody can reproduce a month later.
- Manual, error-prone deployment of models.
- Models that silently decay when the data drifts.
- No record of which data and code produced a model.

## Sources

- https://www.youtube.com/watch?v=ZVWg18AXXuE (MLOps explained)
- https://ml-ops.org/content/mlops-principles
- https://developers.google.com/machine-learning/guides/rules-of-ml
MD
