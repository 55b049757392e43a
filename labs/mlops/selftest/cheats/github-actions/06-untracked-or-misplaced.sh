#!/usr/bin/env bash
# CHEAT: the workflow was never committed: the learner's CI file sits in the work tree
# only (GitHub never sees it), and the committed one is in a wrong folder
# (.github/workflow/ singular), which GitHub ignores.
# Targets: github-actions/workflow-on-push, tests-automated, image-built, linters (must FAIL);
#          ml-testing/tests-in-ci (must FAIL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Cheating Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheating Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
git mv .github/workflows .github/workflow
git commit -qm "Move CI"
mkdir -p .github/workflows
cp .github/workflow/ci.yml .github/workflows/ci.yml   # untracked: never pushed
