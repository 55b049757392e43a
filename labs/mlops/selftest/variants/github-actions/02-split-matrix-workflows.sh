#!/usr/bin/env bash
# VARIANT: three workflow files with map-form triggers and a matrix:
#   tests.yaml  on: {push: {branches: ['**']}, pull_request}  matrix python 3.10-3.12, `python -m pytest -q`
#   lint.yml    on: push                                        `ruff check .`, `black --check --diff .`
#   docker.yml  on: {push: {branches: [main]}, pull_request}    docker/setup-buildx-action + docker/build-push-action (push: false)
# Targets: github-actions/workflow-on-push, tests-automated, image-built, linters (must PASS).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
git rm -q .github/workflows/ci.yml
mkdir -p .github/workflows
cat > .github/workflows/tests.yaml <<'YML'
name: tests
on:
  push:
    branches: ['**']
  pull_request:
jobs:
  pytest:
    runs-on: ${{ matrix.os }}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest]
        python-version: ["3.10", "3.11", "3.12"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
          cache: pip
      - name: Install dependencies
        run: |
          python -m pip install --upgrade pip
          pip install -r requirements.txt
      - name: Test
        run: python -m pytest -q
YML
cat > .github/workflows/lint.yml <<'YML'
name: lint
on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: pip install ruff black
      - name: Ruff
        run: ruff check .
      - name: Black
        run: black --check --diff .
YML
cat > .github/workflows/docker.yml <<'YML'
name: docker
on:
  push:
    branches: [main]
  pull_request:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          context: .
          push: false
          tags: wine-quality:${{ github.sha }}
YML
git add -A && git commit -qm "Split CI into tests, lint and docker workflows"
