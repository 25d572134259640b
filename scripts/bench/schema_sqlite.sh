#!/usr/bin/env bash
# Times rev's schema engine on SQLite beside sqldiff and the cost of loading the schemas,
# on a pair from schema_generate.py (N tables of 8 columns, 3 indexes and 2 foreign keys;
# version B is version A with K changes):
#
#   scripts/bench/schema_sqlite.sh [--tables 1000] [--changes 100]
#                                  [--memory-sizes "250 500 1000 2000"]
#                                  [--rev PATH] [--no-peers] [--quick]
#
# In one run, with hyperfine (median wall clock):
#   load-a, load-b  sqlite3 :memory: ".read a.sql" (and b.sql): what any diff that loads
#                   the SQL into a database pays; the two together are the floor
#   rev-diff        rev diff in the project (head = version A, schema.sql = version B):
#                   both loaded into scratch databases, read back, diffed, the SQL printed
#   rev-create      rev create "schema changes" --autogenerate --allow-destructive in a copy
#                   of the project: the diff, then the proof (head built again, sample
#                   rows, the upgrade and the downgrade run and checked), then the revision
#                   written; hyperfine --prepare removes the revision before each run
#   proof-sql       sqlite3 :memory: running what the proof has SQLite run: version A, the
#                   written revision's upgrade, then its downgrade; with load-a and load-b,
#                   the floor of rev create
#   sqldiff         sqldiff --schema a.db b.db (Debian's sqlite3-tools) on the same pair,
#                   loaded into two files beforehand
# Memory: the peak resident set of `rev diff` (GNU time) at each of --memory-sizes tables
# (changes: a tenth of the tables), to show it grows linearly with the schema.
#
# Everything runs in REV_BENCH_WORK (default scripts/bench/work) under schema/. Results:
# hyperfine JSON and .rss files in work/results/schema/, the table (absolute times, ratios,
# targets) on stdout and in work/results/schema/sqlite.md. --no-peers skips sqldiff.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${REV_BENCH_WORK:-$here/work}"
results="$work/results/schema"
tables=1000
changes=100
memory_sizes="250 500 1000 2000"

source "$here/online_common.sh"
source "$here/schema_common.sh"
own_option() {
  case "$1" in
    --tables) tables="$2"; taken=2 ;;
    --changes) changes="$2"; taken=2 ;;
    --memory-sizes) memory_sizes="$2"; taken=2 ;;
  esac
}
parse_options schema_sqlite.sh '2,29p' "$@"

python=/usr/bin/python3
if ! command -v hyperfine >/dev/null || ! command -v sqldiff >/dev/null ||
   ! command -v sqlite3 >/dev/null || [[ ! -x /usr/bin/time ]]; then
  "$root/scripts/setup.sh" --bench --no-build
fi
mkdir -p "$results"

p="$work/schema/sqlite-$tables-$changes"
make_pair "$p" "$tables" "$changes" sqlite
if [[ ! -f "$p/a.db" || ! -f "$p/b.db" ]]; then
  (cd "$p" && rm -f a.db b.db && sqlite3 a.db <a.sql && sqlite3 b.db <b.sql)
fi
name="sqlite-$tables-$changes"

time_expecting 0 "" fast "$name-load-a" "$p" "" sqlite3 :memory: ".read a.sql"
time_expecting 0 "" fast "$name-load-b" "$p" "" sqlite3 :memory: ".read b.sql"
time_rev_diff "$name-rev-diff" "$p/project"
time_rev_create "$name-rev-create" "$p/create"
# The SQL the proof has SQLite run, for sqlite3 alone: version A, then the revision's
# upgrade, then its downgrade, each in a transaction as rev runs them.
revision="$(find "$p/create/revisions" -name '*_schema_changes.sql' | head -n 1)"
if [[ -n "$revision" ]]; then
  { echo "BEGIN;"; cat "$p/a.sql"; echo "COMMIT;"
    echo "BEGIN;"; sed -n '/^-- rev:upgrade$/,/^-- rev:downgrade$/p' "$revision"; echo "COMMIT;"
    echo "BEGIN;"; sed -n '/^-- rev:downgrade$/,$p' "$revision"; echo "COMMIT;"
  } >"$p/proof.sql"
  time_expecting 0 "" slow "$name-proof-sql" "$p" "" sqlite3 :memory: ".read proof.sql"
fi
if [[ $peers -eq 1 ]]; then
  time_expecting 0 "" fast "$name-sqldiff" "$p" "" sqldiff --schema a.db b.db
fi

for size in $memory_sizes; do
  m="$work/schema/sqlite-$size-$((size / 10))"
  make_pair "$m" "$size" "$((size / 10))" sqlite
  peak_memory 1 "sqlite-memory-$size" "$m/project" "$rev_binary" diff
done

"$python" "$here/schema_report.py" "$results" --engine sqlite --tables "$tables" \
  --changes "$changes" --memory-sizes "$memory_sizes" | tee "$results/sqlite.md"
