#!/usr/bin/env bash
# Installs dbmate (the npm package @dbmate/linux-x64, a prebuilt binary) into
# scripts/bench/work/ for the benchmarks that compare against it, and prints the binary's
# path. Idempotent: does nothing when it is already there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="${REV_BENCH_WORK:-$here/work}"
binary="$work/node_modules/@dbmate/linux-x64/bin/dbmate"

if [[ ! -x "$binary" ]]; then
  command -v npm >/dev/null 2>&1 || "$here/../setup.sh" --bench --no-build
  mkdir -p "$work"
  (cd "$work" && npm install --no-save --no-audit --no-fund --loglevel=error @dbmate/linux-x64 >&2)
fi
if [[ ! -x "$binary" ]]; then
  binary=$(find "$work/node_modules/@dbmate" -type f -name dbmate -perm -u+x | head -n 1)
fi
[[ -x "$binary" ]] || { echo "install_dbmate.sh: no dbmate binary after npm install" >&2; exit 1; }
echo "$binary"
