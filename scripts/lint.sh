#!/usr/bin/env bash
# The project's lint checks, one per subcommand (the tests run each as its own ctest test):
#
#   scripts/lint.sh includes            include direction of ARCHITECTURE.md
#   scripts/lint.sh format-check        clang-format --dry-run --Werror over every C++ source
#   scripts/lint.sh format              clang-format -i over every C++ source (rewrites files)
#   scripts/lint.sh tidy [BUILD_DIR]    clang-tidy (.clang-tidy) over revisions/ engine/
#                                       validators/ cli/ as compiled in BUILD_DIR (default
#                                       build/), using its compile_commands.json
#   scripts/lint.sh tidy-naming [BUILD_DIR]
#                                       the same with only readability-identifier-naming:
#                                       what the tests run. The full set costs about 4 s of
#                                       CPU per file (5 minutes for the tree on 2 cores),
#                                       naming alone about 1.4 s.
#   scripts/lint.sh test-names          no Catch2 test name that ctest cannot run: ctest cuts
#                                       a discovered name at ';', and Catch2 reads a
#                                       leading '-' as an option
#   scripts/lint.sh                     includes, test-names, format-check and tidy
#
# Exit status: 0 when clean, 1 when a check finds something, 2 on bad usage.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source_folders=(revisions engine validators cli tests)

# Every C++ source of the project, sorted, NUL-separated.
cxx_sources() {
  find "${source_folders[@]}" -type f \( -name '*.h' -o -name '*.hpp' -o -name '*.cpp' -o -name '*.cc' \) \
    -not -path 'tests/fuzz/corpus*' -print0 2>/dev/null | sort -z
}

run_includes() {
  python3 "$root/scripts/check_includes.py" "$root"
}

run_test_names() {
  local bad
  bad=$(grep -rnE --include='*.cpp' 'TEST_CASE\("([^"]*;|-)' tests || true)
  if [[ -n "$bad" ]]; then
    printf '%s\n' "$bad" >&2
    echo "test names: the names above hold ';' or start with '-'; ctest would run no test for them" >&2
    return 1
  fi
  echo "test names: every TEST_CASE name can be run by ctest"
}

run_format_check() {
  local count
  count=$(cxx_sources | tr -cd '\0' | wc -c)
  if cxx_sources | xargs -0 -r clang-format --style=file --dry-run --Werror; then
    echo "clang-format: $count files formatted as .clang-format asks"
  else
    echo "clang-format: files above differ from .clang-format; fix with: scripts/lint.sh format" >&2
    return 1
  fi
}

run_format() {
  cxx_sources | xargs -0 -r clang-format --style=file -i
}

run_tidy() {
  local build="${1:-$root/build}"
  local checks=()
  [[ "${2:-}" == naming ]] && checks=(--checks='-*,readability-identifier-naming')
  if [[ ! -f "$build/compile_commands.json" ]]; then
    echo "clang-tidy: $build/compile_commands.json is missing; configure with cmake first" >&2
    return 2
  fi
  # The four library folders' translation units, as the build compiles them. The tests are
  # left out: parsing Catch2 in every test file doubled the run (10 minutes on 2 busy
  # cores), for findings that matter less there; clang-format still covers them.
  local files
  files=$(python3 - "$build/compile_commands.json" "$root" <<'PY'
import json, os, re, sys
root = os.path.realpath(sys.argv[2])
own = re.compile(r"^(revisions|engine|validators|cli)/")
seen = set()
for entry in json.load(open(sys.argv[1])):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, root)
    if own.match(rel) and rel not in seen:
        seen.add(rel)
for rel in sorted(seen):
    print(rel)
PY
)
  local count
  count=$(printf '%s\n' "$files" | grep -c . || true)
  if [[ "$count" -eq 0 ]]; then
    echo "clang-tidy: no project sources in $build/compile_commands.json" >&2
    return 1
  fi
  local log
  log=$(mktemp)
  local status=0
  # Two at a time (the machine has two cores); "N warnings generated" is clang's chatter.
  printf '%s\n' "$files" | xargs -r -P 2 -n 4 clang-tidy -p "$build" --quiet "${checks[@]}" >"$log" 2>&1 || status=$?
  grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter' "$log" || true
  rm -f "$log"
  if [[ $status -ne 0 ]]; then
    echo "clang-tidy: findings above (checks in .clang-tidy)" >&2
    return 1
  fi
  echo "clang-tidy: $count files clean"
}

case "${1:-all}" in
  includes) run_includes ;;
  test-names) run_test_names ;;
  format-check) run_format_check ;;
  format) run_format ;;
  tidy) run_tidy "${2:-}" ;;
  tidy-naming) run_tidy "${2:-}" naming ;;
  all)
    status=0
    run_includes || status=1
    run_test_names || status=1
    run_format_check || status=1
    run_tidy "${2:-}" || status=1
    exit $status
    ;;
  *)
    echo "usage: scripts/lint.sh [includes|test-names|format-check|format|tidy [BUILD_DIR]|tidy-naming [BUILD_DIR]]" >&2
    exit 2
    ;;
esac
