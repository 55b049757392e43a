#!/usr/bin/env bash
# Grades a class on the cluster kubectl points at: the volume, the shards,
# then the merge, each after the one before has finished. The roster must be
# on the volume at /grades/roster.csv (kubectl cp it into any pod mounting it).
# Usage: bash ci/kubernetes/grade-class.sh [TIMEOUT]   (default 2h)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
timeout="${1:-2h}"
kubectl apply -f "$here/volume.yaml"
kubectl apply -f "$here/grade-job.yaml"
kubectl wait --for=condition=complete job/labs-grade-week2 --timeout="$timeout"
kubectl apply -f "$here/merge-job.yaml"
kubectl wait --for=condition=complete job/labs-merge-week2 --timeout=10m
kubectl logs job/labs-merge-week2
echo "the gradebook is on the volume: /grades/week2/all/grades.csv and report.html"
