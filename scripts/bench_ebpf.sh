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
#    interleaved, ROUNDS times: the medians of elapsed time, the program's CPU
#    and the recorder's CPU, each with its slowdown against untraced (the
#    recorder's as the total CPU, program plus recorder, against untraced).
# With BENCH_EBPF_OLD=OLD_BUILD (a build of an older commit), every eBPF row
# is also run with OLD_BUILD's recorder, interleaved in the same rounds: a
# change's cost or gain side by side.
#   bash scripts/bench_ebpf.sh [BUILD_DIR] [CALLS]    (or scripts/bench.sh ebpf)
#   BENCH_EBPF_ROUNDS=3 BENCH_EBPF_ONLY=loop|workloads BENCH_EBPF_OLD=OLD_BUILD
set -u
B=${1:-${BENCH_BUILD:-build}}
N=${2:-500000}
R=${BENCH_EBPF_ROUNDS:-3}
ONLY=${BENCH_EBPF_ONLY:-}
OLD=${BENCH_EBPF_OLD:-}
P=$B/tests/progs/rec_writeloop
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
TM="/usr/bin/time -f I:%e:%U:%S"
TO="/usr/bin/time -f O:%U:%S"
# The recorders compared: "new" (BUILD_DIR's) and, with BENCH_EBPF_OLD, "old".
recs=new
[ -n "$OLD" ] && recs="old new"
rec_of() { if [ "$1" = old ]; then echo "$OLD/renacer-record"; else echo "$B/renacer-record"; fi; }
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
lost_of() { "$B/renacer-report" -q -c "$1" 2>/dev/null | sed -n 's/^\([0-9]*\) events lost .*/\1/p'; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$ONLY" != workloads ]; then
	echo "1-byte write loop, $N calls, us per call (untraced and eBPF: median of $R interleaved rounds)"
	for _ in $(seq "$R"); do
		meas $TM "$P" "$N" >>"$T/u"
		for r in $recs; do
			meas $TO "$(rec_of $r)" --backend ebpf -f -q --no-stack -o "$T/ebn.$r.trace" -- $TM "$P" "$N" >>"$T/ebn.$r"
			meas $TO "$(rec_of $r)" --backend ebpf -f -q -o "$T/eb.$r.trace" -- $TM "$P" "$N" >>"$T/eb.$r"
		done
	done
	meas $TO "$B/renacer-record" --backend ptrace -f -q --no-stack -o "$T/ptn.trace" -- $TM "$P" "$N" >"$T/ptn"
	meas $TO "$B/renacer-record" --backend ptrace -f -q -o "$T/pt.trace" -- $TM "$P" "$N" >"$T/pt"
	meas $TO strace -f -c -o /dev/null $TM "$P" "$N" >"$T/st"
	echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
	ue=$(col 1 "$T/u") uc=$(col 2 "$T/u")
	printf '%-24s %20s %22s %16s\n' "" "elapsed (added)" "program CPU (added)" "recorder CPU"
	row() {
		local e c r
		e=$(col 1 "$2") c=$(col 2 "$2") r=$(col 3 "$2")
		printf '%-24s %8s us (+%6s) %8s us (+%6s) %10s us\n' "$1" "$(per_call "$e")" \
		    "$(per_call "$(awk -v a="$e" -v b="$ue" 'BEGIN {print a - b}')")" "$(per_call "$c")" \
		    "$(per_call "$(awk -v a="$c" -v b="$uc" 'BEGIN {print a - b}')")" "$(per_call "$r")"
	}
	row "untraced" "$T/u"
	for r in $recs; do
		tag=
		[ -n "$OLD" ] && tag=" ($r)"
		row "eBPF, no stack$tag" "$T/ebn.$r"
		row "eBPF, CFI stacks$tag" "$T/eb.$r"
	done
	row "ptrace, no stack" "$T/ptn"
	row "ptrace, stacks" "$T/pt"
	row "strace -f -c" "$T/st"
	for f in ptn pt $(for r in $recs; do echo "ebn.$r eb.$r"; done); do
		[ -s "$T/$f.trace" ] || continue
		size=$(stat -c %s "$T/$f.trace")
		lost=$(lost_of "$T/$f.trace")
		echo "$f.trace: $size bytes, $(awk -v s="$size" -v n="$N" 'BEGIN {printf "%.2f", s / n}') bytes/call, lost ${lost:-0}"
	done
fi
[ "$ONLY" = loop ] && exit 0

echo "real workloads: median of $R interleaved rounds: elapsed, the program's CPU, the recorder's CPU"
echo "(x: against untraced; for the recorder, program plus recorder CPU against untraced)"
run_workload() {
	name=$1 cmd=$2 kinds=u
	rm -f "$T"/w.*
	for r in $recs; do kinds="$kinds n.$r s.$r"; done
	for _ in $(seq "$R"); do
		meas $TM sh -c "$cmd" >>"$T/w.u"
		for r in $recs; do
			meas $TO "$(rec_of $r)" --backend ebpf -f -q --no-stack -o "$T/wn.$r.trace" -- $TM sh -c "$cmd" >>"$T/w.n.$r"
			meas $TO "$(rec_of $r)" --backend ebpf -f -q -o "$T/ws.$r.trace" -- $TM sh -c "$cmd" >>"$T/w.s.$r"
		done
	done
	calls=$("$B/renacer-report" -q --format csv -c "$T/ws.new.trace" 2>/dev/null | awk -F, 'NR > 1 {c += $2} END {print c}')
	echo "$name: $calls calls"
	ue=$(col 1 "$T/w.u") uc=$(col 2 "$T/w.u")
	for k in $kinds; do
		case $k in
		u) label=untraced lost= ;;
		n.*) label="eBPF no stack" lost=$(lost_of "$T/wn.${k#n.}.trace") lost=${lost:-0} ;;
		s.*) label="eBPF stacks" lost=$(lost_of "$T/ws.${k#s.}.trace") lost=${lost:-0} ;;
		esac
		[ -n "$OLD" ] && [ "$k" != u ] && label="$label (${k#*.})"
		awk -v l="$label" -v e="$(col 1 "$T/w.$k")" -v c="$(col 2 "$T/w.$k")" -v r="$(col 3 "$T/w.$k")" \
		    -v ue="$ue" -v uc="$uc" -v lost="$lost" 'BEGIN {
			printf "  %-22s %6.2f s (%.2fx) | program CPU %5.2f s (%.2fx) | recorder CPU %5.2f s (total %.2fx)%s\n",
			       l, e, e / ue, c, c / uc, r, (c + r) / uc, lost == "" ? "" : sprintf(" | lost %d", lost) }'
	done
}
run_workload "tar /usr/share/doc" "tar cf - /usr/share/doc 2>/dev/null | cat >/dev/null"
run_workload "find /usr" "find /usr >/dev/null"
run_workload "python import" "python3 -c 'import json, email.parser, http.client, xml.dom.minidom, unittest, asyncio, decimal'"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
