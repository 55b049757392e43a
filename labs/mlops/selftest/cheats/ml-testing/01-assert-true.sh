#!/usr/bin/env bash
# CHEAT: placeholder tests. test_data_* and test_model_* exist and "pass", but they are
# `assert True` / `pass` / a test of a literal; no learner code is exercised.
# Targets: ml-testing/data-tests, model-tests (must FAIL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Cheating Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheating Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
cat > tests/test_data.py <<'PY'
def test_data_loads():
    assert True


def test_data_is_clean():
    pass
PY
cat > tests/test_model.py <<'PY'
def test_model_trains():
    assert True


def test_model_accuracy():
    accuracy = 0.9
    assert accuracy > 0.7
PY
git add -A && git commit -qm "Add data and model tests"
