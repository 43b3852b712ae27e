#!/usr/bin/env bash
# Everything the tests need, then the tests: PostgreSQL made ready with the <db>_test database that the
# PostgreSQL-backed tests use (FLASHSALE_TEST_DB_URL, _USER, _PASSWORD), then `mvn -B verify`.
# Arguments go to Maven, e.g. scripts/test.sh -pl node -Dtest=StockTest
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/postgres.sh
. scripts/lib/postgres.sh

# shellcheck source=scripts/lib/java.sh
. scripts/lib/java.sh
ensure_java
if ! command -v mvn >/dev/null 2>&1; then
  printf 'mvn not found: the tests need Maven (apt-get install -y maven)\n' >&2
  exit 1
fi

# The dashboard's browser test drives Debian's headless chromium; it skips (and says so) only without it.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2 \
    || printf 'could not install chromium: the dashboard browser test will be skipped\n' >&2
fi

# The alert rules are checked with promtool (Debian's prometheus package); under CI=true that test fails
# without it, elsewhere it skips and says so.
if ! command -v promtool >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus) >&2 \
    || printf 'could not install prometheus (promtool): the alert rules test will be skipped, or fail under CI\n' >&2
fi

# NetworkFaultIT builds a network of namespaces (iproute2), injects faults with iptables and delays packets with
# scripts/lib/delayline.py (python3); it needs root and fails, never skips, without them.
if [ "$(id -u)" -eq 0 ]; then
  missing=()
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if [ "${#missing[@]}" -gt 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >&2 \
      || printf 'could not install %s: NetworkFaultIT will fail\n' "${missing[*]}" >&2
  fi
fi

ensure_postgres
FLASHSALE_TEST_DB_URL=$(flashsale_test_db_url)
export FLASHSALE_TEST_DB_URL
export FLASHSALE_TEST_DB_USER=${FLASHSALE_DB_USER:-flashsale}
export FLASHSALE_TEST_DB_PASSWORD=${FLASHSALE_DB_PASSWORD-flashsale}
exec mvn -B --no-transfer-progress verify "$@"
