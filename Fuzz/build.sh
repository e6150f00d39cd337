#!/usr/bin/env bash
# Builds the libFuzzer targets into .build-fuzz/bin/: fuzz-json, fuzz-sse, fuzz-flags.
#
# Each target is one swiftc invocation over just the sources it tests plus its harness (Fuzz/<target>/),
# compiled with -sanitize=fuzzer,address. NIOCore (ByteBuffer, for PrismShared's JSON and SSE files) is built
# once with SwiftPM from Fuzz/nio into .build-fuzz/nio and linked as objects; only the NIOCore closure is ever
# built there, so every object in it belongs in the link. Targets are rebuilt only when one
# of their sources is newer than the binary.
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=.build-fuzz
NIO="$SCRATCH/nio"
BIN="$SCRATCH/bin"
SWIFT="${SWIFT:-swift}"
SWIFTC="${SWIFTC:-swiftc}"
mkdir -p "$BIN"

log() { printf '%s\n' "fuzz build: $*"; }

# NIOCore, debug, from the package Fuzz/nio (NIOCore alone): its ByteBuffer API is @inlinable, so it is
# optimised inside each target anyway, and a debug build takes half the time of a release one.
log "NIOCore (SwiftPM, $NIO)"
if ! "$SWIFT" build --package-path Fuzz/nio --scratch-path "$NIO" --target NIOCore -c debug >"$SCRATCH/nio.log" 2>&1; then
    cat "$SCRATCH/nio.log"
    exit 1
fi
NIO_DEBUG="$NIO/debug"
mapfile -t MODULE_MAPS < <(grep -F '"-module-name","NIOCore"' "$NIO/debug.yaml" | grep -o 'fmodule-map-file=[^"]*' | sort -u)
NIO_FLAGS=(-I "$NIO_DEBUG/Modules")
for map in "${MODULE_MAPS[@]}"; do NIO_FLAGS+=(-Xcc "-$map"); done
mapfile -t NIO_OBJECTS < <(find "$NIO_DEBUG/" -name '*.o' | sort)
[ "${#NIO_OBJECTS[@]}" -gt 0 ] || { echo "fuzz build: no NIOCore objects in $NIO_DEBUG" >&2; exit 1; }

# -O with ASan and libFuzzer's coverage; line tables so that a crash report names the source line.
FLAGS=(-O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -gline-tables-only)

# build NAME SOURCES... [-- LINK_ARGS...]
build() {
    local name="$1"; shift
    local sources=() link=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do sources+=("$1"); shift; done
    [ $# -gt 0 ] && { shift; link=("$@"); }
    local out="$BIN/fuzz-$name"
    local stale=1
    if [ -x "$out" ]; then
        stale=0
        for source in "${sources[@]}" Fuzz/build.sh "$NIO_DEBUG/Modules/NIOCore.swiftmodule"; do [ "$source" -nt "$out" ] && stale=1; done
    fi
    if [ "$stale" = 0 ]; then
        log "$name is up to date"
        return
    fi
    log "$name (${#sources[@]} sources)"
    # ld.gold warns about every ASan check symbol it cannot export; keep the log for real errors.
    if ! "$SWIFTC" "${FLAGS[@]}" -module-name "Fuzz_$name" "${sources[@]}" "${link[@]}" -o "$out.tmp" >"$SCRATCH/build-$name.log" 2>&1; then
        grep -v "Cannot export local symbol" "$SCRATCH/build-$name.log" >&2
        exit 1
    fi
    mv "$out.tmp" "$out"
}

build json Sources/PrismShared/JSON/*.swift Fuzz/json/*.swift -- "${NIO_FLAGS[@]}" "${NIO_OBJECTS[@]}"
build sse Sources/PrismShared/SSE/*.swift Fuzz/sse/*.swift -- "${NIO_FLAGS[@]}" "${NIO_OBJECTS[@]}"
build flags Sources/Media/Flags/*.swift Fuzz/flags/*.swift
log "done: $(cd "$BIN" && ls fuzz-* | tr '\n' ' ')"
