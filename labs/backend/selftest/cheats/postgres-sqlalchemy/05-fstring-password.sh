#!/usr/bin/env bash
# CHEAT (postgres-sqlalchemy): copied the sample, then built the URL in the code
# from literals: DB_PASSWORD = "s3cret-pass" and an f-string
# f"postgresql://{DB_USER}:{DB_PASSWORD}@{DB_HOST}/{DB_NAME}". DATABASE_URL is
# named only in a comment; nothing is read from the environment.
# Targets: url-from-environment (must fail: the URL and its password are in the code).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-10-09T10:00:00Z" GIT_COMMITTER_DATE="2026-10-09T10:00:00Z"
cat > app/settings.py <<'PY'
"""Configuration. TODO: read DATABASE_URL from .env later."""

DB_USER = "todo"
DB_PASSWORD = "s3cret-pass"
DB_HOST = "localhost"
DB_NAME = "todo"


class Settings:
    def __init__(self) -> None:
        # the database URL (DATABASE_URL in production)
        self.database_url = f"postgresql://{DB_USER}:{DB_PASSWORD}@{DB_HOST}:5432/{DB_NAME}"
        self.redis_url = "redis://localhost:6379/0"
        self.secret_key = "dev"


settings = Settings()
PY
# the sample's db.py names DATABASE_URL in its docstring; this learner's does not
sed -i '1s/.*/"""The database: SQLAlchemy models."""/' app/db.py
git add -A && git commit -qm "Settings for the local database"
