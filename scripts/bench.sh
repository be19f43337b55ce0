#!/usr/bin/env bash
# Runs every renacer benchmark (never part of the test suite): the trace
# format, the recorder against strace, the unwinder, and the report.
# Figures are printed side by side in one run; docs/benchmarks.md explains them.
#
#   scripts/bench.sh            all benchmarks (builds build-bench first)
#   scripts/bench.sh format     only scripts/bench_format.sh (likewise syscalls, record,
#                               unwind, sym, decode, report, sqlite, ebpf)
# The eBPF benchmark (scripts/bench_ebpf.sh) is in the default list when run as root.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/setup.sh >/dev/null
export BENCH_BUILD=${BENCH_BUILD:-$here/build-bench}
cmake -S . -B "$BENCH_BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BENCH_BUILD" -j "$(nproc)" >/dev/null

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(syscalls format record unwind sym decode report sqlite)
[ $# -gt 0 ] || [ "$(id -u)" != 0 ] || parts+=(ebpf)
for p in "${parts[@]}"; do
  script="scripts/bench_$p.sh"
  if [ -f "$script" ]; then
    echo "=== $p"
    bash "$script"
  else
    echo "bench.sh: no benchmark named '$p' ($script)" >&2
    exit 2
  fi
done
