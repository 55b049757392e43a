#!/usr/bin/env bash
# CHEAT: failures are swallowed: `pytest || true`, `continue-on-error: true` on the lint
# step, `docker build ... || echo skipped`. The workflow is always green.
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
      - run: pip install -r requirements.txt flake8
      - run: flake8 --max-line-length 120 src app tests
        continue-on-error: true
      - run: pytest -q || true
      - run: docker build -t wine-quality . || echo "build skipped"
YML
git add -A && git commit -qm "CI: keep it green"
