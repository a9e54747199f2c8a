#!/usr/bin/env bash
# Drives the sandbox with Python canvasapi (a real third-party Canvas client) and checks the answers:
# builds easel, starts `easel sandbox` on a free port with a token made up for this run, runs pytest on
# Tests/conformance, stops the sandbox, and exits with pytest's status.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check canvasapi pytest

swift build --product easel
easel="$(swift build --product easel --show-bin-path)/easel"

workdir="$(mktemp -d)"
ready_file="$workdir/ready"
token="1~$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')"
sandbox_pid=""

stop_sandbox() {
    if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
        kill -TERM "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
    sandbox_pid=""
    rm -rf "$workdir"
}
trap stop_sandbox EXIT

"$easel" sandbox --port 0 --seed demo --token "$token" --ready-file "$ready_file" >"$workdir/sandbox.log" 2>&1 &
sandbox_pid=$!

for _ in $(seq 1 300); do
    [ -s "$ready_file" ] && break
    if ! kill -0 "$sandbox_pid" 2>/dev/null; then
        echo "the sandbox stopped before it was ready:" >&2
        grep -v '^Token:' "$workdir/sandbox.log" >&2 || true
        exit 1
    fi
    sleep 0.1
done
if [ ! -s "$ready_file" ]; then
    echo "the sandbox did not become ready within 30 seconds" >&2
    exit 1
fi
url="$(head -n 1 "$ready_file")"
echo "sandbox ready at $url"

status=0
EASEL_SANDBOX_URL="$url" EASEL_SANDBOX_TOKEN="$token" .venv/bin/python -m pytest -q Tests/conformance "$@" || status=$?
stop_sandbox
trap - EXIT
exit "$status"
