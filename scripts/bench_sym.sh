#!/usr/bin/env bash
# Symbolizer benchmark: uncached and cached address lookups per second, and
# attribution of stacks, over this program's own code and libc.
# Called by scripts/bench.sh, which builds $BENCH_BUILD first.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$here/build-bench}
if [ ! -x "$build/tests/bench_sym" ]; then
  echo "bench_sym.sh: $build/tests/bench_sym is missing; run scripts/bench.sh sym" >&2
  exit 2
fi
"$build/tests/bench_sym" "${SYM_ROUNDS:-50}"
