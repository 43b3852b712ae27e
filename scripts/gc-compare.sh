#!/usr/bin/env bash
# Chooses the member's collector by measurement (issue 11): for each candidate, one member with PostgreSQL is
# started with a GC log, warmed up for BENCH_WARMUP s (60), then the spread workload of scripts/bench.sh runs
# for SECONDS at 64 connections (the highest throughput) and at 4 (about half of it, where the p99 target is
# set), and the GC log gives the longest pause and the collector's count of pauses over the measured runs.
# The candidates, GC_CANDIDATES, are "name:flags" separated by ";"; by default:
#   G1        the JVM's default collector, untouched (the shipped one before this comparison)
#   G1-20ms   G1 with -XX:MaxGCPauseMillis=20
#   ZGC       generational ZGC (-XX:+UseZGC; generational is the only mode on Java 25): shipped since
#             (scripts/lib/java.sh)
# The measured sale is GC_SALE: spread-window by default (the spread's 10,000 products with a drop's rules, limit
# 1 and a 300 s payment window, so every order stays PENDING in its ledger and the heap grows as in a real drop),
# or spread (instant confirmation).
# The heap as the bench holds it late in its run, for the p99 target's own terms: GC_HEAP (default -Xms4g -Xmx6g;
# the bench's member has -Xms12g -Xmx12g), GC_FILL seconds of orders at 64 connections after the warm-up, not
# measured (0), so that the member holds the orders a bench's member holds when it comes to its paced level, and
# GC_PACED_LEVELS (0) levels of 10 s after the two runs, paced at half the 64-connection rate on 32 connections
# (scripts/bench/paced.lua, as bench.sh's paced level, after write-behind has drained): their p99s, their median
# and worst, and for each the seconds of it during which a collection (young or major, from the GC log) ran.
# GC_ROUNDS (1) repeats the candidates, in an order rotated by one each round, so that a machine that gets busier
# charges all alike.
# Usage: scripts/gc-compare.sh [seconds per run, default 30]. Prints one line per collector and round and writes
# $GC_OUT.tsv (GC_OUT: docs/bench/gc), and $GC_OUT-paced.tsv with paced levels.
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

# gc_busy LOG START END: the seconds between the JVM's uptimes START and END during which the GC log LOG shows a
# collection running, to 0.1 s: one of ZGC's concurrent collections (young or major; a young one inside a major counts
# once), timed from its first line to the line that ends it with its duration, one with no end line yet still running;
# or another collector's pause (G1's young and mixed collections, Shenandoah's pauses), which ends at its line's
# uptime and lasted the duration the line ends with.
gc_busy() {
  awk -v from="$2" -v to="$3" '
    match($0, /GC\([0-9]+\) (Minor|Major) Collection/) {
      at = substr($1, 2) + 0; id = $0; sub(/\).*/, "", id); sub(/.*GC\(/, "", id)
      if ($NF ~ /^[0-9.]+s$/) { done[id] = at } else if (!(id in begun)) { begun[id] = at } }
    $0 ~ /\[gc *\] GC\([0-9]+\) Pause / && $NF ~ /^[0-9.]+ms$/ {
      at = substr($1, 2) + 0; id = "pause" NR; begun[id] = at - ($NF + 0) / 1000; done[id] = at }
    END { busy = 0
      for (t = from; t < to; t += 0.1) {
        for (id in begun) if (t >= begun[id] && (!(id in done) || t < done[id])) { busy += 0.1; break } }
      printf "%.1f", busy }' "$1"
}

IFS=';' read -r -a candidates <<<"${GC_CANDIDATES:-G1:-XX:+UseG1GC;G1-20ms:-XX:+UseG1GC -XX:MaxGCPauseMillis=20;ZGC:-XX:+UseZGC}"
levels=${GC_PACED_LEVELS:-0}
printf 'collector\tround\torders_per_s_64\tp99_ms_64\torders_per_s_4\tp50_ms_4\tp99_ms_4\tmax_pause_ms\tpauses\n' >"$work/gc.tsv"
printf 'collector\tround\tpaced_orders_per_s\tp99_ms_levels\tp99_ms_median\tp99_ms_worst\tgc_running_s_levels\n' >"$work/gc-paced.tsv"
for round in $(seq 1 "${GC_ROUNDS:-1}"); do
  for i in "${!candidates[@]}"; do
    candidate=${candidates[$(((i + round - 1) % ${#candidates[@]}))]}
    name=${candidate%%:*}
    flags=${candidate#*:}
    schema=gc$(date +%s)
    jvm_started=$(date +%s.%N)
    # shellcheck disable=SC2086 # flags and the heap are lists of JVM flags
    bench_member_start "$schema" "$PORT" 6861 "$TOKEN" "$work/$name.log" ${GC_HEAP:--Xms4g -Xmx6g} $flags \
      "-Xlog:gc,gc+phases:file=$work/$name.$round.gc.log"
    bench_member_await_ready "$BASE" "$work/$name.log"
    bench_create_sales "$BASE" "$TOKEN" "$schema" "$work" warmup "$SALE"
    BENCH_SALE=$schema-warmup BENCH_PRODUCTS=1000 wrk -t2 -c64 -d"${BENCH_WARMUP:-60}s" -s scripts/bench/place.lua "$BASE" >/dev/null
    if [ "${GC_FILL:-0}" -gt 0 ]; then
      BENCH_SALE=$schema-$SALE BENCH_PRODUCTS=10000 BENCH_USERS=1000000 wrk -t2 -c64 -d"${GC_FILL}s" --timeout 10s \
        -s scripts/bench/place.lua "$BASE" >/dev/null
    fi
    measured_from=$(($(wc -l <"$work/$name.$round.gc.log") + 1))
    BENCH_SALE=$schema-$SALE BENCH_PRODUCTS=10000 BENCH_USERS=1000000 wrk -t2 -c64 -d"${SECS}s" --timeout 10s \
      -s scripts/bench/place.lua "$BASE" >"$work/$name.64"
    BENCH_SALE=$schema-$SALE BENCH_PRODUCTS=10000 BENCH_USERS=1000000 wrk -t1 -c4 -d"${SECS}s" --timeout 10s \
      -s scripts/bench/place.lua "$BASE" >"$work/$name.4"
    read -r rate64 _ p99_64 <<<"$(figures "$work/$name.64")"
    read -r rate4 p50_4 p99_4 <<<"$(figures "$work/$name.4")"
    if [ "$levels" -gt 0 ]; then
      await_drained "$BASE"
      half=$((rate64 / 2))
      p99s=() busy=() rates=()
      for level in $(seq 1 "$levels"); do
        from=$(awk -v a="$(date +%s.%N)" -v b="$jvm_started" 'BEGIN { printf "%.1f", a - b }')
        BENCH_SALE=$schema-$SALE BENCH_PRODUCTS=10000 BENCH_USERS=1000000 BENCH_RATE=$half wrk -t2 -c32 -d10s \
          --timeout 10s -s scripts/bench/paced.lua "$BASE" >"$work/$name.paced"
        read -r rate _ p99 <<<"$(figures "$work/$name.paced")"
        p99s+=("$p99") rates+=("$rate")
        busy+=("$(gc_busy "$work/$name.$round.gc.log" "$from" "$(awk -v f="$from" 'BEGIN { print f + 10 }')")")
      done
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$(median "${rates[@]}")" "$(IFS=,; echo "${p99s[*]}")" \
        "$(median "${p99s[@]}")" "$(printf '%s\n' "${p99s[@]}" | sort -g | tail -1)" "$(IFS=,; echo "${busy[*]}")" \
        >>"$work/gc-paced.tsv"
    fi
    read -r max_pause count <<<"$(gc_pauses "$work/$name.$round.gc.log" "$measured_from")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$rate64" "$p99_64" "$rate4" "$p50_4" "$p99_4" \
      "$max_pause" "$count" >>"$work/gc.tsv"
    tail -1 "$work/gc.tsv" >&2
    [ "$levels" -gt 0 ] && tail -1 "$work/gc-paced.tsv" >&2
    kill "$member_pid" && wait "$member_pid" 2>/dev/null || true
    member_pid=
    [ -n "${GC_KEEP:-}" ] && mkdir -p "$GC_KEEP" && cp "$work/$name.$round.gc.log" "$GC_KEEP/"
    bench_drop_schema "$schema"
    schema=
  done
done
out=${GC_OUT:-docs/bench/gc}
cp "$work/gc.tsv" "$out.tsv"
column -t -s $'\t' "$out.tsv"
if [ "$levels" -gt 0 ]; then
  cp "$work/gc-paced.tsv" "$out-paced.tsv"
  column -t -s $'\t' "$out-paced.tsv"
fi
