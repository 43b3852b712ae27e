#!/usr/bin/env bash
# The latency of other shoppers while a drop's unpaid orders fall due (issue 11): one member with PostgreSQL,
# warmed up on 1,000 products, then a drop of 50,000 units (limit 1) with a 20 s payment window sold to a crowd on
# 256 connections for 15 s; 20 s after the drop began, while its orders expire by the thousand, 4 connections place
# orders over the 1,000 other products for 20 s. Prints wrk's RESULT line of each: "quiet" (the same 4 connections
# before the drop), "drop" and "wave". Compare builds by running it from each one's checkout, in turns.
#
# Usage: scripts/expiry-wave.sh [label, default "wave"].
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh
# shellcheck source=scripts/lib/member.sh
. scripts/lib/member.sh
# shellcheck source=scripts/lib/bench-member.sh
. scripts/lib/bench-member.sh
ensure_java
ensure_wrk

LABEL=${1:-wave}
RUN=wave$(date +%s)
PORT=18098
BASE=http://127.0.0.1:$PORT
TOKEN=expiry-wave-token-$RANDOM$RANDOM
work=$(mktemp -d)
member_pid=
cleanup() {
  [ -n "$member_pid" ] && kill "$member_pid" 2>/dev/null && wait "$member_pid" 2>/dev/null
  bench_drop_schema "$RUN"
  rm -rf "$work"
}
trap cleanup EXIT

jar_is_stale && build_jar
ensure_postgres >/dev/null
bench_member_start "$RUN" "$PORT" 6873 "$TOKEN" "$work/member.log" -Xms4g -Xmx6g
bench_member_await_ready "$BASE" "$work/member.log"
bench_create_sales "$BASE" "$TOKEN" "$RUN" "$work" warmup drop-wave
export BENCH_LUA_DIR=$PWD/scripts/bench
others() {
  BENCH_SALE=$RUN-warmup BENCH_PRODUCTS=1000 BENCH_USERS=1000000 wrk "$@" -s scripts/bench/place.lua "$BASE"
}
others -t2 -c64 -d30s >/dev/null
others -t1 -c4 -d15s | grep '^RESULT' | sed "s/^/$LABEL quiet: /"
start=$(date +%s)
BENCH_SALE=$RUN-drop-wave wrk -t2 -c256 -d15s -s scripts/bench/drop.lua "$BASE" | grep '^RESULT' \
  | sed "s/^/$LABEL drop: /"
sleep $((start + 20 - $(date +%s)))
others -t1 -c4 -d20s | grep '^RESULT' | sed "s/^/$LABEL wave: /"
