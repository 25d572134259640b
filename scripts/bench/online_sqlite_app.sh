#!/usr/bin/env bash
# Times a full `rev upgrade` against a SQLite file on a project shaped like a real
# application's history (generate_app.py: tables with several indexes and foreign keys,
# ALTERs, data inserts and backfills, tiny steps), beside the floor and the peers, every
# tool running the same SQL:
#
#   scripts/bench/online_sqlite_app.sh [--count 400] [--rounds 7] [--rev PATH] [--no-peers]
#                                      [--quick]
#
# In rounds (default 7), each one hyperfine run of every command once, from an empty
# database file (hyperfine --prepare removes it), the order turned by one each round: on a
# machine whose disk is shared, fsync times drift by several times within a minute, and
# commands run side by side in each round see the same disk. The commands:
#   rev      rev upgrade -q (one transaction per step: SQL, version row, checksum row,
#            history row)
#   floor    sqlite3 db < floor.sql, where floor.sql is rev's own `upgrade head --sql`:
#            each revision in BEGIN/COMMIT with its version-row update, the record every
#            versioned tool keeps (the floor rev is held to)
#   bookkeeping  sqlite3 db < raw_bookkeeping.sql: each revision in BEGIN/COMMIT with the
#            rows rev keeps (version row, checksum row, history row) in tables shaped as
#            rev's: the database's own cost of SPEC's records, no tool around it
#   raw      sqlite3 db < raw.sql: each revision in BEGIN/COMMIT, no record at all
#   dbmate   dbmate up (one transaction per migration)
#   alembic  /usr/bin/python3 -m alembic upgrade head (Debian's Alembic 1.8)
# Then each of rev, floor, bookkeeping and raw once more under strace, counting per step the
# transactions, fdatasync calls, and the pages and bytes written to the database and its
# rollback journal: where rev's extra cost per step goes.
#
# journal_mode and synchronous are SQLite's defaults (DELETE, FULL) for every tool.
# Everything runs in REV_BENCH_WORK (default scripts/bench/work, on disk: never time on
# tmpfs) under online/. Results: work/results/online/sqlite-app-round-N.json (hyperfine),
# sqlite-app-io.txt (the strace counts), and the table on stdout and in sqlite-app.md. The
# table gives each command's median and fastest time over the rounds, and its ratio to the
# floor as the median of the ratios within each round.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${REV_BENCH_WORK:-$here/work}"
results="$work/results/online"
count=400
rounds=7

source "$here/online_common.sh"
own_option() {
  case "$1" in
    --count) count="$2"; taken=2 ;;
    --rounds) rounds="$2"; taken=2 ;;
  esac
}
parse_options online_sqlite_app.sh '2,34p' "$@"

python=/usr/bin/python3  # Debian's, which has Alembic
need_tools sqlite
command -v strace >/dev/null || "$root/scripts/setup.sh" --bench --no-build
mkdir -p "$results"

p="$work/online/sqlite-app-$count"
make_project "$p" "$count" sqlite sqlite:///bench.db app
(cd "$p/rev" && "$rev_binary" upgrade head --sql >"$p/floor.sql")

names=(rev floor bookkeeping raw)
prepares=("rm -rf rev/bench.db rev/bench.db.rev-lock rev/.rev" "rm -f floor.db"
          "rm -f bookkeeping.db" "rm -f raw.db")
commands=("cd rev && $(printf '%q' "$rev_binary") upgrade -q"
          "sqlite3 floor.db < floor.sql"
          "sqlite3 bookkeeping.db < raw_bookkeeping.sql"
          "sqlite3 raw.db < raw.sql")
if [[ $peers -eq 1 ]]; then
  dbmate="$("$here/install_dbmate.sh")"
  dbmate_up="$(printf '%q' "$dbmate") --url sqlite:dbmate.db --migrations-dir dbmate/migrations --no-dump-schema up"
  if run_with_timeout "$p" "rm -f dbmate.db" bash -c "$dbmate_up"; then
    names+=(dbmate); prepares+=("rm -f dbmate.db"); commands+=("$dbmate_up")
  fi
  if run_with_timeout "$p/alembic_online" "rm -f bench.db" "$python" -m alembic upgrade head; then
    names+=(alembic); prepares+=("rm -f alembic_online/bench.db")
    commands+=("cd alembic_online && $python -m alembic upgrade head")
  fi
fi

if [[ $quick -eq 1 ]]; then rounds=1; fi
cut -d' ' -f1-3 /proc/loadavg >"$results/sqlite-app-loadavg"
rm -f "$results"/sqlite-app-round-*.json
for ((round = 1; round <= rounds; round++)); do
  arguments=()
  for ((k = 0; k < ${#names[@]}; k++)); do
    i=$(((k + round - 1) % ${#names[@]}))
    arguments+=(--prepare "${prepares[$i]}" -n "${names[$i]}" "${commands[$i]}")
  done
  (cd "$p" && hyperfine --style basic --runs 1 \
     --export-json "$results/sqlite-app-round-$round.json" "${arguments[@]}") >&2
done

# io_profile INDEX: per step, the fdatasync calls and the writes to the database and to
# its rollback journal of the command at INDEX, from one run under strace.
io_profile() {
  local name="${names[$1]}" trace="$results/sqlite-app-${names[$1]}.strace"
  (cd "$p" && eval "${prepares[$1]}" &&
     strace -f -qq -o "$trace" -e trace=openat,pwrite64,fdatasync,fsync \
       bash -c "${commands[$1]}" >/dev/null)
  awk -v name="$name" -v steps="$count" '
    /openat\(.*"[^"]*\.db"/ && !/-journal/ { match($0, /= [0-9]+$/); db[substr($0, RSTART + 2)] = 1 }
    /pwrite64\(/ {
      fd = $0; sub(/.*pwrite64\(/, "", fd); sub(/,.*/, "", fd)
      n = $0; sub(/.*= /, "", n)
      if (fd in db) { dbw++; dbb += n } else { jw++; jb += n }
    }
    /fdatasync\(|fsync\(/ { syncs++ }
    END { printf "%-6s per step: %5.2f syncs, %5.2f database pages written (%6.0f bytes), %5.2f journal writes (%6.0f bytes)\n",
                 name, syncs / steps, dbw / steps, dbb / steps, jw / steps, jb / steps }' "$trace"
}
{
  for i in 0 1 2 3; do io_profile "$i"; done
} | tee "$results/sqlite-app-io.txt"

"$python" "$here/online_report.py" "$results" --engine sqlite --app "$count" | tee "$results/sqlite-app.md"
