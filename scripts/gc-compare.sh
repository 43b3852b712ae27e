#!/usr/bin/env bash
# Chooses the member's collector by measurement (issue 11): for each candidate, one member with PostgreSQL is
# started with a GC log, warmed up for BENCH_WARMUP s (60), then the spread workload of scripts/bench.sh runs
# for SECONDS at 64 connections (the highest throughput) and at 4 (about half of it, where the p99 target is
# set), and the GC log gives the longest pause and the collector's count of pauses over the measured runs.
#   G1        the JVM's default collector, untouched (the shipped one before this comparison)
#   G1-20ms   G1 with -XX:MaxGCPauseMillis=20
#   ZGC       generational ZGC (-XX:+UseZGC; generational is the only mode on Java 25): shipped since
#             (scripts/lib/java.sh)
# The measured sale is GC_SALE: spread-window by default (the spread's 10,000 products with a drop's rules, limit
# 1 and a 300 s payment window, so every order stays PENDING in its ledger and the heap grows as in a real drop),
# or spread (instant confirmation).
# Usage: scripts/gc-compare.sh [seconds per run, default 30]. Prints one line per collector and writes
# docs/bench/gc.tsv.
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
SALE=${GC_SALE:-spread-window}
PORT=18097
BASE=http://127.0.0.1:$PORT
TOKEN=gc-token-$RANDOM$RANDOM
work=$(mktemp -d)
member_pid=
schema=
cleanup() {
  [ -n "$member_pid" ] && kill "$member_pid" 2>/dev/null && wait "$member_pid" 2>/dev/null
  [ -n "$schema" ] && bench_drop_schema "$schema"
  rm -rf "$work"
}
trap cleanup EXIT
ensure_wrk
jar_is_stale && build_jar
ensure_postgres >/dev/null
export BENCH_LUA_DIR=$PWD/scripts/bench

# wrk's RESULT line, as "orders/s p50_ms p99_ms".
figures() {
  awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    printf "%.0f %.2f %.2f", f["requests"] / (f["duration_us"] / 1e6), f["p50_us"] / 1000, f["p99_us"] / 1000 }' "$1"
}

printf 'collector\torders_per_s_64\tp99_ms_64\torders_per_s_4\tp50_ms_4\tp99_ms_4\tmax_pause_ms\tpauses\n' >"$work/gc.tsv"
for candidate in "G1:-XX:+UseG1GC" "G1-20ms:-XX:+UseG1GC -XX:MaxGCPauseMillis=20" "ZGC:-XX:+UseZGC"; do
  name=${candidate%%:*}
  flags=${candidate#*:}
  schema=gc$(date +%s)
  # shellcheck disable=SC2086 # flags is a list of JVM flags
  bench_member_start "$schema" "$PORT" 6861 "$TOKEN" "$work/$name.log" -Xms4g -Xmx6g $flags \
    "-Xlog:gc,gc+phases:file=$work/$name.gc.log"
  bench_member_await_ready "$BASE" "$work/$name.log"
  bench_create_sales "$BASE" "$TOKEN" "$schema" "$work" warmup "$SALE"
  BENCH_SALE=$schema-warmup BENCH_PRODUCTS=1000 wrk -t2 -c64 -d"${BENCH_WARMUP:-60}s" -s scripts/bench/place.lua "$BASE" >/dev/null
  measured_from=$(($(wc -l <"$work/$name.gc.log") + 1))
  BENCH_SALE=$schema-$SALE BENCH_PRODUCTS=10000 wrk -t2 -c64 -d"${SECS}s" --timeout 10s -s scripts/bench/place.lua \
    "$BASE" >"$work/$name.64"
  BENCH_SALE=$schema-$SALE BENCH_PRODUCTS=10000 wrk -t1 -c4 -d"${SECS}s" --timeout 10s -s scripts/bench/place.lua \
    "$BASE" >"$work/$name.4"
  read -r rate64 _ p99_64 <<<"$(figures "$work/$name.64")"
  read -r rate4 p50_4 p99_4 <<<"$(figures "$work/$name.4")"
  read -r max_pause count <<<"$(gc_pauses "$work/$name.gc.log" "$measured_from")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rate64" "$p99_64" "$rate4" "$p50_4" "$p99_4" "$max_pause" "$count" \
    >>"$work/gc.tsv"
  kill "$member_pid" && wait "$member_pid" 2>/dev/null || true
  member_pid=
  bench_drop_schema "$schema"
  schema=
done
cp "$work/gc.tsv" docs/bench/gc.tsv
column -t -s $'\t' docs/bench/gc.tsv
