#!/usr/bin/env bash
# Times `rev fleet` over many SQLite databases (fleet_generate.py):
#
#   scripts/bench/fleet.sh [--databases 1000] [--revisions 20] [--runs 3] [--rev PATH]
#
#   status-noop  rev fleet status over every database already at head (the pass that
#                changes nothing; the target is under 5 s for 1,000 on 2 cores)
#   upgrade      rev fleet upgrade -q of every database from empty to head: each target its
#                own rev run (lock, one transaction per step, bookkeeping, journal)
#   raw          the same SQL as one sqlite3 script per database (each revision in its own
#                transaction, no bookkeeping), run by xargs -P with as many at once: the
#                database's own cost, the floor
# Both run with --parallel / -P equal to the number of cores. Everything runs in
# REV_BENCH_WORK (default scripts/bench/work, on disk: never time on tmpfs) under fleet/;
# journal_mode and synchronous are SQLite's defaults (DELETE, FULL) for both. The table
# (medians of --runs, and the ratios) is printed and written to work/results/fleet.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
databases=1000
revisions=20
runs=3
rev_binary="$root/build/rev"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --databases) databases="$2"; shift 2 ;;
    --revisions) revisions="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --rev) rev_binary="$2"; shift 2 ;;
    *) sed -n '2,17p' "$0" >&2; exit 2 ;;
  esac
done
command -v sqlite3 >/dev/null || { echo "fleet.sh: needs sqlite3" >&2; exit 2; }
[[ -x "$rev_binary" ]] || { echo "fleet.sh: no rev at $rev_binary (build first)" >&2; exit 2; }
work="${REV_BENCH_WORK:-$here/work}"
project="$work/fleet/project"
results="$work/results"
cores="$(nproc)"
rm -rf "$project"
mkdir -p "$project" "$results"
source "$here/timing.sh"
python3 "$here/fleet_generate.py" "$project" "$revisions" "$databases"
cd "$project"

fresh() { rm -rf dbs .rev raw && mkdir -p dbs raw; }
upgrade=$(median_seconds fresh "$rev_binary" fleet upgrade -q --parallel "$cores" --report .rev/r.jsonl)
# The databases are at head now: the no-op status pass.
status=$(median_seconds "" "$rev_binary" fleet status -q --parallel "$cores")
head_check=$(sqlite3 "dbs/t$((databases - 1)).db" "SELECT COUNT(*) FROM rev_history WHERE status = 'applied'")
[[ "$head_check" == "$revisions" ]] || { echo "fleet.sh: the last database has $head_check steps" >&2; exit 1; }
raw=$(median_seconds fresh sh -c \
  "seq 0 $((databases - 1)) | xargs -P $cores -I{} sh -c 'sqlite3 raw/t{}.db < raw.sql'")

{
  echo "| $databases SQLite databases × $revisions revisions, $cores cores | median (s) | ratio |"
  echo "| --- | ---: | ---: |"
  echo "| sqlite3 scripts by xargs -P $cores (floor) | $raw | 1.00 |"
  echo "| rev fleet upgrade --parallel $cores | $upgrade | $(ratio "$upgrade" "$raw") |"
  echo "| rev fleet status (no-op, at head) | $status | $(ratio "$status" "$raw") |"
} | tee "$results/fleet.md"
