#!/usr/bin/env bash
# Builds the trace-reader fuzzers with clang + libFuzzer and runs each for a
# bounded time over its seed corpus. A finding (crash, sanitizer report,
# timeout) exits non-zero and leaves the input in the build dir.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS_PER_FUZZER
set -euo pipefail
dir=${1:-build-fuzz}
secs=${2:-15}
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
mkdir -p "$dir"
CC=clang cmake -S . -B "$dir" -DRENACER_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$dir/configure.log" 2>&1 ||
  { tail -n 30 "$dir/configure.log"; exit 1; }
make -C "$dir" -j "$(nproc)" fuzz_reader fuzz_chunk >"$dir/build.log" 2>&1 ||
  { grep -E -A5 "error" "$dir/build.log" | head -n 60; exit 1; }
mkdir -p "$dir/corpus-reader" "$dir/corpus-chunk"
common=(-max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$dir/")
"$dir/tests/fuzz_reader" "${common[@]}" -dict=tests/fuzz/fuzz_reader.dict \
  "$dir/corpus-reader" tests/fuzz/corpus/reader 2>"$dir/fuzz_reader.log" ||
  { tail -n 40 "$dir/fuzz_reader.log"; exit 1; }
"$dir/tests/fuzz_chunk" "${common[@]}" "$dir/corpus-chunk" tests/fuzz/corpus/chunk \
  2>"$dir/fuzz_chunk.log" || { tail -n 40 "$dir/fuzz_chunk.log"; exit 1; }
grep -h "Done" "$dir/fuzz_reader.log" "$dir/fuzz_chunk.log" | sed 's/^/fuzz: /'
