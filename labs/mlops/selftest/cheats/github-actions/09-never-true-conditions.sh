#!/usr/bin/env bash
# CHEAT: steps that run but do nothing useful on a push: pytest deselects every test
# (`-k "not test"`) and is pointed at a missing path with --continue-on-collection-errors;
# the lint job only runs for workflow_dispatch (`if: github.event_name == 'workflow_dispatch'`);
# the image step runs only on a branch that does not exist (`if: github.ref == 'refs/heads/release-never'`).
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
on: [push, pull_request, workflow_dispatch]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - run: pytest -q -k "not test" tests/ || [ $? -eq 5 ]
  lint:
    if: github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install flake8 && flake8 .
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - if: github.ref == 'refs/heads/release-never'
        run: docker build -t wine-quality .
YML
git add -A && git commit -qm "CI: conditional jobs"
