#!/usr/bin/env bash
# The Debian package, installed and removed for real with apt-get and dpkg, as root:
#
#   tests/package/install_remove_test.sh [DEB]     (default: $REV_TEST_DEB)
#
# Installing it makes /usr/bin/rev this rev (its --version, its man page, its completions,
# its PostgreSQL module found, the binary stripped with its debug info by build id) and
# keeps util-linux's line reverser as rev.util-linux; `apt-get remove` and `apt-get purge`
# put util-linux's files back and leave no diversion. Fails (never skips) when not root,
# when the package is missing, or when a rev package is installed already. Whatever
# happens, the trap removes the package and its diversions again.
set -uo pipefail

deb="${1:-${REV_TEST_DEB:-}}"
failures=0

fail() {
  echo "install_remove_test: FAIL: $*" >&2
  failures=$((failures + 1))
}
die() {
  echo "install_remove_test: $*" >&2
  exit 1
}
check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what="$1"
  shift
  if "$@"; then echo "ok: $what"; else fail "$what"; fi
}

[[ $(id -u) -eq 0 ]] || die "must run as root: it installs and removes a Debian package"
[[ -n "$deb" && -f "$deb" ]] ||
  die "no package at '${deb}': run scripts/package.sh (scripts/test.sh does) and set REV_TEST_DEB"
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
if [[ "$(dpkg-query -W -f='${db:Status-Status}' rev 2>/dev/null)" != "" &&
      "$(dpkg-query -W -f='${db:Status-Status}' rev 2>/dev/null)" != not-installed ]]; then
  die "a rev package is installed already; this test would remove it (apt-get purge rev)"
fi
for tool in apt-get dpkg dpkg-divert man readelf file cc pkg-config python3; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done
util_linux_sum=$(sha256sum /usr/bin/rev | cut -d' ' -f1)
completion_sum=$(sha256sum /usr/share/bash-completion/completions/rev | cut -d' ' -f1)
[[ "$(echo abc | /usr/bin/rev)" == cba ]] || die "/usr/bin/rev is not util-linux's line reverser"

export DEBIAN_FRONTEND=noninteractive
apt_quiet() { apt-get -y -q --no-install-recommends "$@" >/tmp/rev-install-test-apt.log 2>&1 ||
  { cat /tmp/rev-install-test-apt.log >&2; return 1; }; }

# Puts the machine back as it was: the package gone, no diversion of rev's left.
cleanup() {
  local status
  status=$(dpkg-query -W -f='${db:Status-Status}' rev 2>/dev/null)
  if [[ -n "$status" && "$status" != not-installed ]]; then
    dpkg --purge rev >/dev/null 2>&1 || echo "install_remove_test: cleanup: dpkg --purge rev failed" >&2
  fi
  local path diverted
  for path in /usr/bin/rev /usr/share/man/man1/rev.1.gz /usr/share/bash-completion/completions/rev; do
    if dpkg-divert --list "$path" | grep -q 'by rev$'; then
      diverted=$(dpkg-divert --truename "$path")
      dpkg-divert --package rev --remove --rename --divert "$diverted" "$path" >/dev/null
    fi
  done
  rm -f /tmp/rev-install-test-apt.log
}
trap cleanup EXIT
trap 'exit 130' INT TERM

util_linux_restored() {  # after remove and after purge
  check "/usr/bin/rev reverses lines again ($1)" test "$(echo abc | /usr/bin/rev)" = cba
  check "/usr/bin/rev is util-linux's very file ($1)" \
    test "$(sha256sum /usr/bin/rev | cut -d' ' -f1)" = "$util_linux_sum"
  check "no rev.util-linux left ($1)" test ! -e /usr/bin/rev.util-linux
  check "no diversion by rev left ($1)" test -z "$(dpkg-divert --list | grep 'by rev$')"
  check "man rev is util-linux's page again ($1)" \
    grep -q 'reverse lines' <(man -P cat rev 2>/dev/null)
  check "util-linux's bash completion is back ($1)" test "$(sha256sum \
    /usr/share/bash-completion/completions/rev | cut -d' ' -f1)" = "$completion_sum"
}

# --- install --------------------------------------------------------------------------------
# apt-get resolves Depends from what is installed; it needs no network when they are.
apt_quiet install "$deb" || die "apt-get install $deb failed"

version=$(/usr/bin/rev --version)
echo "installed: $version"
check "/usr/bin/rev --version names this rev, its commit, SQLite and libpq" \
  grep -Eq '^rev [0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]{7}(-dirty)?, SQLite 3\.[0-9.]+, libpq [0-9]+\.[0-9]+\)$' \
  <<<"$version"
check "rev on the default PATH is this rev" grep -q '^rev .*commit' <(PATH=/usr/sbin:/usr/bin:/sbin:/bin rev --version)
check "the line reverser is rev.util-linux" test "$(echo abc | rev.util-linux)" = cba
check "man -w rev finds this rev's page" test "$(man -w rev)" = /usr/share/man/man1/rev.1.gz
check "that page is rev(1) of the migration engine" \
  grep -q 'database migrations' <(zcat /usr/share/man/man1/rev.1.gz)
check "man rev.util-linux finds the line reverser's page" \
  grep -q 'reverse lines' <(man -P cat rev.util-linux 2>/dev/null)
check "the bash completion of rev is this rev's" \
  grep -q '_rev_data' /usr/share/bash-completion/completions/rev
check "util-linux's bash completion is kept as rev.util-linux" \
  test -s /usr/share/bash-completion/completions/rev.util-linux
check "the zsh completion is installed" grep -q '^#compdef rev' /usr/share/zsh/vendor-completions/_rev
check "the fish completion is installed" test -s /usr/share/fish/vendor_completions.d/rev.fish
check "the PostgreSQL module is where rev looks for it" test -f /usr/lib/rev/rev-postgres.so
check "three diversions by rev" test "$(dpkg-divert --list | grep -c 'by rev$')" = 3
for binary in /usr/bin/rev /usr/lib/rev/rev-postgres.so; do
  check "$binary is stripped" grep -q ', stripped' <(file -L "$binary")
  id=$(readelf -n "$binary" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')
  debug="/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug"
  check "$binary's debug info is at $debug" test -n "$id" -a -s "$debug"
  check "$debug holds the debug info" grep -q 'with debug_info' <(file -L "$debug")
done

# librev, its headers and rev.pc, and the Python module: a C program built with
# pkg-config and a system python3 (no PYTHONPATH) each migrate a small SQLite project.
for file in /usr/lib/librev.so.0 /usr/include/rev.h /usr/include/rev.hpp /usr/lib/pkgconfig/rev.pc; do
  check "$file is installed" test -e "$file"
done
check "librev.so.0 is stripped" grep -q ', stripped' <(file -L /usr/lib/librev.so.0)
check "librev's SONAME is librev.so.0" grep -q 'SONAME.*librev.so.0' <(readelf -d /usr/lib/librev.so.0)
work=$(mktemp -d)
mkdir -p "$work/project/revisions"
printf 'revisions: revisions\ndatabase: sqlite:///app.db\n' >"$work/project/rev.yaml"
printf -- '-- revision: a1\n-- down_revision: null\n-- message: one\n-- rev:upgrade\nCREATE TABLE one (x INTEGER);\n-- rev:downgrade\nDROP TABLE one;\n' \
  >"$work/project/revisions/a1_one.sql"
cat >"$work/caller.c" <<'C'
#include <rev.h>
#include <stdio.h>
int main(int argc, char** argv) {
  rev_open_options options = {argv[argc - 1], NULL, NULL};
  rev_project* project = NULL;
  int code = rev_open(&options, &project);
  if (code == REV_OK) code = rev_upgrade(project, "head");
  printf("%d %s%s\n", code, rev_result(project), rev_error(project));
  rev_close(project);
  return code;
}
C
# shellcheck disable=SC2046 # pkg-config's words are meant to split
check "a C program builds against the installed librev with pkg-config" \
  cc -o "$work/caller" "$work/caller.c" $(pkg-config --cflags --libs rev)
check "and migrates with it" grep -q '^0 .*"applied":1' <("$work/caller" "$work/project" 2>&1)
check "import rev works in the system python3" \
  grep -q "'current': \['a1'\]" <(cd / && env -u PYTHONPATH /usr/bin/python3 -c \
    "import rev, sys; print(rev.current(config=sys.argv[1]))" "$work/project" 2>&1)
rm -rf "$work"

# --- remove, then install again and purge ----------------------------------------------------
apt_quiet remove rev || fail "apt-get remove rev failed"
util_linux_restored "after remove"
apt_quiet install "$deb" || die "apt-get install $deb (again) failed"
check "installed again: /usr/bin/rev is this rev" grep -q '^rev .*commit' <(/usr/bin/rev --version)
apt_quiet purge rev || fail "apt-get purge rev failed"
util_linux_restored "after purge"
check "dpkg knows no rev package" \
  test "$(dpkg-query -W -f='${db:Status-Status}' rev 2>/dev/null)" != installed

if ((failures > 0)); then
  echo "install_remove_test: $failures check(s) failed" >&2
  exit 1
fi
echo "install_remove_test: all checks passed"
