# renacer-record -p: attach to a running program, then SIGINT (or SIGTERM)
# the recorder: it detaches every thread, the program keeps running unharmed,
# and the trace holds the events. Every thread is recorded, including a call
# it was blocked in when the recorder attached (ptrace restarts it; eBPF
# records its exit, timed from the attach), and its next call when the
# program's own seccomp filter fails it (eBPF: recorded from its exit; it was
# missed before); and the call each is in when the recorder detaches. Errors
# for a missing pid. Under both backends (eBPF: no
# tracer is ever attached).
# needs: attach (renacer -p on a process that is not its child)
. "$(dirname "$0")/lib.sh"
need jq

# began B TRACE RPID PID: waits (bounded) until recorder RPID of backend B
# records PID: under ptrace, every thread of PID has it as its tracer; under
# eBPF (no tracer), once the trace, still under its temporary name, grows
# past its header (loading the BPF program takes seconds on a busy host).
began() {
	local b=$1 trace=$2 rpid=$3 pid=$4 size0="" size all st
	for _ in $(seq 600); do
		if [ "$b" = ptrace ]; then
			all=1
			for st in /proc/"$pid"/task/*/status; do
				[ "$(awk '/^TracerPid:/ {print $2}' "$st" 2>/dev/null)" = "$rpid" ] || all=0
			done
			[ "$all" = 1 ] && return 0
		else
			size=$(stat -c %s "$trace.tmp-$rpid-0" 2>/dev/null || echo 0)
			[ -n "$size0" ] && [ "$size" -gt "$size0" ] && return 0
			[ -z "$size0" ] && [ "$size" -gt 0 ] && size0=$size
		fi
		sleep 0.1
	done
	return 1
}
# Waits (bounded) until PID's heartbeat in FILE has advanced N beats.
beats_on() {
	local file=$1 n=$2 b0
	b0=$(beats "$file")
	for _ in $(seq 300); do
		[ "$(beats "$file")" -ge $((b0 + n)) ] && return 0
		sleep 0.1
	done
	return 1
}
# released WHAT PID: no thread of PID is traced or left stopped.
released() {
	local st tr state
	for st in /proc/"$2"/task/*/status; do
		tr=$(awk '/^TracerPid:/ {print $2}' "$st")
		[ "$tr" = 0 ] || fail "$1: $st still traced by $tr"
		state=$(awk '/^State:/ {print $2}' "$st")
		case "$state" in T | t) fail "$1: $st left stopped" ;; esac
	done
}
# tids TRACE SYSCALL [RET]: the distinct threads with a SYSCALL (returning RET).
tids() {
	"$REPORT" --format json "$1" 2>/dev/null |
		jq -r --arg s "$2" --arg r "${3:-}" \
			'select(.type == "syscall" and .syscall == $s and ($r == "" or (.ret | tostring) == $r)) | .tid' |
		sort -u | wc -l
}

# start_blocked B NAME [MODE]: starts rec_blocked (3 threads, MODE) on a new
# FIFO $fifo, waits until its threads are blocked in read, then records it
# with backend B into $t ($TMP/bl.NAME.trace); sets bprog and rpid.
start_blocked() {
	local b=$1 name=$2
	fifo="$TMP/fifo.$name"
	mkfifo "$fifo"
	"$PROG_DIR/rec_blocked" "$fifo" 3 ${3:-} &
	bprog=$!
	bg_pids="$bg_pids $bprog"
	for _ in $(seq 100); do
		[ "$(cat /proc/"$bprog"/task/*/syscall 2>/dev/null | grep -c '^0 ')" = 3 ] && break
		sleep 0.1
	done
	t="$TMP/bl.$name.trace"
	"$RECORD" --backend "$b" -q -o "$t" -p "$bprog" 2>"$t.err" &
	rpid=$!
	bg_pids="$bg_pids $rpid"
	began "$b" "$t" "$rpid" "$bprog" || fail "$name: not recorded"
}

pick_backends
for b in $BACKENDS; do
	"$PROG_DIR/rec_loop" "$TMP/beat.$b" &
	prog=$!
	bg_pids="$bg_pids $prog"
	wait_file "$TMP/beat.$b" || fail "$b: program did not start"
	for sig in INT TERM; do
		t="$TMP/a$sig.$b.trace"
		"$RECORD" --backend "$b" -o "$t" -p "$prog" 2>"$t.err" &
		rpid=$!
		bg_pids="$bg_pids $rpid"
		# 12 loop rounds of 5 calls: 60 events
		began "$b" "$t" "$rpid" "$prog" && beats_on "$TMP/beat.$b" 12 ||
			fail "$b SIG$sig: not recorded or not beating"
		kill -"$sig" "$rpid"
		wait "$rpid"
		rc=$?
		[ "$rc" = 0 ] || fail "$b SIG$sig: recorder should exit 0 after detaching, got $rc"
		kill -0 "$prog" 2>/dev/null || fail "$b SIG$sig: the program died"
		released "$b SIG$sig" "$prog"
		b1=$(beats "$TMP/beat.$b")
		sleep 0.3
		b2=$(beats "$TMP/beat.$b")
		[ "$b2" -gt "$b1" ] || fail "$b SIG$sig: program stopped beating after detach ($b1 -> $b2)"
		n=$(events_of "$t.err")
		# about 50 loop rounds of 5 calls in one second
		[ "${n:-0}" -ge 50 ] || fail "$b SIG$sig: trace should hold the events: $(tail -n 1 "$t.err")"
	done
	kill -TERM "$prog"
	wait "$prog"
	rc=$?
	[ "$rc" = 42 ] || fail "$b: the program should still handle SIGTERM (exit 42), got $rc"

	# A multi-threaded target: every thread is recorded, and every one released.
	"$PROG_DIR/rec_loop" "$TMP/mbeat.$b" -1 4 &
	mprog=$!
	bg_pids="$bg_pids $mprog"
	wait_file "$TMP/mbeat.$b" || fail "$b: threaded program did not start"
	t="$TMP/mt.$b.trace"
	"$RECORD" --backend "$b" -o "$t" -p "$mprog" 2>"$t.err" &
	rpid=$!
	bg_pids="$bg_pids $rpid"
	# 40 main-loop rounds (0.8 s unloaded): 4 threads writing every 10 ms meanwhile
	began "$b" "$t" "$rpid" "$mprog" && beats_on "$TMP/mbeat.$b" 40 ||
		fail "$b threaded: not recorded or not beating"
	kill -INT "$rpid"
	wait "$rpid"
	rc=$?
	[ "$rc" = 0 ] || fail "$b threaded: recorder should exit 0 after detaching, got $rc"
	released "$b threaded" "$mprog"
	n=$(events_of "$t.err")
	# 4 threads at 100 writes/s and the main loop: several hundred calls
	[ "${n:-0}" -ge 300 ] || fail "$b threaded: too few events: $(tail -n 1 "$t.err")"
	check "$b threaded: threads with writes in the trace" 5 "$(tids "$t" write)"
	kill -TERM "$mprog"
	wait "$mprog"
	rc=$?
	[ "$rc" = 42 ] || fail "$b threaded: program should exit 42 on SIGTERM, got $rc"

	# Threads blocked in a read when the recorder attaches, released after:
	# each one's read (with the byte it got) and its next call are recorded;
	# also when that call is one the program's own seccomp filter fails
	# (decided before the entry tracepoint: eBPF records it from its exit).
	for mode in plain filter; do
		start_blocked "$b" "$b.$mode" "$mode"
		printf xyz >"$fifo"
		wait "$bprog"
		check "$b blocked, $mode: the program's exit status" 0 $?
		for _ in $(seq 300); do kill -0 "$rpid" 2>/dev/null || break; sleep 0.1; done
		wait "$rpid"
		check "$b blocked, $mode: the recorder's exit status once the program ended" 0 $?
		check "$b blocked, $mode: threads whose blocked read (1 byte) is in the trace" 3 \
			"$(tids "$t" read 1)"
		want=""
		[ "$mode" = filter ] && want=-1
		check "$b blocked, $mode: threads whose next call (getppid) is in the trace" 3 \
			"$(tids "$t" getppid "$want")"
	done

	# Detached while the threads are still blocked: each one's read is in the
	# trace (ptrace: interrupted by the detach; eBPF: unfinished, detached).
	start_blocked "$b" "$b.detach"
	kill -INT "$rpid"
	wait "$rpid"
	check "$b blocked, detach: the recorder's exit status" 0 $?
	check "$b blocked, detach: threads whose read in progress is in the trace" 3 "$(tids "$t" read)"
	printf xyz >"$fifo"
	wait "$bprog"
	check "$b blocked, detach: the program's exit status" 0 $?

	out=$("$RECORD" --backend "$b" -o "$TMP/none.trace" -p 999999999 2>&1)
	rc=$?
	[ "$rc" = 3 ] || fail "$b: attach to a missing pid should exit 3, got $rc"
	case "$out" in *"no such process"*) ;; *) fail "$b: missing pid message: '$out'" ;; esac
done
finish
