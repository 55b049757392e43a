#!/usr/bin/env bash
# Where a backend learner starts: a hello-world FastAPI file and a README,
# nothing else. Every automatic item of the track must fail here.
#   usage: starter.sh TARGET_DIR
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="New Learner" GIT_AUTHOR_EMAIL="new@example.com"
export GIT_COMMITTER_NAME="New Learner" GIT_COMMITTER_EMAIL="new@example.com"
git init -q -b main .
printf '# todo-api\n' > README.md
mkdir -p app && printf 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\ndef hello():\n    print("hello")\n    return {"hello": "world"}\n' > app/main.py
git add -A && git commit -qm "Hello FastAPI"
