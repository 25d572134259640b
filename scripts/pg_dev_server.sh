#!/usr/bin/env bash
# A throwaway PostgreSQL for working on the PostgreSQL backend by hand, the same shape as
# the one scripts/test.sh starts: a temp folder, loopback only, a private socket folder,
# password authentication over TCP (so wrong-password and .pgpass behaviour can be tried).
#
#   scripts/pg_dev_server.sh start [PORT]   starts it (default port 55432) and prints
#                                           export REV_TEST_POSTGRES_URL=...
#   scripts/pg_dev_server.sh stop           stops it and removes its folder
#   scripts/pg_dev_server.sh url            prints the URL again
#
# The folder is recorded in /tmp/rev-pg-dev.dir so `stop` finds it. As root the server runs
# as `postgres` (initdb refuses root).
set -euo pipefail

state=/tmp/rev-pg-dev.dir
password=rev-dev-password

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "pg_dev_server.sh: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" >&2
  exit 1
fi

as_pg_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url_of() {
  local dir="$1"
  echo "postgresql://rev:$password@127.0.0.1:$(cat "$dir/port")/rev_dev"
}

start() {
  local port="${1:-55432}"
  if [[ -f "$state" ]] && [[ -d "$(cat "$state")" ]]; then
    echo "pg_dev_server.sh: already running in $(cat "$state"); stop it first" >&2
    exit 1
  fi
  local dir
  dir=$(mktemp -d /tmp/rev-pg-dev.XXXXXX)
  mkdir -p "$dir/socket"
  printf '%s\n' "$password" >"$dir/password"
  echo "$port" >"$dir/port"
  [[ $(id -u) -eq 0 ]] && chown -R postgres "$dir"
  chmod 700 "$dir"
  as_pg_user "$bin/initdb" -D "$dir/data" -U rev --pwfile="$dir/password" \
    --auth-host=scram-sha-256 --auth-local=trust --no-sync -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  as_pg_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir/socket -c fsync=off -c full_page_writes=off" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as_pg_user "$bin/createdb" -h "$dir/socket" -p "$port" -U rev rev_dev
  echo "$dir" >"$state"
  echo "export REV_TEST_POSTGRES_URL=$(url_of "$dir")"
}

stop() {
  [[ -f "$state" ]] || { echo "pg_dev_server.sh: not running" >&2; exit 0; }
  local dir
  dir=$(cat "$state")
  if [[ -d "$dir/data" ]]; then
    as_pg_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir" "$state"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  url) url_of "$(cat "$state")" ;;
  *) echo "usage: scripts/pg_dev_server.sh start [PORT] | stop | url" >&2; exit 2 ;;
esac
