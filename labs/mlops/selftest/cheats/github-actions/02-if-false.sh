#!/usr/bin/env bash
# CHEAT: every real step is neutralised: the jobs carry `if: false` (never scheduled),
# or the step has `if: ${{ false }}`, so nothing ever runs on push.
# Targets: github-actions/tests-automated, image-built, linters (must FAIL).
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
    if: false
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt flake8
      - run: flake8 --max-line-length 120 src app tests
      - run: pytest -q
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - if: ${{ false }}
        run: docker build -t wine-quality .
YML
git add -A && git commit -qm "CI: disable for now"
