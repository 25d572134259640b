#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz for SECONDS in all (default 60), split evenly
# between them, with ASan and UBSan.
#
#   scripts/fuzz.sh [SECONDS]
#
# Builds build-fuzz/ with clang (REV_FUZZ=ON; $REV_FUZZ_BUILD_DIR overrides the folder),
# fuzzes from a scratch copy of the seed corpus in tests/fuzz/corpus-run/ (kept between
# runs, ignored by git) so tests/fuzz/corpus/ stays as committed, and exits non-zero on any
# crash, leak, timeout or out-of-memory, printing the path of the input that caused it.
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: scripts/fuzz.sh [SECONDS]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${REV_FUZZ_BUILD_DIR:-$root/build-fuzz}"
run_dir="$root/tests/fuzz/corpus-run"
# target name, -max_len: a revision file's interesting part is its header and markers;
# a target is one short word; the C API takes a few short strings.
targets=("revision_file 4096" "target 256" "c_api 512")

# clang with the libFuzzer runtime: try to link an empty fuzzer, install when that fails.
have_libfuzzer() {
  local probe
  probe="$(mktemp -d)"
  echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' \
    >"$probe/probe.cpp"
  clang++ -fsanitize=fuzzer "$probe/probe.cpp" -o "$probe/probe" >/dev/null 2>&1
  local status=$?
  rm -rf "$probe"
  return $status
}
if ! command -v clang++ >/dev/null 2>&1 || ! have_libfuzzer; then
  echo "fuzz: installing clang and the libFuzzer runtime" >&2
  sudo_cmd=()
  if [[ "$(id -u)" != 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get install -y clang libclang-rt-14-dev >&2
fi

# A build folder configured by another compiler cannot be switched to clang in place.
if [[ -f "$build/CMakeCache.txt" ]] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang' "$build/CMakeCache.txt"; then
  rm -rf "$build"
fi
# Warnings are not errors here: this build is for finding crashes; the main build and CI
# police warnings.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DREV_FUZZ=ON -DREV_TESTS=OFF -DREV_WERROR=OFF >/dev/null
make -C "$build" -j2 fuzz_revision_file fuzz_target fuzz_c_api >/dev/null

per_target=$((seconds / ${#targets[@]}))
((per_target < 1)) && per_target=1
failed=0
for entry in "${targets[@]}"; do
  read -r name max_len <<<"$entry"
  corpus="$run_dir/$name"
  artifacts="$run_dir/artifacts/$name"
  log="$run_dir/$name.log"
  mkdir -p "$corpus" "$artifacts"
  cp -n "$root/tests/fuzz/corpus/$name/"* "$corpus/" 2>/dev/null || true
  # Inputs that failed before join the corpus, which is run first: a fixed bug stays fixed.
  cp -n "$artifacts/"* "$corpus/" 2>/dev/null || true

  echo "fuzz: $name for ${per_target}s" >&2
  status=0
  "$build/tests/fuzz/fuzz_$name" "$corpus" \
    -dict="$root/tests/fuzz/$name.dict" \
    -max_total_time="$per_target" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 || status=$?
  if ((status != 0)); then
    failed=1
    echo "fuzz: $name FAILED (exit $status); log: $log" >&2
    grep -E '^(==[0-9]+== ?ERROR|SUMMARY|revision_file_fuzzer|target_fuzzer|input:)' "$log" >&2 || true
    grep -E 'Test unit written to|^artifact_prefix' "$log" | sed 's/^/fuzz: /' >&2 || true
    newest="$(ls -t "$artifacts" 2>/dev/null | head -n 1)"
    [[ -n "$newest" ]] && echo "fuzz: crashing input: $artifacts/$newest" >&2
  else
    runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')"
    echo "fuzz: $name ok ($runs runs)" >&2
  fi
done
exit $failed
