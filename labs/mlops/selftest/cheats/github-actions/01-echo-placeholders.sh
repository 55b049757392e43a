#!/usr/bin/env bash
# CHEAT: the workflow only *mentions* the tools. pytest, docker build and flake8 appear
# in echo strings, step names and YAML comments; nothing is actually run.
# Targets: github-actions/tests-automated, image-built, linters (must FAIL).
#          ml-testing/tests-in-ci (must FAIL).
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
      # - run: flake8 . && black --check .
      - name: Run flake8 and black
        run: echo "flake8 later"
      - name: pytest
        run: echo "pytest later"
      # - run: docker build -t wine-quality .
      - name: docker build -t wine-quality .
        run: echo "docker build later, black --check too"
YML
git add -A && git commit -qm "CI: placeholders"
