#!/usr/bin/env bash
# Installs what is missing from Debian, then configures and builds rev into build/.
#
#   scripts/setup.sh [--demo | --full | --bench] [--no-build]
#
#   --demo      the libraries and tools to build rev (and only the `rev` target)
#   --full      (default) also what the tests need: PostgreSQL, Alembic, Sqitch, npm, git,
#               pre-commit, clang, libFuzzer, clang-format, clang-tidy, Graphviz; builds all
#   --bench     --full plus what scripts/bench/ needs: hyperfine, GNU time, npm, strace,
#               sqldiff (sqlite3-tools)
#   --no-build  install only
#
# REV_SETUP_SET=demo|full|bench does the same as the flags; REV_BUILD_DIR (default build)
# chooses the build folder. Packages are checked with dpkg-query first: apt-get (and its
# `update`) runs only when something is missing, as root, non-interactively.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
set_name="${REV_SETUP_SET:-full}"
build=1
for arg in "$@"; do
  case "$arg" in
    --demo) set_name=demo ;;
    --full) set_name=full ;;
    --bench) set_name=bench ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

# pybind11 and Python's headers build the `rev` Python module; Flask runs its example app.
demo_packages=(build-essential cmake pkg-config g++ libsqlite3-dev sqlite3 libpqxx-dev
               libboost-graph-dev libyaml-cpp-dev libcli11-dev catch2 libssl-dev
               nlohmann-json3-dev pybind11-dev python3-dev python3-flask)
# `postgresql` brings the server and its client (psql, pg_dump, pg_restore); `graphviz`
# the `dot` that draws `rev graph --format svg` and that its tests render with; `pgbouncer`
# the connection pooler the lock tests run rev through.
# The tools `rev import` is tested against: Alembic (with psycopg2 to run it on
# PostgreSQL), Sqitch with its SQLite and PostgreSQL drivers, and npm, which installs
# dbmate (scripts/bench/install_dbmate.sh).
# The shells and tools the completion, man page and package tests run: bash-completion, zsh,
# fish, man-db (man, with groff-base), dpkg-dev (dpkg-shlibdeps for the package's Depends),
# binutils (objcopy, readelf) and file.
test_packages=(bash-completion zsh fish man-db groff-base dpkg-dev binutils file
               postgresql pgbouncer python3-alembic python3-psycopg2 sqitch libdbd-sqlite3-perl
               libdbd-pg-perl npm=npm pre-commit git clang libclang-rt-14-dev
               clang-format clang-tidy graphviz)
# An entry `package=command` is also satisfied by `command` on the PATH (Node.js and npm
# often come from elsewhere than Debian).
bench_packages=(hyperfine time strace npm=npm sqlite3-tools)

case "$set_name" in
  demo) wanted=("${demo_packages[@]}") ;;
  full) wanted=("${demo_packages[@]}" "${test_packages[@]}") ;;
  bench) wanted=("${demo_packages[@]}" "${test_packages[@]}" "${bench_packages[@]}") ;;
  *) echo "setup.sh: REV_SETUP_SET must be demo, full or bench, not '$set_name'" >&2; exit 2 ;;
esac

install_missing() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup.sh: not a Debian system (no dpkg-query); install these yourself: ${wanted[*]}" >&2
    return 0
  fi
  local missing=()
  local entry package command
  for entry in "${wanted[@]}"; do
    package="${entry%%=*}"
    command=""
    [[ "$entry" == *=* ]] && command="${entry#*=}"
    if [[ -n "$command" ]] && command -v "$command" >/dev/null 2>&1; then
      continue
    fi
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" != installed ]]; then
      missing+=("$package")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup.sh: all ${#wanted[@]} packages of the '$set_name' set are installed"
    return 0
  fi
  echo "setup.sh: installing ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "setup.sh: missing packages (${missing[*]}) and not root; run as root" >&2
      return 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build_rev() {
  local dir="${REV_BUILD_DIR:-$root/build}"
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  if [[ "$set_name" == demo ]]; then
    make -C "$dir" -j"$jobs" --no-print-directory rev rev_python
  else
    make -C "$dir" -j"$jobs" --no-print-directory
  fi
}

install_missing
if [[ $build -eq 1 ]]; then
  build_rev
fi
