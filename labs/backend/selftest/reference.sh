#!/usr/bin/env bash
# The backend track's reference solution: the backend sample project, which
# completes every automatic item of the track, with its git history.
#   usage: reference.sh TARGET_DIR
set -euo pipefail
exec bash "$(dirname "$0")/../../../examples/make-backend-repo.sh" "$@" >/dev/null
