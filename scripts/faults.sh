#!/usr/bin/env bash
# The long form of NetworkFaultIT (issue 16): three members in network namespaces under a nemesis of partitions,
# a cut from PostgreSQL, a slow lossy link, kill -9 and restart and a skewed clock, for N cycles (default 20),
# then the history checker. Needs root. Leftovers of an earlier run (namespaces fsnet-*, bridge fsnet-br0) are
# removed first. The history and a summary (operations per fault, findings, violations) land in web/target/it-logs.
#   scripts/faults.sh [cycles] [extra Maven arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cycles=${1:-20}
shift || true
if [ "$(id -u)" -ne 0 ]; then
  printf 'faults.sh needs root: it creates network namespaces and iptables rules\n' >&2
  exit 1
fi
if command -v ip >/dev/null 2>&1; then
  for namespace in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^fsnet-' || true); do
    ip netns pids "$namespace" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$namespace" 2>/dev/null || true
  done
  ip link del fsnet-br0 2>/dev/null || true
fi
exec scripts/test.sh -pl node,mapstore,web -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=NetworkFaultIT -Dfaults.cycles="$cycles" "$@"
