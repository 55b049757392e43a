#!/usr/bin/env bash
# VARIANT (python-env): the environment made with "python3 -m venv env" (the name
# the Python tutorial uses) and ignored; dependencies pinned in a conda
# environment.yml (numpy=1.26.4, pip: mlflow==2.22.0) plus a pinned requirements.txt
# exported from it; logging via "from logging import getLogger, basicConfig, INFO";
# settings for Hydra in conf/config.yaml, loaded by @hydra.main(config_path="../conf").
# Targets: virtualenv, logging, config-file, config-loaded (a fair checker must pass).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
export GIT_AUTHOR_DATE="2026-01-09T10:00:00Z" GIT_COMMITTER_DATE="2026-01-09T10:00:00Z"
git init -q -b main .
printf "# wine-quality\\n\\nA study ML project: a wine classifier.\\n" > README.md
printf "env/\n__pycache__/\noutputs/\nmlruns/\n.env\n" > .gitignore
cat > environment.yml <<'YML'
name: wine
channels: [conda-forge]
dependencies:
  - python=3.11
  - numpy=1.26.4
  - scikit-learn=1.4.2
  - pip
  - pip:
      - mlflow==2.22.0
      - hydra-core==1.3.2
YML
printf "numpy==1.26.4\nscikit-learn==1.4.2\nmlflow==2.22.0\nhydra-core==1.3.2\n" > requirements.txt
mkdir -p src conf
cat > src/train.py <<'PY'
"""Train the wine classifier; Hydra loads conf/config.yaml."""
from logging import INFO, basicConfig, getLogger

import hydra
from omegaconf import DictConfig
from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier

basicConfig(level=INFO, format="%(asctime)s %(levelname)s %(message)s")
logger = getLogger(__name__)


@hydra.main(config_path="../conf", config_name="config", version_base=None)
def main(cfg: DictConfig) -> None:
    logger.info("n_estimators=%s max_depth=%s", cfg.model.n_estimators, cfg.model.max_depth)
    x, y = load_wine(return_X_y=True)
    model = RandomForestClassifier(n_estimators=cfg.model.n_estimators, max_depth=cfg.model.max_depth)
    logger.info("Train accuracy: %.3f", model.fit(x, y).score(x, y))


if __name__ == "__main__":
    main()
PY
cat > conf/config.yaml <<'YAML'
model:
  n_estimators: 100
  max_depth: 6
data:
  test_size: 0.2
YAML
git add -A && git commit -qm "Add the training script with Hydra config and a conda environment"
python3 -m venv --without-pip env 2>/dev/null || { mkdir -p env && echo "home = /usr/bin" > env/pyvenv.cfg; }
