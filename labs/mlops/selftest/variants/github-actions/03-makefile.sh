#!/usr/bin/env bash
# VARIANT: the workflow delegates to a Makefile: `make lint`, `make test`, `make image`;
# the committed Makefile runs flake8 + black --check, python -m pytest and docker build.
# Targets: github-actions/tests-automated, image-built, linters (must PASS);
#          ml-testing/tests-in-ci (should PASS: CI runs the tests through make).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
printf '%s\n' \
  '.PHONY: lint test image' \
  'lint:' \
  '	flake8 --max-line-length 120 src app tests' \
  '	black --check src app tests' \
  'test:' \
  '	python -m pytest -q' \
  'image:' \
  '	docker build -t wine-quality .' > Makefile
cat > .github/workflows/ci.yml <<'YML'
name: ci
on: [push, pull_request]
jobs:
  ci:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: pip install -r requirements.txt flake8 black
      - run: make lint
      - run: make test
      - run: make image
YML
git add -A && git commit -qm "CI through make"
