#!/usr/bin/env bash
# Runs the whole thing on one machine: builds the member when its jar is missing or older than the sources,
# makes PostgreSQL ready, then becomes one grid member serving the API on FLASHSALE_HTTP_PORT (8080), on the AOT
# cache of scripts/train-aot.sh when there is one for this jar.
# Logs are JSON lines on stdout; FLASHSALE_LOG_FORMAT=text makes them readable by people.
# Ctrl-C or SIGTERM stops the member gracefully. More members: scripts/start-node.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh
# shellcheck source=scripts/lib/member.sh
. scripts/lib/member.sh

choose_log_config
ensure_java
if jar_is_stale; then
  build_jar
fi
ensure_postgres
if [ "$(aot_cache_path)" != none ] && [ -z "$(aot_cache_flags)" ]; then
  printf 'no AOT cache for this jar: scripts/train-aot.sh makes one (members ready sooner and faster in their first seconds)\n' >&2
fi
exec_member
