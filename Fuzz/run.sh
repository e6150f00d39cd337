#!/usr/bin/env bash
# Runs every fuzz target built by Fuzz/build.sh for SECONDS each with a fixed libFuzzer seed, prints the
# executions and findings per target, and exits non-zero when a target found something. A crashing input
# is kept as Fuzz/crashes/<target>-crash-<sha1> (reproduce: .build-fuzz/bin/fuzz-<target> <that file>).
#
#   bash Fuzz/run.sh SECONDS [SEED]        e.g. bash Fuzz/run.sh 60, bash Fuzz/run.sh 10 1
#
# Each target starts from its seeds in Fuzz/corpus/<target>/ (read only) plus what earlier runs found,
# kept in .build-fuzz/corpus/<target>/. FUZZ_TARGETS="json sse" runs only those.
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET="${1:?usage: Fuzz/run.sh SECONDS [SEED]}"
SEED="${2:-1}"
TARGETS=(${FUZZ_TARGETS:-json sse flags})
BIN=.build-fuzz/bin
LOGS=.build-fuzz/logs
mkdir -p "$LOGS" Fuzz/crashes

# The Swift runtime's own crash reporter would start after a trap and hold libFuzzer's report (and the run)
# for minutes; libFuzzer and ASan print the stack themselves.
export SWIFT_BACKTRACE=enable=no

failed=0
passed=0
summary=()
for target in "${TARGETS[@]}"; do
    binary="$BIN/fuzz-$target"
    if [ ! -x "$binary" ]; then
        echo "fuzz $target: $binary is missing; run Fuzz/build.sh first" >&2
        failed=$((failed + 1))
        continue
    fi
    work=".build-fuzz/corpus/$target"
    mkdir -p "$work"
    log="$LOGS/$target.log"
    before=$(ls Fuzz/crashes | grep -c "^$target-" || true)
    "$binary" "$work" "Fuzz/corpus/$target" \
        -seed="$SEED" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
        -print_final_stats=1 -artifact_prefix="Fuzz/crashes/$target-" >"$log" 2>&1
    status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    corpus=$(find "$work" -type f | wc -l)
    after=$(ls Fuzz/crashes | grep -c "^$target-" || true)
    findings=$((after - before))
    if [ -z "$runs" ]; then
        # A crash ends the run before the final stats: take the last progress line.
        runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
        speed=$(grep -o 'exec/s: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    fi
    line="fuzz $target: ${runs:-0} executions in ${SECONDS_PER_TARGET} s (${speed:-?}/s), corpus $corpus, $findings finding(s)"
    if [ "$status" -ne 0 ] || [ "$findings" -gt 0 ]; then
        failed=$((failed + 1))
        echo "$line — FAILED (libFuzzer exit $status; log $log)"
        grep -m 3 -E 'Fatal error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY' "$log" | sed 's/^/    /'
        grep -m 6 -E '^ +#[0-9]+ .* in \$s[0-9]*Fuzz_' "$log" | sed 's/^/    /'
        ls -1 Fuzz/crashes | grep "^$target-" | sed 's|^|    input: Fuzz/crashes/|'
        grep -m 1 '^Base64: ' "$log" | sed 's/^/    /'
    else
        passed=$((passed + 1))
        echo "$line"
    fi
    summary+=("$line")
done

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
