#!/usr/bin/env bash
# VARIANT: GitLab instead of GitHub. No .github/; a .gitlab-ci.yml with stages lint/test/build:
# `ruff check .` + `black --check .`, `python -m pytest -q`, and `docker build` with docker:dind.
# GitLab runs a pipeline on every push by default (no `on:` key exists).
# Targets: github-actions/workflow-on-push, tests-automated, image-built, linters (must PASS);
#          ml-testing/tests-in-ci (must PASS).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
git rm -rq .github
cat > .gitlab-ci.yml <<'YML'
stages: [lint, test, build]

default:
  image: python:3.11-slim

lint:
  stage: lint
  script:
    - pip install ruff black
    - ruff check .
    - black --check .

test:
  stage: test
  script:
    - pip install -r requirements.txt
    - python -m pytest -q --junitxml=report.xml
  artifacts:
    reports:
      junit: report.xml

build-image:
  stage: build
  image: docker:24
  services: [docker:24-dind]
  script:
    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA" .
YML
git add -A && git commit -qm "Move CI to GitLab"
