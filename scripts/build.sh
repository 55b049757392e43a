#!/usr/bin/env bash
# Configures and builds labs (and its tests) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset dev >/dev/null
cmake --build build -j "$(nproc)"
