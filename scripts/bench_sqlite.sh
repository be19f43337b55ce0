#!/usr/bin/env bash
# SQLite export benchmark: synthetic syscalls through the exporter (decode
# included, source lines on half of them), then a real recording converted
# the way renacer-report exports it. Prints events/s (wall and CPU) and the
# database size. Called by scripts/bench.sh (which builds $BENCH_BUILD);
# runs alone too.
#
#   scripts/bench_sqlite.sh                        1M synthetic events
#   BENCH_SQLITE_EVENTS=200000 scripts/bench_sqlite.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$here/build-bench}
events=${BENCH_SQLITE_EVENTS:-1000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/renacer-bench-sqlite.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ ! -x "$build/tests/bench_export_sqlite" ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$(nproc)" >/dev/null
fi
bench="$build/tests/bench_export_sqlite"

echo "--- synthetic syscalls ($events, one core)"
taskset -c 0 "$bench" "$events" "$work/synthetic.db"

record="$build/renacer-record"
if [ ! -x "$record" ]; then
  echo "renacer-record is not built: only the synthetic figures above" >&2
  exit 0
fi
echo "--- a recording: find /usr/include (every syscall, stacks on)"
"$record" -q -o "$work/find.trace" -- find /usr/include -type f >/dev/null
echo "trace size: $(du -h "$work/find.trace" | cut -f1)"
taskset -c 0 "$bench" trace "$work/find.trace" "$work/find.db"
echo "database size: $(du -h "$work/find.db" | cut -f1)"
