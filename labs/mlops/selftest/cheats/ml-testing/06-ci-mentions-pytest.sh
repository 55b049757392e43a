#!/usr/bin/env bash
# CHEAT: CI only mentions pytest: the workflow installs it and leaves the run as a YAML
# comment / an echo, so no test ever runs in CI.
# Targets: ml-testing/tests-in-ci (must FAIL).
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
      - run: pip install -r requirements.txt pytest
      # - run: pytest -q
      - run: echo "run pytest locally before pushing"
YML
git add -A && git commit -qm "CI: install deps"
