#!/usr/bin/env bash
# Learner repositories as real ones look (issue 23 point 10): the sample
# project plus what students commit — a screen recording, a data set, model
# files, screenshots — over a few dozen commits, different bytes in each.
#   usage: bench/make-large-class.sh DIR COUNT [MEGABYTES of binaries per learner, default 100]
set -euo pipefail
dir=${1:?usage: $0 DIR COUNT [MB]}
count=${2:?usage: $0 DIR COUNT [MB]}
megabytes=${3:-100}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
bash "$here/../examples/make-sample-repo.sh" "$dir/sample" >/dev/null
export GIT_AUTHOR_NAME=Learner GIT_AUTHOR_EMAIL=l@example.com GIT_COMMITTER_NAME=Learner GIT_COMMITTER_EMAIL=l@example.com
echo "student,repo" > "$dir/roster.csv"
for i in $(seq "$count"); do
  name=$(printf 'large-%03d' "$i")
  git clone -q "$dir/sample" "$dir/$name"
  cd "$dir/$name"
  mkdir -p media data models screenshots
  head -c $((megabytes * 6 / 10))M /dev/urandom > media/demo.mp4            # incompressible
  git add -f media && git commit -qm "Add the demo recording"
  for part in 1 2 3; do                                                     # compressible, grows
    seq $((i * 1000)) $((i * 1000 + megabytes * 20000)) | sed 's/$/,0.5,red,1/' >> data/wine.csv
    git add -f data && git commit -qm "More data ($part)"
  done
  for version in 1 2; do
    head -c $((megabytes / 10))M /dev/urandom > models/model.pkl
    git add -f models && git commit -qm "Model v$version"
  done
  for shot in $(seq 20); do
    head -c 100K /dev/urandom > "screenshots/step-$shot.png"
    git add -f screenshots && git commit -qm "Screenshot $shot"
  done
  cd - >/dev/null
  echo "$name,$name" >> "$dir/roster.csv"
done
du -sh "$dir" | sed 's/^/class on disk: /'
