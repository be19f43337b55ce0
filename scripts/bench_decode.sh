#!/usr/bin/env bash
# Benchmarks event-line decoding: ns per strace-style line for a mix of common
# calls (tests/bench/bench_decode.c).
# Usage: scripts/bench_decode.sh [-n LINES]; BUILD_DIR (default build-bench).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-${BENCH_BUILD:-$src/build-bench}}

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
make -C "$build" -j"$(nproc)" bench_decode >/dev/null
echo "event line decoding benchmark ($(nproc) cores)"
"$build/tests/bench_decode" "$@"
