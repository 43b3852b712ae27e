# shellcheck shell=bash
# PostgreSQL for the operator scripts; sourced by scripts/start.sh, scripts/start-node.sh and scripts/test.sh.
#
# ensure_postgres makes the server named by FLASHSALE_DB_URL answer and, when it runs on this machine, gives it
# the role FLASHSALE_DB_USER (LOGIN, FLASHSALE_DB_PASSWORD) and two databases owned by that role: <db> for the
# members and <db>_test for the automated tests. It only creates what is missing, so it can run on every start.
# It starts a stopped Debian cluster (pg_ctlcluster) but never creates one: initdb is the operator's decision.
# After it returns, FLASHSALE_PG_HOST, FLASHSALE_PG_PORT, FLASHSALE_PG_DB and FLASHSALE_PG_QUERY hold the
# parts of the URL (flashsale_test_db_url builds the tests' URL from them).
#
# Defaults match the members' own (see README, "Configuration"): a blank URL or user means the default, an empty
# password stays empty.

FLASHSALE_PG_DEFAULT_URL=jdbc:postgresql://127.0.0.1:5432/flashsale
FLASHSALE_PG_WAIT_SECONDS=30

pg_say() {
  printf 'postgres: %s\n' "$*" >&2
}

pg_fail() {
  pg_say "$*"
  return 1
}

# Splits jdbc:postgresql://host[:port]/db[?params] (or jdbc:postgresql:db, meaning localhost) into the globals above.
pg_parse_url() {
  local url=$1 rest authority
  case $url in
    jdbc:postgresql://*) rest=${url#jdbc:postgresql://} ;;
    jdbc:postgresql:/*) rest= ;;
    jdbc:postgresql:*) rest=localhost/${url#jdbc:postgresql:} ;;
    *) rest= ;;
  esac
  FLASHSALE_PG_QUERY=
  case $rest in *\?*) FLASHSALE_PG_QUERY="?${rest#*\?}" rest=${rest%%\?*} ;; esac
  case $rest in
    */?*) ;;
    *) pg_fail "FLASHSALE_DB_URL must look like jdbc:postgresql://host[:port]/database, got '$url'" || return 1 ;;
  esac
  authority=${rest%%/*}
  FLASHSALE_PG_DB=${rest#*/}
  FLASHSALE_PG_PORT=5432
  case $authority in
    *,*) FLASHSALE_PG_HOST=$authority && return 0 ;; # several hosts: ensure_postgres leaves them to the driver
    \[*\]:*) FLASHSALE_PG_HOST=${authority%%\]*} FLASHSALE_PG_PORT=${authority##*\]:} ;;
    \[*\]) FLASHSALE_PG_HOST=${authority%\]} ;;
    *:*) FLASHSALE_PG_HOST=${authority%%:*} FLASHSALE_PG_PORT=${authority#*:} ;;
    *) FLASHSALE_PG_HOST=$authority ;;
  esac
  FLASHSALE_PG_HOST=${FLASHSALE_PG_HOST#\[}
  case $FLASHSALE_PG_PORT in
    '' | *[!0-9]*) pg_fail "FLASHSALE_DB_URL has a bad port '$FLASHSALE_PG_PORT' in '$url'" || return 1 ;;
  esac
  [ -n "$FLASHSALE_PG_HOST" ] || FLASHSALE_PG_HOST=localhost
}

# The tests' database: the members' URL with <db>_test in place of <db>.
flashsale_test_db_url() {
  local url=${FLASHSALE_DB_URL:-$FLASHSALE_PG_DEFAULT_URL}
  url=${url%%\?*}
  printf '%s_test%s\n' "$url" "$FLASHSALE_PG_QUERY"
}

pg_is_local_host() {
  local host=$1 address
  case $host in
    localhost | 127.* | ::1 | 0:0:0:0:0:0:0:1) return 0 ;;
  esac
  [ "$host" = "$(hostname 2>/dev/null)" ] && return 0
  for address in $(hostname -I 2>/dev/null); do
    [ "$host" = "$address" ] && return 0
  done
  return 1
}

# 0: accepting connections; 1: answering but not ready (starting up); 2: nothing answers.
pg_state() {
  local state=0
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -t 2 -h "$1" -p "$2" || state=$?
    [ "$state" -le 1 ] || state=2
  elif ! pg_port_open "$1" "$2"; then
    state=2
  fi
  return "$state"
}

# Without the client tools, an open port is the best answer there is.
pg_port_open() {
  # shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

pg_wait_until_ready() {
  local host=$1 port=$2 deadline=$((SECONDS + FLASHSALE_PG_WAIT_SECONDS))
  until pg_state "$host" "$port"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      pg_fail "$host:$port did not accept connections within ${FLASHSALE_PG_WAIT_SECONDS}s" || return 1
    fi
    sleep 1
  done
}

# Starts the stopped Debian cluster that listens on this port; pg_ctlcluster runs the server as its owner.
pg_start_local_cluster() {
  local port=$1 version name cluster_port status log found=''
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    pg_fail "nothing answers at $FLASHSALE_PG_HOST:$port and PostgreSQL is not installed here:" \
      "install it (apt-get install -y postgresql) or set FLASHSALE_DB_URL to a server that runs" || return 1
  fi
  while read -r version name cluster_port status _ _ log; do
    if [ "$cluster_port" = "$port" ]; then
      found=$version/$name
      break
    fi
  done < <(pg_lsclusters -h 2>/dev/null)
  if [ -z "$found" ]; then
    pg_fail "nothing answers at $FLASHSALE_PG_HOST:$port and no PostgreSQL cluster here uses port $port" \
      "(clusters here: $(pg_lsclusters -h 2>/dev/null | awk '{printf "%s%s/%s on %s", (NR > 1 ? ", " : ""), $1, $2, $3}')):" \
      "set FLASHSALE_DB_URL to one of them, or create one (pg_createcluster --start <version> main)" || return 1
  fi
  case $status in
    online*) pg_say "cluster $found is starting" ;;
    *)
      pg_say "starting cluster $found"
      pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start ||
        pg_fail "could not start cluster $found (see $log)" || return 1
      ;;
  esac
}

# psql as a superuser: the postgres OS user over the cluster's socket when there is one, else the postgres role
# over TCP (which works where the server trusts local connections).
pg_as_superuser() {
  local host=$1 port=$2
  shift 2
  if [ -S "/var/run/postgresql/.s.PGSQL.$port" ] && id postgres >/dev/null 2>&1; then
    if [ "$(id -un)" = postgres ]; then
      psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"
      return
    elif [ "$(id -u)" -eq 0 ]; then
      # From / so that psql, now running as postgres, is not left in a directory it cannot read.
      (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@")
      return
    fi
  fi
  PGCONNECT_TIMEOUT=5 psql -X -q -w -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U postgres -d postgres "$@"
}

# Creates the role and each database (owned by it) that is missing; an existing role keeps its password.
pg_create_missing() {
  local host=$1 port=$2 role=$3 password=$4 database
  shift 4
  # The password travels on stdin as an SQL literal (quotes doubled), not on a command line others can read.
  local password_literal="'${password//\'/\'\'}'"
  {
    cat <<SQL
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', $password_literal)
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SQL
    for database in "$@"; do
      # CREATE DATABASE cannot run in a transaction or a DO block: \gexec runs it on its own.
      printf '%s\n' "SELECT format('CREATE DATABASE %I OWNER %I', '${database//\'/\'\'}', :'role')" \
        "  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${database//\'/\'\'}') \\gexec"
    done
  } | pg_as_superuser "$host" "$port" -v role="$role"
}

pg_can_login() {
  local host=$1 port=$2 role=$3 password=$4 database=$5
  PGPASSWORD=$password PGCONNECT_TIMEOUT=5 \
    psql -X -q -w -At -h "$host" -p "$port" -U "$role" -d "$database" -c 'SELECT 1' >/dev/null
}

ensure_postgres() {
  local url=${FLASHSALE_DB_URL:-$FLASHSALE_PG_DEFAULT_URL}
  local role=${FLASHSALE_DB_USER:-flashsale}
  local password=${FLASHSALE_DB_PASSWORD-flashsale}
  local state=0 local_host='' database databases
  pg_parse_url "$url" || return 1
  local host=$FLASHSALE_PG_HOST port=$FLASHSALE_PG_PORT
  case $host in
    *,*)
      pg_say "FLASHSALE_DB_URL names several hosts ($host): not checked, the members connect as the driver decides"
      return 0
      ;;
  esac
  pg_is_local_host "$host" && local_host=yes
  databases=("$FLASHSALE_PG_DB")
  [ -z "$local_host" ] || databases+=("${FLASHSALE_PG_DB}_test")

  pg_state "$host" "$port" || state=$?
  if [ "$state" -eq 2 ]; then
    if [ -z "$local_host" ]; then
      pg_fail "nothing answers at $host:$port: start that server or set FLASHSALE_DB_URL to one that runs" || return 1
    fi
    pg_start_local_cluster "$port" || return 1
  fi
  pg_wait_until_ready "$host" "$port" || return 1

  if ! command -v psql >/dev/null 2>&1; then
    pg_say "$host:$port answers; psql is not installed (apt-get install -y postgresql-client), so the role and" \
      "databases are not checked"
    return 0
  fi
  for database in "${databases[@]}"; do
    if ! pg_can_login "$host" "$port" "$role" "$password" "$database" 2>/dev/null; then
      if [ -n "$local_host" ]; then
        pg_say "creating what is missing of role $role and databases ${databases[*]}"
        pg_create_missing "$host" "$port" "$role" "$password" "${databases[@]}" ||
          pg_fail "could not create role $role or databases ${databases[*]} at $host:$port: run this as root or" \
            "as postgres, or create them yourself" || return 1
      fi
      break
    fi
  done
  for database in "${databases[@]}"; do
    pg_can_login "$host" "$port" "$role" "$password" "$database" ||
      pg_fail "cannot log in to database $database at $host:$port as $role with FLASHSALE_DB_PASSWORD" \
        "(an existing role keeps its password: ALTER ROLE $role PASSWORD '...' as postgres)" || return 1
  done
  pg_say "ready at $host:$port: database(s) ${databases[*]} for role $role"
}
