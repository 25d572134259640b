# shellcheck shell=bash
# shellcheck disable=SC2154  # here, results, python, quick, rev_binary: set by the caller
# What schema_sqlite.sh and schema_postgres.sh share (sourced after online_common.sh, not
# run). Expects: here, results, python, rev_binary and quick before its functions run.

# make_pair DIR TABLES CHANGES DIALECT [ARGS...]: the schema pair and its rev project from
# schema_generate.py (ARGS are passed on), unless DIR already holds them from the same
# generator and arguments. DIR/create is a copy of the project for `rev create` to write in.
make_pair() {
  local dir="$1" tables="$2" changes="$3" dialect="$4"
  shift 4
  local stamp
  stamp="$(sha1sum "$here/schema_generate.py" | cut -c1-12) $tables $changes $dialect $*"
  if [[ -f "$dir/.schema" && "$(cat "$dir/.schema")" == "$stamp" ]]; then return; fi
  "$python" "$here/schema_generate.py" "$dir" --tables "$tables" --changes "$changes" \
    --dialect "$dialect" "$@" >&2
  cp -r "$dir/project" "$dir/create"
  echo "$stamp" >"$dir/.schema"
}

# Hyperfine's runs for a command that takes about a second (fast) or ten (slow).
schema_runs() {
  if [[ $quick -eq 1 ]]; then
    HYPERFINE_RUNS=(--runs 1)
  elif [[ "$1" == slow ]]; then
    HYPERFINE_RUNS=(--runs 3)
  else
    HYPERFINE_RUNS=(--warmup 1 --runs 5)
  fi
}

# time_expecting CODE PATTERN SPEED NAME DIR PREPARE COMMAND...: one trial run in DIR (after
# PREPARE) must exit with CODE and, unless PATTERN is empty, print a line matching it (grep
# -E, stdout or stderr), else NAME is recorded as skipped with the command's last error
# line; then hyperfine times it (SPEED: fast or slow), ignoring that exit code.
time_expecting() {
  local code="$1" pattern="$2" speed="$3" name="$4" dir="$5" prepare="$6"
  shift 6
  local status=0 why=""
  (cd "$dir" && { [[ -z "$prepare" ]] || eval "$prepare"; } &&
     "$@" >"$results/$name.out" 2>"$results/$name.err") || status=$?
  if [[ $status -ne $code ]]; then
    why="exit $status: $(grep -v '^rev: warning' "$results/$name.err" | tail -n 1)"
  elif [[ -n "$pattern" ]] && ! grep -qE "$pattern" "$results/$name.out" "$results/$name.err"; then
    why="no line matching '$pattern': $(grep -v '^rev: warning' "$results/$name.err" | tail -n 1)"
  fi
  if [[ -n "$why" ]]; then
    echo "  $name: the trial run failed ($why)" >&2
    "$python" -c 'import json, sys; print(json.dumps({"skipped": sys.argv[1]}))' \
      "$why" >"$results/$name.json"
    return 0
  fi
  schema_runs "$speed"
  [[ $code -eq 0 ]] || HYPERFINE_RUNS+=(--ignore-failure)
  _hyperfine "$name" "$dir" "$prepare" "$@"
}

# time_rev_diff NAME DIR: `rev diff` in DIR. It exits 1 both when the schemas differ and
# when it fails: the trial run must say that they differ.
time_rev_diff() {
  time_expecting 1 "^rev: error: head and schema differ" fast "$1" "$2" "" "$rev_binary" diff
}

# time_rev_create NAME DIR: `rev create --autogenerate --allow-destructive` in DIR, its
# revision removed before each run; the trial run must say it proved the revision.
time_rev_create() {
  # hyperfine -N runs --prepare without a shell too: the glob needs one.
  time_expecting 0 "^proven on a scratch database" slow "$1" "$2" \
    "sh -c 'rm -f revisions/*_schema_changes.sql'" \
    "$rev_binary" create "schema changes" --autogenerate --allow-destructive
}

# peak_memory CODE NAME DIR COMMAND...: one run under GNU time; its peak resident set (kB)
# and wall-clock seconds into results/NAME.rss, unless it exits with another code than CODE.
peak_memory() {
  local code="$1" name="$2" dir="$3"
  shift 3
  (cd "$dir" && /usr/bin/time -f "%M %e %x" -o "$results/$name.rss" "$@" >/dev/null \
     2>"$results/$name.err") || true
  local status
  status="$(tail -n 1 "$results/$name.rss" | cut -d' ' -f3)"
  if [[ "$status" != "$code" ]]; then
    echo "  $name: exited $status, not $code (see $results/$name.err)" >&2
    rm -f "$results/$name.rss"
  fi
}
