#!/usr/bin/env bash
# Installs, from Debian 12's packages, whatever labs needs to build and test
# that the machine does not have yet. Safe to run again.
# --build-only: just what building the labs binary needs (CI gates use it).
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config git python3 ca-certificates
  libgit2-dev libyaml-cpp-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libboost-dev libboost-filesystem-dev libboost-regex-dev libpugixml-dev libsqlite3-dev libcsv-dev libssl-dev
)
[ "${1:-}" = "--build-only" ] || packages+=(
  catch2 clang-format clang-tidy
  python3-pytest python3-fastapi python3-uvicorn python3-httpx python3-flask python3-markdown-it
  python3-jsonschema python3-yaml python3-alembic python3-psycopg2 postgresql prometheus
  tmux zsh fish man-db
  libxml2-utils perl
  podman podman-compose runc busybox-static
  bubblewrap chromium
)
# kubectl validates the Kubernetes example (any kubectl will do: a
# machine may already have one from another package).
if [ "${1:-}" != "--build-only" ] && ! command -v kubectl >/dev/null; then packages+=(kubernetes-client); fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# Some container images start with /dev/null as a plain file; daemons that
# detach (tmux's server, Podman's conmon) then fail with "No such device".
if [ ! -c /dev/null ]; then
  echo "repairing /dev/null (a plain file here, not the null device)"
  $sudo rm -f /dev/null && $sudo mknod -m 666 /dev/null c 1 3
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
