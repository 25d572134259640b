# What the benchmark scripts that time commands themselves share. Source it after setting
# $runs (how many runs make a median) and $work (where the last run's stderr is kept).

# median_seconds PREPARE COMMAND...: runs PREPARE (a shell command, untimed; "" for none)
# then COMMAND, $runs times (output discarded), and prints COMMAND's median time.
median_seconds() {
  local prepare="$1" times=() start end
  shift
  for ((i = 0; i < runs; i++)); do
    if [[ -n "$prepare" ]]; then eval "$prepare"; fi
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$work/last.err" || { cat "$work/last.err" >&2; return 1; }
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'
}

# ratio A B: A / B to two decimals ("-" when B is 0).
ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else print "-" }'; }
