#!/usr/bin/env bash
# Times rev's offline commands beside Alembic's and beside `cat` of every revision file (the
# cost of reading them: the limit), on synthetic projects from generate.py, in one run.
#
#   scripts/bench/offline.sh [--sizes "1000 10000 100000"] [--shapes "linear branchy"]
#                            [--rev PATH] [--no-alembic] [--quick]
#
# Per shape and size: `rev validate`, `rev heads`, `rev history`, `rev upgrade base:head
# --sql`; `alembic heads` and `alembic upgrade base:head --sql` (1,000 and 10,000 revisions
# only: Alembic at 100,000 would take far too long); `find revisions -type f -exec cat {} +`
# (reading every file); `find revisions -name '*.sql' -size +0` (the stat of every file).
# Times are hyperfine's (warm file cache, no shell in between, -N); peak memory is GNU
# time's maximum resident set size. Results go to scripts/bench/work/results/ (JSON) and the
# table, absolute and as ratios, to stdout and results/offline.md.
#
# REV_BENCH_ALEMBIC_TIMEOUT (default 240 s): an Alembic command whose first run exceeds it
# is not timed, and the table says so. --quick: fewer runs, for trying the script out.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${REV_BENCH_WORK:-$here/work}"
results="$work/results"
sizes="1000 10000 100000"
shapes="linear branchy"
rev_binary="$root/build/rev"
with_alembic=1
quick=0
alembic_timeout="${REV_BENCH_ALEMBIC_TIMEOUT:-240}"
alembic_max=10000

while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    --rev) rev_binary="$2"; shift 2 ;;
    --no-alembic) with_alembic=0; shift ;;
    --quick) quick=1; shift ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "offline.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

python=/usr/bin/python3  # Debian's, which has Alembic (a pyenv python3 may not)
if ! command -v hyperfine >/dev/null || [[ ! -x /usr/bin/time ]] ||
   ! "$python" -c 'import alembic' 2>/dev/null; then
  "$root/scripts/setup.sh" --bench --no-build
fi
rev_binary="$(cd "$(dirname "$rev_binary")" && pwd)/$(basename "$rev_binary")"
mkdir -p "$results"

# hyperfine settings by how slow a command is.
if [[ $quick -eq 1 ]]; then
  fast_runs=(--warmup 1 --runs 3)
  slow_runs=(--runs 1)
else
  fast_runs=(--warmup 3 --min-runs 10)
  slow_runs=(--warmup 0 --runs 3)
fi

# Writes the project for SHAPE and SIZE unless it is already there from the same generator.
generate() {
  local shape="$1" size="$2" dir="$work/projects/$shape-$size"
  local extra=() alembic=1
  if [[ $size -gt $alembic_max || $with_alembic -eq 0 ]]; then
    extra=(--no-alembic)
    alembic=0
  fi
  local stamp
  stamp="$(sha1sum "$here/generate.py" | cut -c1-12) $shape $size alembic=$alembic"
  if [[ -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$stamp" ]]; then
    return 0
  fi
  "$python" "$here/generate.py" "$dir" --count "$size" --shape "$shape" "${extra[@]}"
  echo "$stamp" >"$dir/.stamp"
}

# time_command NAME DIR RUNS... -- COMMAND...: hyperfine into results/NAME.json and the peak
# resident set size into results/NAME.rss (kB).
time_command() {
  local name="$1" dir="$2"
  shift 2
  local runs=()
  while [[ "$1" != -- ]]; do runs+=("$1"); shift; done
  shift
  local line
  line=$(printf '%q ' "$@")
  (cd "$dir" && hyperfine -N --style basic "${runs[@]}" --export-json "$results/$name.json" \
     --command-name "$name" "$line" >"$results/$name.log" 2>&1) || {
    echo "offline.sh: hyperfine failed for $name; see $results/$name.log" >&2
    return 1
  }
  (cd "$dir" && /usr/bin/time -f '%M' -o "$results/$name.rss" "$@" >/dev/null 2>&1) || true
  printf '  %-40s %s\n' "$name" "$(grep -m1 -E 'Time \((mean|abs)' "$results/$name.log" | sed 's/^ *//')"
}

# An Alembic command, first tried once under a timeout; skipped (and noted) when too slow.
time_alembic() {
  local name="$1" dir="$2"
  shift 2
  rm -f "$results/$name.skipped"
  local start end
  start=$(date +%s.%N)
  if ! (cd "$dir" && timeout "$alembic_timeout" "$@" >/dev/null 2>"$results/$name.err"); then
    echo "first run did not finish within ${alembic_timeout} s (or failed: $results/$name.err)" \
      >"$results/$name.skipped"
    rm -f "$results/$name.json"
    printf '  %-40s %s\n' "$name" "skipped: $(cat "$results/$name.skipped")"
    return 0
  fi
  end=$(date +%s.%N)
  local runs=("${fast_runs[@]}")
  if awk -v s="$start" -v e="$end" 'BEGIN { exit !(e - s > 2) }'; then runs=("${slow_runs[@]}"); fi
  time_command "$name" "$dir" "${runs[@]}" -- "$@"
}

cut -d' ' -f1-3 /proc/loadavg >"$results/loadavg"
if awk '{ exit !($1 > 1.5) }' /proc/loadavg; then
  echo "offline.sh: the machine is busy (load average $(cut -d' ' -f1 /proc/loadavg)); times will be noisy" >&2
fi

rev_works=0
if "$rev_binary" --version >/dev/null 2>&1; then rev_works=1; fi

if [[ $rev_works -eq 1 ]]; then
  echo "rev's own start-up (loading the binary and its libraries), the floor of every command:"
  rm -f "$results/startup-rev-version".*
  time_command startup-rev-version "$work" "${fast_runs[@]}" -- "$rev_binary" --version
fi

for shape in $shapes; do
  for size in $sizes; do
    generate "$shape" "$size"
    dir="$work/projects/$shape-$size"
    echo "$shape, $size revisions:"
    rm -f "$results/$shape-$size-"*  # no stale result survives into this run's table
    time_command "$shape-$size-cat" "$dir/rev" "${fast_runs[@]}" -- \
      find revisions -type f -exec cat {} +
    # The stat of every revision file, which any command that trusts its scan cache pays.
    time_command "$shape-$size-stat" "$dir/rev" "${fast_runs[@]}" -- \
      find revisions -name '*.sql' -size +0
    if [[ $rev_works -eq 1 ]]; then
      # The scan cache (.rev/scan-cache) filled once the files have settled (two seconds),
      # as it is after any command in a real checkout; the -cold runs go without it.
      (cd "$dir/rev" && sleep 2.1 && "$rev_binary" upgrade base:head --sql >/dev/null 2>&1) || true
      for cold in validate heads; do
        name="$shape-$size-rev-$cold-cold"
        time_command "$name" "$dir/rev" "${fast_runs[@]}" --prepare 'rm -f .rev/scan-cache' -- \
          "$rev_binary" "$cold"
      done
      (cd "$dir/rev" && "$rev_binary" upgrade base:head --sql >/dev/null 2>&1) || true
      for command in validate heads history "upgrade base:head --sql"; do
        name="$shape-$size-rev-${command%% *}"
        # shellcheck disable=SC2086  # the command's words are meant to split
        if (cd "$dir/rev" && "$rev_binary" $command >/dev/null 2>"$results/$name.err"); then
          time_command "$name" "$dir/rev" "${fast_runs[@]}" -- "$rev_binary" $command
        else
          echo "rev $command failed: $(head -c 300 "$results/$name.err")" >"$results/$name.skipped"
          rm -f "$results/$name.json"
          printf '  %-40s %s\n' "$name" "FAILED: $(head -n 1 "$results/$name.err")"
        fi
      done
    else
      echo "  rev: $rev_binary does not run yet; rev not measured"
    fi
    if [[ $with_alembic -eq 1 && $size -le $alembic_max ]]; then
      time_alembic "$shape-$size-alembic-heads" "$dir/alembic" "$python" -m alembic heads
      time_alembic "$shape-$size-alembic-upgrade" "$dir/alembic" \
        "$python" -m alembic upgrade base:head --sql
    fi
  done
done

"$python" "$here/report.py" "$results" --sizes "$sizes" --shapes "$shapes" | tee "$results/offline.md"
