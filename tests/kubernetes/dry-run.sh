#!/usr/bin/env bash
# kubectl apply --dry-run=client of the given manifests against api_stub.py
# (discovery only, no cluster): exits as kubectl does, its output on stdout.
# Field validation needs the server's OpenAPI schema, which the stub has not.
set -uo pipefail
work="$(mktemp -d)"
trap 'kill "$stub" 2>/dev/null; wait "$stub" 2>/dev/null; rm -rf "$work"' EXIT
/usr/bin/python3 "$(dirname "$0")/api_stub.py" "$work/port" &
stub=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
args=()
for manifest in "$@"; do args+=(-f "$manifest"); done
HOME="$work" kubectl apply --dry-run=client --validate=false -s "http://127.0.0.1:$(cat "$work/port")" "${args[@]}" 2>&1
