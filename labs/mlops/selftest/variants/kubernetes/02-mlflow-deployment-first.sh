#!/usr/bin/env bash
# VARIANT (kubernetes-basics): beside the API's manifests, a small MLflow
# tracking server Deployment (one replica, no probes: it is not what the lab
# asks about) in a file that sorts first, and a CI note with {{ }} in a comment
# of the HPA file. The API's Deployment has everything: must pass.
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
cat > k8s/00-mlflow.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mlflow
spec:
  selector:
    matchLabels: {app: mlflow}
  template:
    metadata:
      labels: {app: mlflow}
    spec:
      containers:
        - name: mlflow
          image: ghcr.io/mlflow/mlflow:v2.9.2
          args: ["mlflow", "server", "--host", "0.0.0.0"]
          ports: [{containerPort: 5000}]
YAML
hpa=$(grep -l "HorizontalPodAutoscaler" k8s/*.y*ml | head -1)
{ echo "# CI replaces the image tag: {{ git sha }}"; cat "$hpa"; } > "$hpa.new" && mv "$hpa.new" "$hpa"
git add -A && git commit -qm "Run the MLflow server in the cluster too"
