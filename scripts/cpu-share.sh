#!/usr/bin/env bash
# The CPU share of background work during the spread run (issue 12): one member with PostgreSQL, warmed up, then
# the spread workload of scripts/bench.sh (orders over 10,000 products by 1,000,000 users, 64 connections) while
# Java Flight Recorder samples every thread's CPU each second (jdk.ThreadCPULoad). scripts/lib/cpu_share.py
# groups the threads (the statistics and reconciliation Jet jobs, the hold sweeper, the room keeper, write-behind
# and the rest of the grid, the HTTP edge) and prints each group's share of the member's CPU in that window. Then
# one full reconciliation on what the runs placed: its CPU seconds, spread over its schedule (every tenth minute).
#
# Usage: scripts/cpu-share.sh [seconds, default 30]. Env: BENCH_WARMUP (60), BENCH_CONNECTIONS (64), CPU_SHARE_SALE
# (spread, the default, with instant confirmation; or spread-window: the same products with a drop's rules, limit 1
# and a 300 s payment window, so every order stays PENDING in its ledger), CPU_SHARE_KEEP (a path to keep the
# recording at).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh
# shellcheck source=scripts/lib/member.sh
. scripts/lib/member.sh
# shellcheck source=scripts/lib/bench-member.sh
. scripts/lib/bench-member.sh
ensure_java

SECS=${1:-30}
SALE=${CPU_SHARE_SALE:-spread}
PORT=18095
BASE=http://127.0.0.1:$PORT
TOKEN=cpu-share-token-$RANDOM$RANDOM
RUN=cpushare$(date +%s)
work=$(mktemp -d)
member_pid=
cleanup() {
  [ -n "$member_pid" ] && kill "$member_pid" 2>/dev/null && wait "$member_pid" 2>/dev/null
  bench_drop_schema "$RUN"
  rm -rf "$work"
}
trap cleanup EXIT
ensure_wrk

jar_is_stale && build_jar
ensure_postgres >/dev/null
bench_member_start "$RUN" "$PORT" 6851 "$TOKEN" "$work/member.log" -Xms4g -Xmx6g \
  "-XX:StartFlightRecording:filename=$work/member.jfr,settings=default,jdk.ThreadCPULoad#period=1s,dumponexit=true"
bench_member_await_ready "$BASE" "$work/member.log"
bench_create_sales "$BASE" "$TOKEN" "$RUN" "$work" warmup "$SALE"
export BENCH_LUA_DIR=$PWD/scripts/bench
echo "warming up for ${BENCH_WARMUP:-60} s, then the spread run for $SECS s" >&2
BENCH_SALE=$RUN-warmup BENCH_PRODUCTS=1000 wrk -t2 -c"${BENCH_CONNECTIONS:-64}" -d"${BENCH_WARMUP:-60}s" \
  -s scripts/bench/place.lua "$BASE" >/dev/null
from=$(date -u +%s)
cpu_before=$(cpu_seconds)
BENCH_SALE=$RUN-$SALE BENCH_PRODUCTS=10000 wrk -t2 -c"${BENCH_CONNECTIONS:-64}" -d"${SECS}s" \
  -s scripts/bench/place.lua "$BASE" | grep '^RESULT' || true
to=$(date -u +%s)
cpu_load=$(cpu_seconds)
# The periodic full reconciliation counts in the budget too, but runs every tenth minute: one full run now, on
# everything the runs placed, measured in the member's CPU seconds and spread over its schedule.
sleep 5
cpu_idle_from=$(cpu_seconds)
started=$(date +%s.%N)
curl -sf -o "$work/reconciliation.json" -X POST "$BASE/api/admin/reconciliation" -H "Authorization: Bearer $TOKEN"
ended=$(date +%s.%N)
cpu_reconciled=$(cpu_seconds)
kill "$member_pid" && wait "$member_pid" 2>/dev/null || true
python3 - "$cpu_before" "$cpu_load" "$cpu_idle_from" "$cpu_reconciled" "$from" "$to" "$started" "$ended" \
  "$work/reconciliation.json" <<'PY'
import json, sys
before, load, idle_from, reconciled, start, end, started, ended = map(float, sys.argv[1:9])
report = json.load(open(sys.argv[9]))
rate = (load - before) / (end - start)
run = reconciled - idle_from
every = 600  # Reconciler: a run a minute (Timings.defaults), every tenth full
orders = report.get("ordersChecked", report.get("orders", "?"))
print(f"RECONCILIATION full run: {run:.1f} CPU s in {ended - started:.1f} s ({orders} orders checked); the member used "
      f"{rate:.2f} CPU s per second under the spread load, so one full run every {every} s is "
      f"{100 * run / (every * rate):.1f} % of the member's CPU")
PY
member_pid=
[ -n "${CPU_SHARE_KEEP:-}" ] && cp "$work/member.jfr" "$CPU_SHARE_KEEP"
jfr print --json --events jdk.ThreadCPULoad "$work/member.jfr" >"$work/cpu.json"
jfr print --json --stack-depth 128 --events jdk.ExecutionSample "$work/member.jfr" >"$work/samples.json"
python3 scripts/lib/cpu_share.py "$work/cpu.json" "$from" "$to" "$work/samples.json"
