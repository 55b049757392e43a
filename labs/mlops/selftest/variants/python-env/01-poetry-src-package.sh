#!/usr/bin/env bash
# VARIANT (python-env): a Poetry project: dependencies pinned exactly in
# pyproject.toml (numpy = "1.26.4") with a poetry.lock, no requirements.txt; the
# in-project venv .venv (poetry config virtualenvs.in-project true); a src/wine/
# package where logging is configured once in src/wine/log.py (basicConfig) and used
# in src/wine/train.py via LOGGER = logging.getLogger(__name__); LOGGER.info(...);
# settings in configs/train.yaml read with yaml.safe_load.
# Targets: virtualenv, requirements, logging, config-file, config-loaded (a fair
# checker must pass all).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-01-09T10:00:00Z" GIT_COMMITTER_DATE="2026-01-09T10:00:00Z"
git init -q -b main .
printf "# wine-quality\\n\\nA study ML project: a wine classifier.\\n" > README.md
printf ".venv/\n__pycache__/\nmlruns/\n.env\n" > .gitignore
cat > pyproject.toml <<'TOML'
[tool.poetry]
name = "wine"
version = "0.1.0"
description = "Wine quality classifier"
authors = ["Variant Learner <variant@example.com>"]
packages = [{ include = "wine", from = "src" }]

[tool.poetry.dependencies]
python = "^3.11"
numpy = "1.26.4"
scikit-learn = "1.4.2"
PyYAML = "6.0.1"

[build-system]
requires = ["poetry-core>=1.8"]
build-backend = "poetry.core.masonry.api"
TOML
cat > poetry.lock <<'LOCK'
[[package]]
name = "numpy"
version = "1.26.4"

[[package]]
name = "pyyaml"
version = "6.0.1"

[[package]]
name = "scikit-learn"
version = "1.4.2"
LOCK
mkdir -p src/wine configs
: > src/wine/__init__.py
cat > src/wine/log.py <<'PY'
"""One place to configure logging for the whole package."""
import logging


def setup(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
PY
cat > src/wine/train.py <<'PY'
"""Train the wine classifier with settings from configs/train.yaml."""
import logging
from pathlib import Path

import yaml
from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier

from wine.log import setup

LOGGER = logging.getLogger(__name__)


def main() -> None:
    setup()
    with (Path(__file__).parents[2] / "configs" / "train.yaml").open() as fh:
        cfg = yaml.safe_load(fh)
    LOGGER.info("Loaded config: %s", cfg)
    x, y = load_wine(return_X_y=True)
    model = RandomForestClassifier(**cfg["model"]).fit(x, y)
    LOGGER.info("Train accuracy: %.3f", model.score(x, y))


if __name__ == "__main__":
    main()
PY
cat > configs/train.yaml <<'YAML'
model:
  n_estimators: 100
  max_depth: 6
  random_state: 42
YAML
git add -A && git commit -qm "Add the wine package, Poetry project and training config"
python3 -m venv --without-pip .venv 2>/dev/null || { mkdir -p .venv && echo "home = /usr/bin" > .venv/pyvenv.cfg; }
