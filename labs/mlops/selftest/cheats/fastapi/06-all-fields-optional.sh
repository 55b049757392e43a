#!/usr/bin/env bash
# CHEAT (fastapi-ml): copied the sample; the tests kept failing on 422, so every field of the
# input model got a default (alcohol: float = 12.0, acidity: float = 0.5) and the bounds were
# dropped: an empty body is "valid" and predicts from the defaults.
# Targets: input-validation (must fail: {} is accepted).
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
              '    alcohol: float = 12.0\n    acidity: float = 0.5\n')
a.write_text(s)
PY
grep -q "alcohol: float = 12.0" app/main.py
git add -A && git commit -qm "Give the inputs defaults"
