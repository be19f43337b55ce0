#!/usr/bin/env bash
# Recorder benchmark: one program making N 1-byte writes to /dev/null
# (tests/progs/rec_writeloop), run untraced, under `strace -f -c`, under
# renacer-record (ptrace backend) without and with stacks, and under `strace -f -k` (a stack
# per call, libunwind), all in this one run.
#
# The machines are shared and noisy (other builds come and go), so the runs are
# interleaved: each round runs every command once, in turn, and the ratio to
# strace -f -c is taken within the round; the median of those paired ratios is
# the figure to read. Wall time per run and CPU time (user + system of the
# whole process tree) are both shown.
#
#   scripts/bench_record.sh            (BENCH_BUILD: build dir, default build-bench)
#   BENCH_RECORD_N=50000 BENCH_RECORD_ROUNDS=15 scripts/bench_record.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$here/build-bench}
n=${BENCH_RECORD_N:-50000}
rounds=${BENCH_RECORD_ROUNDS:-15}
k_rounds=${BENCH_RECORD_K_ROUNDS:-2}
if [ ! -x "$build/renacer-record" ] || [ ! -x "$build/tests/progs/rec_writeloop" ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$(nproc)" --target renacer-record prog_rec_writeloop >/dev/null
fi
for tool in strace python3; do
  command -v "$tool" >/dev/null || { echo "bench_record.sh: needs $tool" >&2; exit 2; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "recorder: $n one-byte writes; $rounds interleaved rounds (strace -f -k: $k_rounds);" \
  "$(nproc) cores, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$build" "$n" "$rounds" "$k_rounds" "$tmp" <<'PY'
import os, resource, statistics, subprocess, sys, time

build, n, rounds, k_rounds, tmp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
prog = [f"{build}/tests/progs/rec_writeloop", str(n)]
rec = f"{build}/renacer-record"
cmds = [
    ("untraced", prog),
    ("strace -f -c", ["strace", "-f", "-c", "-o", "/dev/null"] + prog),
    # the ptrace backend (the eBPF one has scripts/bench_ebpf.sh)
    ("renacer-record --no-stack", [rec, "--backend", "ptrace", "-q", "--no-stack", "-o", f"{tmp}/a.trace", "--"] + prog),
    ("renacer-record (stacks)", [rec, "--backend", "ptrace", "-q", "-o", f"{tmp}/b.trace", "--"] + prog),
]
kcmd = ("strace -f -k", ["strace", "-f", "-k", "-o", "/dev/null"] + prog)

def run(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

for _, argv in cmds:  # warm-up: page cache, first-run costs
    run(argv)
wall = {name: [] for name, _ in cmds}
cpu = {name: [] for name, _ in cmds}
for _ in range(rounds):
    for name, argv in cmds:
        w, c = run(argv)
        wall[name].append(w)
        cpu[name].append(c)
wall[kcmd[0]], cpu[kcmd[0]] = [], []
for _ in range(k_rounds):
    w, c = run(kcmd[1])
    wall[kcmd[0]].append(w)
    cpu[kcmd[0]].append(c)

ref = "strace -f -c"
med = statistics.median
base = med(wall["untraced"])
print(f"{'command':26} {'min s':>7} {'median s':>8} {'cpu s':>6} {'us/call':>7}  "
      f"{'wall ratio':>10} {'cpu ratio':>9}  (ratios: median of per-round ratios to {ref})")
for name in wall:
    paired = name != kcmd[0]
    if paired:
        wr = med([a / b for a, b in zip(wall[name], wall[ref])])
        cr = med([a / b for a, b in zip(cpu[name], cpu[ref])])
    else:
        wr = med(wall[name]) / med(wall[ref])
        cr = med(cpu[name]) / med(cpu[ref])
    us = (med(wall[name]) - base) / n * 1e6
    print(f"{name:26} {min(wall[name]):7.3f} {med(wall[name]):8.3f} {med(cpu[name]):6.3f} {us:7.1f}  "
          f"{wr:9.2f}x {cr:8.2f}x")
for name, goal in (("renacer-record --no-stack", 1.05), ("renacer-record (stacks)", 1.30)):
    wr = med([a / b for a, b in zip(wall[name], wall[ref])])
    print(f"goal: {name} <= {goal:.2f}x {ref}: {wr:.2f}x {'met' if wr <= goal else 'not met'}")
PY
