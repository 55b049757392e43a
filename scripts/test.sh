#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit and end-to-end),
# then the threaded parts again under ThreadSanitizer (build-thread/; set
# LABS_SKIP_SANITIZER=1 to leave that out on a quick local run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)")
if [ "${LABS_SKIP_SANITIZER:-0}" != 1 ]; then
  bash scripts/sanitize.sh thread
fi
