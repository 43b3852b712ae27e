# shellcheck shell=bash
# Finds the Java 25 that builds and runs the platform, for every script: JAVA_HOME when it holds a JDK 25 or
# newer, else the Temurin 25 that machines of this kind carry, else a message that says what to install.
# Exports JAVA_HOME (Maven reads it) and puts its bin/ first on PATH, so `java` and `mvn` agree.

FLASHSALE_JAVA_CANDIDATES=("${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64)

# The feature release of the JDK at $1 (25 for "25.0.3"), or nothing when $1 holds no runnable java.
java_feature_release() {
  [ -x "$1/bin/java" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

ensure_java() {
  local home release
  for home in "${FLASHSALE_JAVA_CANDIDATES[@]}"; do
    [ -n "$home" ] || continue
    release=$(java_feature_release "$home")
    if [ -n "$release" ] && [ "$release" -ge 25 ]; then
      export JAVA_HOME=$home
      export PATH="$home/bin:$PATH"
      return 0
    fi
  done
  printf 'no JDK 25 found (JAVA_HOME=%s): install Temurin 25 (apt-get install -y temurin-25-jdk from the Adoptium\n' \
    "${JAVA_HOME:-unset}" >&2
  printf 'repository) or set JAVA_HOME to a JDK 25 or newer\n' >&2
  return 1
}

# Hazelcast's recommended module flags for Java 9 and later: without them it logs a warning at start and
# falls back to slower paths (no direct buffers for networking, no OS metrics).
FLASHSALE_HAZELCAST_JVM_FLAGS=(
  --add-modules java.se
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
)

# The member's collector, chosen by measurement (scripts/gc-compare.sh; docs/BENCHMARKS.md, "The collector"):
# generational ZGC, the only one that kept every pause far under 100 ms and the p99 at half the throughput under
# 10 ms. G1 often places more orders per second on two cores (up to 1.6x, measured again 2026-11-30) but misses
# both. A member's own flags that pick a collector (JAVA_OPTS, a bench script's) replace it.
FLASHSALE_COLLECTOR_FLAGS=(-XX:+UseZGC)

# The member's object layout: compact object headers (JEP 519, a product option since Java 25), 8 bytes per object
# instead of 12. Every order lives in the heap, in small objects (before 2026-11-29 twice: its ledger and a read side): under ZGC,
# which has no compressed pointers, an order took 1,065 bytes without them and 963 with them (MemoryFootprint;
# docs/BENCHMARKS.md, "Against the targets"). The systemd unit and the image's entrypoint pass the same flags
# (MemberFlagsTest checks that they do).
FLASHSALE_LAYOUT_FLAGS=(-XX:+UseCompactObjectHeaders)

# collector_flags FLAG...: the collector flags to add to a member's command line whose other flags are FLAG...,
# one per line: none when those pick a collector themselves.
collector_flags() {
  local flag
  for flag in "$@"; do
    [[ $flag == -XX:+Use*GC ]] && return 0
  done
  printf '%s\n' "${FLASHSALE_COLLECTOR_FLAGS[@]}"
}
