#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into build-fuzz/ and runs
# each for SECONDS (default 60), two at a time; a crash input lands in
# build-fuzz/crashes/ — fix it, then keep it in fuzz/regressions/TARGET/ so
# the test suite replays it.
#   usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(lab_loader dockerfile junit_xml mlflow_store repo_files selector)
cmake --preset fuzz >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")
mkdir -p build-fuzz/crashes
run_one() {
  local target=$1 seconds=$2 corpus=build-fuzz/corpus/$1
  mkdir -p "$corpus"
  build-fuzz/fuzz/fuzz_"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix=build-fuzz/crashes/"$target"- "$corpus" fuzz/corpus/"$target" \
    > build-fuzz/"$target".log 2>&1 && echo "fuzz_$target: no crash in ${seconds} s ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' build-fuzz/"$target".log | grep -o '[0-9]*$') runs)" \
    || { echo "fuzz_$target: FAILED, see build-fuzz/$target.log"; return 1; }
}
export -f run_one
printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c "run_one {} $seconds"
