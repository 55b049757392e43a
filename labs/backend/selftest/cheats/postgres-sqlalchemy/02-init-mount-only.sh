#!/usr/bin/env bash
# CHEAT (postgres-sqlalchemy): copied the sample, then dropped the named volume
# of the database: the postgres service only bind-mounts the init scripts
# (./sql into /docker-entrypoint-initdb.d), so its data lives in the container
# and dies with it (docker compose down loses every task).
# Targets: postgres-in-docker (must fail: no volume holds /var/lib/postgresql/data).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
cat > compose.yaml <<'YAML'
services:
  api:
    build: .
    env_file: .env
    ports:
      - "8000:8000"
    depends_on:
      db:
        condition: service_healthy

  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: ${POSTGRES_USER}
      POSTGRES_DB: ${POSTGRES_DB}
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U $$POSTGRES_USER"]
      interval: 5s
      retries: 10
    volumes:
      - ./sql:/docker-entrypoint-initdb.d:ro
YAML
git add -A && git commit -qm "Simpler compose: init the database from sql/"
