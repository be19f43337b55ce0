#!/usr/bin/env bash
# Benchmarks the trace format: writer and reader throughput (events/s) and
# file bytes per syscall event, for a loop of identical syscalls from one
# call stack and for a mixed synthetic trace.
# Usage: scripts/bench_format.sh [bench_format options: -n EVENTS -l ZSTD_LEVEL -d DIR]
# BUILD_DIR or BENCH_BUILD (default build-bench) is the CMake build directory to use.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-${BENCH_BUILD:-$src/build-bench}}

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
make -C "$build" -j"$(nproc)" bench_format >/dev/null
echo "trace format benchmark ($(nproc) cores; zstd $(pkg-config --modversion libzstd))"
"$build/tests/bench_format" "$@"
