#!/usr/bin/env bash
# The main job: install what is missing, build, create the bundled sample
# learner project as a git repository, and run `labs verify week1` in it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
sample=$(mktemp -d)/wine-quality
bash examples/make-sample-repo.sh "$sample"
cd "$sample"
exec "$OLDPWD/build/labs" verify week1
