#!/usr/bin/env bash
# CHEAT (GitLab): .gitlab-ci.yml whose jobs never run on a push: the test job has
# `rules: [{when: never}]`, the lint job is `when: manual`, the image job only runs for tags
# (`only: [tags]`) and is `allow_failure: true`. .github/ is removed.
# Targets: github-actions/workflow-on-push, tests-automated, linters, image-built (must FAIL);
#          ml-testing/tests-in-ci (must FAIL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Cheating Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheating Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
git rm -rq .github
cat > .gitlab-ci.yml <<'YML'
test:
  image: python:3.11-slim
  rules:
    - when: never
  script:
    - pip install -r requirements.txt
    - pytest -q

lint:
  image: python:3.11-slim
  when: manual
  script:
    - pip install flake8 && flake8 .

image:
  image: docker:24
  services: [docker:24-dind]
  only: [tags]
  allow_failure: true
  script:
    - docker build -t wine-quality .
YML
git add -A && git commit -qm "GitLab CI"
