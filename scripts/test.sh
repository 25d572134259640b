#!/usr/bin/env bash
# Installs what is missing (PostgreSQL included), builds, starts a throwaway PostgreSQL on
# loopback, runs the fuzz targets briefly and then every ctest test, and stops the server.
#
#   scripts/test.sh [CTEST_ARGS...]      e.g. scripts/test.sh -R 'engine:'
#
# The server lives in a temp folder (initdb as a non-root user; as root that is `postgres`),
# listens on a free port of 127.0.0.1 with a private unix-socket folder, and is reached by
# the tests through REV_TEST_POSTGRES_URL. It is stopped by its pid on every exit, passing
# or failing. REV_FUZZ_SECONDS (default 60) is the fuzzing budget handed to scripts/fuzz.sh.
# The last line printed is ctest's own summary; the exit status is non-zero on any failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${REV_BUILD_DIR:-$root/build}"
cd "$root"

"$root/scripts/setup.sh" --full

# --- a throwaway PostgreSQL -------------------------------------------------------------
pg_dir=""
pg_pid=""
pg_user=""

as_pg_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$pg_user" -- "$@"
  else
    "$@"
  fi
}

stop_postgres() {
  if [[ -n "$pg_pid" ]] && kill -0 "$pg_pid" 2>/dev/null; then
    kill -INT "$pg_pid" 2>/dev/null || true  # fast shutdown: roll back, close, exit
    for _ in $(seq 1 100); do
      kill -0 "$pg_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pg_pid" 2>/dev/null || true
  fi
  if [[ -n "$pg_dir" ]]; then
    rm -rf "$pg_dir"
  fi
}
trap stop_postgres EXIT
trap "exit 130" INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
    echo "test.sh: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi
  if [[ $(id -u) -eq 0 ]]; then
    pg_user=postgres
    if ! id "$pg_user" >/dev/null 2>&1; then
      pg_user=rev-test
      id "$pg_user" >/dev/null 2>&1 || useradd --system --no-create-home "$pg_user"
    fi
  else
    pg_user=$(id -un)
  fi
  pg_dir=$(mktemp -d /tmp/rev-test-postgres.XXXXXX)
  mkdir -p "$pg_dir/socket"
  local password=rev-test-password
  printf '%s\n' "$password" >"$pg_dir/password"
  [[ $(id -u) -eq 0 ]] && chown -R "$pg_user" "$pg_dir"
  chmod 700 "$pg_dir"

  as_pg_user "$bin/initdb" -D "$pg_dir/data" -U rev --pwfile="$pg_dir/password" \
    --auth-host=scram-sha-256 --auth-local=trust --no-sync -E UTF8 --locale=C.UTF-8 \
    >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; return 1; }
  local port
  port=$(free_port)
  # fsync off: a test server's data need not survive a power cut.
  as_pg_user "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$pg_dir/socket -c fsync=off -c full_page_writes=off -c max_connections=100" \
    start >/dev/null || { cat "$pg_dir/server.log" >&2; return 1; }
  pg_pid=$(head -n 1 "$pg_dir/data/postmaster.pid")
  as_pg_user "$bin/createdb" -h "$pg_dir/socket" -p "$port" -U rev rev_test
  export REV_TEST_POSTGRES_URL="postgresql://rev:$password@127.0.0.1:$port/rev_test"
  # The lock tests read what the server logged during their runs (a misplaced advisory
  # unlock through a pooler shows only there).
  export REV_TEST_POSTGRES_LOG="$pg_dir/server.log"
  echo "test.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (pid $pg_pid)"
}

start_postgres

# PgBouncer (Debian's, from setup.sh), which the lock tests start in front of the server.
REV_TEST_PGBOUNCER=/usr/sbin/pgbouncer
if [[ ! -x "$REV_TEST_PGBOUNCER" ]]; then
  echo "test.sh: $REV_TEST_PGBOUNCER is missing (Debian package pgbouncer)" >&2
  exit 1
fi
export REV_TEST_PGBOUNCER

# dbmate, which `rev import dbmate` is tested against, comes from npm.
REV_TEST_DBMATE="$("$root/scripts/bench/install_dbmate.sh")"
export REV_TEST_DBMATE

# The Debian package, which tests/package/install_remove_test.sh installs and removes.
REV_TEST_DEB="$(REV_BUILD_DIR="$build" "$root/scripts/package.sh" | tail -n 1)"
export REV_TEST_DEB
echo "test.sh: package $REV_TEST_DEB"

# --- fuzzing, then every test ------------------------------------------------------------
# A developer's shell may opt out of PostgreSQL (tests/support/test_database.h); this script
# started a server, so its run always tests both kinds: an opt-out left in the environment
# must not turn a CI run into a SQLite-only one.
unset REV_TEST_SKIP_POSTGRES
status=0
if [[ -f "$root/scripts/fuzz.sh" ]]; then
  echo "test.sh: scripts/fuzz.sh ${REV_FUZZ_SECONDS:-60}"
  if ! bash "$root/scripts/fuzz.sh" "${REV_FUZZ_SECONDS:-60}"; then
    echo "test.sh: scripts/fuzz.sh FAILED (see above); running the tests anyway" >&2
    status=1
  fi
fi

# ctest prints its summary last; nothing is printed after it.
ctest --test-dir "$build" --output-on-failure -j2 "$@" || status=1
exit $status
