#!/usr/bin/env bash
# Installs migra (the npm package @pgkit/migra, a Node.js CLI) into scripts/bench/work/migra/
# for schema_postgres.sh, and prints the path of its command. Idempotent: does nothing when
# it is already there. A folder of its own, so that npm installing it does not prune the
# dbmate that install_dbmate.sh keeps in work/node_modules.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="${REV_BENCH_WORK:-$here/work}"
prefix="$work/migra"
binary="$prefix/node_modules/.bin/migra"

if [[ ! -x "$binary" ]]; then
  command -v npm >/dev/null 2>&1 || "$here/../setup.sh" --bench --no-build
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error \
    @pgkit/migra >&2
fi
[[ -x "$binary" ]] || { echo "install_migra.sh: no migra command after npm install" >&2; exit 1; }
echo "$binary"
