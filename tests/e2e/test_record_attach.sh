# renacer-record -p: attach to a running program, then SIGINT (or SIGTERM)
# the recorder: it detaches every thread, the program keeps running unharmed,
# and the trace holds the events. Errors for a missing pid.
# needs: attach (renacer -p on a process that is not its child)
. "$(dirname "$0")/lib.sh"

# Waits (bounded) until the recorder RPID traces PID and then until PID's
# heartbeat in FILE has advanced N beats: events recorded, whatever the load
# (calibration and attaching take longer on a busy machine than a fixed sleep).
traced_for_beats() {
	local file=$1 pid=$2 rpid=$3 n=$4 b0
	for _ in $(seq 300); do
		[ "$(awk '/^TracerPid:/ {print $2}' "/proc/$pid/status" 2>/dev/null)" = "$rpid" ] && break
		sleep 0.1
	done
	b0=$(beats "$file")
	for _ in $(seq 300); do
		[ "$(beats "$file")" -ge $((b0 + n)) ] && return 0
		sleep 0.1
	done
	return 1
}


"$PROG_DIR/rec_loop" "$TMP/beat" &
prog=$!
bg_pids="$bg_pids $prog"
wait_file "$TMP/beat" || fail "program did not start"

for sig in INT TERM; do
	"$RECORD" -o "$TMP/a$sig.trace" -p "$prog" 2>"$TMP/a$sig.err" &
	rpid=$!
	bg_pids="$bg_pids $rpid"
	# 12 loop rounds of 5 calls: 60 events
	traced_for_beats "$TMP/beat" "$prog" "$rpid" 12 || fail "SIG$sig: not traced or not beating"
	kill -"$sig" "$rpid"
	wait "$rpid"
	rc=$?
	[ "$rc" = 0 ] || fail "SIG$sig: recorder should exit 0 after detaching, got $rc"
	kill -0 "$prog" 2>/dev/null || fail "SIG$sig: the program died"
	state=$(awk '{print $3}' "/proc/$prog/stat")
	case "$state" in T | t) fail "SIG$sig: program left stopped" ;; esac
	tracer=$(awk '/^TracerPid:/ {print $2}' "/proc/$prog/status")
	[ "$tracer" = 0 ] || fail "SIG$sig: program still traced by $tracer"
	b1=$(beats "$TMP/beat")
	sleep 0.3
	b2=$(beats "$TMP/beat")
	[ "$b2" -gt "$b1" ] || fail "SIG$sig: program stopped beating after detach ($b1 -> $b2)"
	n=$(events_of "$TMP/a$sig.err")
	# about 50 loop rounds of 5 calls in one second
	[ "${n:-0}" -ge 50 ] || fail "SIG$sig: trace should hold the events: $(tail -n 1 "$TMP/a$sig.err")"
done

kill -TERM "$prog"
wait "$prog"
rc=$?
[ "$rc" = 42 ] || fail "the program should still handle SIGTERM (exit 42), got $rc"

# A multi-threaded target: every thread is seized, and every one released.
"$PROG_DIR/rec_loop" "$TMP/mbeat" -1 4 &
mprog=$!
bg_pids="$bg_pids $mprog"
wait_file "$TMP/mbeat" || fail "threaded program did not start"
"$RECORD" -o "$TMP/mt.trace" -p "$mprog" 2>"$TMP/mt.err" &
rpid=$!
bg_pids="$bg_pids $rpid"
# 40 main-loop rounds (0.8 s unloaded): 4 threads writing every 10 ms meanwhile
traced_for_beats "$TMP/mbeat" "$mprog" "$rpid" 40 || fail "threaded: not traced or not beating"
ntraced=0
for st in /proc/"$mprog"/task/*/status; do
	[ "$(awk '/^TracerPid:/ {print $2}' "$st")" = "$rpid" ] && ntraced=$((ntraced + 1))
done
[ "$ntraced" = 5 ] || fail "threaded: $ntraced of 5 threads traced"
kill -INT "$rpid"
wait "$rpid"
rc=$?
[ "$rc" = 0 ] || fail "threaded: recorder should exit 0 after detaching, got $rc"
for st in /proc/"$mprog"/task/*/status; do
	tr=$(awk '/^TracerPid:/ {print $2}' "$st")
	[ "$tr" = 0 ] || fail "threaded: $st still traced by $tr"
	state=$(awk '/^State:/ {print $2}' "$st")
	case "$state" in T | t) fail "threaded: $st left stopped" ;; esac
done
n=$(events_of "$TMP/mt.err")
# 4 threads at 100 writes/s and the main loop: several hundred calls
[ "${n:-0}" -ge 300 ] || fail "threaded: too few events: $(tail -n 1 "$TMP/mt.err")"
kill -TERM "$mprog"
wait "$mprog"
rc=$?
[ "$rc" = 42 ] || fail "threaded: program should exit 42 on SIGTERM, got $rc"

out=$("$RECORD" -o "$TMP/none.trace" -p 999999999 2>&1)
rc=$?
[ "$rc" = 3 ] || fail "attach to a missing pid should exit 3, got $rc"
case "$out" in *"no such process"*) ;; *) fail "missing pid message: '$out'" ;; esac

finish
