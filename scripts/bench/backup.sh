#!/usr/bin/env bash
# Times `rev backup` and `rev restore --to none` beside the database's own tools, on a SQLite
# database and a PostgreSQL database of about the same size:
#
#   scripts/bench/backup.sh [--size-mb 1024] [--runs 3] [--rev PATH] [--no-sqlite]
#                           [--no-postgres]
#
#   SQLite      rev backup -o F          sqlite3 DB ".backup F"     cp DB F
#               rev restore F --to none  sqlite3 DB ".restore F"    cp F DB
#   PostgreSQL  rev backup -o F          pg_dump -Fc -f F
#               rev restore F --to none  pg_restore --clean --if-exists --single-transaction -d
#                                        (in place, as rev does), and pg_restore -d into a new
#                                        empty database
#
# rev's times include what the others do not do: the SHA-256 and manifest of a backup, the
# hash check before a restore, and on PostgreSQL the empty-the-schemas step in the restore's
# transaction. PostgreSQL's data is pgbench's (pgbench -i; about 15 MB per scale unit) on the
# server of REV_BENCH_POSTGRES_URL (else REV_TEST_POSTGRES_URL), an admin URL: the script makes
# the database rev_bench_backup (and rev_bench_backup_new) there and drops them at the end.
# Each time is the median of --runs runs, file cache warm; a backup's file is removed before
# each run (no tool writes over an older copy), and the new database made before each
# pg_restore -d. Results: a Markdown table on stdout and in work/results/backup.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${REV_BENCH_WORK:-$here/work}/backup"
results="${REV_BENCH_WORK:-$here/work}/results"
size_mb=1024
runs=3
rev_binary="$root/build/rev"
do_sqlite=1
do_postgres=1
admin="${REV_BENCH_POSTGRES_URL:-${REV_TEST_POSTGRES_URL:-}}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mb) size_mb="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --rev) rev_binary="$2"; shift 2 ;;
    --no-sqlite) do_sqlite=0; shift ;;
    --no-postgres) do_postgres=0; shift ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "backup.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
rev_binary="$(cd "$(dirname "$rev_binary")" && pwd)/$(basename "$rev_binary")"
[[ -x "$rev_binary" ]] || { echo "backup.sh: no rev at $rev_binary (--rev PATH)" >&2; exit 2; }
mkdir -p "$work" "$results"
table="$results/backup.md"

# shellcheck source=timing.sh
source "$here/timing.sh"

rows=()
row() { rows+=("| $1 | $2 | $3 s | $4 s | $(ratio "$3" "$4") |"); }

# A project for rev in DIR on URL, with one revision applied (so the database has heads).
make_project() {
  local dir="$1" url="$2"
  mkdir -p "$dir/revisions"
  printf 'revisions: revisions\ndatabase: "%s"\n' "$url" >"$dir/rev.yaml"
  printf -- '-- revision: a1\n-- down_revision: null\n-- message: bench\n-- created_at: 2026-01-01T00:00:00Z\n\n-- rev:upgrade\nCREATE TABLE bench_marker (x INTEGER);\n\n-- rev:downgrade\nDROP TABLE bench_marker;\n' \
    >"$dir/revisions/a1_bench.sql"
  (cd "$dir" && "$rev_binary" -q upgrade)
}

bench_sqlite() {
  local dir="$work/sqlite" db="$work/sqlite/app.db"
  mkdir -p "$dir"
  if [[ ! -f "$dir/.made-$size_mb" ]]; then
    rm -rf "$dir" && mkdir -p "$dir"
    echo "making a ${size_mb} MB SQLite database" >&2
    sqlite3 "$db" "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
      WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $((size_mb * 1000)))
      INSERT INTO blobs (data) SELECT randomblob(1000) FROM c;"
    make_project "$dir" "sqlite:///app.db"
    touch "$dir/.made-$size_mb"
  fi
  local actual_mb=$(( $(stat -c %s "$db") / 1000000 ))
  cd "$dir"
  cat "$db" >/dev/null  # warm the cache
  echo "SQLite, ${actual_mb} MB: backup" >&2
  local rev_backup sqlite_backup cp_backup rev_restore sqlite_restore cp_restore
  rev_backup=$(median_seconds "rm -f $dir/rev.sqlite*" "$rev_binary" -q backup -o "$dir/rev.sqlite")
  sqlite_backup=$(median_seconds "rm -f $dir/sqlite3.sqlite" sqlite3 "$db" ".backup '$dir/sqlite3.sqlite'")
  cp_backup=$(median_seconds "rm -f $dir/cp.sqlite" cp "$db" "$dir/cp.sqlite")
  echo "SQLite, ${actual_mb} MB: restore" >&2
  rev_restore=$(median_seconds "" "$rev_binary" -q restore "$dir/rev.sqlite" --to none --yes)
  sqlite_restore=$(median_seconds "" sqlite3 "$db" ".restore '$dir/sqlite3.sqlite'")
  cp_restore=$(median_seconds "" cp "$dir/cp.sqlite" "$db")
  row "SQLite ${actual_mb} MB" "backup vs sqlite3 .backup" "$rev_backup" "$sqlite_backup"
  row "SQLite ${actual_mb} MB" "backup vs cp" "$rev_backup" "$cp_backup"
  row "SQLite ${actual_mb} MB" "restore vs sqlite3 .restore" "$rev_restore" "$sqlite_restore"
  row "SQLite ${actual_mb} MB" "restore vs cp" "$rev_restore" "$cp_restore"
  rm -f "$dir"/*.sqlite "$dir"/*.sqlite.yaml
}

# The admin URL with its database replaced by NAME.
url_for() {
  local name="$1"
  python3 - "$admin" "$name" <<'EOF'
import sys, urllib.parse as u
url, name = sys.argv[1], sys.argv[2]
p = u.urlsplit(url)
print(u.urlunsplit((p.scheme, p.netloc, "/" + name, p.query, p.fragment)))
EOF
}

bench_postgres() {
  if [[ -z "$admin" ]]; then
    echo "backup.sh: PostgreSQL skipped: set REV_BENCH_POSTGRES_URL to an admin URL" >&2
    return
  fi
  local dir="$work/postgres" url new_url scale=$(( (size_mb + 14) / 15 ))
  url=$(url_for rev_bench_backup)
  new_url=$(url_for rev_bench_backup_new)
  rm -rf "$dir" && mkdir -p "$dir"
  psql -X -q -d "$admin" -c "DROP DATABASE IF EXISTS rev_bench_backup WITH (FORCE)" \
    -c "DROP DATABASE IF EXISTS rev_bench_backup_new WITH (FORCE)" -c "CREATE DATABASE rev_bench_backup"
  trap 'psql -X -q -d "$admin" -c "DROP DATABASE IF EXISTS rev_bench_backup WITH (FORCE)" -c "DROP DATABASE IF EXISTS rev_bench_backup_new WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
  echo "making a PostgreSQL database with pgbench -i -s $scale" >&2
  pgbench -i -q -s "$scale" "$url" >/dev/null 2>&1
  make_project "$dir" "$url"
  local actual_mb
  actual_mb=$(psql -X -At -d "$url" -c "SELECT pg_database_size(current_database()) / 1000000")
  cd "$dir"
  echo "PostgreSQL, ${actual_mb} MB: backup" >&2
  local rev_backup pg_backup rev_restore pg_clean pg_new
  rev_backup=$(median_seconds "rm -f $dir/rev.dump*" "$rev_binary" -q backup -o "$dir/rev.dump")
  pg_backup=$(median_seconds "rm -f $dir/pg.dump" pg_dump -Fc -f "$dir/pg.dump" -d "$url")
  echo "PostgreSQL, ${actual_mb} MB: restore" >&2
  rev_restore=$(median_seconds "" "$rev_binary" -q restore "$dir/rev.dump" --to none --yes)
  pg_clean=$(median_seconds "" pg_restore --clean --if-exists --single-transaction -d "$url" "$dir/pg.dump")
  pg_new=$(median_seconds "psql -X -q -d '$admin' -c 'DROP DATABASE IF EXISTS rev_bench_backup_new WITH (FORCE)' -c 'CREATE DATABASE rev_bench_backup_new'" pg_restore -d "$new_url" "$dir/pg.dump")
  row "PostgreSQL ${actual_mb} MB" "backup vs pg_dump -Fc" "$rev_backup" "$pg_backup"
  row "PostgreSQL ${actual_mb} MB" "restore vs pg_restore --clean --single-transaction" "$rev_restore" "$pg_clean"
  row "PostgreSQL ${actual_mb} MB" "restore vs pg_restore into a new database" "$rev_restore" "$pg_new"
}

if [[ $do_sqlite -eq 1 ]]; then bench_sqlite; fi
if [[ $do_postgres -eq 1 ]]; then bench_postgres; fi
{
  echo "| database | rev vs | rev | other | ratio |"
  echo "| --- | --- | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
} | tee "$table"
