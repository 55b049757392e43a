#!/usr/bin/env bash
# The mlops track's reference solution: the sample learner project, which
# completes every lab of the track, with its git history.
#   usage: reference.sh TARGET_DIR
set -euo pipefail
exec bash "$(dirname "$0")/../../../examples/make-sample-repo.sh" "$@" >/dev/null
