#!/usr/bin/env bash
# Overhead calibration with both cores loaded (two bounded busy loops, killed
# at the end): every run of `renacer -c` calibrates (no "not calibrated"; the
# summary says its times are overhead-corrected), and the corrected *average*
# of a 1-byte write to /dev/null is, in the best of three runs, within a few
# µs of the untraced cost of the same write, measured here under the same load
# (the fastest batch of tests/progs/cal_writes run untraced). No absolute time
# is asserted.
#
# Under load each call traced by ptrace waits for a CPU twice (the tracee after
# its resume, the tracer after the exit stop); those waits (up to a scheduler
# slice, milliseconds) dominate a raw mean. The recorder reads both threads'
# run_delay at the stops and records each call's wait (spec/format.md), which
# the report subtracts with the calibrated overhead: the average holds only
# with that accounting (the raw average, printed, is far above). The median is
# checked too.
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
best_avg=""
for run in 1 2 3; do
	if [ "$run" -lt 3 ]; then
		"$renacer" --backend ptrace -q --format json -c -e trace=write -- "$PROG_DIR/cal_writes" "$N" >"r$run.json" 2>"e$run.txt"
	else # recorded, then reported from the file: the waits are in the trace
		"$RECORD" --backend ptrace -q -e trace=write -o w.trace -- "$PROG_DIR/cal_writes" "$N" 2>"e$run.txt" &&
			"$REPORT" -c --format json w.trace >"r$run.json" 2>>"e$run.txt"
	fi
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
	a=$((avg - ${untraced%.*}))
	a=${a#-}
	[ -z "$best_avg" ] || [ "$a" -lt "$best_avg" ] && best_avg=$a
done
# One run can still be off when the scheduler happened to be busier during
# that run than during its calibration: the best of the three runs must be
# within the tolerance.
check_cmd "corrected p50 within ${TOL_NS} ns of untraced in the best of 3 runs (off by $best ns)" \
	[ "$best" -le "$TOL_NS" ]
# The average is a claim about the recorder as shipped: an ASan+UBSan recorder
# spends several times longer between the stops, in waits its accounting
# cannot see (seen: 9-20 us off with both cores loaded), so there it is skipped.
if ldd "$RECORD" 2>/dev/null | grep -q libasan; then
	skip "corrected average within ${TOL_NS} ns of untraced (off by $best_avg ns): the recorder is built with ASan"
else
	check_cmd "corrected average within ${TOL_NS} ns of untraced in the best of 3 runs (off by $best_avg ns)" \
		[ "$best_avg" -le "$TOL_NS" ]
fi

# The recorded trace read with --raw-times: the waits stayed out of the raw
# durations (more than the calibrated overhead comes off on average).
"$REPORT" -c --raw-times --format json w.trace >raw.json
raw_avg=$(jq '.syscalls[] | select(.name == "write") | .avg_ns' raw.json)
read -r avg oh <<<"$(jq -r '[(.syscalls[] | select(.name == "write") | .avg_ns), .trace.overhead_ns] | @tsv' r3.json)"
echo "info: recorded trace: raw write average $raw_avg ns (--raw-times), corrected $avg ns"
check_cmd "raw times of the trace keep the waits (raw average $raw_avg > corrected $avg + overhead $oh)" \
	[ "$raw_avg" -gt $((avg + oh)) ]

finish
