#!/usr/bin/env bash
# Creates the sample learner project as a real git repository with a history
# that completes every automatic item of the mlops track: commits, a feature branch
# merged with --no-ff, a remote, a (git-ignored) virtualenv, tests, an API.
#   usage: examples/make-sample-repo.sh TARGET_DIR
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
source_dir=$(cd "$(dirname "$0")/sample-project" && pwd)
if [ -e "$target" ]; then echo "$target exists; pick a new folder" >&2; exit 2; fi
mkdir -p "$target"
cd "$target"
export GIT_AUTHOR_NAME="Sample Learner" GIT_AUTHOR_EMAIL="learner@example.com"
export GIT_COMMITTER_NAME="Sample Learner" GIT_COMMITTER_EMAIL="learner@example.com"
git init -q -b main .
cp "$source_dir/README.md" "$source_dir/.gitignore" .
git add -A && git commit -qm "Add README and a .gitignore for ML projects"
cp -r "$source_dir/requirements.txt" "$source_dir/config.yaml" "$source_dir/src" .
git add -A && git commit -qm "Add training script with logging and YAML config"
git switch -qc feature/notes
cp -r "$source_dir/notes" .
git add -A && git commit -qm "Add notes on MLOps basics and the ML lifecycle"
git switch -q main
git merge -q --no-ff -m "Merge branch 'feature/notes'" feature/notes
cp -r "$source_dir/tests" "$source_dir/app" "$source_dir/.github" .
git add -A && git commit -qm "Add data, model and API tests, the FastAPI app and a CI workflow"
cp "$source_dir/Dockerfile" "$source_dir/.dockerignore" "$source_dir/compose.yaml" .
git add -A && git commit -qm "Containerize the API and run MLflow next to it"
cp -r "$source_dir/dags" "$source_dir/data" "$source_dir/.dvc" "$source_dir/.dvcignore" "$source_dir/dvc.yaml" "$source_dir/dvc.lock" .
git add -A && git commit -qm "Version the data with DVC and retrain weekly with Airflow"
cp -r "$source_dir/monitoring" .
git add -A && git commit -qm "Monitor the API: metrics, alerts, a Grafana dashboard and a drift check"
cp -r "$source_dir/k8s" "$source_dir/feature_repo" "$source_dir/labs-evidence.yaml" .
git add -A && git commit -qm "Deploy to Kubernetes with autoscaling and a canary; add the feature store"
# MLflow runs stay out of git (.gitignore) but are in the work tree, as after training.
# (In this repository examples/sample-project/mlruns is force-added: git add -f.)
cp -r "$source_dir/mlruns" .
git remote add origin https://github.com/sample-learner/wine-quality.git
# The virtualenv is ignored by git; --without-pip needs no network.
python3 -m venv --without-pip .venv 2>/dev/null || { mkdir -p .venv && echo "home = /usr/bin" > .venv/pyvenv.cfg; }
echo "sample project ready in $target"
