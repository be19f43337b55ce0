#!/usr/bin/env bash
# The eBPF backend against ptrace and strace, side by side in one run: a loop
# of 1-byte writes to /dev/null (tests/progs/rec_writeloop), timed inside the
# traced process (/usr/bin/time around the program, so the recorder's start-up
# and BPF loading are not counted), as microseconds per call; then the trace
# sizes and the lost events. Needs root for the eBPF rows.
#   bash scripts/bench_ebpf.sh [BUILD_DIR] [CALLS]
set -u
B=${1:-build}
N=${2:-500000}
P=$B/tests/progs/rec_writeloop
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
TM="/usr/bin/time -f %e"
per_call() { "$@" 2>&1 >/dev/null | grep -E '^[0-9.]+$' | tail -n 1 | awk -v n="$N" '{printf "%.2f", $1 * 1e6 / n}'; }
echo "1-byte write loop, $N calls, us per call (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "untraced          $(per_call $TM "$P" "$N")"
echo "ptrace, stacks    $(per_call "$B/renacer-record" -f -q -o "$T/pt.trace" -- $TM "$P" "$N")"
echo "ptrace, no stack  $(per_call "$B/renacer-record" -f -q --no-stack -o "$T/ptn.trace" -- $TM "$P" "$N")"
echo "strace -f -c      $(per_call strace -f -c -o /dev/null $TM "$P" "$N")"
echo "eBPF, no stack    $(per_call "$B/renacer-record" --backend ebpf -f -q --no-stack -o "$T/ebn.trace" -- $TM "$P" "$N")"
echo "eBPF, CFI stacks  $(per_call "$B/renacer-record" --backend ebpf -f -q -o "$T/eb.trace" -- $TM "$P" "$N")"
for f in pt ptn ebn eb; do
	[ -s "$T/$f.trace" ] || continue
	size=$(stat -c %s "$T/$f.trace")
	lost=$("$B/renacer-report" -q -c "$T/$f.trace" 2>/dev/null | sed -n 's/^\([0-9]*\) events lost .*/\1/p')
	echo "$f.trace: $size bytes, $(awk -v s="$size" -v n="$N" 'BEGIN {printf "%.2f", s / n}') bytes/call, lost ${lost:-0}"
done
