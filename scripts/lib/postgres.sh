# shellcheck shell=bash
# A throwaway PostgreSQL server for the tests: own data folder, own port,
# Unix socket and 127.0.0.1 only, no fsync. stop_throwaway_postgres removes it.

GOVSYNC_PG_DIR=""

# start_throwaway_postgres PORT: starts the server and exports GOVSYNC_TEST_POSTGRES.
start_throwaway_postgres() {
  local port="$1"
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bindir/initdb" ] || { echo "govsync: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 1; }
  GOVSYNC_PG_DIR=$(mktemp -d /tmp/govsync-pg-XXXXXX)
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$GOVSYNC_PG_DIR"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bindir/initdb" -D "$GOVSYNC_PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$GOVSYNC_PG_DIR/initdb.log" 2>&1 \
    || { cat "$GOVSYNC_PG_DIR/initdb.log" >&2; return 1; }
  "${as[@]}" "$bindir/pg_ctl" -D "$GOVSYNC_PG_DIR/data" -l "$GOVSYNC_PG_DIR/server.log" -w -t 60 \
    -o "-k $GOVSYNC_PG_DIR -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$GOVSYNC_PG_DIR/server.log" >&2; return 1; }
  export GOVSYNC_TEST_POSTGRES="host=$GOVSYNC_PG_DIR port=$port user=postgres dbname=postgres"
  export GOVSYNC_PG_BINDIR="$bindir"
  echo "==> PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on port $port (socket in $GOVSYNC_PG_DIR)"
}

stop_throwaway_postgres() {
  [ -n "$GOVSYNC_PG_DIR" ] && [ -d "$GOVSYNC_PG_DIR/data" ] || return 0
  local as=()
  [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$GOVSYNC_PG_BINDIR/pg_ctl" -D "$GOVSYNC_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$GOVSYNC_PG_DIR"
  GOVSYNC_PG_DIR=""
}

# free_port [FIRST]: a TCP port nothing listens on, from FIRST (55432) up.
free_port() {
  local first="${1:-55432}"
  local port
  for port in $(seq "$first" $((first + 100))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
