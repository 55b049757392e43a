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
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLABS_BUILD_BENCH=OFF -DLABS_SANITIZE="$sanitizers" >/dev/null
cmake --build "$build" -j "$(nproc)"
# Debian's libgit2 1.5.1 leaks PCRE2 match data per config lookup (libgit2
# #6382): not ours, so suppressed; anything else leaking fails the run.
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
cd "$build"
if [ "$sanitizers" = thread ]; then
  ctest --output-on-failure -j "$(nproc)" -R '^(executor|scheduler|process|probe|service|line worker|LineWorker)' "$@"
else
  ctest --output-on-failure -j "$(nproc)" "$@"
fi
