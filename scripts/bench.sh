#!/usr/bin/env bash
# The platform's numbers, measured side by side with the peers in one run on this machine:
#   ceiling   GET /health/live: the most requests/s this machine's HTTP stack answers
#   hot       orders on one product (every request queues on one partition thread)
#   spread    orders over 10,000 products by 1,000,000 distinct users
#   burst     a sale start: everyone at once on one product until it is sold out; time to sell out
#   drop      a realistic drop: 50,000 units, perUserLimit 1, the default 300 s payment window, a new shopper per
#             request on 256 connections; time to sell out, orders/s, timeouts and 5xx; and drop-instant, the
#             same drop with instant confirmation, which the drop must keep up with (>= 0.8x)
#   deep      one product first filled with 50,000 PENDING orders, then measured against a fresh product of the same
#             sale: full speed or not. DEEP_ROUNDS pairs (3), the order within a pair alternating, a fresh product
#             each; the median ratio counts
#   sweep     the spread workload at rising concurrency: throughput and p99 against concurrency (chart), in the
#             steady state right after spread, then paced at half the highest throughput it saw (the p99 target's
#             own terms); then at 4, 8 and 16 connections once more after the drops and deep, while their unpaid
#             orders (150,000, the 300 s payment window) fall due
#   room      the waiting room (WaitingRoomBench): 100,000 shoppers join one product of 1,000 units; joins/s, the cost
#             of a position poll, time to the last SOLD_OUT, W1 and W3 on the admissions; and placements on a sale
#             with a room against the same sale without one (target >= 0.9x). BENCH_SKIP_ROOM=1 skips it
#   peers     ../shared/bench/peers.sh: PostgreSQL transaction and Redis Lua "seckill" on this machine, and
#             ../shared/bench/redis-seckill (the same Javalin in front of one Redis Lua script per order), hot
#             and spread, driven by the same wrk scripts
# plus JMH micro-benchmarks of the entry processors and serializers, the grid memory per confirmed and per
# unpaid order (1,000,000 orders each) and the write-behind lag to PostgreSQL while orders pour in. After every run the
# stock invariant is checked through the API: a run that oversold fails the benchmark.
#
# Before anything is measured, the member places orders for BENCH_WARMUP seconds (60) in a sale of its own: a
# member straight from start spends a core on its JIT compiler for a minute, and figures taken then are the
# compiler's, not the platform's.
#
# Usage: scripts/bench.sh [seconds per run, default 20]. Env: BENCH_CONNECTIONS (64), BENCH_WARMUP (60),
# BENCH_WARMUP_LIVE (30: the ceiling's route, before it is measured), BENCH_SKIP_JMH=1,
# BENCH_SKIP_PEERS=1, BENCH_JAVA_OPTS (extra member JVM flags, e.g. -XX:+UseG1GC instead of the shipped ZGC),
# BENCH_MEMBER_ENV (extra member environment as VAR=value words), DROP_STOCK (50000), DROP_ROUNDS (3), DEEP_ROUNDS (3), BENCH_RATE_USER_PER_SECOND (the member's per-user placement
# rate: unset keeps the default, 5/s with bursts of 10; 0 turns it off). The placement runs draw each order's user
# from 1,000,000 (the drops: a new user per request), so the default rate refuses next to nothing; with it off the
# figures show the grid alone, without the rate limiter's entry processor on every placement.
# BENCH_KEEP=DIR keeps the member's log, its GC log (-Xlog:gc,gc+phases) and every wrk output there, so that an odd
# figure can be read after the run; the longest GC pause and allocation stalls go to results.tsv in any case.
# Results: docs/bench/results.tsv, docs/bench/sweep.tsv, docs/bench/room.txt, docs/bench/throughput.png.
# Only loopback is used; every run is bounded by its duration.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh
# shellcheck source=scripts/lib/member.sh
. scripts/lib/member.sh
# shellcheck source=scripts/lib/bench-member.sh
. scripts/lib/bench-member.sh
ensure_java

SECS=${1:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
PORT=${BENCH_HTTP_PORT:-18090}
BASE=http://127.0.0.1:$PORT
TOKEN=bench-admin-token-$RANDOM$RANDOM
OUT=docs/bench
RUN=bench$(date +%s)
export BENCH_LUA_DIR=$PWD/scripts/bench BENCH_PREFIX=$RUN
mkdir -p "$OUT"
work=$(mktemp -d)
member_pid=
peer_pid=

cleanup() {
  [ -n "$member_pid" ] && kill "$member_pid" 2>/dev/null && wait "$member_pid" 2>/dev/null
  [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null && wait "$peer_pid" 2>/dev/null
  psql_as_owner -c "DROP SCHEMA IF EXISTS $RUN CASCADE" >/dev/null 2>&1 || true
  if [ -n "${BENCH_KEEP:-}" ]; then
    mkdir -p "$BENCH_KEEP" && cp -a "$work"/. "$BENCH_KEEP"/ && echo "bench: logs and wrk outputs kept in $BENCH_KEEP" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

need() {
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq "$2" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
  fi
  command -v "$1" >/dev/null || { printf 'bench needs %s (apt-get install %s)\n' "$1" "$2" >&2; exit 1; }
}

psql_as_owner() {
  PGPASSWORD=${FLASHSALE_DB_PASSWORD:-flashsale} psql -h 127.0.0.1 -U "${FLASHSALE_DB_USER:-flashsale}" \
    -d flashsale -Atq "$@"
}

start_member() {
  if [ -n "${BENCH_RATE_USER_PER_SECOND:-}" ]; then
    export FLASHSALE_RATE_USER_PER_SECOND=$BENCH_RATE_USER_PER_SECOND
  fi
  jar_is_stale && build_jar
  ensure_postgres
  # shellcheck disable=SC2086 # BENCH_MEMBER_ENV is a list of VAR=value words
  [ -z "${BENCH_MEMBER_ENV:-}" ] || export ${BENCH_MEMBER_ENV?}
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of flags
  # 12 GB, as the README's sizing asks (twice the live set): late in the bench the member holds 2-3.3 million orders
  # (about 1 KB each). With 6 GB, on a fast machine, it collected back to back at 80-88 % of the heap and threads
  # stalled on allocation 255 times during deep (2026-11-28 12:38); with 12 GB, none (13:07).
  bench_member_start "$RUN" "$PORT" 6801 "$TOKEN" "$work/member.log" -Xms12g -Xmx12g ${BENCH_JAVA_OPTS:-} \
    "-Xlog:gc,gc+phases:file=$work/gc.log"
  bench_member_await_ready "$BASE" "$work/member.log" || exit 1
}

# run NAME SCRIPT CONNECTIONS SECONDS [ENV=VALUE...]: one wrk run; its RESULT line goes to $work/NAME.
# TARGET (default: the member) points a run at another server, the peer. --timeout 2s: a request the crowd
# waits longer for than that counts as a timeout, as a shopper's client would give up.
run() {
  local name=$1 script=$2 connections=$3 seconds=$4
  shift 4
  env "$@" wrk -t2 -c"$connections" -d"${seconds}s" --timeout "${WRK_TIMEOUT:-10s}" -s "scripts/bench/$script" \
    "${TARGET:-$BASE}" | grep '^RESULT' >"$work/$name"
}

# sold_out_after SALE STARTED PRODUCT: seconds from STARTED (epoch) to the moment PRODUCT had no unit left: the
# take of its last unit, on the grid's clock, from the sale's statistics (exact, and independent of write-behind's
# lag, which the newest order in PostgreSQL was not).
sold_out_after() {
  local at=
  for _ in $(seq 1 40); do
    at=$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/admin/sales/$1/stats" | python3 -c '
import json, sys
from datetime import datetime
for p in json.load(sys.stdin)["products"]:
    if p["productId"] == sys.argv[1] and p.get("soldOutAt"):
        print(datetime.fromisoformat(p["soldOutAt"].replace("Z", "+00:00")).timestamp())' "$3" 2>/dev/null || true)
    [ -n "$at" ] && break
    sleep 0.5
  done
  awk -v a="$2" -v b="${at:-0}" 'BEGIN { printf "%.2f", b - a }'
}

# The peer users build instead, on its own ports, with the stock of the hot and spread sales.
start_peer() {
  PEER_HTTP_PORT=18200 PEER_REDIS_PORT=6399 ../shared/bench/redis-seckill/run.sh >"$work/peer.log" 2>&1 &
  peer_pid=$!
  for _ in $(seq 1 600); do
    curl -sf http://127.0.0.1:18200/health/live >/dev/null && break
    sleep 0.5
  done
  curl -sf -o /dev/null -X PUT "http://127.0.0.1:18200/peer/stock/$RUN-hot/hot/1000000000"
  for i in $(seq 0 9999); do echo "SET stock:$RUN-spread:p$i 1000000"; done | redis-cli -p 6399 --pipe >/dev/null
}

field() { sed -n "s/.* $2=\([0-9]*\).*/\1/p" "$work/$1"; }
rate() { awk -v n="$(field "$1" requests)" -v us="$(field "$1" duration_us)" 'BEGIN { printf "%.0f", n / (us / 1e6) }'; }
ms() { awk -v us="$(field "$1" "$2")" 'BEGIN { printf "%.2f", us / 1000 }'; }
mix() { tr ' ' '\n' <"$work/$1" | grep -E '^[0-9]{3}' | paste -sd' ' -; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
# test_classpath MODULE: compiles MODULE (with the modules it needs) and prints its class path for a bench class of its
# tests: test classes, classes, and every test-scope dependency (JMH, Awaitility, the other modules' classes).
test_classpath() {
  mvn -B -q -pl "$1" -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
    -Dmdep.includeScope=test >&2
  printf '%s' "$1/target/test-classes:$1/target/classes:$(cat "$1/target/test-classpath.txt")"
}
# in_turn ROUND A B: the pair's two runs in the order of round ROUND: A then B in odd rounds, B then A in even ones,
# so that a machine or a collector that gets busier through the bench charges both sides alike.
in_turn() {
  if [ $(($1 % 2)) = 0 ]; then echo "$3 $2"; else echo "$2 $3"; fi
}
fivexx() { tr ' ' '\n' <"$work/$1" | awk -F= '/^5[0-9][0-9]/ { n += $2 } END { print n + 0 }'; }

check() {
  python3 scripts/bench/check.py "$BASE" "$RUN-$1" "$TOKEN" | tee -a "$work/checks" || true
}

# Samples, once a second while a run goes on, how old the newest order in PostgreSQL is: the lag of
# write-behind behind the grid. Prints the largest lag seen, in seconds. The newest order is the one with the
# highest id (Flake ids grow with time), found through the primary key: max(created_at) scanned the whole table,
# which after the warm-up and hot runs held 300,000-450,000 rows under write load, and each scan took 0.5-3.6 s of
# a core that the member under test needed (measured 2026-11-28: spread 5,866 orders/s with it, 7,290 without).
sample_lag() {
  local until=$(($(date +%s) + $1)) worst=0 lag
  while [ "$(date +%s)" -lt "$until" ]; do
    lag=$(psql_as_owner -c "SELECT COALESCE((SELECT EXTRACT(EPOCH FROM now() - created_at) FROM $RUN.orders
      ORDER BY order_id DESC LIMIT 1), 0)" 2>/dev/null || echo 0)
    worst=$(awk -v a="$worst" -v b="${lag:-0}" 'BEGIN { print (b > a) ? b : a }')
    sleep 1
  done
  printf '%.2f' "$worst"
}

need wrk wrk
start_member
bench_create_sales "$BASE" "$TOKEN" "$RUN" "$work" warmup spread hot burst drop drop-instant deep
echo "member ready (per-user rate: ${FLASHSALE_RATE_USER_PER_SECOND:-default}); warming up for ${BENCH_WARMUP:-60} s," \
  "then $SECS s per run, $CONNECTIONS connections" >&2
run warmup place.lua "$CONNECTIONS" "${BENCH_WARMUP:-60}" BENCH_SALE="$RUN-warmup" BENCH_PRODUCTS=1000 BENCH_USERS=1000000
# The ceiling's route warms up on its own for 30 s: with 5 s it was measured while the JIT still compiled it (an idle
# member answered 5,300, then 6,800, then 20,200 requests/s in three 15 s runs) and while write-behind drained the
# placement warm-up into PostgreSQL on the same cores.
run warmup-live live.lua "$CONNECTIONS" "${BENCH_WARMUP_LIVE:-30}"

run ceiling live.lua "$CONNECTIONS" "$SECS"
run hot place.lua "$CONNECTIONS" "$SECS" BENCH_SALE="$RUN-hot" BENCH_PRODUCT=hot BENCH_USERS=1000000
check hot
sample_lag "$SECS" >"$work/lag" &
lag_pid=$!
run spread place.lua "$CONNECTIONS" "$SECS" BENCH_SALE="$RUN-spread" BENCH_PRODUCTS=10000 BENCH_USERS=1000000
wait "$lag_pid"
check spread

# Throughput and p99 against concurrency in the steady state: after spread, before the drops leave unpaid orders
# that fall due later. The target (p99 <= 10 ms at half the highest throughput) is read from this sweep.
await_drained "$BASE"
printf 'connections\torders_per_s\tp50_ms\tp99_ms\n' >"$OUT/sweep.tsv"
for c in 4 8 16 32 64 128 256; do
  run "sweep$c" place.lua "$c" 10 BENCH_SALE="$RUN-spread" BENCH_PRODUCTS=10000 BENCH_USERS=1000000
  printf '%s\t%s\t%s\t%s\n' "$c" "$(rate "sweep$c")" "$(ms "sweep$c" p50_us)" "$(ms "sweep$c" p99_us)" >>"$OUT/sweep.tsv"
done
# The target's own terms: the spread workload paced at half the sweep's highest throughput (paced.lua), 32
# connections; the sweep's levels are closed loops, whose rate the machine sets (4 connections ran at 46-65 % of
# the highest on two cores).
await_drained "$BASE"  # the 256-connection level's write-behind backlog would share the cores with it (133 ms at 13:07)
half_rate=$(awk -F'\t' 'NR > 1 && $2 > max { max = $2 } END { printf "%d", max / 2 }' "$OUT/sweep.tsv")
run paced-half paced.lua 32 10 BENCH_SALE="$RUN-spread" BENCH_PRODUCTS=10000 BENCH_USERS=1000000 BENCH_RATE="$half_rate"
burst_started=$(date +%s.%N)
run burst place.lua 256 10 BENCH_SALE="$RUN-burst" BENCH_PRODUCT=drop BENCH_USERS=1000000
check burst
sleep 3
sell_out_s=$(sold_out_after "$RUN-burst" "$burst_started" drop)

# The realistic drops: a new shopper per request, limit 1; the crowd gives up on a request after 2 s. A sell-out
# takes seconds, so one pair is noise: DROP_ROUNDS pairs (3), each on sales of its own, the order within a pair
# alternating, and the median ratio counts. The first pair's runs are the table's drop and drop-instant rows.
# 50,000 units: 20,000 sold out in 1.2-2.5 s on a fast machine, where a second's noise decided a pair's ratio;
# every run lasts DROP_SECONDS (30), long enough for a machine placing 3,000 orders/s to sell out.
drop_ratios=()
for round in $(seq 1 "${DROP_ROUNDS:-3}"); do
  tag=
  seconds=${DROP_SECONDS:-30}
  if [ "$round" -gt 1 ]; then
    tag=r$round-
    bench_create_sales "$BASE" "$TOKEN" "$RUN-r$round" "$work" drop drop-instant
  fi
  for drop in $(in_turn "$round" drop-instant drop); do
    started=$(date +%s.%N)
    WRK_TIMEOUT=2s run "$tag$drop" drop.lua 256 "$seconds" BENCH_SALE="$RUN-$tag$drop"
    printf '%s' "$(sold_out_after "$RUN-$tag$drop" "$started" drop)" >"$work/$tag$drop.sold_out_s"
    check "$tag$drop"
  done
  drop_ratios+=("$(ratio "$(cat "$work/${tag}drop-instant.sold_out_s")" "$(cat "$work/${tag}drop.sold_out_s")")")
done

# A product with 50,000 PENDING orders (BENCH_DEEP_ORDERS): filled by a crowd of new shoppers, then measured with
# more of them.
deep_started=$(date +%s)
until [ "$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/admin/sales/$RUN-deep/stats" \
  | python3 -c 'import json,sys; print([p for p in json.load(sys.stdin)["products"] if p["productId"] == "deep"][0]["pending"])' \
  2>/dev/null || echo 0)" -ge "${BENCH_DEEP_ORDERS:-50000}" ]; do
  run deep-fill drop.lua "$CONNECTIONS" 10 BENCH_SALE="$RUN-deep" BENCH_PRODUCT=deep
  [ $(($(date +%s) - deep_started)) -lt 300 ] || { echo "could not fill the deep product within 300 s" >&2; break; }
done
# Pairs in alternating order, as the drops': the grid's live set grows through the bench and the collector's
# old-generation cycles come and go, so the second run of a pair met a busier collector than the first (0.78 in both
# runs of 2026-11-28 02:37 and 02:51, deep always second). Each pair's empty side is a product of its own.
deep_ratios=()
for round in $(seq 1 "${DEEP_ROUNDS:-3}"); do
  tag=
  [ "$round" -gt 1 ] && tag=r$round-
  for side in $(in_turn "$round" deep-empty deep); do
    product=deep
    [ "$side" = deep-empty ] && product=fresh$round
    run "$tag$side" drop.lua "$CONNECTIONS" "$SECS" BENCH_SALE="$RUN-deep" BENCH_PRODUCT="$product"
  done
  deep_ratios+=("$(ratio "$(rate "${tag}deep")" "$(rate "${tag}deep-empty")")")
done
check deep

# The waiting room, by a Java client of its own (it needs each shopper's ticket and token): see WaitingRoomBench.
if [ -z "${BENCH_SKIP_ROOM:-}" ]; then
  java -cp "$(test_classpath web)" com.flashsale.web.bench.WaitingRoomBench "$BASE" "$TOKEN" "$RUN" \
    | grep '^RESULT' | sed 's/^RESULT //' >"$OUT/room.txt" || echo "the waiting-room benchmark failed" >&2
fi

# The same connections once more, now that the drops' 150,000 unpaid orders (300 s window) fall due around here:
# the sweeper's expiry waves beside the placements. Until 2026-11-28 the only sweep ran here.
for c in 4 8 16; do
  run "sweep-late$c" place.lua "$c" 10 BENCH_SALE="$RUN-spread" BENCH_PRODUCTS=10000 BENCH_USERS=1000000
done
check spread

peers=$work/peers.tsv
if [ -z "${BENCH_SKIP_PEERS:-}" ] && [ -x ../shared/bench/peers.sh ]; then
  ../shared/bench/peers.sh "$SECS" >"$peers" 2>/dev/null || true
fi
if [ -z "${BENCH_SKIP_PEERS:-}" ] && [ -x ../shared/bench/redis-seckill/run.sh ]; then
  # The member is stopped while the peer runs, so that neither takes CPU from the other.
  kill "$member_pid" && wait "$member_pid" 2>/dev/null || true
  member_pid=
  need redis-cli redis-tools
  start_peer
  TARGET=http://127.0.0.1:18200 run peer-warmup place.lua "$CONNECTIONS" 20 BENCH_SALE="$RUN-spread" BENCH_PRODUCTS=10000 BENCH_USERS=1000000
  TARGET=http://127.0.0.1:18200 run peer-ceiling live.lua "$CONNECTIONS" "$SECS"
  TARGET=http://127.0.0.1:18200 run peer-hot place.lua "$CONNECTIONS" "$SECS" BENCH_SALE="$RUN-hot" BENCH_PRODUCT=hot BENCH_USERS=1000000
  TARGET=http://127.0.0.1:18200 run peer-spread place.lua "$CONNECTIONS" "$SECS" BENCH_SALE="$RUN-spread" BENCH_PRODUCTS=10000 BENCH_USERS=1000000
  kill "$peer_pid" && wait "$peer_pid" 2>/dev/null || true
  peer_pid=
  printf 'redis-seckill-hot\t%s\t%s\n' "$(rate peer-hot)" "$(ms peer-hot p50_us)" >>"$peers"
  printf 'redis-seckill-spread\t%s\t%s\n' "$(rate peer-spread)" "$(ms peer-spread p50_us)" >>"$peers"
  printf 'redis-seckill-ceiling\t%s\t%s\n' "$(rate peer-ceiling)" "$(ms peer-ceiling p50_us)" >>"$peers"
fi
peer() { awk -F'\t' -v c="$1" '$1 == c { print $2 }' "$peers" 2>/dev/null || true; }
ceiling=$(rate ceiling)
{
  printf 'case\torders_per_s\tp50_ms\tp99_ms\t5xx\ttimeouts\tanswers\tvs_ceiling\tvs_seckill_same_case\tvs_postgres_tx_hot\tvs_redis_lua_hot\n'
  for name in ceiling hot spread burst drop-instant drop deep-empty deep; do
    case $name in
      hot) same=$(peer redis-seckill-hot) ;;
      spread) same=$(peer redis-seckill-spread) ;;
      ceiling) same=$(peer redis-seckill-ceiling) ;;
      *) same= ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(rate $name)" "$(ms $name p50_us)" "$(ms $name p99_us)" \
      "$(fivexx $name)" "$(field $name timeouts)" "$(mix $name)" "$(ratio "$(rate $name)" "$ceiling")" \
      "$(ratio "$(rate $name)" "$same")" \
      "$(ratio "$(rate $name)" "$(peer postgres-tx-hot)")" "$(ratio "$(rate $name)" "$(peer redis-lua-hot)")"
  done
  [ -s "$peers" ] && tail -n +2 "$peers" | awk -F'\t' '{ printf "peer:%s\t%s\t%s\t-\t-\t-\t-\t-\t-\n", $1, $2, $3 }'
} >"$OUT/results.tsv"
printf 'time to sell out %s units (burst): %s s\n' "${BURST_STOCK:-20000}" "$sell_out_s" >>"$OUT/results.tsv"
drop_instant_s=$(cat "$work/drop-instant.sold_out_s")
drop_s=$(cat "$work/drop.sold_out_s")
drop_median=$(median "${drop_ratios[@]}")
printf 'drop of %s units, limit 1, new shopper per request, 256 connections: sold out in %s s with a 300 s payment window, %s s with instant confirmation (first pair); rate ratio per pair %s, median %s (target >= 0.8)\n' \
  "${DROP_STOCK:-50000}" "$drop_s" "$drop_instant_s" "${drop_ratios[*]}" "$drop_median" >>"$OUT/results.tsv"
deep_median=$(median "${deep_ratios[@]}")
printf 'deep: orders/s on a product with at least 50,000 PENDING orders %s, on an empty one %s (first pair); ratio per pair %s, median %s\n' \
  "$(rate deep)" "$(rate deep-empty)" "${deep_ratios[*]}" "$deep_median" >>"$OUT/results.tsv"
printf 'write-behind lag (newest order in PostgreSQL) during spread: max %s s (write delay 1 s)\n' \
  "$(cat "$work/lag")" >>"$OUT/results.tsv"
printf 'sweep while the drops'"'"' unpaid orders fall due: p99 %s / %s / %s ms at 4 / 8 / 16 connections (%s / %s / %s orders/s)\n' \
  "$(ms sweep-late4 p99_us)" "$(ms sweep-late8 p99_us)" "$(ms sweep-late16 p99_us)" \
  "$(rate sweep-late4)" "$(rate sweep-late8)" "$(rate sweep-late16)" >>"$OUT/results.tsv"
printf 'p99 at half the highest throughput, paced at %s orders/s (32 connections): %s ms at %s orders/s, p50 %s ms (target <= 10 ms)\n' \
  "$half_rate" "$(ms paced-half p99_us)" "$(rate paced-half)" "$(ms paced-half p50_us)" >>"$OUT/results.tsv"
read -r max_pause pause_count <<<"$(gc_pauses "$work/gc.log")"
stalls=$(grep -c 'Allocation Stall' "$work/gc.log" || true)
printf 'GC over the whole member run: longest pause %s ms of %s pauses, %s allocation stalls (target: no pause over 100 ms)\n' \
  "$max_pause" "$pause_count" "$stalls" >>"$OUT/results.tsv"

[ -z "$member_pid" ] || { kill "$member_pid" && wait "$member_pid" 2>/dev/null || true; }
member_pid=

if [ -z "${BENCH_SKIP_JMH:-}" ]; then
  cp=$(test_classpath node)
  # With the member's collector and object layout: they decide the size of every reference and header (ZGC has no
  # compressed pointers), so the default collector's figure is not the member's.
  for status in CONFIRMED PENDING; do
    java -Xmx4g "${FLASHSALE_COLLECTOR_FLAGS[@]}" "${FLASHSALE_LAYOUT_FLAGS[@]}" -cp "$cp" -Dhazelcast.logging.type=none com.flashsale.node.bench.MemoryFootprint 1000000 "$status" \
      | tee -a "$OUT/results.tsv"
  done
  java -cp "$cp" -Dhazelcast.logging.type=none org.openjdk.jmh.Main -rf text -rff "$OUT/jmh.txt" \
    'com.flashsale.node.bench.*Benchmark' >/dev/null
fi

if command -v gnuplot >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq gnuplot-nox >/dev/null 2>&1; }; then
  gnuplot <<GNUPLOT
set terminal pngcairo size 900,500
set output "$OUT/throughput.png"
set title "Orders over 10,000 products: throughput and p99 against concurrency (one member, 2 cores)"
set xlabel "concurrent connections"; set logscale x 2
set ylabel "orders/s"; set y2label "p99 (ms)"; set ytics nomirror; set y2tics
set key left top; set grid
plot "$OUT/sweep.tsv" using 1:2 with linespoints lw 2 title "orders/s", \
     "$OUT/sweep.tsv" using 1:4 axes x1y2 with linespoints lw 2 title "p99 ms"
GNUPLOT
fi

column -t -s $'\t' "$OUT/results.tsv"
echo
column -t -s $'\t' "$OUT/sweep.tsv"
# Only this run's waiting room: with BENCH_SKIP_ROOM the file is an earlier run's.
[ -z "${BENCH_SKIP_ROOM:-}" ] && [ -s "$OUT/room.txt" ] && { echo; cat "$OUT/room.txt"; }
cat "$work/checks"
if grep -q BROKEN "$work/checks"; then
  echo "INVARIANT BROKEN: see above" >&2
  exit 1
fi
