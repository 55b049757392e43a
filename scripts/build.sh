#!/usr/bin/env bash
# Configures and builds labs (and its tests) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
# In CI (labs' own), a compiler warning fails the build.
werror=OFF
if [ -n "${CI:-}" ] && [ "$CI" != false ]; then werror=ON; fi
cmake --preset dev -DLABS_WERROR="$werror" >/dev/null
cmake --build build -j "$(nproc)"
