#!/usr/bin/env bash
# VARIANT (kubernetes-basics): the manifests live in deploy/k8s/ as one
# multi-document file with a kustomization.yaml beside it, as kustomize
# tutorials lay them out. Everything the lab asks is there: must pass.
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
mkdir -p deploy/k8s
python3 - <<'PY'
import pathlib
parts = [p.read_text().strip() + "\n" for p in sorted(pathlib.Path("k8s").glob("*.y*ml"))]
pathlib.Path("deploy/k8s/wine-api.yaml").write_text("---\n".join(parts))
PY
printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - wine-api.yaml\n' > deploy/k8s/kustomization.yaml
git rm -rq k8s
git add -A && git commit -qm "Move the manifests to deploy/k8s with kustomize"
