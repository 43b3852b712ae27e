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

port_is_free() {
  if command -v ss >/dev/null 2>&1; then
    [ -z "$(ss -Htln "sport = :$1")" ]
  else
    # shellcheck disable=SC2016 # $1 is the inner shell's argument
    ! timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
  fi
}

first_free_port() {
  local port
  for ((port = $1; port < $1 + 100 && port <= 65535; port++)); do
    if port_is_free "$port"; then
      echo "$port"
      return 0
    fi
  done
  printf 'no free HTTP port in %s..%s: set FLASHSALE_HTTP_PORT\n' "$1" "$((port - 1))" >&2
  return 1
}

choose_log_config
ensure_java
if [ -z "${FLASHSALE_HTTP_PORT:-}" ]; then
  FLASHSALE_HTTP_PORT=$(first_free_port 8081)
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
