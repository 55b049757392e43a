#!/usr/bin/env bash
# CHEAT (fastapi-ml): copied the sample; the API tests call /predict but wrap every check in
# try/except Exception: pass, so they pass whatever the API answers — here the API is broken
# too (/predict raises on every request, 500), and the suite is still green.
# Targets: api-tests (must fail: the tests check nothing).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-02-04T10:00:00Z" GIT_COMMITTER_DATE="2026-02-04T10:00:00Z"
python3 - <<'PY'
from pathlib import Path
a = Path("app/main.py")
s = a.read_text()
s = s.replace("    variant = choose_variant(user_id)\n", "    variant = choose_variant(user_id)\n    variant = variant.upper()  # refactor in progress\n")
a.write_text(s)
PY
cat > tests/test_api.py <<'PY'
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app, raise_server_exceptions=False)


def test_api_predicts():
    try:
        response = client.post("/predict", json={"alcohol": 13.5, "acidity": 0.4})
        assert response.status_code == 200
        assert response.json()["prediction"] == 1
    except Exception:
        pass


def test_api_rejects_invalid_input():
    try:
        assert client.post("/predict", json={"alcohol": "strong"}).status_code == 422
    except Exception:
        pass
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
git add -A && git commit -qm "Make the API tests robust"
