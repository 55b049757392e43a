#!/usr/bin/env bash
# Creates the backend sample project as a real git repository, one commit per
# week of the backend track, completing every automatic item of the track.
#   usage: examples/make-backend-repo.sh TARGET_DIR
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
source_dir=$(cd "$(dirname "$0")/backend-sample" && pwd)
if [ -e "$target" ]; then echo "$target exists; pick a new folder" >&2; exit 2; fi
mkdir -p "$target"
cd "$target"
export GIT_AUTHOR_NAME="Sample Learner" GIT_AUTHOR_EMAIL="learner@example.com"
export GIT_COMMITTER_NAME="Sample Learner" GIT_COMMITTER_EMAIL="learner@example.com"
git init -q -b main .
commit() { git add -A && git commit -qm "$1"; }
cp -r "$source_dir/README.md" "$source_dir/.gitignore" "$source_dir/requirements.txt" "$source_dir/app" "$source_dir/Dockerfile" "$source_dir/.dockerignore" .
commit "A TODO CRUD API with validation and logging, in Docker"
cp -r "$source_dir/sql" "$source_dir/alembic" "$source_dir/alembic.ini" "$source_dir/compose.yaml" "$source_dir/.env.example" .
commit "PostgreSQL with SQLAlchemy models and Alembic migrations"
cp -r "$source_dir/tests" .
commit "Tests for the API"
mkdir -p deploy && cp "$source_dir/deploy/todo-api.service" "$source_dir/deploy/firewall.sh" deploy/ && cp -r "$source_dir/notes" .
commit "Run the API under systemd behind ufw"
cp -r "$source_dir/.github" "$source_dir/deploy" "$source_dir/answers.yaml" "$source_dir/labs-evidence.yaml" .
commit "CI/CD with deploys, Nginx with HTTPS, a message broker, theory answers"
echo "backend sample project ready in $target"
