#!/usr/bin/env bash
# Overhead calibration with both cores loaded (two bounded busy loops, killed
# at the end): every run of `renacer -c` calibrates (no "not calibrated"; the
# summary says its times are overhead-corrected), and the corrected median of
# a 1-byte write to /dev/null is, in the best of three runs, within a few µs
# of the untraced cost of the same write, measured here under the same load
# (the fastest batch of tests/progs/cal_writes run untraced). No absolute time is asserted.
#
# The corrected *average* is printed, not asserted: under load each call
# traced by ptrace waits for a CPU twice (the tracee after its resume, the
# tracer after the exit stop), and those waits (up to a scheduler slice,
# milliseconds) land in the recorded durations and dominate the mean, which no
# constant correction can take out (docs/benchmarks.md, "Overhead correction
# under load"; the eBPF backend measures in the kernel and has no such waits).
. "$(dirname "$0")/lib.sh"
need jq
need_tools "$RENACER_BIN/renacer" "$PROG_DIR/cal_writes"
renacer="$RENACER_BIN/renacer"
cd "$TMP" || exit 1
N=5000
TOL_NS=5000 # "within a few µs"

# Two busy loops, one per core, that end by themselves after 120 s whatever
# happens to this script (killed at its end), holding none of its descriptors.
for _ in 1 2; do
	bash -c 'end=$((SECONDS + 120)); while [ $SECONDS -lt $end ]; do :; done' \
		</dev/null >/dev/null 2>&1 &
	bg_pids="$bg_pids $!"
done
sleep 0.5

# The untraced cost under this load: the fastest batch of three runs.
untraced=""
for _ in 1 2 3; do
	b=$("$PROG_DIR/cal_writes" "$N" | awk '{print $2}')
	untraced=$(awk -v a="${untraced:-$b}" -v b="$b" 'BEGIN {print (b < a ? b : a)}')
done
echo "info: untraced 1-byte write to /dev/null: $untraced ns (fastest batch, both cores busy)"

best=""
for run in 1 2 3; do
	"$renacer" -q --format json -c -e trace=write -- "$PROG_DIR/cal_writes" "$N" >"r$run.json" 2>"e$run.txt"
	check "run $run: exit status" 0 $?
	check "run $run: no 'not calibrated' warning" 0 "$(grep -c 'not calibrated' "e$run.txt")"
	check "run $run: calibrated (overhead samples)" true \
		"$(jq '.trace.overhead_samples > 0 and .trace.overhead_ns > 0' "r$run.json")"
	check "run $run: times are overhead-corrected" overhead-corrected "$(jq -r .times "r$run.json")"
	# N writes of the loop and the one of its printf (its stdout is our stderr here).
	check "run $run: write calls" $((N + 1)) "$(jq '.syscalls[] | select(.name == "write") | .calls' "r$run.json")"
	read -r p50 avg oh <<<"$(jq -r '[(.syscalls[] | select(.name == "write") | .p50_ns, .avg_ns), .trace.overhead_ns] | @tsv' "r$run.json")"
	echo "info: run $run: corrected write p50 $p50 ns, average $avg ns; calibrated overhead $oh ns"
	d=$((p50 - ${untraced%.*}))
	d=${d#-}
	[ -z "$best" ] || [ "$d" -lt "$best" ] && best=$d
done
# The median of one run can still be off when the scheduler happened to be
# busier during that run than during its calibration (seen at load 12: 10.6
# µs): the best of the three runs must be within the tolerance.
check_cmd "corrected p50 within ${TOL_NS} ns of untraced in the best of 3 runs (off by $best ns)" \
	[ "$best" -le "$TOL_NS" ]

finish
