#!/usr/bin/env bash
# The restart check of the contract's honest readiness: one member restarts on a database of ORDERS orders
# (default 1,000,000), and from the first 200 of /health/ready on, a crowd's placements must be answered within
# 2 s and none with 503. It prints how long the member took to become ready and what the crowd got, and fails
# when a request timed out (wrk --timeout 2s) or got 503.
#
#   1. a member starts on a fresh schema, the sale "restart" (100 products of 20,000 units, limit 1, a one-hour
#      payment window) is created through the API, and the member stops gracefully;
#   2. ORDERS orders are written straight into PostgreSQL (nine in ten CONFIRMED, one in ten PENDING), with the
#      stock rows at the version that holds them, as write-behind would have left them;
#   3. the member starts again; the moment /health/ready first answers 200, a crowd of CONNECTIONS connections
#      (default 64) places orders of new users on random products for CROWD_SECONDS (default 30);
#   4. the same crowd again while a full reconciliation runs (the p99 of placements during a full run).
#
# Usage: scripts/restart-check.sh [ORDERS]. Env: CONNECTIONS, CROWD_SECONDS, RESTART_JAVA_OPTS (default -Xms6g -Xmx6g).
# Only loopback is used; the schema is dropped at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh
# shellcheck source=scripts/lib/member.sh
. scripts/lib/member.sh
# shellcheck source=scripts/lib/bench-member.sh
. scripts/lib/bench-member.sh
ensure_java

ORDERS=${1:-1000000}
CONNECTIONS=${CONNECTIONS:-64}
SECONDS_OF_CROWD=${CROWD_SECONDS:-30}
PORT=${RESTART_HTTP_PORT:-18190}
BASE=http://127.0.0.1:$PORT
TOKEN=restart-admin-token-$RANDOM$RANDOM
RUN=restart$(date +%s)
SALE=$RUN-restart
export BENCH_LUA_DIR=$PWD/scripts/bench BENCH_PREFIX=$RUN
work=$(mktemp -d)
member_pid=

psql_as_owner() {
  PGPASSWORD=${FLASHSALE_DB_PASSWORD:-flashsale} psql -h 127.0.0.1 -U "${FLASHSALE_DB_USER:-flashsale}" \
    -d flashsale -Atq -v ON_ERROR_STOP=1 "$@"
}

stop_member() {
  if [ -n "$member_pid" ]; then
    kill "$member_pid" 2>/dev/null || true
    wait "$member_pid" 2>/dev/null || true
    member_pid=
  fi
}

cleanup() {
  stop_member
  psql_as_owner -c "DROP SCHEMA IF EXISTS $RUN CASCADE" >/dev/null 2>&1 || true
  if [ -n "${keep_logs:-}" ]; then
    mkdir -p target && cp "$work"/member-*.log target/ && printf 'member logs kept in target/\n' >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

ensure_wrk

# Starts the member in the background; its log goes to $work/member-$1.log.
start_member() {
  # shellcheck disable=SC2086 # RESTART_JAVA_OPTS is a list of flags
  FLASHSALE_RATE_USER_PER_SECOND=0 bench_member_start "$RUN" "$PORT" 6901 "$TOKEN" "$work/member-$1.log" \
    ${RESTART_JAVA_OPTS:--Xms6g -Xmx6g}
}

# Polls /health/ready every 50 ms until the first 200; prints the seconds it took.
await_ready() {
  local started=$1
  for _ in $(seq 1 12000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/health/ready")" = 200 ]; then
      awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
      return 0
    fi
    kill -0 "$member_pid" 2>/dev/null || { tail -30 "$work/member-$2.log" >&2; return 1; }
    sleep 0.05
  done
  printf 'the member did not become ready within 10 minutes; see %s\n' "$work/member-$2.log" >&2
  return 1
}

jar_is_stale && build_jar
ensure_postgres

printf 'restart check: %s orders, a crowd of %s connections for %s s from the first ready\n' \
  "$ORDERS" "$CONNECTIONS" "$SECONDS_OF_CROWD"
start_member first
await_ready "$(date +%s.%N)" first >/dev/null
python3 scripts/bench/sales.py restart >"$work/sale.json"
curl -sf -o /dev/null -X POST "$BASE/api/admin/sales" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' --data-binary @"$work/sale.json"
# The sale and its stock rows reach PostgreSQL on the graceful stop's flush.
stop_member

psql_as_owner <<SQL
INSERT INTO $RUN.orders (order_id, sale_id, product_id, user_id, quantity, unit_price, currency, status,
    created_at, updated_at, expires_at, payment_ref, version)
  SELECT i, '$SALE', 'p' || (i % 100), 'restart-user-' || i, 1, 19.99, 'EUR',
      CASE WHEN i % 10 = 0 THEN 'PENDING' ELSE 'CONFIRMED' END, now(), now(),
      CASE WHEN i % 10 = 0 THEN now() + interval '1 hour' END,
      CASE WHEN i % 10 = 0 THEN NULL ELSE 'pay-' || i END, 2
    FROM generate_series(1, $ORDERS) AS i;
UPDATE $RUN.stock AS s SET held = c.held, confirmed = c.confirmed, available = s.total - c.held - c.confirmed,
    version = 2
  FROM (SELECT product_id, count(*) FILTER (WHERE status = 'PENDING') AS held,
               count(*) FILTER (WHERE status = 'CONFIRMED') AS confirmed
          FROM $RUN.orders WHERE sale_id = '$SALE' GROUP BY product_id) AS c
  WHERE s.sale_id = '$SALE' AND s.product_id = c.product_id;
ANALYZE $RUN.orders;
SQL
printf 'PostgreSQL holds %s orders\n' "$(psql_as_owner -c "SELECT count(*) FROM $RUN.orders")"

started=$(date +%s.%N)
start_member restart
ready_after=$(await_ready "$started" restart)
env BENCH_SALE="$SALE" BENCH_PRODUCTS=100 BENCH_USERS=1000000000 \
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_OF_CROWD}s" --timeout 2s -s scripts/bench/place.lua "$BASE" \
  | grep '^RESULT' >"$work/crowd"
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$work/crowd"; }
timeouts=$(field timeouts)
unavailable=$(tr ' ' '\n' <"$work/crowd" | awk -F= '/^503/ { n += $2 } END { print n + 0 }')
answers=$(tr ' ' '\n' <"$work/crowd" | grep -E '^[0-9]{3}' | paste -sd' ' -)
printf 'ready %s s after the start; crowd: %s requests, p50 %s ms, p99 %s ms, %s timed out (> 2 s), %s answered 503\n' \
  "$ready_after" "$(field requests)" "$(awk -v u="$(field p50_us)" 'BEGIN { printf "%.1f", u / 1000 }')" \
  "$(awk -v u="$(field p99_us)" 'BEGIN { printf "%.1f", u / 1000 }')" "$timeouts" "$unavailable"
printf 'answers: %s\n' "$answers"

# Then the same crowd again while a full reconciliation runs over the million orders (POSTed at its start):
# the p99 of placements during a full run, and how long the run took.
reconcile_started=$(date +%s.%N)
curl -s -o "$work/report.json" -X POST "$BASE/api/admin/reconciliation" -H "Authorization: Bearer $TOKEN" &
reconcile_pid=$!
env BENCH_SALE="$SALE" BENCH_PRODUCTS=100 BENCH_USERS=1000000000 \
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_OF_CROWD}s" --timeout 2s -s scripts/bench/place.lua "$BASE" \
  | grep '^RESULT' >"$work/during"
wait "$reconcile_pid"
reconciled_in=$(awk -v a="$reconcile_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
during() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$work/during"; }
printf 'during a full reconciliation (%s s until its report, %s orders checked): %s requests, p99 %s ms, %s timed out\n' \
  "$reconciled_in" "$(sed -n 's/.*"ordersChecked":\([0-9]*\).*/\1/p' "$work/report.json")" "$(during requests)" \
  "$(awk -v u="$(during p99_us)" 'BEGIN { printf "%.1f", u / 1000 }')" "$(during timeouts)"
if [ "${timeouts:-1}" -ne 0 ] || [ "$unavailable" -ne 0 ]; then
  keep_logs=1
  printf 'FAILED: from the first ready on, every request must be answered within 2 s and none with 503\n' >&2
  exit 1
fi
printf 'passed\n'
