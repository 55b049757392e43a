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
echo "== probes: runner overhead, parallel scheduling, cached re-runs"
make_probe_lab() {  # make_probe_lab FILE COUNT COMMAND
  { printf 'schema: 1\nid: probes\ntrack: bench\nweek: 1\ntitle: Probes\nitems:\n'
    for i in $(seq "$2"); do printf '  - id: p%s\n    text: p%s\n    verify:\n      - command: {run: "%s"}\n' "$i" "$i" "$3"; done
  } > "$1"
}
mkdir -p "$work/trivial" "$work/sleepy"
make_probe_lab "$work/trivial/lab.yaml" 200 true
make_probe_lab "$work/sleepy/lab.yaml" 16 "sleep 1"
cd "$work/sample"
hyperfine -N --warmup 1 --runs 5 --export-markdown "$work/probes.md" \
  "sh -c 'for i in \$(seq 200); do sh -c true; done'" \
  "$labs --labs $work/trivial verify bench/all --no-cache --jobs 1" \
  "$labs --labs $work/sleepy verify bench/all --no-cache --jobs 4" >/dev/null
cat "$work/probes.md"
echo "-- the sandbox's cost per probe: the same 200 probes without a sandbox, in the kept"
echo "   sandbox, and with a bubblewrap each (a copy of labs with no labs-probe-launcher beside it)"
cp "$labs" "$work/labs-alone"
hyperfine -N --warmup 1 --runs 15 --export-markdown "$work/sandbox.md" \
  "$labs --labs $work/trivial verify bench/all --no-cache --jobs 1 --no-sandbox" \
  "$labs --labs $work/trivial verify bench/all --no-cache --jobs 1" \
  "$work/labs-alone --labs $work/trivial verify bench/all --no-cache --jobs 1" >/dev/null
cat "$work/sandbox.md"
"$labs" verify week3 week4 >/dev/null  # fill the cache
hyperfine -N --warmup 2 --runs 20 --export-markdown "$work/cached.md" \
  "git status" "$labs verify week3 week4" >/dev/null
cat "$work/cached.md"

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

echo
echo "== MLflow: a file store of 10,000 runs x 20 metrics (10 points each)"
git init -q "$work/mlflow"
python3 "$here/make-mlflow-store.py" "$work/mlflow/mlruns" 10000 20
cd "$work/mlflow"
hyperfine -N --warmup 1 --runs 5 --export-markdown "$work/mlflow.md" \
  "sh -c 'find mlruns -type f | xargs cat > /dev/null'" \
  "$labs --labs $here/labs-mlflow verify bench/all" >/dev/null
cat "$work/mlflow.md"
/usr/bin/time -f "peak memory of labs: %M KiB" "$labs" --labs "$here/labs-mlflow" verify bench/all >/dev/null

echo
echo "== labs grade: 200 generated learners (bench/make-class.sh), weeks 1-2 without probes"
bash "$here/make-class.sh" "$work/class" 200 >/dev/null
cd "$work/class"
hyperfine -N -i --runs 5 --export-markdown "$work/grade.md" \
  --prepare "rm -rf $work/out $work/cache" -n "fresh cache" \
  "$labs grade roster.csv week1 week2 --no-probes --jobs 2 --out $work/out --cache $work/cache" \
  --prepare "rm -rf $work/out" -n "cached mirrors" \
  "$labs grade roster.csv week1 week2 --no-probes --jobs 2 --out $work/out --cache $work/cache" >/dev/null
cat "$work/grade.md"
for count in 50 200; do
  head -n $((count + 1)) roster.csv > "roster-$count.csv"
  rm -rf "$work/out"
  /usr/bin/time -f "peak memory, $count learners: %M KiB" \
    "$labs" grade "roster-$count.csv" week1 week2 --no-probes --jobs 2 --out "$work/out" --cache "$work/cache" >/dev/null || true
done

echo
echo "== labs grade: 8 large learner repositories (100 MB of committed media, data and models each)"
bash "$here/make-large-class.sh" "$work/large" 8 100 >/dev/null
cd "$work/large"
hyperfine -N -i --runs 3 --export-markdown "$work/large.md" \
  --prepare "rm -rf $work/large/clones" -n "git clone --local, each" \
  "sh -c 'mkdir -p clones; for r in large-*; do git clone -q \$r clones/\$r; done'" \
  --prepare "rm -rf $work/out $work/cache" -n "labs grade, fresh cache" \
  "$labs grade roster.csv week1 --no-probes --jobs 1 --out $work/out --cache $work/cache" \
  --prepare "rm -rf $work/out" -n "labs grade, cached mirrors" \
  "$labs grade roster.csv week1 --no-probes --jobs 1 --out $work/out --cache $work/cache" >/dev/null
cat "$work/large.md"
rm -rf "$work/large" "$work/out" "$work/cache"

echo
echo "== labs grade: 20 learners, week 3 (pytest and a FastAPI server per learner)"
head -n 21 roster.csv > roster-20.csv
for jobs in 1 2; do
  rm -rf "$work/out"
  /usr/bin/time -f "--jobs $jobs: %e s, peak memory %M KiB" \
    "$labs" grade roster-20.csv week3 --jobs "$jobs" --out "$work/out" --cache "$work/cache" >/dev/null || true
done

echo
echo "== project discovery on a 10,000-file repository (issue 21)"
python3 - "$work/tenk" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(100):
    os.makedirs(f"{root}/data/part{d}", exist_ok=True)
    for f in range(95):
        open(f"{root}/data/part{d}/row{f}.csv", "w").write("a,b\n1,2\n")
os.makedirs(f"{root}/src/pkg", exist_ok=True)
os.makedirs(f"{root}/configs", exist_ok=True)
for f in range(400):
    open(f"{root}/src/pkg/mod{f}.py", "w").write(f"def f{f}(x):\n    return x\n")
for f in range(50):
    open(f"{root}/configs/c{f}.yaml", "w").write("a: 1\n")
open(f"{root}/Dockerfile", "w").write("FROM python:3.11\n")
PY
git -C "$work/tenk" init -q && git -C "$work/tenk" add -A
git -C "$work/tenk" -c user.email=b@e -c user.name=bench commit -qm files
cd "$work/tenk"
hyperfine -N --warmup 3 --runs 30 --export-markdown "$work/discovery.md" \
  "git ls-files" "git ls-files -o --exclude-standard" "git status" >/dev/null
cat "$work/discovery.md"
"$bench" "$work/tenk" --discover 30

echo
echo "== scratch copy of a 1 GB work tree (issue 21)"
python3 - "$work/onegig" <<'PY'
import os, sys
root = sys.argv[1]
os.makedirs(f"{root}/data", exist_ok=True)
os.makedirs(f"{root}/src", exist_ok=True)
block = os.urandom(1 << 20)
for f in range(8):
    with open(f"{root}/data/shard{f}.bin", "wb") as out:
        for _ in range(128):
            out.write(block)
for f in range(2000):
    open(f"{root}/src/mod{f}.py", "w").write(f"def f{f}(x):\n    return x\n")
PY
git -C "$work/onegig" init -q && git -C "$work/onegig" add src
git -C "$work/onegig" -c user.email=b@e -c user.name=bench commit -qm code
cd "$work"
hyperfine -N --warmup 1 --runs 5 --export-markdown "$work/scratch.md" \
  --prepare "rm -rf $work/copy" "cp -a --reflink=auto $work/onegig $work/copy" \
  --prepare "rm -rf $work/copy" "cp -al $work/onegig $work/copy" >/dev/null
rm -rf "$work/copy"
cat "$work/scratch.md"
"$bench" "$work/onegig" --scratch 5
