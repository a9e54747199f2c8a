#!/usr/bin/env bash
# Builds the libFuzzer harness in Fuzz/YAMLFuzz against the YAML layer's sources and runs it.
#
#   scripts/fuzz-yaml.sh [SECONDS] [extra libFuzzer flags…]      (default: 60 seconds)
#
# The YAML, Diagnostics and JSONValues sources are compiled here with coverage instrumentation and
# AddressSanitizer; swift-collections' OrderedCollections comes from SwiftPM's debug build. Findings land
# in $FUZZ_WORK/crashes (default: a folder under the system temporary directory).
set -euo pipefail

seconds="${1:-60}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${FUZZ_WORK:-${TMPDIR:-/tmp}/easel-fuzz-yaml}"
mkdir -p "$work/corpus" "$work/crashes"
cd "$root"

echo "== building OrderedCollections with SwiftPM"
swift build --target JSONValues >/dev/null
bin="$(swift build --show-bin-path)"

features=(-swift-version 6 -enable-upcoming-feature ExistentialAny
    -enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature MemberImportVisibility)
sanitize=(-sanitize=fuzzer,address -parse-as-library -g -Onone)
collections=("$bin"/OrderedCollections.build/*.o "$bin"/InternalCollectionsUtilities.build/*.o)

# module NAME SOURCE_DIR [extra flags…]: one static library and module per easel target.
module() {
    local name="$1" dir="$2"
    shift 2
    swiftc "${features[@]}" "${sanitize[@]}" -module-name "$name" -emit-library -static \
        -emit-module -emit-module-path "$work/modules/$name.swiftmodule" \
        -I "$work/modules" -I "$bin/Modules" "$@" \
        "$dir"/*.swift -o "$work/lib$name.a"
}

echo "== compiling Diagnostics, JSONValues and YAML with -sanitize=fuzzer,address"
mkdir -p "$work/modules"
module Diagnostics Sources/Diagnostics
module JSONValues Sources/JSONValues
module YAML Sources/YAML -I Sources/CYAML

echo "== linking the harness"
swiftc "${features[@]}" "${sanitize[@]}" -module-name YAMLFuzz -I "$work/modules" -I "$bin/Modules" -I Sources/CYAML \
    Fuzz/YAMLFuzz/main.swift "$work/libYAML.a" "$work/libJSONValues.a" "$work/libDiagnostics.a" \
    "${collections[@]}" -lyaml -lm -o "$work/yaml-fuzz"

# Seed the corpus with small job-like documents once.
if [ -z "$(ls -A "$work/corpus")" ]; then
    printf 'easel: 1\nname: demo\nvars: { account: "sis_account_id:ENG" }\n' >"$work/corpus/job"
    printf 'steps:\n  - id: a\n    get: /api/v1/x/${{ vars.a }}\n    body: { course: { event: offer } }\n' >"$work/corpus/steps"
    printf 'base: &b { a: 1, b: [x, y] }\nother:\n  <<: *b\n  c: !!str 3\n' >"$work/corpus/anchors"
    printf 'text: |\n  line\n  line\nfold: >-\n  a\n  b\nq: "x\\ty"\ns: '"'"'it'"''"'s'"'"'\n' >"$work/corpus/scalars"
fi

echo "== fuzzing for $seconds seconds"
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" \
    "$work/yaml-fuzz" -max_total_time="$seconds" -timeout=10 -max_len=4096 -rss_limit_mb=2048 \
    -artifact_prefix="$work/crashes/" "$@" "$work/corpus"
