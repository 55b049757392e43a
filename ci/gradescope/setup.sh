#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (choose the Ubuntu 24.04 base image, or a Debian 12 one, in the
# assignment's settings: labs needs libgit2 1.5 or newer, which Ubuntu 22.04
# does not have). It builds labs from the source packed beside it by
# make-autograder.sh and installs what the checks run (git, Python, pytest).
set -euo pipefail
source_dir="$(cd "$(dirname "$0")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
bash "$source_dir/labs-src/scripts/install-deps.sh" --build-only
apt-get install -y -qq --no-install-recommends python3-pytest python3-yaml >/dev/null
cmake -S "$source_dir/labs-src" -B /tmp/labs-build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DLABS_BUILD_TESTS=OFF -DLABS_BUILD_BENCH=OFF >/dev/null
cmake --build /tmp/labs-build --target labs
install -m 755 /tmp/labs-build/labs /usr/local/bin/labs
rm -rf /tmp/labs-build
labs --version
