#!/usr/bin/env bash
# CHEAT (fastapi-ml): like a constant /predict, dressed up as a production answer: the
# prediction is always 1, but every answer carries a fresh request_id (uuid4) and the time
# it was served, so no two answers are byte-for-byte the same.
# Targets: api-serves (must fail: the prediction never depends on the input).
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
    '    import uuid\n'
    '    from datetime import datetime, timezone\n'
    '    return {"prediction": 1, "request_id": str(uuid.uuid4()),\n'
    '            "served_at": datetime.now(timezone.utc).isoformat()}\n\n\n'))
PY
git add -A && git commit -qm "Add a request id and a timestamp to every prediction"
