#!/usr/bin/env bash
# Times `rev import` beside the floor of the same work, on projects shaped like real ones
# (scripts/bench/import_generate.py: tables with foreign keys and indexes, ALTERs, data
# updates, tiny steps):
#
#   scripts/bench/import.sh [--pairs 1000] [--alembic 200] [--runs 5] [--rev PATH]
#
#   golang-migrate  rev import golang-migrate (N pairs → N revision files)
#                   floor: cp of the same N files rev writes into an empty folder, then sync
#   Alembic         rev import alembic (one Python process running Alembic offline)
#                   floor: Alembic's own offline runs of the same SQL, python3 -m alembic
#                   upgrade base:head --sql and downgrade head:base --sql
#
# No peer imports into another tool's format with the down migrations kept (Atlas's
# `migrate import` drops them and is not in Debian), so the floors are what the work costs
# at the least. Each time is the median of --runs runs; the revisions folder is emptied
# before each run, untimed. Results: a Markdown table on stdout and in
# work/results/import.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${REV_BENCH_WORK:-$here/work}/import"
results="${REV_BENCH_WORK:-$here/work}/results"
pairs=1000
alembic_revisions=200
runs=5
rev_binary="$root/build/rev"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --pairs) pairs="$2"; shift 2 ;;
    --alembic) alembic_revisions="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --rev) rev_binary="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "import.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
rev_binary="$(cd "$(dirname "$rev_binary")" && pwd)/$(basename "$rev_binary")"
[[ -x "$rev_binary" ]] || { echo "import.sh: no rev at $rev_binary (--rev PATH)" >&2; exit 2; }
rm -rf "$work"
mkdir -p "$work" "$results"
table="$results/import.md"

# shellcheck source=timing.sh
source "$here/timing.sh"

# A rev project in DIR (revisions/ inside) importing from SOURCE.
make_project() {
  mkdir -p "$1/revisions"
  printf 'revisions: revisions\ndatabase: sqlite:///app.db\n' >"$1/rev.yaml"
}

copy_and_sync() { cp "$1"/* "$2"/ && sync; }

rows=()

# --- golang-migrate ---------------------------------------------------------------------
golang="$work/golang"
make_project "$golang"
python3 "$here/import_generate.py" golang-migrate "$golang/migrations" "$pairs"
rev_golang=$(cd "$golang" && median_seconds "rm -rf '$golang'/revisions/*" \
  "$rev_binary" -q import golang-migrate migrations)
# The floor: the files rev wrote, copied as they are into an empty folder.
rm -rf "$golang"/revisions/*
(cd "$golang" && "$rev_binary" -q import golang-migrate migrations >/dev/null)
floor_golang=$(median_seconds "rm -rf '$work/copy'; mkdir '$work/copy'" \
  copy_and_sync "$golang/revisions" "$work/copy")
rows+=("| golang-migrate, $pairs pairs | **$rev_golang s** | cp + sync of the $pairs files: $floor_golang s | **$(ratio "$rev_golang" "$floor_golang")×** |")

# --- Alembic -----------------------------------------------------------------------------
alembic="$work/alembic"
make_project "$alembic"
python3 "$here/import_generate.py" alembic "$alembic/project" "$alembic_revisions"
rev_alembic=$(cd "$alembic" && median_seconds "rm -rf '$alembic'/revisions/*" \
  "$rev_binary" -q import alembic project --python /usr/bin/python3)
alembic_offline() {
  (cd "$alembic/project" && /usr/bin/python3 -m alembic upgrade base:head --sql &&
    /usr/bin/python3 -m alembic downgrade head:base --sql)
}
floor_alembic=$(median_seconds ":" alembic_offline)
rows+=("| Alembic, $alembic_revisions revisions | **$rev_alembic s** | Alembic's offline upgrade + downgrade: $floor_alembic s | **$(ratio "$rev_alembic" "$floor_alembic")×** |")

{
  echo "| import | rev | floor | rev / floor |"
  echo "| --- | ---: | --- | ---: |"
  printf '%s\n' "${rows[@]}"
} | tee "$table"
