#!/usr/bin/env bash
# VARIANT (mlops-intro): ordinary English Markdown written differently from the
# sample: title "# Introduction to MLOps", section "## The ML project life-cycle"
# (hyphenated), problems as a numbered list and as "+" bullets, sources as Markdown
# links [title](url) in a "### Further reading / sources" heading; notes committed on
# a branch and merged.
# Targets: notes-written, lifecycle, problems, sources, notes-committed (all must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-01-05T10:00:00Z" GIT_COMMITTER_DATE="2026-01-05T10:00:00Z"
git init -q -b main .
mkdir -p notes
echo "# Study notes" > README.md
git add -A && git commit -qm "Start the study notes repository"
git switch -qc notes/mlops
cat > notes/mlops-intro.md <<'MD'
# Introduction to MLOps

MLOps is the set of practices that takes a model from a data scientist's laptop
to a service that real users call, and keeps it healthy there. It borrows CI/CD,
infrastructure as code and monitoring from DevOps and adds what is special to ML:
data versioning, experiment tracking and model registries.

## The ML project life-cycle

First the **data** is gathered and versioned; then the model is **trained** and
evaluated in tracked experiments; the chosen model is **deployed** behind an API;
finally it is **monitored** for latency, errors and drift, which triggers retraining.

## What problems does it solve?

1. Results that cannot be reproduced because nobody recorded data and code versions.
2. Slow, manual hand-over from research to engineering.
3. Model quality silently degrading in production.

+ Bonus: no shared place to compare experiments.

### Further reading / sources

+ [MLOps principles](https://ml-ops.org/content/mlops-principles)
+ [Rules of ML](https://developers.google.com/machine-learning/guides/rules-of-ml)
+ [Video: MLOps explained](https://www.youtube.com/watch?v=ZVWg18AXXuE)
MD
git add -A && git commit -qm "Write notes on the MLOps life-cycle"
git switch -q main && git merge -q --no-ff -m "Merge notes on MLOps" notes/mlops
