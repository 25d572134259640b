#!/usr/bin/env bash
# Builds the Debian package of rev from the build folder: build/rev_<version>_<arch>.deb
# (e.g. rev_0.1.0_amd64.deb), and prints its path as the last line.
#
#   scripts/package.sh            REV_BUILD_DIR (default build) chooses the build folder
#
# It packages the build folder's own binaries (built RelWithDebInfo, as scripts/setup.sh
# does), installed under /usr by CPack: rev, its PostgreSQL module in /usr/lib/rev, the man
# page, the bash, zsh and fish completions and whatever else the install rules add, every
# ELF file stripped with its debug info in /usr/lib/debug/.build-id. Installing it diverts
# util-linux's /usr/bin/rev to rev.util-linux (scripts/debian/preinst).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${REV_BUILD_DIR:-$root/build}"
for tool in cpack dpkg-shlibdeps dpkg-deb objcopy readelf file; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "package.sh: $tool is missing (Debian: cmake, dpkg-dev, binutils, file)" >&2
    exit 1
  fi
done

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# cpack builds `all` first (one job at a time); built here with two, it finds nothing to do.
make -C "$build" -j2 --no-print-directory all >/dev/null

log="$build/package/cpack.log"
mkdir -p "$build/package"
if ! (cd "$build" && cpack -G DEB --config CPackConfig.cmake -B "$build/package") >"$log" 2>&1; then
  cat "$log" >&2
  echo "package.sh: cpack failed" >&2
  exit 1
fi
deb=$(ls -t "$build"/package/rev_*.deb | head -n 1)
mv -f "$deb" "$build/"
echo "$build/$(basename "$deb")"
