#!/bin/sh
# Runs every libFuzzer harness for SECONDS seconds on a scratch copy of its seed corpus (the
# committed corpus under tests/fuzz/corpus/ never grows). Stops at the first failing harness.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]
# FUZZ_HARNESSES="router campaign" restricts the run to those harnesses.
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
        echo "usage: $0 BUILD_DIR [SECONDS]" >&2
        exit 2
fi
build=$1
seconds=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
harnesses=${FUZZ_HARNESSES:-utf8 money time creditcode json_body campaign router jsongen xlsx_read expert_csv}

case $seconds in
''|*[!0-9]*) echo "$0: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;;
esac

scratch=$(mktemp -d "${TMPDIR:-/tmp}/shenbao-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT INT TERM

# Leaks are bugs too, but a harness exits by returning, so only report them at exit.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

passed=0
failed=0
total=$(echo $harnesses | wc -w)
for h in $harnesses; do
        exe="$build/tests/fuzz/fuzz_$h"
        if [ ! -x "$exe" ]; then
                echo "FAIL fuzz_$h: $exe not built (meson setup with -Dfuzz=true, then ninja)" >&2
                failed=$((failed + 1))
                break
        fi
        corpus="$scratch/corpus-$h"
        artifacts="$scratch/artifacts-$h/"
        mkdir -p "$corpus" "$artifacts"
        if [ -d "$here/corpus/$h" ]; then
                cp "$here/corpus/$h"/* "$corpus"/ 2>/dev/null
        fi
        log="$scratch/fuzz_$h.log"
        echo "== fuzz_$h (${seconds}s)"
        "$exe" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts" \
                "$corpus" >"$log" 2>&1
        rc=$?
        # libFuzzer's final stats: stat::number_of_executed_units, stat::average_exec_per_sec
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
        if [ $rc -eq 0 ]; then
                echo "   ok: ${execs:-?} runs, ${rate:-?} exec/s, corpus $(ls "$corpus" | wc -l) inputs"
                passed=$((passed + 1))
                continue
        fi
        failed=$((failed + 1))
        crash=$(ls "$artifacts" 2>/dev/null | head -n 1)
        keep="$build/fuzz-crashes/$h"
        mkdir -p "$keep"
        [ -n "$crash" ] && cp "$artifacts/$crash" "$keep/"
        cp "$log" "$keep/fuzz_$h.log"
        echo "FAIL fuzz_$h (exit $rc): the last 40 lines of its log:" >&2
        tail -n 40 "$log" >&2
        if [ -n "$crash" ]; then
                echo "FAIL fuzz_$h: crashing input saved as $keep/$crash" >&2
                echo "     reproduce: $exe $keep/$crash" >&2
        else
                echo "FAIL fuzz_$h: no crashing input was written; full log in $keep/fuzz_$h.log" >&2
        fi
        break
done
not_run=$((total - passed - failed))
[ $not_run -gt 0 ] && echo "($not_run not run after the failure)"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -eq $total ]
