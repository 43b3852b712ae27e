#!/usr/bin/env bash
# Makes the member's ahead-of-time cache for the jar as built: Java 25's AOT cache (JEPs 483, 514 and 515), the
# classes a member loads, already parsed, and the profiles of the methods a sale day runs, so that a member started
# with it is ready sooner and places more orders in its first seconds, when the JIT compiler would otherwise
# still be warming up (docs/BENCHMARKS.md, "Faster starts"). scripts/start.sh and scripts/start-node.sh use the cache
# while it is newer than the jar; a rebuild makes it stale, and this script makes it again.
#
# One training member on loopback, in a cluster and schema of its own (dropped after), gets the two sales
# scripts/bench/sales.py calls aot-held and aot-instant and runs scripts/lib/aot_training.py's workload on them
# (orders placed, paid, failed, cancelled, read and listed, the statistics and metrics read) and then stops gracefully, at which its JVM writes the cache. The member uses
# JAVA_OPTS as start.sh would: a cache serves only a JVM whose collector and layout flags match the training's.
#
# Usage: scripts/train-aot.sh [seconds of workload, default 30]. Env: FLASHSALE_AOT_CACHE (where the cache goes,
# web/target/flashsale.aot unless set), JAVA_OPTS, and the database settings of start.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh
# shellcheck source=scripts/lib/member.sh
. scripts/lib/member.sh
# shellcheck source=scripts/lib/bench-member.sh
. scripts/lib/bench-member.sh

SECS=${1:-30}
[[ $SECS =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [seconds of workload]" >&2; exit 2; }
cache=$(aot_cache_path)
[ "$cache" != none ] || { echo "FLASHSALE_AOT_CACHE is none: there is nowhere to write the cache" >&2; exit 2; }
ensure_java
if jar_is_stale; then
  build_jar
fi
ensure_postgres >/dev/null

name=aottraining$(date +%s)$RANDOM
http_port=$(first_free_port 18300)
hz_port=$(first_free_port 5790)
token=aot-training-$RANDOM$RANDOM$RANDOM
work=$(mktemp -d)
member_pid=
cleanup() {
  if [ -n "$member_pid" ]; then kill "$member_pid" 2>/dev/null && wait "$member_pid" 2>/dev/null; fi
  bench_drop_schema "$name"
  rm -rf "$work" "$cache.new"
}
trap cleanup EXIT

read -r -a java_opts <<<"${JAVA_OPTS:-}"
rm -f "$cache.new"
mkdir -p "$(dirname "$cache")"
printf 'training the AOT cache for %s (%s s of workload)\n' "$FLASHSALE_JAR" "$SECS"
base=http://127.0.0.1:$http_port
bench_member_start "$name" "$http_port" "$hz_port" "$token" "$work/member.log" "${java_opts[@]}" "-XX:AOTCacheOutput=$cache.new"
bench_member_await_ready "$base" "$work/member.log"
bench_create_sales "$base" "$token" "$name" "$work" aot-held aot-instant
python3 scripts/lib/aot_training.py "$base" "$token" "$SECS" "$name-aot-held" "$name-aot-instant"
# A graceful stop: the JVM writes the cache as it exits (it starts a second JVM to assemble it).
kill -TERM "$member_pid"
wait "$member_pid" || true
member_pid=
if [ ! -s "$cache.new" ]; then
  echo "the training member wrote no AOT cache; its log ends:" >&2
  tail -20 "$work/member.log" >&2
  exit 1
fi
mv -f "$cache.new" "$cache"
printf 'AOT cache written: %s (%s MB); members started by start.sh and start-node.sh use it until the jar is rebuilt\n' \
  "$cache" "$(($(stat -c %s "$cache") / 1048576))"
