#!/usr/bin/env bash
# Drives the sandbox with Python canvasapi (a real third-party Canvas client) and checks the answers:
# builds easel, starts `easel sandbox` on a free port with a token made up for this run, runs pytest on
# Tests/conformance, then checks that `easel sandbox` printed its URL and token and stops cleanly on SIGINT
# and on SIGTERM; then runs the tests marked `throttle429` against a sandbox started with
# `--throttle-status 429`. Exits non-zero if any of it fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt

# A no-op after `swift test` (the same debug build).
swift build --product easel
easel="$(swift build --product easel --show-bin-path)/easel"

workdir="$(mktemp -d)"
token="1~$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')"
second_token="2~$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')"
sandbox_pid=""

cleanup() {
    if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
        kill -TERM "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

# The sandbox's output without the token line, for error messages.
show_log() { grep -v '^Token:' "$1" >&2 || true; }

# start_sandbox NAME SEED [OPTION...]: starts `easel sandbox` (with any further options), waits until it has
# written its ready file, sets $sandbox_pid and $url.
start_sandbox() {
    local name="$1" seed="$2"
    shift 2
    "$easel" sandbox --port 0 --seed "$seed" --token "$token" --token "$second_token" --ready-file "$workdir/$name.ready" \
        "$@" >"$workdir/$name.log" 2>&1 &
    sandbox_pid=$!
    for _ in $(seq 1 300); do
        [ -s "$workdir/$name.ready" ] && break
        if ! kill -0 "$sandbox_pid" 2>/dev/null; then
            echo "the sandbox stopped before it was ready:" >&2
            show_log "$workdir/$name.log"
            exit 1
        fi
        sleep 0.1
    done
    if [ ! -s "$workdir/$name.ready" ]; then
        echo "the sandbox did not become ready within 30 seconds" >&2
        exit 1
    fi
    url="$(head -n 1 "$workdir/$name.ready")"
}

# stop_sandbox NAME SIGNAL: sends SIGNAL and checks a clean stop: exit status 0, "Sandbox stopped." printed, the
# ready file removed, and the URL and token printed at start.
stop_sandbox() {
    local name="$1" signal="$2" status=0 failures=()
    kill "-$signal" "$sandbox_pid"
    wait "$sandbox_pid" || status=$?
    sandbox_pid=""
    local log="$workdir/$name.log"
    [ "$status" -eq 0 ] || failures+=("exit status $status")
    grep -qx "Canvas sandbox listening on $url" "$log" || failures+=("no 'listening on $url' line")
    grep -qxF "Token: $token" "$log" || failures+=("the token was not printed")
    grep -qx "Sandbox stopped." "$log" || failures+=("no 'Sandbox stopped.' line")
    [ ! -e "$workdir/$name.ready" ] || failures+=("the ready file was left behind")
    if ((${#failures[@]})); then
        printf 'easel sandbox did not stop cleanly on SIG%s: %s\n' "$signal" "$(IFS=';'; echo "${failures[*]}")" >&2
        show_log "$log"
        return 1
    fi
    echo "easel sandbox stopped cleanly on SIG$signal"
}

start_sandbox demo demo
echo "sandbox ready at $url"
status=0
EASEL_SANDBOX_URL="$url" EASEL_SANDBOX_TOKEN="$token" EASEL_SANDBOX_SECOND_TOKEN="$second_token" .venv/bin/python -m pytest -q -m "not throttle429" Tests/conformance "$@" || status=$?
stop_sandbox demo INT || status=1

start_sandbox empty empty
stop_sandbox empty TERM || status=1

# Hosted Canvas's throttled status since 2025-10-08.
start_sandbox throttle429 demo --throttle-status 429
echo "sandbox with --throttle-status 429 ready at $url"
EASEL_SANDBOX_URL="$url" EASEL_SANDBOX_TOKEN="$token" EASEL_SANDBOX_SECOND_TOKEN="$second_token" .venv/bin/python -m pytest -q -m throttle429 Tests/conformance "$@" || status=$?
stop_sandbox throttle429 TERM || status=1

exit "$status"
