#!/usr/bin/env bash
# Times what a shell's Tab costs where a command takes a target: `rev __complete-targets`
# (the hidden command the completion scripts run) in a project of 1,000 revisions from
# generate.py, beside the floors of the same work: rev starting and finding no project,
# `ls` of the folder, and `grep` of every file's `-- revision:` line (reading all headers).
#
#   scripts/bench/completion.sh [--size N] [--rev PATH] [--quick]
#
# Times are hyperfine's (median; -N, warm file cache; rev's scan cache written by a first run, as
# after any earlier command). Results go to scripts/bench/work/results/completion.json and
# the table to stdout and results/completion.md. The target: under 30 ms at 1,000.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${REV_BENCH_WORK:-$here/work}"
results="$work/results"
size=1000
rev_binary="$root/build/rev"
runs=(--warmup 5 --min-runs 50)

while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --rev) rev_binary="$2"; shift 2 ;;
    --quick) runs=(--warmup 1 --runs 5); shift ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "completion.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

command -v hyperfine >/dev/null || "$root/scripts/setup.sh" --bench --no-build
rev_binary="$(cd "$(dirname "$rev_binary")" && pwd)/$(basename "$rev_binary")"
mkdir -p "$results"

project="$work/completion-$size"
if [[ ! -f "$project/rev/rev.yaml" ]]; then
  rm -rf "$project"
  python3 "$here/generate.py" "$project" --count "$size" --shape branchy --no-alembic >/dev/null
fi
cd "$project/rev"
"$rev_binary" __complete-targets >/dev/null  # writes the scan cache, as any command would
prefix=$(ls revisions | sed -n '1s/^\(..\).*/\1/p')
outside=$(mktemp -d)
trap 'rm -rf "$outside"' EXIT

hyperfine -N "${runs[@]}" --export-json "$results/completion.json" \
  -n "rev __complete-targets ($size revisions)" "$rev_binary __complete-targets" \
  -n "rev __complete-targets $prefix" "$rev_binary __complete-targets $prefix" \
  -n "floor: rev outside a project" "$rev_binary -c $outside/rev.yaml __complete-targets" \
  -n "floor: ls revisions" "ls revisions" \
  -n "floor: grep -h '^-- revision:' over the folder" "grep -h '^-- revision:' -r revisions" \
  >/dev/null

python3 - "$results/completion.json" "$results/completion.md" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
lines = ["| command | median | mean ± σ |", "| --- | ---: | ---: |"]
for row in rows:
    lines.append("| %s | %.1f ms | %.1f ± %.1f ms |" % (
        row["command"], row["median"] * 1e3, row["mean"] * 1e3, row["stddev"] * 1e3))
text = "\n".join(lines) + "\n"
open(sys.argv[2], "w").write(text)
print(text, end="")
PY
