#!/usr/bin/env bash
# Packs the autograder zip that Gradescope takes (setup.sh and run_autograder
# at its root, labs' source beside them): bash ci/gradescope/make-autograder.sh
# [OUT.zip]. Edit ci/gradescope/labs.env first to choose the labs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$(realpath -m "${1:-autograder.zip}")"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "$here/setup.sh" "$here/run_autograder" "$here/labs.env" "$stage/"
mkdir "$stage/labs-src"
git -C "$repo" archive HEAD | tar -x -C "$stage/labs-src"
rm -f "$out"
(cd "$stage" && python3 -m zipfile -c "$out" setup.sh run_autograder labs.env labs-src)
echo "wrote $out: upload it as the autograder of a Gradescope programming assignment"
