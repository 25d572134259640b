#!/usr/bin/env bash
# Times `rev upgrade` against PostgreSQL beside the limit and the peers, on linear projects
# of one-table revisions (generate.py), every tool running the same SQL on the same server
# (online_generate.py):
#
#   REV_BENCH_POSTGRES_URL=postgresql://user:pass@host:port/postgres \
#     scripts/bench/online_postgres.sh [--sizes "1000"] [--noop-sizes "1000"] [--rev PATH]
#                                      [--no-peers] [--quick]
#
# The URL is an admin URL (REV_TEST_POSTGRES_URL when REV_BENCH_POSTGRES_URL is unset); the
# script makes a database rev_bench on that server and drops it at the end. Before each
# run of a full upgrade the database's public and sqitch schemas are emptied.
#   raw          psql -X -v ON_ERROR_STOP=1 -f raw.sql: BEGIN; ... COMMIT; per revision
#   rev          rev upgrade -q (one transaction per step, with its bookkeeping)
#   rev-single   rev upgrade -q --single-transaction
#   raw-single   the whole script in one transaction
#   raw-bookkeeping  raw.sql with rev's bookkeeping statements in each transaction
#   alembic      alembic upgrade head (psycopg2; Alembic's default: one transaction)
#   dbmate       dbmate up (one transaction per migration)
#   sqitch       sqitch deploy --no-verify (each script its own BEGIN/COMMIT)
# No-op at head: rev upgrade, dbmate up, alembic upgrade head, sqitch deploy.
# Results: work/results/online/postgres-*.json and postgres.md (absolute times, ratios).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${REV_BENCH_WORK:-$here/work}"
results="$work/results/online"
sizes="1000"
noop_sizes="1000"
admin="${REV_BENCH_POSTGRES_URL:-${REV_TEST_POSTGRES_URL:-}}"

source "$here/online_common.sh"
parse_options online_postgres.sh '2,22p' "$@"
if [[ -z "$admin" || "$admin" != postgresql://*/* ]]; then
  echo "online_postgres.sh: set REV_BENCH_POSTGRES_URL to postgresql://user:pass@host:port/db" >&2
  exit 2
fi

python=/usr/bin/python3
need_tools postgres
dbmate="$("$here/install_dbmate.sh")"
mkdir -p "$results"

url="${admin%/*}/rev_bench"             # the admin URL's server, database rev_bench
dbmate_url="${url/postgresql:/postgres:}?sslmode=disable"
sqitch_target="db:pg:${url#postgresql:}"
psql -X -q -d "$admin" -c "DROP DATABASE IF EXISTS rev_bench" -c "CREATE DATABASE rev_bench"
trap 'psql -X -q -d "$admin" -c "DROP DATABASE IF EXISTS rev_bench WITH (FORCE)" || true' EXIT
# A new database before each run: dropping the schemas instead leaves the catalog bloated
# with the last run's thousand tables, and each run would be slower than the one before.
reset="psql -X -q -d $admin -c 'DROP DATABASE IF EXISTS rev_bench WITH (FORCE)' -c 'CREATE DATABASE rev_bench'"

for size in $(echo "$sizes $noop_sizes" | tr ' ' '\n' | sort -nu); do
  p="$work/online/postgres-linear-$size"
  make_project "$p" "$size" pg "$url"
  full=0
  for s in $sizes; do [[ "$s" == "$size" ]] && full=1; done
  if [[ $full -eq 1 ]]; then
    time_full "postgres-$size-raw" "$p" "$reset" psql -X -q -v ON_ERROR_STOP=1 -d "$url" -f raw.sql
    time_full "postgres-$size-raw-single" "$p" "$reset" \
      psql -X -q -v ON_ERROR_STOP=1 -d "$url" -f raw_single.sql
    time_full "postgres-$size-raw-bookkeeping" "$p" "$reset" \
      psql -X -q -v ON_ERROR_STOP=1 -d "$url" -f raw_bookkeeping.sql
    time_full "postgres-$size-rev" "$p/rev" "$reset" "$rev_binary" upgrade -q -d "$url"
    time_full "postgres-$size-rev-single" "$p/rev" "$reset" \
      "$rev_binary" upgrade -q --single-transaction -d "$url"
    if [[ $peers -eq 1 ]]; then
      time_peer "postgres-$size-dbmate" "$p" "$reset" \
        "$dbmate" --url "$dbmate_url" --migrations-dir dbmate/migrations --no-dump-schema up
      time_peer "postgres-$size-alembic" "$p/alembic_online" "$reset" \
        "$python" -m alembic upgrade head
      time_peer "postgres-$size-sqitch" "$p/sqitch" "$reset" \
        sqitch deploy --no-verify "$sqitch_target"
    fi
  fi
  for s in $noop_sizes; do
    [[ "$s" == "$size" ]] || continue
    # Every tool's bookkeeping at head in the one database (each keeps its own table), then
    # each asked to upgrade again.
    eval "$reset"
    (cd "$p/rev" && "$rev_binary" upgrade -q --single-transaction -d "$url")
    time_noop "postgres-$size-noop-rev" "$p/rev" "$rev_binary" upgrade -d "$url"
    if [[ $peers -eq 1 ]]; then
      # The peers create the same tables: each needs the schema to itself first.
      for tool in dbmate alembic sqitch; do
        eval "$reset"
        case "$tool" in
          dbmate) dir="$p"; cmd=("$dbmate" --url "$dbmate_url" --migrations-dir dbmate/migrations
                                 --no-dump-schema up) ;;
          alembic) dir="$p/alembic_online"; cmd=("$python" -m alembic upgrade head) ;;
          sqitch) dir="$p/sqitch"; cmd=(sqitch deploy --no-verify "$sqitch_target") ;;
        esac
        if run_with_timeout "$dir" "" "${cmd[@]}"; then
          time_noop "postgres-$size-noop-$tool" "$dir" "${cmd[@]}"
        fi
      done
    fi
  done
done

"$python" "$here/online_report.py" "$results" --engine postgres --sizes "$sizes" \
  --noop-sizes "$noop_sizes" | tee "$results/postgres.md"
