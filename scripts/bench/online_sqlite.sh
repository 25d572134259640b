#!/usr/bin/env bash
# Times `rev upgrade` against a SQLite file beside the limit and the peers, on linear
# projects of one-table revisions (generate.py), every tool running the same SQL
# (online_generate.py):
#
#   scripts/bench/online_sqlite.sh [--sizes "1000 10000"] [--noop-sizes "1000 5000"]
#                                  [--rev PATH] [--no-peers] [--quick]
#
# Full upgrade, from an empty file each run (hyperfine --prepare removes it):
#   raw          sqlite3 raw.db ".read raw.sql": each revision's SQL in BEGIN; ... COMMIT;
#                (the limit: the database's own cost, no tool around it)
#   rev          rev upgrade -q (one transaction per step: SQL, version row, checksum row,
#                history row)
#   rev-single   rev upgrade -q --single-transaction
#   raw-single   the whole script in one transaction (the limit of --single-transaction)
#   raw-bookkeeping  raw.sql with rev's bookkeeping statements (version row, checksum row,
#                history row) in each transaction: the database's cost of those records
#   alembic      /usr/bin/python3 -m alembic upgrade head (Debian's Alembic 1.8)
#   dbmate       dbmate up (one transaction per migration)
#   sqitch       sqitch deploy --no-verify (each script its own BEGIN/COMMIT)
# No-op at head (the database already at head): rev upgrade, dbmate up, alembic upgrade
# head, sqitch deploy, at the --noop-sizes.
#
# Everything runs in REV_BENCH_WORK (default scripts/bench/work, on disk: never time on
# tmpfs) under online/. journal_mode and synchronous are SQLite's defaults (DELETE, FULL)
# for every tool. Results: hyperfine JSON in work/results/online/, the table (absolute
# times and ratios) on stdout and in work/results/online/sqlite.md. REV_BENCH_PEER_TIMEOUT
# (default 300 s): a peer whose single trial run takes longer is not timed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${REV_BENCH_WORK:-$here/work}"
results="$work/results/online"
sizes="1000 10000"
noop_sizes="1000 5000"

source "$here/online_common.sh"
parse_options online_sqlite.sh '2,27p' "$@"

python=/usr/bin/python3  # Debian's, which has Alembic
need_tools sqlite
dbmate="$("$here/install_dbmate.sh")"
mkdir -p "$results"

for size in $(echo "$sizes $noop_sizes" | tr ' ' '\n' | sort -nu); do
  p="$work/online/sqlite-linear-$size"
  make_project "$p" "$size" sqlite sqlite:///bench.db
  full=0
  for s in $sizes; do [[ "$s" == "$size" ]] && full=1; done
  if [[ $full -eq 1 ]]; then
    time_full "sqlite-$size-raw" "$p" "rm -f raw.db" sqlite3 raw.db ".read raw.sql"
    time_full "sqlite-$size-raw-single" "$p" "rm -f raw.db" sqlite3 raw.db ".read raw_single.sql"
    time_full "sqlite-$size-raw-bookkeeping" "$p" "rm -f raw.db" sqlite3 raw.db ".read raw_bookkeeping.sql"
    time_full "sqlite-$size-rev" "$p/rev" "rm -rf bench.db bench.db.rev-lock .rev" \
      "$rev_binary" upgrade -q
    time_full "sqlite-$size-rev-single" "$p/rev" "rm -rf bench.db bench.db.rev-lock .rev" \
      "$rev_binary" upgrade -q --single-transaction
    if [[ $peers -eq 1 ]]; then
      time_peer "sqlite-$size-dbmate" "$p" "rm -f dbmate.db" \
        "$dbmate" --url sqlite:dbmate.db --migrations-dir dbmate/migrations --no-dump-schema up
      time_peer "sqlite-$size-alembic" "$p/alembic_online" "rm -f bench.db" \
        "$python" -m alembic upgrade head
      time_peer "sqlite-$size-sqitch" "$p/sqitch" "rm -f bench.db sqitch.db" \
        sqitch deploy --no-verify db:sqlite:bench.db
    fi
  fi
  for s in $noop_sizes; do
    [[ "$s" == "$size" ]] || continue
    # Each tool's database at head, then the tool asked to upgrade again.
    (cd "$p/rev" && rm -rf bench.db bench.db.rev-lock .rev &&
       "$rev_binary" upgrade -q --single-transaction)
    time_noop "sqlite-$size-noop-rev" "$p/rev" "$rev_binary" upgrade
    if [[ $peers -eq 1 ]]; then
      (cd "$p" && rm -f dbmate.db &&
         "$dbmate" --url sqlite:dbmate.db --migrations-dir dbmate/migrations --no-dump-schema up \
           >/dev/null)
      time_noop "sqlite-$size-noop-dbmate" "$p" \
        "$dbmate" --url sqlite:dbmate.db --migrations-dir dbmate/migrations --no-dump-schema up
      if run_with_timeout "$p/alembic_online" "rm -f bench.db" "$python" -m alembic upgrade head; then
        time_noop "sqlite-$size-noop-alembic" "$p/alembic_online" "$python" -m alembic upgrade head
      fi
      if run_with_timeout "$p/sqitch" "rm -f bench.db sqitch.db" sqitch deploy --no-verify db:sqlite:bench.db; then
        time_noop "sqlite-$size-noop-sqitch" "$p/sqitch" sqitch deploy --no-verify db:sqlite:bench.db
      fi
    fi
  done
done

"$python" "$here/online_report.py" "$results" --engine sqlite --sizes "$sizes" \
  --noop-sizes "$noop_sizes" | tee "$results/sqlite.md"
