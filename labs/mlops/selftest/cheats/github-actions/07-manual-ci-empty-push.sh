#!/usr/bin/env bash
# CHEAT: the real CI steps live in a manual-only workflow (workflow_dispatch) that no push
# ever starts; the workflow that does run on push has a `paths:` filter nothing matches and
# only says hello. So on a push no test, lint or build ever runs.
# Targets: github-actions/workflow-on-push, tests-automated, image-built, linters (must FAIL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Cheating Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheating Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
sed -i 's/^on: \[push, pull_request\]$/on: workflow_dispatch/' .github/workflows/ci.yml
cat > .github/workflows/push.yml <<'YML'
name: push
on:
  push:
    paths: ['never/matches/**']
jobs:
  hello:
    runs-on: ubuntu-latest
    steps:
      - run: echo hello
YML
git add -A && git commit -qm "CI: manual run, hello on push"
