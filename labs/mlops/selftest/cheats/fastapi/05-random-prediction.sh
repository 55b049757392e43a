#!/usr/bin/env bash
# CHEAT (fastapi-ml): copied the sample; /predict answers a random quality score ("the model goes in
# later"): round(random.uniform(3, 8), 2) whatever the wine is.
# Targets: api-serves (must fail: no model serves the answer).
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
old = s[s.index('@app.post("/predict")'):s.index('@app.get("/metrics"')]
a.write_text(s.replace(old,
    '@app.post("/predict")\n'
    'def predict(wine: Wine):\n'
    '    import random\n'
    '    return {"prediction": round(random.uniform(3, 8), 2)}\n\n\n'))
PY
git add -A && git commit -qm "Stub /predict until the model is ready"
