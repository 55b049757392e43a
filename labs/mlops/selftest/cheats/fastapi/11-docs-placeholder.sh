#!/usr/bin/env bash
# CHEAT (fastapi-ml): copied the sample, then turned the docs off (FastAPI(docs_url=None),
# "for security") and put a hand-written /docs page in their place that only says where
# the docs used to be: text mentioning swagger-ui, no Swagger UI.
# Targets: swagger-ui (must fail: the API does not document itself in Swagger UI).
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
s = s.replace('app = FastAPI(title="wine-quality")',
              'app = FastAPI(title="wine-quality", docs_url=None, redoc_url=None)  # no public docs\n\n\n'
              '@app.get("/docs", include_in_schema=False)\n'
              'def docs_placeholder():\n'
              '    from fastapi.responses import HTMLResponse\n'
              '    return HTMLResponse("<html><body><p>swagger-ui is disabled on this server; '
              'see README.md for the request format.</p></body></html>")')
a.write_text(s)
PY
git add -A && git commit -qm "Hide the API docs"
