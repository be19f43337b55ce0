#!/usr/bin/env bash
# Syscall-table lookups and filter parsing (tests/bench/bench_syscalls.c).
# Run through scripts/bench.sh syscalls, which builds $BENCH_BUILD first.
set -euo pipefail
"${BENCH_BUILD:?run through scripts/bench.sh}/tests/bench_syscalls" "$@"
