#!/usr/bin/env bash
# HTTP throughput figures (make bench-http): N generated applications in a fresh data directory,
# the real server on loopback, wrk at 32 connections, one table. Not a test: nothing is asserted
# about speed; a row with error responses is flagged, because its figures would be meaningless.
#
#   bench/http/run.sh [SHENBAO_BIN] [N] [SECONDS_PER_ROW]
#   environment: BENCH_WARMUP (seconds before each row, default 1), BENCH_PORT (default: a free one)
set -euo pipefail

BIN=$(realpath "${1:-build/shenbao}")
N=${2:-10000}
DURATION=${3:-5}
WARMUP=${BENCH_WARMUP:-1}
THREADS=2 CONNECTIONS=32
HERE=$(cd "$(dirname "$0")" && pwd)

command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (make bench-http installs it)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "run.sh: $BIN is not built (make build)" >&2; exit 1; }

# Everything lives in one temporary directory, removed on any exit, Ctrl-C included; the server
# is stopped the way an operator stops it (SIGTERM) before its data directory goes.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/shenbao-bench-http.XXXXXX")
SERVER_PID=
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID"
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DATA="$WORK/data"
echo "== data: shenbao demo + $N generated applications in $DATA"
# the demo creates the schema, reference data, the demo accounts and their applications
"$BIN" demo --data-dir "$DATA" --now 2023-07-15T10:00:00+08:00 >"$WORK/demo.log" 2>&1 ||
	{ cat "$WORK/demo.log" >&2; exit 1; }
python3 "$HERE/gen.py" "$DATA/shenbao.db" "$N"

PORT=${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE="http://127.0.0.1:$PORT"
# --now: a fixed clock after the demo's, inside the application window (drafts can be saved) and
# frozen, so sessions never go idle; --rate-limit 0 and --per-ip-connections 0: every wrk
# connection comes from 127.0.0.1, which the per-address limits would otherwise throttle.
"$BIN" serve --listen "127.0.0.1:$PORT" --data-dir "$DATA" --now 2023-07-20T10:00:00+08:00 \
	--rate-limit 0 --per-ip-connections 0 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
	curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
	kill -0 "$SERVER_PID" 2>/dev/null || { echo "run.sh: the server exited:" >&2; cat "$WORK/server.log" >&2; exit 1; }
	sleep 0.1
done
grep -m1 'listening on' "$WORK/server.log" || true

python3 "$HERE/prepare.py" "$BASE" "$WORK" >"$WORK/targets.tsv"

# Waits until the server has used (almost) no CPU for a quarter of a second. When wrk stops, up to
# 32 requests are still being worked on (a deep list page takes a while, and the server finishes a
# query whose client has gone); without this they would eat into the next row's measurement.
settle() {
	local prev now
	prev=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
	for _ in $(seq 240); do
		sleep 0.25
		now=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
		[ $((now - prev)) -le 2 ] && return 0 # clock ticks (1/100 s) of user + system time
		prev=$now
	done
}

echo "== wrk -t$THREADS -c$CONNECTIONS, ${WARMUP} s warm-up + ${DURATION} s per row"
: >"$WORK/results.tsv"
while IFS=$'\t' read -r label who method path cookie csrf body; do
	# "-" stands for an empty field (prepare.py)
	[ "$cookie" = - ] && cookie=
	[ "$csrf" = - ] && csrf=
	[ "$body" = - ] && body=
	export BENCH_METHOD=$method BENCH_COOKIE=$cookie BENCH_CSRF=$csrf BENCH_BODY_FILE=$body
	printf '   %-40s %s\n' "$label" "$who"
	# a long timeout: a slow page is a result to report, not an error that drops its latency
	if [ "$WARMUP" != 0 ]; then
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 60s -s "$HERE/wrk.lua" "$BASE$path" >/dev/null
		settle
	fi
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 60s -s "$HERE/wrk.lua" "$BASE$path")
	line=$(grep '^BENCH ' <<<"$out") || { echo "$out" >&2; exit 1; }
	printf '%s\t%s\t%s\n' "$label" "$who" "$line" >>"$WORK/results.tsv"
	settle
done <"$WORK/targets.tsv"

# peak resident memory of the server over the whole run (data loaded, every row driven)
HWM=$(awk '/^VmHWM/ { print $2 " " $3 }' "/proc/$SERVER_PID/status")
# the server's own access log as a cross-check of the non-2xx column (wrk counts only >= 400)
LOGGED=$(awk '$3 == "access" { n++; if ($6 < 200 || $6 > 299) bad++ } END { printf "%d requests logged, %d not 2xx", n, bad }' \
	"$WORK/server.log")
APPS=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM applications").fetchone()[0])' \
	"$DATA/shenbao.db")

echo
python3 "$HERE/table.py" "$WORK/results.tsv"
echo
echo "N = $N generated ($APPS applications in all); lists at per_page=50; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; $(nproc) CPUs"
echo "server peak memory (VmHWM): $HWM; server log: $LOGGED"
