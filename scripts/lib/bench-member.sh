# shellcheck shell=bash
# What the measuring scripts (bench.sh, cpu-share.sh, gc-compare.sh, restart-check.sh) and train-aot.sh share: one member in a
# cluster and a database schema of its own, on loopback, started in the background, and the wait for it to be
# ready, and wrk. The callers cd to the repository root and source scripts/lib/member.sh first.

# bench_member_start NAME HTTP_PORT HZ_PORT TOKEN LOG [JVM flags...]: starts the member in the background with
# NAME as its cluster's name and its schema, TOKEN as the admin token, its output in LOG, and the shipped
# collector unless the flags pick one; sets member_pid. Member
# settings beyond these come from the caller's environment (e.g. FLASHSALE_RATE_USER_PER_SECOND=0 before the call).
bench_member_start() {
  local name=$1 http_port=$2 hz_port=$3 token=$4 log=$5 collector=()
  shift 5
  mapfile -t collector < <(collector_flags "$@")
  env FLASHSALE_HTTP_PORT="$http_port" FLASHSALE_HZ_PORT="$hz_port" FLASHSALE_CLUSTER_NAME="$name" \
    FLASHSALE_MEMBERS="127.0.0.1:$hz_port" FLASHSALE_DB_SCHEMA="$name" FLASHSALE_ADMIN_TOKEN="$token" \
    FLASHSALE_HZ_CONFIG="$PWD/config/hazelcast.yaml" \
    java "${FLASHSALE_HAZELCAST_JVM_FLAGS[@]}" "${collector[@]}" "${FLASHSALE_LAYOUT_FLAGS[@]}" "$@" -Dlogback.configurationFile="$PWD/config/logback-console.xml" \
    -jar "$FLASHSALE_JAR" >"$log" 2>&1 &
  member_pid=$!
}

# cpu_seconds: the member's CPU time so far (user + system), in seconds.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$member_pid/stat"
}

# postgres_cpu_seconds: PostgreSQL's CPU time so far, in seconds: every postgres process now alive (the member's
# pooled connections live as long as it does).
postgres_cpu_seconds() {
  local pid total=0
  for pid in $(pgrep -x postgres); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

# bench_member_await_ready BASE LOG: waits up to 2 minutes for BASE/health/ready to answer 200; when the member
# died or never got ready, shows the end of LOG and returns 1.
bench_member_await_ready() {
  local base=$1 log=$2
  for _ in $(seq 1 240); do
    curl -sf "$base/health/ready" >/dev/null && return 0
    kill -0 "$member_pid" 2>/dev/null || { tail -20 "$log" >&2; return 1; }
    sleep 0.5
  done
  printf 'the member did not become ready; see %s\n' "$log" >&2
  return 1
}

# bench_create_sales BASE TOKEN PREFIX DIR KIND...: creates each KIND of scripts/bench/sales.py (warmup, spread,
# hot, ...) as the sale PREFIX-KIND, keeping its JSON in DIR.
bench_create_sales() {
  local base=$1 token=$2 prefix=$3 dir=$4 kind
  shift 4
  for kind in "$@"; do
    BENCH_PREFIX=$prefix python3 scripts/bench/sales.py "$kind" >"$dir/$kind.json"
    curl -sf -o /dev/null -X POST "$base/api/admin/sales" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data-binary @"$dir/$kind.json"
  done
}

# gc_pauses LOG [FROM_LINE]: the longest stop-the-world pause (ms) and the number of pauses in a GC log written
# with -Xlog:gc,gc+phases, from line FROM_LINE (1) on, as "max count".
gc_pauses() {
  tail -n +"${2:-1}" "$1" | grep -E 'Pause.* [0-9]+\.[0-9]+ms$' | grep -oE '[0-9]+\.[0-9]+ms$' | tr -d 'ms' | sort -g \
    | awk '{ n++; max = $1 } END { printf "%.2f %d", max, n }'
}

# await_drained BASE: waits (up to 90 s) until write-behind has nothing left to write (the member's
# flashsale_writebehind_backlog), so that a run measured next does not share the cores with the last run's backlog.
await_drained() {
  local base=$1 deadline=$(($(date +%s) + 90)) backlog
  while [ "$(date +%s)" -lt "$deadline" ]; do
    backlog=$(curl -sf "$base/metrics" | awk '/^flashsale_writebehind_backlog / { printf "%d", $2 }')
    [ "${backlog:-1}" = 0 ] && return 0
    sleep 1
  done
  echo "write-behind still had ${backlog:-?} changes to write after 90 s" >&2
}

# bench_drop_schema SCHEMA: drops a run's schema, tables and all, from the flashsale database; never fails (it
# cleans up after runs that may have died before creating it).
bench_drop_schema() {
  PGPASSWORD=${FLASHSALE_DB_PASSWORD:-flashsale} psql -h 127.0.0.1 -U "${FLASHSALE_DB_USER:-flashsale}" -d flashsale \
    -qc "DROP SCHEMA IF EXISTS $1 CASCADE" >/dev/null 2>&1 || true
}

# ensure_wrk: wrk, the load generator, installed from Debian when missing and this runs as root; fails with the
# package to install otherwise.
ensure_wrk() {
  if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  fi
  command -v wrk >/dev/null || { printf '%s needs wrk (apt-get install wrk)\n' "$(basename "$0")" >&2; return 1; }
}

# median VALUE...: the median of the numbers given (the lower middle one of an even count; "-", a ratio that could
# not be taken, is left out), or "-" when none is left.
median() {
  printf '%s\n' "$@" | awk '$1 != "-"' | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'
}
