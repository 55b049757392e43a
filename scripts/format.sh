#!/usr/bin/env bash
# Formats every C++ file of the repository with clang-format (.clang-format);
# with --check, changes nothing and fails when a file is not formatted.
#   usage: scripts/format.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if [ "${1:-}" = --check ]; then
  clang-format --dry-run -Werror "${files[@]}"
  echo "format: ${#files[@]} files, all formatted"
else
  clang-format -i "${files[@]}"
fi
