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
case "$sanitizers" in
  address,undefined) preset=asan-ubsan ;;
  thread) preset=tsan ;;
  *) echo "scripts/sanitize.sh: sanitizers are address,undefined or thread" >&2; exit 2 ;;
esac
werror=OFF
if [ -n "${CI:-}" ] && [ "$CI" != false ]; then werror=ON; fi
cmake --preset "$preset" -DLABS_WERROR="$werror" >/dev/null
cmake --build "$build" -j "$(nproc)"
# Sanitizer options and the suppression of libgit2's known leak are compiled
# in (cmake/sanitizer_defaults.cpp), so labs started inside probes has them too.
cd "$build"
if [ "$sanitizers" = thread ]; then
  ctest --output-on-failure -j "$(nproc)" -R '^(executor|process|service|line worker|cache|progress|grade|gradebook|faults)' "$@"
else
  ctest --output-on-failure -j "$(nproc)" "$@"
fi
