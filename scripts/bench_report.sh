#!/usr/bin/env bash
# Report benchmark: aggregation throughput (agg_add, -c and --source), then
# renacer-report -c and -c --source over a synthetic 10M-event trace with
# stacks that resolve to real source lines. Prints events/s and peak RSS.
# Called by scripts/bench.sh (which builds $BENCH_BUILD); runs alone too.
#
#   scripts/bench_report.sh                 10M events
#   BENCH_REPORT_EVENTS=2000000 scripts/bench_report.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$here/build-bench}
events=${BENCH_REPORT_EVENTS:-10000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/renacer-bench-report.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ ! -x "$build/tests/bench_report" ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$(nproc)" >/dev/null
fi
bench="$build/tests/bench_report"
target="$build/tests/progs/summary_bench_target"
report="$build/renacer-report"

echo "--- aggregation alone (agg_add, 20M events each, one core)"
taskset -c 0 "$bench" agg 20000000

echo "--- synthetic trace"
"$bench" gen "$work/bench.trace" "$target" "$events" >"$work/gen.txt"
head -1 "$work/gen.txt"
echo "trace size: $(du -h "$work/bench.trace" | cut -f1)"

if [ ! -x "$report" ]; then
  echo "renacer-report is not built: only the aggregation figures above" >&2
  exit 0
fi

# Runs renacer-report with the given flags on one core; prints events/s and peak RSS.
run_report() {
  local label=$1
  shift
  local out="$work/out.txt" tlog="$work/time.txt"
  if ! taskset -c 0 /usr/bin/time -v "$report" "$@" -o "$out" "$work/bench.trace" \
      2>"$tlog" >/dev/null; then
    echo "$label: renacer-report failed:" >&2
    cat "$tlog" >&2
    return 1
  fi
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tlog" |
    awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$tlog")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tlog")
  # The machine is shared: CPU time (user + sys) is the steadier figure.
  awk -v l="$label" -v n="$events" -v w="$wall" -v c="$cpu" -v r="$rss" 'BEGIN {
    printf "%-20s %d events: %.2f M events/s of CPU time (%.2f s), wall %.2f s " \
           "(%.2f M events/s), peak RSS %.1f MiB\n",
           l, n, (c > 0 ? n / c / 1e6 : 0), c, w, (w > 0 ? n / w / 1e6 : 0), r / 1024 }'
  grep -c . "$out" | awk -v l="$label" '{ printf "%-20s %d output lines\n", l, $1 }'
}

echo "--- renacer-report (one core)"
run_report "report -c" -c
run_report "report -c --source" -c --source
