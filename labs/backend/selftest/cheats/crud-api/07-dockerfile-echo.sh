#!/usr/bin/env bash
# CHEAT (crud-api): copied the sample, then "fixed" a Dockerfile that would not
# build: it copies only the README, installs nothing, and its CMD just prints
# the command that would start the API. The image never serves anything.
# Targets: dockerfile (must fail: the Dockerfile does not run the API).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
cat > Dockerfile <<'DOCKER'
FROM python:3.11-slim
WORKDIR /srv
COPY README.md .
EXPOSE 8000
CMD ["echo", "uvicorn app.main:app --host 0.0.0.0 --port 8000"]
DOCKER
git add -A && git commit -qm "Dockerfile that builds"
