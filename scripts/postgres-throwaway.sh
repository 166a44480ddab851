#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite, made with the installed initdb/pg_ctl.
# Source this file, then call `pg_throwaway_start` (exports TEST_DATABASE_URL) and
# `pg_throwaway_stop`. When PostgreSQL is missing it is installed from Debian's packages if we
# are root; otherwise it says what to install.

pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_throwaway_install() {
  if [ -n "$(pg_bindir)" ]; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL is not installed: installing it from Debian packages (postgresql)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is not installed. Install it (Debian/Ubuntu: sudo apt-get install postgresql)," >&2
    echo "or point TEST_DATABASE_URL at a server: postgres://USER:PASSWORD@HOST:PORT/postgres" >&2
    return 1
  fi
}

pg_throwaway_start() {
  pg_throwaway_install || return 1
  # Tests trade durability for speed; `pg_throwaway_start durable` keeps PostgreSQL's defaults
  # (fsync, synchronous_commit, full_page_writes on), as benchmarks of the write path need.
  local speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${1:-}" = durable ] && speed=""
  local bin; bin="$(pg_bindir)"
  PG_THROWAWAY_DIR="$(mktemp -d /tmp/openita-pg.XXXXXX)"
  PG_THROWAWAY_PORT=$(( 20000 + RANDOM % 20000 ))
  local run=()
  if [ "$(id -u)" = "0" ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_THROWAWAY_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_THROWAWAY_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/log" -w \
    -o "-p $PG_THROWAWAY_PORT -k $PG_THROWAWAY_DIR -c listen_addresses=127.0.0.1 $speed -c max_connections=400" \
    start >/dev/null
  export PG_THROWAWAY_DIR PG_THROWAWAY_PORT
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_THROWAWAY_PORT/postgres"
  echo "throwaway PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $PG_THROWAWAY_PORT"
}

pg_throwaway_stop() {
  [ -n "${PG_THROWAWAY_DIR:-}" ] || return 0
  local bin; bin="$(pg_bindir)"
  local run=()
  [ "$(id -u)" = "0" ] && run=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_THROWAWAY_DIR"
  unset PG_THROWAWAY_DIR
}
