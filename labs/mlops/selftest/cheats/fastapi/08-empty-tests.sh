#!/usr/bin/env bash
# CHEAT (fastapi-ml): copied the sample, then replaced tests/test_api.py with placeholders:
# TestClient is imported, but test_api() is `pass` and test_api_docs() is `assert True`.
# No test sends a request.
# Targets: api-tests (must fail: no test calls the API).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-02-04T10:00:00Z" GIT_COMMITTER_DATE="2026-02-04T10:00:00Z"
cat > tests/test_api.py <<'PY'
from fastapi.testclient import TestClient  # noqa: F401  (used later)


def test_api():
    pass


def test_api_docs():
    assert True
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
git add -A && git commit -qm "Add API tests"
