# What online_sqlite.sh, online_sqlite_app.sh and online_postgres.sh share (sourced, not
# run). Expects: here, root, work, results, and python before its functions run.

# The defaults of the options parse_options takes.
rev_binary="$root/build/rev"
peers=1
quick=0
peer_timeout="${REV_BENCH_PEER_TIMEOUT:-300}"

# The options of the benchmarks over project sizes (--sizes, --noop-sizes); a script with
# others defines its own own_option after sourcing this file.
own_option() {
  case "$1" in
    --sizes) sizes="$2"; taken=2 ;;
    --noop-sizes) noop_sizes="$2"; taken=2 ;;
  esac
}

# parse_options NAME HELP_LINES ARGS...: the options every online benchmark takes (--rev,
# --no-peers, --quick, --help: lines HELP_LINES of the script, as sed -n prints them), then
# the script's own through `own_option ARGS...`, a function it defines that sets `taken` to
# the words it used (0: not its option). Ends with rev_binary as an absolute path.
parse_options() {
  local name="$1" help_lines="$2"
  shift 2
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --rev) rev_binary="$2"; shift 2 ;;
      --no-peers) peers=0; shift ;;
      --quick) quick=1; shift ;;
      -h|--help) sed -n "$help_lines" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *)
        taken=0
        own_option "$@"
        if [[ $taken -eq 0 ]]; then
          echo "$name: unknown argument '$1' (try --help)" >&2
          exit 2
        fi
        shift "$taken" ;;
    esac
  done
  rev_binary="$(cd "$(dirname "$rev_binary")" && pwd)/$(basename "$rev_binary")"
}

# Installs what the peers need from Debian's packages when missing (as root), as
# scripts/setup.sh --bench does for hyperfine.
need_tools() {
  local engine="$1" missing=()
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  command -v sqitch >/dev/null || missing+=(sqitch)
  "$python" -c 'import alembic' 2>/dev/null || missing+=(python3-alembic)
  if [[ "$engine" == sqlite ]]; then
    command -v sqlite3 >/dev/null || missing+=(sqlite3)
    perl -MDBD::SQLite -e1 2>/dev/null || missing+=(libdbd-sqlite3-perl)
  else
    command -v psql >/dev/null || missing+=(postgresql-client)
    perl -MDBD::Pg -e1 2>/dev/null || missing+=(libdbd-pg-perl)
    "$python" -c 'import psycopg2' 2>/dev/null || missing+=(python3-psycopg2)
  fi
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >&2
  fi
}

# make_project DIR SIZE ENGINE ALEMBIC_URL [CORPUS]: a linear project and the peers'
# copies, unless DIR already holds them from the same generators. CORPUS: synthetic
# (generate.py, one table per revision; the default) or app (generate_app.py, shaped like
# a real application's history).
make_project() {
  local dir="$1" size="$2" engine="$3" url="$4" corpus="${5:-synthetic}"
  local generator=(generate.py --shape linear --no-alembic)
  [[ "$corpus" == app ]] && generator=(generate_app.py)
  local stamp
  stamp="$(cat "$here/${generator[0]}" "$here/online_generate.py" | sha1sum | cut -c1-12) $corpus $size $engine"
  if [[ -f "$dir/.online" && "$(cat "$dir/.online")" == "$stamp" ]]; then return; fi
  "$python" "$here/${generator[0]}" "$dir" --count "$size" "${generator[@]:1}" >&2
  "$python" "$here/online_generate.py" "$dir" --engine "$engine" --url "$url" >&2
  echo "$stamp" >"$dir/.online"
}

# Runs hyperfine in DIR on one command: NAME PREPARE_COMMAND COMMAND...
_hyperfine() {
  local name="$1" dir="$2" prepare="$3"; shift 3
  local runs=("$@")
  (cd "$dir" && hyperfine -N --style basic "${HYPERFINE_RUNS[@]}" ${prepare:+--prepare "$prepare"} \
     --export-json "$results/$name.json" -n "$name" -- "$(printf '%q ' "${runs[@]}")") >&2
}

# A full upgrade by rev or the limit: several runs, each from an empty database.
time_full() {
  local name="$1" dir="$2" prepare="$3"; shift 3
  if [[ $quick -eq 1 ]]; then HYPERFINE_RUNS=(--runs 2); else HYPERFINE_RUNS=(--warmup 1 --runs 5); fi
  _hyperfine "$name" "$dir" "$prepare" "$@"
}

# A full upgrade by a peer: one trial run under the timeout first; a peer slower than that
# is recorded as skipped. Fewer runs: the peers are slow.
time_peer() {
  local name="$1" dir="$2" prepare="$3"; shift 3
  if ! run_with_timeout "$dir" "$prepare" "$@"; then
    echo "{\"skipped\": \"longer than ${peer_timeout} s\"}" >"$results/$name.json"
    return
  fi
  if [[ $quick -eq 1 ]]; then HYPERFINE_RUNS=(--runs 1); else HYPERFINE_RUNS=(--runs 3); fi
  _hyperfine "$name" "$dir" "$prepare" "$@"
}

# A run at head: warm, many runs, no prepare.
time_noop() {
  local name="$1" dir="$2"; shift 2
  if [[ $quick -eq 1 ]]; then HYPERFINE_RUNS=(--warmup 2 --runs 5); else HYPERFINE_RUNS=(--warmup 5 --min-runs 30); fi
  _hyperfine "$name" "$dir" "" "$@"
}

# run_with_timeout DIR PREPARE COMMAND...: runs PREPARE then COMMAND once in DIR, quietly;
# false when COMMAND fails or takes longer than peer_timeout.
run_with_timeout() {
  local dir="$1" prepare="$2"; shift 2
  (cd "$dir" && { [[ -z "$prepare" ]] || eval "$prepare"; } &&
     timeout "$peer_timeout" "$@" >/dev/null 2>"$results/last-trial.err") ||
    { echo "  trial run of $* in $dir failed or timed out (see $results/last-trial.err)" >&2; return 1; }
}
