#!/usr/bin/env bash
# Starts one more grid member that joins the cluster at FLASHSALE_MEMBERS (127.0.0.1), with its API on
# FLASHSALE_HTTP_PORT or, when that is unset, on the first free port from 8081 upwards. It builds only when
# there is no jar at all: a member added to a running cluster must run the same code as the others.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh
# shellcheck source=scripts/lib/member.sh
. scripts/lib/member.sh

choose_log_config
ensure_java
if [ -z "${FLASHSALE_HTTP_PORT:-}" ]; then
  FLASHSALE_HTTP_PORT=$(first_free_port 8081 "set FLASHSALE_HTTP_PORT")
elif [[ $FLASHSALE_HTTP_PORT =~ ^[1-9][0-9]*$ ]] && ! port_is_free "$FLASHSALE_HTTP_PORT"; then
  printf 'FLASHSALE_HTTP_PORT %s is taken: choose another or leave it unset for the first free one from 8081\n' \
    "$FLASHSALE_HTTP_PORT" >&2
  exit 1
fi
export FLASHSALE_HTTP_PORT
export FLASHSALE_MEMBERS=${FLASHSALE_MEMBERS:-127.0.0.1}
if [ ! -f "$FLASHSALE_JAR" ]; then
  build_jar
fi
ensure_postgres
printf 'starting a member with its API on :%s, joining %s\n' "$FLASHSALE_HTTP_PORT" "$FLASHSALE_MEMBERS" >&2
exec_member
