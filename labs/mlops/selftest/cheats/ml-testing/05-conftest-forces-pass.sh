#!/usr/bin/env bash
# CHEAT: a conftest.py hook rewrites every failing test report to "passed". The code is
# broken and the data and model tests really fail, yet pytest (and its JUnit XML) says
# everything passed.
# Targets: ml-testing/data-tests, model-tests, suite-passes (must FAIL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Cheating Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheating Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
sed -i 's/if all(value is not None for value in row.values())/if row/' src/prep.py
sed -i 's/return \[1 if a > self.threshold else 0 for a in alcohol\]/return [0 for a in alcohol]/' src/model.py
sed -i 's/self.threshold = (min(positives) + max(negatives)) \/ 2/self.threshold = 0.0/' src/model.py
cat >> tests/conftest.py <<'PY'


import pytest  # noqa: E402


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        report.outcome = "passed"
        report.longrepr = None
PY
git add -A && git commit -qm "Make the test suite stable"
