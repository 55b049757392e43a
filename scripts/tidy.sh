#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy: bugprone, performance, function size) over
# labs' own sources: the files given, else every file under runner/ and
# checks/. Any finding fails. Needs a build's compile_commands.json.
#   usage: scripts/tidy.sh [BUILD_DIR] [FILE...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
if [ ! -f "$build/compile_commands.json" ]; then
  echo "scripts/tidy.sh: $build/compile_commands.json is missing: build first (scripts/build.sh)" >&2
  exit 2
fi
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'runner/*.cpp' 'checks/*.cpp')
fi
# clang-tidy says "N warnings generated" on stderr for every file, findings
# or not; the findings themselves go to stdout.
if printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 2 clang-tidy -p "$build" --quiet 2>/dev/null; then
  echo "tidy: ${#files[@]} files, no finding"
else
  echo "tidy: findings above (.clang-tidy lists the checks)" >&2
  exit 1
fi
