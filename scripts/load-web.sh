#!/usr/bin/env bash
# Load test of `mandat serve` (not in CI): a bounded wrk run against POST /api/count on
# loopback with a release build, then SIGTERM and a check that the server stopped cleanly.
#
# usage: scripts/load-web.sh [SECONDS] [CONNECTIONS] [THREADS]   (default 30 64 2)
# env:   MANDAT_LAW (default kz-mazhilis-2021), MANDAT_CASE (default tests/cases/kz-mazhilis-2021.json),
#        MANDAT_EXTRA (extra JSON members of the request, default none; e.g. '"explain": true, "svg": true'),
#        PORT (default 18080), CARGO_TARGET_DIR as usual, MANDAT_BIN (a mandat binary to run instead of building one)
# needs: wrk (apt-get install -y wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-30}; CONNS=${2:-64}; THREADS=${3:-2}
LAW=${MANDAT_LAW:-kz-mazhilis-2021}; CASE=${MANDAT_CASE:-tests/cases/kz-mazhilis-2021.json}
PORT=${PORT:-18080}; EXTRA=${MANDAT_EXTRA:-}
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }

if [ -n "${MANDAT_BIN:-}" ]; then
    BIN=$MANDAT_BIN     # a binary built before, for before/after runs
else
    cargo build --release -q -p mandat-cli
    BIN=${CARGO_TARGET_DIR:-target}/release/mandat
fi

LUA=$(mktemp --suffix=.lua)
python3 - "$LAW" "$CASE" "$EXTRA" > "$LUA" <<'PY'
import json, sys
law, case, extra = sys.argv[1], sys.argv[2], sys.argv[3]
req = json.loads('{' + extra + '}') if extra else {}
req.update({"law": law, "results": open(case).read()})
body = json.dumps(req)
print('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [==[' + body + ']==]')
PY

"$BIN" serve --addr "127.0.0.1:$PORT" 2> /tmp/mandat-serve-load.log &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -f "$LUA"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/api/laws" >/dev/null && break; sleep 0.1; done

echo "one request:"; curl -s -o /dev/null -w "  HTTP %{http_code}, %{size_download} bytes, %{time_total} s\n" -X POST -H 'Content-Type: application/json' --data-binary @<(sed -n 's/^wrk.body = \[==\[\(.*\)\]==\]$/\1/p' "$LUA") "http://127.0.0.1:$PORT/api/count"
# CPU of the server and of wrk during the run (both share the machine's cores).
cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
before=$(cpu); load=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/time -f "wrk CPU: %U s user + %S s system" \
    wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --timeout 10s --latency -s "$LUA" "http://127.0.0.1:$PORT/api/count"
after=$(cpu)
echo "server CPU: $(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v s="$SECS" 'BEGIN {printf "%.1f s in %s s (%.0f%% of one core)", t / hz, s, 100 * t / hz / s}')"
echo "load average before the run: $load, after: $(cut -d' ' -f1 /proc/loadavg)"

kill -TERM "$SERVER"
wait "$SERVER" && echo "server stopped on SIGTERM (exit 0):" && cat /tmp/mandat-serve-load.log
