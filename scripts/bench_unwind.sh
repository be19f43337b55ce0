#!/usr/bin/env bash
# Unwinder benchmark: microseconds per captured stack (first, cold, warm) at
# several depths, the cost of the stack copy, and of one module re-sync.
# Called by scripts/bench.sh, which builds $BENCH_BUILD first.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$here/build-bench}
if [ ! -x "$build/tests/bench_unwind" ]; then
  echo "bench_unwind.sh: $build/tests/bench_unwind is missing; run scripts/bench.sh unwind" >&2
  exit 2
fi
"$build/tests/bench_unwind" "${UNWIND_ITERATIONS:-50000}"
