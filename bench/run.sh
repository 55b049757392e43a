#!/usr/bin/env bash
# Measures labs' speed on this machine; figures go into docs/performance.md.
# Needs hyperfine (Debian package) and git; LABS_BINARY and LABS_BENCH point at
# the built binaries (the CMake target `bench` sets them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
labs=${LABS_BINARY:-$here/../build/labs}
bench=${LABS_BENCH:-$here/../build/bench/labs_bench}
command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== process start-up and verify week1 on the sample project"
bash "$here/../examples/make-sample-repo.sh" "$work/sample" >/dev/null
cd "$work/sample"
hyperfine -N --warmup 5 --runs 100 --export-markdown "$work/startup.md" \
  "/bin/true" "$labs --version" "$labs verify week1" >/dev/null
cat "$work/startup.md"
echo
echo "== in-process: the work after start-up"
"$bench" "$work/sample" week1 200

echo
echo "== commit count on 100,000 commits"
git init -q -b main "$work/history"
python3 "$here/make-history-repo.py" 100000 | git -C "$work/history" fast-import --quiet
git -C "$work/history" checkout -q main
git -C "$work/history" -c gc.writeCommitGraph=false gc -q
rm -f "$work/history/.git/objects/info/commit-graph"
for graph in without with; do
  if [ "$graph" = with ]; then git -C "$work/history" commit-graph write --reachable; fi
  cd "$work/history"
  hyperfine -N --warmup 2 --runs 20 --export-markdown "$work/history-$graph.md" \
    "git rev-list --count HEAD" "$labs --labs $here/labs verify bench/all" >/dev/null
  echo "-- $graph commit-graph"
  cat "$work/history-$graph.md"
done
