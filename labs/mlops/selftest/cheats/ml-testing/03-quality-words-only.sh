#!/usr/bin/env bash
# CHEAT: no data-quality test. The data tests only compare normalize() output; the words the
# checker looks for appear only in a TODO comment and in an unrelated `for ... in range(...)`
# loop of the A/B test (tests/test_ab.py, as in the sample project). (Verified separately:
# with tests/test_ab.py removed, the TODO comment alone still satisfies the item.)
# Targets: ml-testing/data-quality (must FAIL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Cheating Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheating Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
cat > tests/test_data.py <<'PY'
from prep import normalize

# TODO: check missing values, ranges and the schema one day


def test_data_normalize():
    assert normalize([2.0, 4.0, 8.0]) == [0.25, 0.5, 1.0]


def test_data_all_zero_column():
    assert normalize([0, 0]) == [0.0, 0.0]
PY
git add -A && git commit -qm "Simplify data tests"
