#!/usr/bin/env bash
# CHEAT: the workflow never runs on a push: ci.yml is manual only (workflow_dispatch),
# and a second file has `on: push` with `branches-ignore: ['**']` (matches every branch).
# Targets: github-actions/workflow-on-push (must FAIL); ml-testing/tests-in-ci (must FAIL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Cheating Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheating Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
sed -i 's/^on: \[push, pull_request\]$/on: workflow_dispatch/' .github/workflows/ci.yml
cat > .github/workflows/nightly.yml <<'YML'
name: nightly
on:
  push:
    branches-ignore: ['**']
  schedule:
    - cron: "0 3 * * *"
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt && pytest -q
YML
git add -A && git commit -qm "CI: run by hand"
