# shellcheck shell=bash
# What scripts/start.sh and scripts/start-node.sh share: the member's jar, its build and its command line.
# Both scripts cd to the repository root before they source this file.

FLASHSALE_JAR=web/target/flashsale.jar
# shellcheck source=scripts/lib/java.sh
. scripts/lib/java.sh

# Picks the logging file for FLASHSALE_LOG_FORMAT (json, the default, or text) into FLASHSALE_LOG_CONFIG;
# called first so that a typo fails before a build or a database start.
choose_log_config() {
  case ${FLASHSALE_LOG_FORMAT:-json} in
    json) FLASHSALE_LOG_CONFIG=$PWD/config/logback.xml ;;
    text) FLASHSALE_LOG_CONFIG=$PWD/config/logback-console.xml ;;
    *)
      printf 'FLASHSALE_LOG_FORMAT must be json or text, got %s\n' "'$FLASHSALE_LOG_FORMAT'" >&2
      return 1
      ;;
  esac
}

# True when the jar is missing or older than any source, file under config/ or POM.
jar_is_stale() {
  [ -f "$FLASHSALE_JAR" ] || return 0
  local inputs=(pom.xml config) path
  for path in */src */pom.xml; do
    [ -e "$path" ] && inputs+=("$path")
  done
  [ -n "$(find "${inputs[@]}" -newer "$FLASHSALE_JAR" -print -quit)" ]
}

build_jar() {
  if ! command -v mvn >/dev/null 2>&1; then
    printf 'cannot build %s: Maven is not installed (apt-get install -y maven)\n' "$FLASHSALE_JAR" >&2
    return 1
  fi
  printf 'building %s (mvn -B -q -DskipTests package)\n' "$FLASHSALE_JAR" >&2
  mvn -B -q -DskipTests package
}

# port_is_free PORT: true when nothing listens on PORT on this machine.
port_is_free() {
  if command -v ss >/dev/null 2>&1; then
    [ -z "$(ss -Htln "sport = :$1")" ]
  else
    # shellcheck disable=SC2016 # $1 is the inner shell's argument
    ! timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
  fi
}

# first_free_port START [HINT]: the first free port from START upwards (within 100), or a message that ends with
# HINT (what the caller can do instead) and failure.
first_free_port() {
  local port
  for ((port = $1; port < $1 + 100 && port <= 65535; port++)); do
    if port_is_free "$port"; then
      echo "$port"
      return 0
    fi
  done
  printf 'no free port in %s..%s%s\n' "$1" "$((port - 1))" "${2:+: $2}" >&2
  return 1
}

# The member's ahead-of-time cache (Java 25's AOT cache: the classes a member loads, already parsed, and the
# profiles of its hot methods), which scripts/train-aot.sh writes: FLASHSALE_AOT_CACHE, web/target/flashsale.aot
# unless set.
aot_cache_path() {
  printf '%s\n' "${FLASHSALE_AOT_CACHE:-$PWD/web/target/flashsale.aot}"
}

# aot_cache_flags FLAG...: the flag that maps the AOT cache, for a member whose other flags are FLAG...: none
# when there is no cache, when it is older than the jar (the JVM would refuse it: it was made for another build),
# when FLASHSALE_AOT_CACHE is "none", or when those flags choose an archive or cache of their own.
aot_cache_flags() {
  local cache flag
  cache=$(aot_cache_path)
  [ "$cache" != none ] && [ -f "$cache" ] && [ "$cache" -nt "$FLASHSALE_JAR" ] || return 0
  for flag in "$@"; do
    case $flag in -XX:SharedArchiveFile=* | -XX:AOTCache=* | -XX:AOTCacheOutput=* | -XX:ArchiveClassesAtExit=* | -Xshare:off) return 0 ;; esac
  done
  printf '%s\n' "-XX:AOTCache=$cache"
}

# Replaces this shell with the member, so that SIGTERM reaches the JVM itself and the member leaves the
# cluster gracefully (its partitions migrate first). JAVA_OPTS comes last so that it can override the rest.
# Java 25 (scripts/lib/java.sh finds it) with Hazelcast's module flags, generational ZGC (unless JAVA_OPTS
# picks another collector; docs/BENCHMARKS.md says which were measured and why), compact object headers, and
# the AOT cache when scripts/train-aot.sh made one for this jar.
exec_member() {
  local java_opts=() collector=() aot=()
  export FLASHSALE_HZ_CONFIG=${FLASHSALE_HZ_CONFIG:-$PWD/config/hazelcast.yaml}
  read -r -a java_opts <<<"${JAVA_OPTS:-}"
  mapfile -t collector < <(collector_flags "${java_opts[@]}")
  mapfile -t aot < <(aot_cache_flags "${java_opts[@]}")
  exec java "${FLASHSALE_HAZELCAST_JVM_FLAGS[@]}" "${collector[@]}" "${FLASHSALE_LAYOUT_FLAGS[@]}" "${aot[@]}" \
    -Dlogback.configurationFile="$FLASHSALE_LOG_CONFIG" "${java_opts[@]}" -jar "$FLASHSALE_JAR"
}
