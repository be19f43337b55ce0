#!/usr/bin/env bash
# Report benchmark: aggregation throughput (agg_add, -c and --source), then
# renacer-report -c, -c --source, the text event lines and the JSON Lines
# events over a synthetic 10M-event trace with stacks that resolve to real
# source lines. Prints events/s, output bytes per event and peak RSS.
# BENCH_REPORT_BASELINE=/path/to/an/older/renacer-report runs the same
# reports with that binary too, side by side in the same run. With valgrind
# installed, the JSON events' instructions per event (callgrind, a figure the
# load of the machine does not change) follow.
# Called by scripts/bench.sh (which builds $BENCH_BUILD); runs alone too.
#
#   scripts/bench_report.sh                 10M events
#   BENCH_REPORT_EVENTS=2000000 scripts/bench_report.sh
#   BENCH_REPORT_BASELINE=old/renacer-report BENCH_REPORT_ONLY=events scripts/bench_report.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$here/build-bench}
events=${BENCH_REPORT_EVENTS:-10000000}
baseline=${BENCH_REPORT_BASELINE:-}
only=${BENCH_REPORT_ONLY:-}   # "events": only the event listings (text, JSON)
work=$(mktemp -d "${TMPDIR:-/tmp}/renacer-bench-report.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ ! -x "$build/tests/bench_report" ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$(nproc)" >/dev/null
fi
bench="$build/tests/bench_report"
target="$build/tests/progs/summary_bench_target"
report="$build/renacer-report"

if [ "$only" != events ]; then
  echo "--- aggregation alone (agg_add, 20M events each, one core)"
  taskset -c 0 "$bench" agg 20000000
fi

echo "--- synthetic trace"
"$bench" gen "$work/bench.trace" "$target" "$events" >"$work/gen.txt"
head -1 "$work/gen.txt"
echo "trace size: $(du -h "$work/bench.trace" | cut -f1)"

if [ ! -x "$report" ]; then
  echo "renacer-report is not built: only the aggregation figures above" >&2
  exit 0
fi

# Runs renacer-report ($report, or $2 when it is a path) with the given
# flags on one core; prints events/s, output size and peak RSS.
run_report() {
  local label=$1 report=$report
  shift
  if [ "${1:-}" = --binary ]; then
    report=$2
    shift 2
  fi
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
  local lines bytes
  lines=$(grep -c . "$out")
  bytes=$(stat -c %s "$out")
  awk -v l="$label" -v n="$lines" -v b="$bytes" -v e="$events" 'BEGIN {
    printf "%-20s %d output lines, %.0f bytes per event\n", l, n, b / e }'
  rm -f "$out"
}

echo "--- renacer-report (one core)"
if [ "$only" != events ]; then
  run_report "report -c" -c
  run_report "report -c --source" -c --source
fi
run_report "events text"
run_report "events json" --format json
if [ -n "$baseline" ]; then
  echo "--- baseline $baseline, same trace"
  run_report "baseline text" --binary "$baseline"
  run_report "baseline json" --binary "$baseline" --format json
fi

# Instructions per JSON event: callgrind over 100k and 1k events, the
# difference divided by 99k (the start-up cost cancels out).
ir_of() { # report trace
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" --format json -o /dev/null "$2" 2>&1 |
    awk '/refs:/ {gsub(",", "", $NF); print $NF}'
}
if command -v valgrind >/dev/null; then
  echo "--- instructions per JSON event (callgrind)"
  "$bench" gen "$work/small.trace" "$target" 100000 >/dev/null
  "$bench" gen "$work/tiny.trace" "$target" 1000 >/dev/null
  for r in "$report" ${baseline:+"$baseline"}; do
    big=$(ir_of "$r" "$work/small.trace")
    small=$(ir_of "$r" "$work/tiny.trace")
    awk -v r="$r" -v b="$big" -v s="$small" 'BEGIN { printf "%-40s %.0f instructions per event\n", r, (b - s) / 99000 }'
  done
fi
