#!/usr/bin/env bash
# Installs what is missing, checks the code's format, builds (warnings are
# errors under CI), runs clang-tidy and every test (unit and end-to-end), then
# the threaded parts again under ThreadSanitizer (build-thread/). On a quick
# local run, LABS_SKIP_SANITIZER=1 leaves out TSan and LABS_SKIP_TIDY=1 tidy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/format.sh --check
bash scripts/build.sh
if [ "${LABS_SKIP_TIDY:-0}" != 1 ]; then
  bash scripts/tidy.sh build
fi
(cd build && ctest --output-on-failure -j "$(nproc)")
if [ "${LABS_SKIP_SANITIZER:-0}" != 1 ]; then
  bash scripts/sanitize.sh thread
fi
