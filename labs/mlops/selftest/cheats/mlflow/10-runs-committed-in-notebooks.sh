#!/usr/bin/env bash
# CHEAT (mlflow-tracking): copied the sample, but ran the experiments from a notebook in
# notebooks/, so the store is notebooks/mlruns/; the .gitignore line was anchored to the
# root (/mlruns/), and notebooks/ was committed whole: every run, metric and model.pkl
# is in git. `git check-ignore mlruns/` still says "ignored".
# Targets: mlflow-ignored (must fail: MLflow runs are committed).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-14T10:00:00Z" GIT_COMMITTER_DATE="2026-01-14T10:00:00Z"
sed -i -e 's#^mlruns/$#/mlruns/#' -e 's#^mlartifacts/$#/mlartifacts/#' .gitignore
mkdir -p notebooks
mv mlruns notebooks/mlruns
printf '{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["import sys; sys.path.insert(0, \\"../src\\")\\n", "import train; train.main()"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n' > notebooks/experiments.ipynb
git add -A && git commit -qm "Add the experiments notebook"
