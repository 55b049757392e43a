#!/usr/bin/env bash
# Builds labs and its tests with sanitizers into build-SANITIZERS/ and runs
# tests there: ASan + UBSan over the whole suite by default, or TSan over the
# scheduler and probe tests (the threaded parts).
#   usage: scripts/sanitize.sh [address,undefined | thread] [CTEST_ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=${1:-address,undefined}
shift || true
build=build-${sanitizers//,/-}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" -DLABS_BUILD_BENCH=OFF -DLABS_SANITIZE="$sanitizers" >/dev/null
cmake --build "$build" -j "$(nproc)"
# Sanitizer options and the suppression of libgit2's known leak are compiled
# in (cmake/sanitizer_defaults.cpp), so labs started inside probes has them too.
cd "$build"
if [ "$sanitizers" = thread ]; then
  ctest --output-on-failure -j "$(nproc)" -R '^(executor|process|service|line worker|cache|progress|grade|gradebook|faults)' "$@"
else
  ctest --output-on-failure -j "$(nproc)" "$@"
fi
