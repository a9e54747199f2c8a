#!/usr/bin/env bash
# Builds and runs the libFuzzer harnesses for what a peer can send: the sandbox's request parameters
# (Fuzz/SandboxParametersFuzz) and the client's response headers (Fuzz/HeaderFuzz).
#
#   scripts/fuzz-parsers.sh [SECONDS] [sandbox|headers|both] [extra libFuzzer flags…]   (default: 60 seconds, both)
#
# Each harness is compiled in one module with the source files it exercises, with coverage instrumentation
# and AddressSanitizer; JSONValues is compiled the same way, and swift-collections' OrderedCollections comes
# from SwiftPM's debug build. Findings land in $FUZZ_WORK/crashes (default: a folder under the system
# temporary directory).
set -euo pipefail

seconds="${1:-60}"
which="${2:-both}"
shift $(( $# > 2 ? 2 : $# )) || true
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${FUZZ_WORK:-${TMPDIR:-/tmp}/easel-fuzz-parsers}"
mkdir -p "$work/crashes" "$work/modules"
cd "$root"

echo "== building OrderedCollections with SwiftPM"
swift build --target JSONValues >/dev/null
bin="$(swift build --show-bin-path)"

features=(-swift-version 6 -enable-upcoming-feature ExistentialAny
    -enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature MemberImportVisibility)
sanitize=(-sanitize=fuzzer,address -parse-as-library -g -Onone)
collections=("$bin"/OrderedCollections.build/*.o "$bin"/InternalCollectionsUtilities.build/*.o)

echo "== compiling JSONValues with -sanitize=fuzzer,address"
swiftc "${features[@]}" "${sanitize[@]}" -module-name JSONValues -emit-library -static \
    -emit-module -emit-module-path "$work/modules/JSONValues.swiftmodule" -I "$bin/Modules" \
    Sources/JSONValues/*.swift -o "$work/libJSONValues.a"

run() {
    local name="$1" corpus="$work/corpus-$1"
    shift
    mkdir -p "$corpus"
    echo "== fuzzing $name for $seconds seconds"
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" \
        "$work/$name" -max_total_time="$seconds" -timeout=10 -max_len=8192 -rss_limit_mb=2048 \
        -artifact_prefix="$work/crashes/$name-" "$@" "$corpus"
}

if [ "$which" = sandbox ] || [ "$which" = both ]; then
    echo "== linking the sandbox parameters harness"
    sandbox=()
    for name in RequestParameters RackParameters PercentEncoding MultipartForm SandboxNumber CanvasAPIError RubyFloat \
        SandboxFaults CanvasIDForm SandboxValidationErrors; do sandbox+=("Sources/Sandbox/$name.swift"); done
    swiftc "${features[@]}" "${sanitize[@]}" -module-name SandboxParametersFuzz -I "$work/modules" -I "$bin/Modules" \
        "${sandbox[@]}" Fuzz/SandboxParametersFuzz/main.swift \
        "$work/libJSONValues.a" "${collections[@]}" -o "$work/sandbox-fuzz"
    if [ ! -s "$work/corpus-sandbox-fuzz/seed" ]; then
        mkdir -p "$work/corpus-sandbox-fuzz"
        printf '\x00per_page=10&a[b][]=1\n{"course": {"name": "x", "points": 1e3}}' >"$work/corpus-sandbox-fuzz/seed"
        printf '\x01ids[]=1&ids[]=2\ncourse[name]=A&course[x][][y]=1' >"$work/corpus-sandbox-fuzz/form"
        printf '\x02\n--b\r\nContent-Disposition: form-data; name="a[b]"\r\n\r\nv\r\n--b--\r\n' \
            >"$work/corpus-sandbox-fuzz/multipart"
        printf '\x04spec=slow%%3D1%%402s\n' >"$work/corpus-sandbox-fuzz/faults"
    fi
    run sandbox-fuzz "$@"
fi

if [ "$which" = headers ] || [ "$which" = both ]; then
    echo "== linking the header harness"
    canvas=()
    for name in RateHeaderValue CanvasHeaders LinkHeader ThrottleGovernorState; do
        canvas+=("Sources/Canvas/$name.swift")
    done
    swiftc "${features[@]}" "${sanitize[@]}" -module-name HeaderFuzz -I "$work/modules" \
        "${canvas[@]}" Fuzz/HeaderFuzz/main.swift -o "$work/header-fuzz"
    if [ ! -s "$work/corpus-header-fuzz/seed" ]; then
        mkdir -p "$work/corpus-header-fuzz"
        printf '587.23\n1.0e-05\n2\n<https://c.test/a?page=2>; rel="next"' >"$work/corpus-header-fuzz/seed"
        printf -- '-12.5\n0.0\nSun, 06 Nov 1994 08:49:37 GMT' >"$work/corpus-header-fuzz/date"
    fi
    run header-fuzz "$@"
fi
