#!/usr/bin/env bash
# Recorder benchmark: one program making N 1-byte writes to /dev/null
# (tests/progs/rec_writeloop), run untraced, under `strace -f -c`, under
# `strace -f -k` (stack per call, libunwind), and under renacer-record without
# and with stacks, all in this one run with hyperfine. Prints mean times, the
# tracing cost per syscall and the ratios against strace -f -c for the best
# run (least disturbed by other load), the median run, and CPU time (user +
# system of tracer and tracee): on a shared, noisy 2-core machine the mean
# wall time alone says little.
#
#   scripts/bench_record.sh            (BENCH_BUILD: build dir, default build-bench)
#   BENCH_RECORD_N=50000 BENCH_RECORD_RUNS=10 scripts/bench_record.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$here/build-bench}
n=${BENCH_RECORD_N:-50000}
runs=${BENCH_RECORD_RUNS:-10}
if [ ! -x "$build/renacer-record" ] || [ ! -x "$build/tests/progs/rec_writeloop" ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$(nproc)" --target renacer-record prog_rec_writeloop >/dev/null
fi
for tool in hyperfine strace python3; do
  command -v "$tool" >/dev/null || { echo "bench_record.sh: needs $tool" >&2; exit 2; }
done

rec="$build/renacer-record"
prog="$build/tests/progs/rec_writeloop $n"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "recorder: $n one-byte writes; $runs runs each (strace -k: 2 runs); $(nproc) cores, $(uname -r)"
hyperfine -N -w 1 -r "$runs" --export-json "$tmp/main.json" \
  -n untraced "$prog" \
  -n "strace -f -c" "strace -f -c -o /dev/null $prog" \
  -n "renacer-record --no-stack" "$rec -q --no-stack -o $tmp/a.trace -- $prog" \
  -n "renacer-record (stacks)" "$rec -q -o $tmp/b.trace -- $prog" >/dev/null
hyperfine -N -r 2 --export-json "$tmp/k.json" \
  -n "strace -f -k" "strace -f -k -o /dev/null $prog" >/dev/null

python3 - "$tmp/main.json" "$tmp/k.json" "$n" <<'PY'
import json, sys
rows = []
for f in sys.argv[1:3]:
    rows += json.load(open(f))["results"]
n = int(sys.argv[3])
by = {r["command"]: r for r in rows}
cpu = lambda r: r["user"] + r["system"]
mn = lambda r: min(r["times"])
med = lambda r: sorted(r["times"])[len(r["times"]) // 2]
s = by["strace -f -c"]
print(f"{'command':26} {'min s':>7} {'median':>7} {'mean':>7} {'sd':>6} {'cpu s':>6}"
      f" {'us/call':>7} | ratio to strace -f -c: {'min':>5} {'median':>6} {'cpu':>5}")
for r in rows:
    us = (med(r) - med(by["untraced"])) / n * 1e6
    print(f"{r['command']:26} {mn(r):7.3f} {med(r):7.3f} {r['mean']:7.3f} {r['stddev']:6.3f}"
          f" {cpu(r):6.3f} {us:7.1f} | {'':22} {mn(r) / mn(s):5.2f} {med(r) / med(s):6.2f}"
          f" {cpu(r) / cpu(s):5.2f}")
for name, goal in (("renacer-record --no-stack", 1.05), ("renacer-record (stacks)", 1.30)):
    r = by[name]
    got = [mn(r) / mn(s), med(r) / med(s), cpu(r) / cpu(s)]
    print(f"goal {name}: <= {goal:.2f}x strace -f -c; min {got[0]:.2f}x, median {got[1]:.2f}x,"
          f" cpu {got[2]:.2f}x")
PY
