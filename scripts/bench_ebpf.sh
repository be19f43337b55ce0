#!/usr/bin/env bash
# The eBPF backend against ptrace and strace, side by side in one run (needs
# root for the eBPF rows):
# 1. a loop of 1-byte writes to /dev/null (tests/progs/rec_writeloop), timed
#    inside the traced process (/usr/bin/time around the program, so the
#    recorder's start-up and BPF loading are not counted), as microseconds per
#    call: the program's elapsed time, its CPU time (user + system: the BPF
#    programs run in its context), and the recorder's own CPU time (a second
#    /usr/bin/time around the recorder, minus the program's; it includes
#    loading the BPF program once). On a loaded machine the CPU times are the
#    steadier figures. The eBPF rows and the untraced one run ROUNDS times,
#    interleaved (median shown: the machines are shared); ptrace and strace
#    once. Then the trace sizes and the lost events.
# 2. real workloads (tar of /usr/share/doc into a pipe, find /usr, a python
#    import), untraced and under the eBPF backend without and with stacks,
#    interleaved, ROUNDS times: the median slowdown against untraced, in
#    elapsed and in CPU time (program plus recorder).
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
TM="/usr/bin/time -f I:%e:%U:%S"
TO="/usr/bin/time -f O:%U:%S"
# meas CMD...: "elapsed program-CPU recorder-CPU" in seconds of CMD, which runs
# the measured program under $TM (the last I: line /usr/bin/time printed) and
# may itself run under $TO (the O: line: everything's CPU).
meas() {
	"$@" 2>&1 >/dev/null | awk -F: '$1 == "I" && NF == 4 {e = $2; c = $3 + $4}
		$1 == "O" && NF == 3 {o = $2 + $3}
		END {printf "%s %s %s\n", e, c, (o > c ? o - c : 0)}'
}
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
per_call() { awk -v s="$1" -v n="$N" 'BEGIN {printf "%.2f", s * 1e6 / n}'; }
col() { awk -v k="$1" '{print $k}' "$2" | median; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$ONLY" != workloads ]; then
	echo "1-byte write loop, $N calls, us per call (untraced and eBPF: median of $R interleaved rounds)"
	for _ in $(seq "$R"); do
		meas $TM "$P" "$N" >>"$T/u"
		meas $TO "$REC" --backend ebpf -f -q --no-stack -o "$T/ebn.trace" -- $TM "$P" "$N" >>"$T/ebn"
		meas $TO "$REC" --backend ebpf -f -q -o "$T/eb.trace" -- $TM "$P" "$N" >>"$T/eb"
	done
	meas $TO "$REC" --backend ptrace -f -q --no-stack -o "$T/ptn.trace" -- $TM "$P" "$N" >"$T/ptn"
	meas $TO "$REC" --backend ptrace -f -q -o "$T/pt.trace" -- $TM "$P" "$N" >"$T/pt"
	meas $TO strace -f -c -o /dev/null $TM "$P" "$N" >"$T/st"
	echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
	ue=$(col 1 "$T/u") uc=$(col 2 "$T/u")
	printf '%-18s %20s %22s %16s\n' "" "elapsed (added)" "program CPU (added)" "recorder CPU"
	row() {
		e=$(col 1 "$2") c=$(col 2 "$2") r=$(col 3 "$2")
		printf '%-18s %8s us (+%6s) %8s us (+%6s) %10s us\n' "$1" "$(per_call "$e")" \
		    "$(per_call "$(awk -v a="$e" -v b="$ue" 'BEGIN {print a - b}')")" "$(per_call "$c")" \
		    "$(per_call "$(awk -v a="$c" -v b="$uc" 'BEGIN {print a - b}')")" "$(per_call "$r")"
	}
	row "untraced" "$T/u"
	row "eBPF, no stack" "$T/ebn"
	row "eBPF, CFI stacks" "$T/eb"
	row "ptrace, no stack" "$T/ptn"
	row "ptrace, stacks" "$T/pt"
	row "strace -f -c" "$T/st"
	for f in ptn pt ebn eb; do
		[ -s "$T/$f.trace" ] || continue
		size=$(stat -c %s "$T/$f.trace")
		lost=$("$B/renacer-report" -q -c "$T/$f.trace" 2>/dev/null | sed -n 's/^\([0-9]*\) events lost .*/\1/p')
		echo "$f.trace: $size bytes, $(awk -v s="$size" -v n="$N" 'BEGIN {printf "%.2f", s / n}') bytes/call, lost ${lost:-0}"
	done
fi
[ "$ONLY" = loop ] && exit 0

echo "real workloads: median of $R interleaved rounds; slowdown against untraced in elapsed time and in CPU time (program plus recorder)"
run_workload() {
	name=$1 cmd=$2
	: >"$T/w.u"
	: >"$T/w.n"
	: >"$T/w.s"
	for _ in $(seq "$R"); do
		meas $TM sh -c "$cmd" >>"$T/w.u"
		meas $TO "$REC" --backend ebpf -f -q --no-stack -o "$T/w.trace" -- $TM sh -c "$cmd" >>"$T/w.n"
		meas $TO "$REC" --backend ebpf -f -q -o "$T/ws.trace" -- $TM sh -c "$cmd" >>"$T/w.s"
	done
	calls=$("$B/renacer-report" -q --format csv -c "$T/ws.trace" 2>/dev/null | awk -F, 'NR > 1 {c += $2} END {print c}')
	lost=$("$B/renacer-report" -q -c "$T/ws.trace" 2>/dev/null | sed -n 's/^\([0-9]*\) events lost .*/\1/p')
	# CPU: program + recorder, per round, then the median
	for f in u n s; do awk '{print $2 + $3}' "$T/w.$f" | median >"$T/w.$f.cpu"; done
	awk -v name="$name" -v u="$(col 1 "$T/w.u")" -v n="$(col 1 "$T/w.n")" -v s="$(col 1 "$T/w.s")" \
	    -v uc="$(cat "$T/w.u.cpu")" -v nc="$(cat "$T/w.n.cpu")" -v sc="$(cat "$T/w.s.cpu")" \
	    -v c="$calls" -v l="${lost:-0}" 'BEGIN {
		printf "%-18s untraced %6.2f s, CPU %5.2f s | eBPF no stack %6.2f s (%.2fx), CPU %5.2f s (%.2fx) | eBPF stacks %6.2f s (%.2fx), CPU %5.2f s (%.2fx) | %d calls, lost %d\n",
		       name, u, uc, n, n / u, nc, nc / uc, s, s / u, sc, sc / uc, c, l }'
}
run_workload "tar /usr/share/doc" "tar cf - /usr/share/doc 2>/dev/null | cat >/dev/null"
run_workload "find /usr" "find /usr >/dev/null"
run_workload "python import" "python3 -c 'import json, email.parser, http.client, xml.dom.minidom, unittest, asyncio, decimal'"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
