#!/usr/bin/env bash
# CHEAT (fastapi-ml): copied the sample; the API tests are real but the whole module is
# skipped unless RUN_API_TESTS is set ("they need the model file"), which nobody sets:
# pytest reports them as skipped, never run.
# Targets: api-tests (must fail: no API test runs).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-02-04T10:00:00Z" GIT_COMMITTER_DATE="2026-02-04T10:00:00Z"
python3 - <<'PY'
from pathlib import Path
t = Path("tests/test_api.py")
s = t.read_text()
s = ("import os\n\nimport pytest\n" + s.replace("client = TestClient(app)\n",
     'client = TestClient(app)\n\npytestmark = pytest.mark.skipif(not os.getenv("RUN_API_TESTS"), '
     'reason="needs the trained model")\n'))
t.write_text(s)
PY
# The A/B tests' API calls go too (tests/test_ab.py keeps only its unit tests).
cat > tests/test_ab.py <<'PY2'
from ab import choose_variant


def test_a_user_always_gets_the_same_variant():
    assert {choose_variant("user-42") for _ in range(10)} == {choose_variant("user-42")}


def test_traffic_is_split_about_80_20():
    share_b = sum(choose_variant(f"user-{i}") == "b" for i in range(5000)) / 5000
    assert 0.15 < share_b < 0.25
PY2
git add -A && git commit -qm "Run the API tests only when asked"
