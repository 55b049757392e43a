#!/usr/bin/env bash
# CHEAT (fastapi-ml): copied the sample; the input model was loosened so that "13%" from a
# web form would pass: alcohol and acidity are Union[float, str] with no bounds, and a value
# that is not a number is silently replaced by 12.0. Only a missing field or a body that is
# not JSON still gets 422: {"alcohol": "strong", "acidity": "very"} or {"alcohol": -5,
# "acidity": -1} answer 200 with a prediction.
# Targets: input-validation (must fail: invalid values are accepted).
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
s = s.replace('    alcohol: float = Field(gt=0, lt=30, description="percent by volume")\n'
              '    acidity: float = Field(ge=0, description="g/l")\n',
              '    alcohol: Union[float, str]\n    acidity: Union[float, str]\n')
s = s.replace("from pydantic import BaseModel, Field\n", "from typing import Union\n\nfrom pydantic import BaseModel\n")
s = s.replace("    prediction = models[variant].predict([wine.alcohol])[0]\n",
              "    try:\n        alcohol = float(str(wine.alcohol).rstrip('%'))\n    except ValueError:\n        alcohol = 12.0\n"
              "    prediction = models[variant].predict([alcohol])[0]\n")
a.write_text(s)
PY
grep -q "Union\[float, str\]" app/main.py
cat > tests/test_api.py <<'PY'
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_api_predicts():
    response = client.post("/predict", json={"alcohol": 13.5, "acidity": 0.4})
    assert response.status_code == 200
    assert response.json()["prediction"] == 1


def test_api_accepts_percent_strings():
    assert client.post("/predict", json={"alcohol": "13.5%", "acidity": "0.4"}).json()["prediction"] == 1
PY
git add -A && git commit -qm "Accept form strings in /predict"
