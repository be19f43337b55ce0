# Signals under renacer-record: Ctrl+C (SIGINT to the whole process group)
# reaches the program and the recorder waits for it; SIGINT/SIGTERM sent to the
# recorder alone are passed on to the program; SIGSTOP/SIGCONT job control
# works on a traced program.
. "$(dirname "$0")/record_common.sh"


# Ctrl+C: the terminal signals the foreground process group.
setsid "$R" -o "$T/i.trace" -- "$P/rec_loop" "$T/i.beat" 2>"$T/i.err" &
rpid=$!
bg_pids="$bg_pids $rpid"
wait_file "$T/i.beat" || fail "Ctrl+C: program did not start"
kill -INT -- "-$rpid"
wait "$rpid"
rc=$?
[ "$rc" = 42 ] || fail "Ctrl+C: program should see SIGINT and exit 42, recorder exited $rc"
n=$(events_of "$T/i.err")
[ "${n:-0}" -gt 10 ] || fail "Ctrl+C: trace should hold the events, final line: $(tail -n 1 "$T/i.err")"

# SIGINT and SIGTERM to the recorder only are passed on.
for sig in INT TERM; do
	"$R" -q -o "$T/$sig.trace" -- "$P/rec_loop" "$T/$sig.beat" &
	rpid=$!
	bg_pids="$bg_pids $rpid"
	wait_file "$T/$sig.beat" || fail "$sig: program did not start"
	kill -"$sig" "$rpid"
	wait "$rpid"
	rc=$?
	[ "$rc" = 42 ] || fail "SIG$sig to the recorder should reach the program (exit 42), got $rc"
done

# Job control: SIGSTOP stops the traced program, SIGCONT resumes it.
"$R" -q -o "$T/j.trace" -- "$P/rec_loop" "$T/j.beat" &
rpid=$!
bg_pids="$bg_pids $rpid"
wait_file "$T/j.beat" || fail "job control: program did not start"
sleep 0.2
prog=$(pgrep -P "$rpid" rec_loop)
[ -n "$prog" ] || fail "job control: no program pid"
kill -STOP "$prog"
sleep 0.3
b1=$(beats "$T/j.beat")
sleep 0.5
b2=$(beats "$T/j.beat")
[ "$b1" = "$b2" ] || fail "job control: program kept running after SIGSTOP ($b1 -> $b2)"
state=$(awk '{print $3}' "/proc/$prog/stat")
case "$state" in T | t) ;; *) fail "job control: state after SIGSTOP is $state" ;; esac
kill -CONT "$prog"
sleep 0.5
b3=$(beats "$T/j.beat")
[ "$b3" -gt "$b2" ] || fail "job control: program did not resume after SIGCONT ($b2 -> $b3)"
kill -TERM "$prog"
wait "$rpid"
rc=$?
[ "$rc" = 42 ] || fail "job control: program should exit 42 on SIGTERM, got $rc"

finish
