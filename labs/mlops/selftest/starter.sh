#!/usr/bin/env bash
# Where an mlops learner starts: a folder just put under git, with a bytecode
# cache committed by accident and a notebook not committed yet. Every
# automatic item of the track must fail here.
#   usage: starter.sh TARGET_DIR
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="New Learner" GIT_AUTHOR_EMAIL="new@example.com"
export GIT_COMMITTER_NAME="New Learner" GIT_COMMITTER_EMAIL="new@example.com"
git init -q -b main .
printf '# My ML project\n' > README.md
mkdir -p __pycache__ && printf 'bytecode' > __pycache__/model.cpython-311.pyc
git add -A && git commit -qm "first"
printf '{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}\n' > explore.ipynb
