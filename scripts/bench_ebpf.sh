#!/usr/bin/env bash
# The eBPF backend against ptrace and strace, side by side in one run (needs
# root for the eBPF rows):
# 1. a loop of 1-byte writes to /dev/null (tests/progs/rec_writeloop), timed
#    inside the traced process (/usr/bin/time around the program, so the
#    recorder's start-up and BPF loading are not counted), as microseconds per
#    call. The eBPF rows and the untraced one run ROUNDS times, interleaved
#    (median shown: the machines are shared); ptrace and strace once.
#    Then the trace sizes and the lost events.
# 2. real workloads (tar of /usr/share/doc into a pipe, find /usr, a python
#    import), untraced and under the eBPF backend without and with stacks,
#    interleaved, ROUNDS times: the median slowdown against untraced.
#   bash scripts/bench_ebpf.sh [BUILD_DIR] [CALLS]    (or scripts/bench.sh ebpf)
#   BENCH_EBPF_ROUNDS=3 BENCH_EBPF_ONLY=loop|workloads
set -u
B=${1:-${BENCH_BUILD:-build}}
N=${2:-500000}
R=${BENCH_EBPF_ROUNDS:-3}
ONLY=${BENCH_EBPF_ONLY:-}
P=$B/tests/progs/rec_writeloop
REC=$B/renacer-record
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
TM="/usr/bin/time -f %e"
# secs CMD...: the elapsed seconds /usr/bin/time printed last (CMD's own time).
secs() { "$@" 2>&1 >/dev/null | grep -E '^[0-9.]+$' | tail -n 1; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
per_call() { awk -v s="$1" -v n="$N" 'BEGIN {printf "%.2f", s * 1e6 / n}'; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$ONLY" != workloads ]; then
	echo "1-byte write loop, $N calls, us per call (untraced and eBPF: median of $R interleaved rounds)"
	for _ in $(seq "$R"); do
		secs $TM "$P" "$N" >>"$T/u"
		secs "$REC" --backend ebpf -f -q --no-stack -o "$T/ebn.trace" -- $TM "$P" "$N" >>"$T/ebn"
		secs "$REC" --backend ebpf -f -q -o "$T/eb.trace" -- $TM "$P" "$N" >>"$T/eb"
	done
	u=$(median <"$T/u")
	row() { printf '%-18s %8s us/call  (+%s)\n' "$1" "$(per_call "$2")" "$(per_call "$(awk -v a="$2" -v b="$u" 'BEGIN {print a - b}')")"; }
	row "untraced" "$u"
	row "eBPF, no stack" "$(median <"$T/ebn")"
	row "eBPF, CFI stacks" "$(median <"$T/eb")"
	row "ptrace, no stack" "$(secs "$REC" --backend ptrace -f -q --no-stack -o "$T/ptn.trace" -- $TM "$P" "$N")"
	row "ptrace, stacks" "$(secs "$REC" --backend ptrace -f -q -o "$T/pt.trace" -- $TM "$P" "$N")"
	row "strace -f -c" "$(secs strace -f -c -o /dev/null $TM "$P" "$N")"
	for f in ptn pt ebn eb; do
		[ -s "$T/$f.trace" ] || continue
		size=$(stat -c %s "$T/$f.trace")
		lost=$("$B/renacer-report" -q -c "$T/$f.trace" 2>/dev/null | sed -n 's/^\([0-9]*\) events lost .*/\1/p')
		echo "$f.trace: $size bytes, $(awk -v s="$size" -v n="$N" 'BEGIN {printf "%.2f", s / n}') bytes/call, lost ${lost:-0}"
	done
fi
[ "$ONLY" = loop ] && exit 0

echo "real workloads: elapsed seconds (median of $R interleaved rounds) and slowdown against untraced"
run_workload() {
	name=$1 cmd=$2
	: >"$T/w.u"
	: >"$T/w.n"
	: >"$T/w.s"
	for _ in $(seq "$R"); do
		secs $TM sh -c "$cmd" >>"$T/w.u"
		secs "$REC" --backend ebpf -f -q --no-stack -o "$T/w.trace" -- $TM sh -c "$cmd" >>"$T/w.n"
		secs "$REC" --backend ebpf -f -q -o "$T/ws.trace" -- $TM sh -c "$cmd" >>"$T/w.s"
	done
	u=$(median <"$T/w.u") n=$(median <"$T/w.n") s=$(median <"$T/w.s")
	calls=$("$B/renacer-report" -q --format csv -c "$T/ws.trace" 2>/dev/null | awk -F, 'NR > 1 {c += $2} END {print c}')
	lost=$("$B/renacer-report" -q -c "$T/ws.trace" 2>/dev/null | sed -n 's/^\([0-9]*\) events lost .*/\1/p')
	awk -v name="$name" -v u="$u" -v n="$n" -v s="$s" -v c="$calls" -v l="${lost:-0}" 'BEGIN {
		printf "%-16s untraced %6.2f s | eBPF no stack %6.2f s (%.2fx) | eBPF stacks %6.2f s (%.2fx) | %d calls, lost %d\n",
		       name, u, n, n / u, s, s / u, c, l }'
}
run_workload "tar /usr/share/doc" "tar cf - /usr/share/doc 2>/dev/null | cat >/dev/null"
run_workload "find /usr" "find /usr >/dev/null"
run_workload "python import" "python3 -c 'import json, email.parser, http.client, xml.dom.minidom, unittest, asyncio, decimal'"
