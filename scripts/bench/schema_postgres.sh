#!/usr/bin/env bash
# Times rev's schema engine on PostgreSQL beside migra and the cost of loading the schemas,
# on a pair from schema_generate.py --dialect postgresql (see schema_sqlite.sh):
#
#   REV_BENCH_POSTGRES_URL=postgresql://user:pass@host:port/postgres \
#     scripts/bench/schema_postgres.sh [--tables 300] [--changes 50] [--rev PATH]
#                                      [--no-peers] [--quick]
#
# The URL is an admin URL (REV_TEST_POSTGRES_URL when REV_BENCH_POSTGRES_URL is unset): the
# project's dev_database, where rev creates and drops its scratch databases, and the server
# where the script makes rev_bench_schema_a and rev_bench_schema_b (a.sql and b.sql, for
# migra) and rev_bench_schema_load, dropping them all at the end. With hyperfine (median):
#   load-a, load-b  psql -X -v ON_ERROR_STOP=1 -f a.sql (and b.sql) into a new database,
#                   made before each run: the floor of any diff that loads the SQL
#   rev-diff        rev diff in the project (head = version A, schema.sql = version B)
#   rev-create      rev create "schema changes" --autogenerate --allow-destructive in a copy
#                   of the project (diff, proof on scratch databases, write)
#   migra           migra A B --unsafe on rev_bench_schema_a and rev_bench_schema_b (the npm
#                   package @pgkit/migra, installed by install_migra.sh); --no-peers skips it
# A rev command whose trial run fails is reported as not timed, with its error.
# Results: work/results/schema/postgres-*.json and postgres.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${REV_BENCH_WORK:-$here/work}"
results="$work/results/schema"
tables=300
changes=50
admin="${REV_BENCH_POSTGRES_URL:-${REV_TEST_POSTGRES_URL:-}}"

source "$here/online_common.sh"
source "$here/schema_common.sh"
own_option() {
  case "$1" in
    --tables) tables="$2"; taken=2 ;;
    --changes) changes="$2"; taken=2 ;;
  esac
}
parse_options schema_postgres.sh '2,21p' "$@"
if [[ -z "$admin" || "$admin" != postgresql://*/* ]]; then
  echo "schema_postgres.sh: set REV_BENCH_POSTGRES_URL to postgresql://user:pass@host:port/db" >&2
  exit 2
fi

python=/usr/bin/python3
if ! command -v hyperfine >/dev/null || ! command -v psql >/dev/null; then
  "$root/scripts/setup.sh" --bench --no-build
fi
migra=""
[[ $peers -eq 0 ]] || migra="$("$here/install_migra.sh")"
mkdir -p "$results"

server="${admin%/*}"  # the admin URL without its database
databases=(rev_bench_schema_a rev_bench_schema_b rev_bench_schema_load)
drop_all() {
  for db in "${databases[@]}"; do
    PGOPTIONS="-c client_min_messages=warning" \
      psql -X -q -d "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  done
}
drop_all
trap drop_all EXIT
for side in a b; do
  psql -X -q -d "$admin" -c "CREATE DATABASE rev_bench_schema_$side"
done

p="$work/schema/postgres-$tables-$changes"
make_pair "$p" "$tables" "$changes" postgresql
for side in a b; do
  psql -X -q -v ON_ERROR_STOP=1 -d "$server/rev_bench_schema_$side" -f "$p/$side.sql" >/dev/null
done
# rev.yaml reads both URLs from here (schema_generate.py writes no password down).
export REV_BENCH_DATABASE_URL="$server/rev_bench_schema_a"
export REV_BENCH_DEV_DATABASE_URL="$admin"
name="postgres-$tables-$changes"

reset="psql -X -q -d $admin -c 'SET client_min_messages = warning' \
-c 'DROP DATABASE IF EXISTS rev_bench_schema_load WITH (FORCE)' \
-c 'CREATE DATABASE rev_bench_schema_load'"
for side in a b; do
  time_expecting 0 "" fast "$name-load-$side" "$p" "$reset" \
    psql -X -q -v ON_ERROR_STOP=1 -d "$server/rev_bench_schema_load" -f "$side.sql"
done
time_rev_diff "$name-rev-diff" "$p/project"
time_rev_create "$name-rev-create" "$p/create"
if [[ $peers -eq 1 ]]; then
  # --unsafe last: before the URLs it would take the first one as its value.
  time_expecting 0 "" fast "$name-migra" "$p" "" "$migra" \
    "$server/rev_bench_schema_a" "$server/rev_bench_schema_b" --unsafe
fi

"$python" "$here/schema_report.py" "$results" --engine postgres --tables "$tables" \
  --changes "$changes" | tee "$results/postgres.md"
