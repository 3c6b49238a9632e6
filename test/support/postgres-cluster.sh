#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suite's PostgreSQL run (used by .ci/run; handy locally).
#
#   test/support/postgres-cluster.sh start   # prints the admin URL on stdout, e.g.
#                                           #   postgres://postgres@127.0.0.1:54329/postgres
#   test/support/postgres-cluster.sh stop    # stops it and deletes its directory
#   test/support/postgres-cluster.sh status
#
#   export TEST_DATABASE_URL="$(test/support/postgres-cluster.sh start)" && npm test
#
# Environment: KEYMOMENT_PG_DIR (default ${TMPDIR:-/tmp}/keymoment-test-pg), KEYMOMENT_PG_PORT (first
# port tried, default 54329; the next free one up to +20 is used when it is taken), PG_BIN (folder
# with initdb/pg_ctl; default: the newest /usr/lib/postgresql/*/bin, else pg_config, else PATH).
#
# The cluster listens on 127.0.0.1 only, trusts local connections (user postgres, superuser: the tests
# create and drop their own databases) and runs without fsync: its data is disposable. PostgreSQL
# refuses to run as root, so as root it runs as the `postgres` system user. `start` first stops and
# deletes a leftover cluster in the same directory, so it is re-runnable. Logs go to stderr.
set -euo pipefail

DIR="${KEYMOMENT_PG_DIR:-${TMPDIR:-/tmp}/keymoment-test-pg}"
FIRST_PORT="${KEYMOMENT_PG_PORT:-54329}"
DATA="$DIR/data"
LOG="$DIR/postgres.log"

log() { printf '[postgres-cluster] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

find_pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local newest
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$newest" && -x "$newest/initdb" ]]; then echo "$newest"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then pg_config --bindir; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  die "no PostgreSQL server binaries found (install postgresql, or set PG_BIN)"
}

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True when $1 is the postmaster of OUR data directory (checked against its command line).
is_our_postmaster() {
  [[ "$1" =~ ^[0-9]+$ ]] && [[ -r "/proc/$1/cmdline" ]] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "-D $DATA"
}

stop_cluster() {
  local bin="$1" pid
  pid="$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)"
  if is_our_postmaster "$pid"; then
    log "stopping the cluster in $DATA"
    if ! as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >&2; then
      as_owner "$bin/pg_ctl" -D "$DATA" -m immediate -w -t 10 stop >&2 || true
    fi
    if is_our_postmaster "$pid"; then
      log "killing postmaster $pid"
      kill -9 "$pid" 2>/dev/null || true
    fi
  elif [[ -n "$pid" ]]; then
    log "removing a stale cluster in $DATA (postmaster $pid is gone)"
  fi
  if [[ -d "$DIR" ]]; then
    case "$DIR" in
      /|/tmp|/var|/home|"$HOME") die "refusing to delete $DIR" ;;
    esac
    rm -rf -- "$DIR"
  fi
}

start_cluster() {
  local bin="$1"
  stop_cluster "$bin"

  local port="$FIRST_PORT" last=$((FIRST_PORT + 20))
  while port_in_use "$port"; do
    log "port $port is taken"
    port=$((port + 1))
    ((port <= last)) || die "no free port in $FIRST_PORT..$last"
  done

  mkdir -p "$DIR"
  if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || die "the postgres system user does not exist (install postgresql)"
    chown postgres: "$DIR"
  fi
  chmod 700 "$DIR"

  log "initdb in $DATA ($("$bin/postgres" --version))"
  as_owner "$bin/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }

  log "starting on 127.0.0.1:$port"
  local options="-p $port -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200"
  options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if ! as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -o "$options" -w -t 60 start >&2; then
    cat "$LOG" >&2 || true
    die "PostgreSQL did not start"
  fi
  echo "$port" >"$DIR/port"
  as_owner "$bin/pg_isready" -h 127.0.0.1 -p "$port" -U postgres -t 30 >&2 || die "PostgreSQL does not answer"
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

PG_BIN_DIR="$(find_pg_bin)"
case "${1:-}" in
  start) start_cluster "$PG_BIN_DIR" ;;
  stop) stop_cluster "$PG_BIN_DIR"; log "stopped" ;;
  status)
    if [[ -f "$DATA/postmaster.pid" ]] && as_owner "$PG_BIN_DIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      echo "running: postgres://postgres@127.0.0.1:$(cat "$DIR/port" 2>/dev/null || echo '?')/postgres"
    else
      echo "not running"; exit 3
    fi
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
