#!/usr/bin/env bash
# Compares builds of the member on the spread workload, for a change that should make placements cheaper. One
# member at a time (a fresh schema each), the jars taking turns in an order that rotates round by round (A B C,
# B C A, ...) so that a machine whose speed drifts during the run charges them alike; each round warms its member
# up, then measures the spread run (orders over 10,000 products by 1,000,000 users) with wrk. Per round and jar:
# orders/s and the member's CPU per order (user + system from /proc over the measured run), which is steadier than
# throughput on a shared machine, and PostgreSQL's CPU per order (its processes, from a drained write-behind
# before the run to a drained one after it: the measured orders' writes and nothing else). Prints every round and
# the medians; the ratios of each jar's medians to A's are what to report.
#
# Usage: scripts/compare-jars.sh A.jar B.jar [C.jar ...] [rounds, default 3] [seconds, default 20].
# Env: BENCH_WARMUP (30 s), BENCH_CONNECTIONS (64), COMPARE_SALE (spread; spread-window: limit 1, 300 s payment
# window; or hot: bench.sh's one product of practically unlimited stock, every order on one partition thread),
# COMPARE_JVM_A, COMPARE_JVM_B, ... (JVM flags for that jar's member only: the same jar named twice with different
# flags compares the flags), and any member setting (FLASHSALE_RATE_USER_PER_SECOND=0 compares with the per-user
# rate off).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh
# shellcheck source=scripts/lib/member.sh
. scripts/lib/member.sh
# shellcheck source=scripts/lib/bench-member.sh
. scripts/lib/bench-member.sh
jars=()
while [ $# -gt 0 ] && [[ $1 == *.jar ]]; do jars+=("$(realpath "$1")"); shift; done
[ ${#jars[@]} -ge 2 ] || { echo "usage: $0 A.jar B.jar [C.jar ...] [rounds] [seconds]" >&2; exit 2; }
ROUNDS=${1:-3}
SECS=${2:-20}
labels=(A B C D E F G H)
SALE=${COMPARE_SALE:-spread}
PORT=18096
BASE=http://127.0.0.1:$PORT
TOKEN=compare-token-$RANDOM$RANDOM
work=$(mktemp -d)
member_pid=
schemas=()
ensure_java
ensure_wrk
ensure_postgres >/dev/null
cleanup() {
  if [ -n "$member_pid" ]; then kill "$member_pid" 2>/dev/null && wait "$member_pid" 2>/dev/null; fi
  for schema in "${schemas[@]}"; do
    bench_drop_schema "$schema"
  done
  rm -rf "$work"
}
trap cleanup EXIT
export BENCH_LUA_DIR=$PWD/scripts/bench
# Where the measured orders go: bench.sh's hot case (one product, a million users) or its 10,000 products.
case $SALE in
  hot) orders_over=(BENCH_PRODUCT=hot BENCH_USERS=1000000) ;;
  spread | spread-window) orders_over=(BENCH_PRODUCTS=10000) ;;
  *) echo "COMPARE_SALE must be spread, spread-window or hot, not $SALE" >&2; exit 2 ;;
esac
# measure LABEL JAR: one member on JAR (with the flags of COMPARE_JVM_LABEL), warmed up, then the measured run;
# appends "LABEL orders/s µs-per-order".
measure() {
  local label=$1 schema="compare$(date +%s)$RANDOM" result cpu_before cpu_after pg_before pg_after flags_var="COMPARE_JVM_$1" flags=()
  schemas+=("$schema")
  read -r -a flags <<<"${!flags_var:-}"
  FLASHSALE_JAR=$2 bench_member_start "$schema" "$PORT" 6852 "$TOKEN" "$work/member.log" -Xms4g -Xmx6g "${flags[@]}"
  bench_member_await_ready "$BASE" "$work/member.log"
  bench_create_sales "$BASE" "$TOKEN" "$schema" "$work" warmup "$SALE"
  BENCH_SALE=$schema-warmup BENCH_PRODUCTS=1000 wrk -t2 -c"${BENCH_CONNECTIONS:-64}" -d"${BENCH_WARMUP:-30}s" \
    -s scripts/bench/place.lua "$BASE" >/dev/null
  await_drained "$BASE"
  pg_before=$(postgres_cpu_seconds)
  cpu_before=$(cpu_seconds)
  result=$(env BENCH_SALE="$schema-$SALE" "${orders_over[@]}" wrk -t2 -c"${BENCH_CONNECTIONS:-64}" -d"${SECS}s" \
    -s scripts/bench/place.lua "$BASE" | grep '^RESULT')
  cpu_after=$(cpu_seconds)
  await_drained "$BASE"
  pg_after=$(postgres_cpu_seconds)
  kill "$member_pid" && wait "$member_pid" 2>/dev/null || true
  member_pid=
  python3 - "$label" "$cpu_before" "$cpu_after" "$result" "$pg_before" "$pg_after" >>"$work/rounds" <<'PY'
import re, sys
label, before, after, result = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
pg = float(sys.argv[6]) - float(sys.argv[5])
placed = re.search(r"\b201=(\d+)", result)
created = int(placed.group(1)) if placed else 0
rate = created / (int(re.search(r"duration_us=(\d+)", result).group(1)) / 1e6)
print(f"{label} {rate:.0f} {1e6 * (after - before) / max(created, 1):.0f} {1e6 * pg / max(created, 1):.0f}")
PY
  tail -1 "$work/rounds" >&2
}
n=${#jars[@]}
for round in $(seq 0 $((ROUNDS - 1))); do
  for k in $(seq 0 $((n - 1))); do
    i=$(((round + k) % n))
    measure "${labels[$i]}" "${jars[$i]}"
  done
done
python3 - "$work/rounds" "${jars[@]}" <<'PY'
import os, statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
medians = {}
for label, jar in zip("ABCDEFGH", sys.argv[2:]):
    mine = [r for r in rows if r[0] == label]
    rate = statistics.median(float(r[1]) for r in mine)
    cpu = statistics.median(float(r[2]) for r in mine)
    pg = statistics.median(float(r[3]) for r in mine)
    medians[label] = (rate, cpu, pg)
    print(f"{label} {jar} {os.environ.get('COMPARE_JVM_' + label, '')}: orders/s {[int(r[1]) for r in mine]} median {rate:.0f}; "
          f"member CPU per order (µs) {[int(r[2]) for r in mine]} median {cpu:.0f}; "
          f"PostgreSQL CPU per order (µs) {[int(r[3]) for r in mine]} median {pg:.0f}")
for label in list(medians)[1:]:
    print(f"{label}/A: orders/s {medians[label][0] / medians['A'][0]:.2f}×, "
          f"CPU per order {medians[label][1] / medians['A'][1]:.2f}×, "
          f"PostgreSQL CPU per order {medians[label][2] / max(medians['A'][2], 1):.2f}×")
PY
