#!/usr/bin/env bash
# A class of learner repositories for timing `labs grade`: clones of the sample
# project (a third of them missing work), plus broken ones (an empty repository,
# a folder that is not one, a missing path), and its roster.
#   usage: bench/make-class.sh DIR COUNT
set -euo pipefail
dir=${1:?usage: $0 DIR COUNT}
count=${2:?usage: $0 DIR COUNT}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
bash "$here/../examples/make-sample-repo.sh" "$dir/sample" >/dev/null
export GIT_AUTHOR_NAME=Learner GIT_AUTHOR_EMAIL=l@example.com GIT_COMMITTER_NAME=Learner GIT_COMMITTER_EMAIL=l@example.com
echo "student,repo" > "$dir/roster.csv"
for i in $(seq "$count"); do
  name=$(printf 'learner-%04d' "$i")
  case $((i % 20)) in
    0) git init -q "$dir/$name" ;;                  # empty
    1) mkdir -p "$dir/$name" ;;                     # not a repository
    2) ;;                                           # missing
    *) git clone -q "$dir/sample" "$dir/$name"
       if [ $((i % 3)) -eq 0 ]; then
         git -C "$dir/$name" rm -q -r notes Dockerfile && git -C "$dir/$name" commit -qm "Remove notes and Dockerfile"
       fi ;;
  esac
  echo "$name,$name" >> "$dir/roster.csv"
done
