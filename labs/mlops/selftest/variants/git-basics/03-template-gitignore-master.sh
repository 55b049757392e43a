#!/usr/bin/env bash
# VARIANT (git-basics): default branch "master", a GitLab SSH remote, a src/wine/
# package, Russian commit messages, and a .gitignore written in the style of
# GitHub's Python template: ".venv" and "env/" without/with slash, "*.py[cod]",
# "__pycache__" with no slash, "/mlruns" anchored, ".env*" with "!.env.example";
# .env.example (the file the hint recommends) is committed; the venv, caches, mlruns
# and a real .env exist on disk, ignored.
# Targets: ml-gitignore, nothing-unwanted, all-committed, repository, branch-merge,
# commit-messages (all must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-01-07T10:00:00Z" GIT_COMMITTER_DATE="2026-01-07T10:00:00Z"
git init -q -b master .
printf "# wine-quality\n\nУчебный ML-проект: классификатор вин.\nЗапуск: python -m wine.train\n" > README.md
cat > .gitignore <<'GI'
# Byte-compiled / optimized files
__pycache__
*.py[cod]
# Environments
.venv
env/
.env*
!.env.example
# ML
/mlruns
*.ckpt
GI
git add -A && git commit -qm "Добавлены README и .gitignore для ML-проекта"
mkdir -p src/wine
: > src/wine/__init__.py
printf "import logging\nlog = logging.getLogger(__name__)\n\ndef main():\n    log.info(\"train\")\n" > src/wine/train.py
printf "MLFLOW_TRACKING_URI=http://localhost:5000\nAPI_TOKEN=\n" > .env.example
git add -A && git commit -qm "Добавлен пакет wine со скриптом обучения"
git switch -qc feature/eval
printf "def accuracy(p, y):\n    return sum(a == b for a, b in zip(p, y)) / len(y)\n" > src/wine/evaluate.py
git add -A && git commit -qm "Добавлена метрика accuracy для оценки модели"
git switch -q master && git merge -q --no-ff -m "Слияние ветки feature/eval" feature/eval
git remote add origin git@gitlab.com:variant-learner/wine-quality.git
mkdir -p .venv src/wine/__pycache__ mlruns/0
echo "home = /usr/bin" > .venv/pyvenv.cfg
echo x > src/wine/__pycache__/train.cpython-312.pyc
echo "API_TOKEN=local-dev-token-123" > .env
echo "name: x" > mlruns/0/meta.yaml
