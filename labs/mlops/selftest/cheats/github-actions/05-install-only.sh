#!/usr/bin/env bash
# CHEAT: the steps only install the tools or print their help; nothing is tested, linted
# or built: `pip install pytest flake8 black`, `pytest --version`, `pytest --collect-only`,
# `black --version`, `docker build --help`, `docker pull python:3.11`.
# Targets: github-actions/tests-automated, linters, image-built (must FAIL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Cheating Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheating Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
cat > .github/workflows/ci.yml <<'YML'
name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install pytest flake8 black ruff
      - run: pytest --version && pytest --collect-only -q
      - run: flake8 --version && black --version && ruff --help
      - run: docker build --help && docker pull python:3.11
YML
git add -A && git commit -qm "CI: set up tools"
