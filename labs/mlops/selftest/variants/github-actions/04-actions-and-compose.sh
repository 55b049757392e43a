#!/usr/bin/env bash
# VARIANT: marketplace actions and multi-line scripts: linting with the official
# `psf/black@stable` and `astral-sh/ruff-action@v3` actions, tests in a `run: |` block
# (`python -m pytest tests/ --junitxml=...`), the image built with `docker compose build`.
# Targets: github-actions/tests-automated, image-built, linters (must PASS).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
cat > .github/workflows/ci.yml <<'YML'
name: CI
on:
  push:
  pull_request:
    branches: [main]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: astral-sh/ruff-action@v3
      - uses: psf/black@stable
        with:
          options: "--check --verbose"
  test:
    runs-on: ubuntu-latest
    needs: lint
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - name: Install and test
        run: |
          pip install -r requirements.txt
          python -m pytest tests/ --junitxml=test-results.xml
  image:
    runs-on: ubuntu-latest
    needs: test
    steps:
      - uses: actions/checkout@v4
      - name: Build the API image
        run: docker compose build
YML
git add -A && git commit -qm "CI with marketplace actions"
