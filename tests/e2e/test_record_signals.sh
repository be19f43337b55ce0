# Signals under renacer-record: Ctrl+C (SIGINT to the whole process group)
# reaches the program and the recorder waits for it; SIGINT/SIGTERM sent to the
# recorder alone are passed on to the program; SIGSTOP/SIGCONT job control
# works on a traced program.
. "$(dirname "$0")/lib.sh"


# Ctrl+C: the terminal signals the foreground process group.
setsid "$RECORD" -o "$TMP/i.trace" -- "$PROG_DIR/rec_loop" "$TMP/i.beat" 2>"$TMP/i.err" &
rpid=$!
bg_pids="$bg_pids $rpid"
wait_file "$TMP/i.beat" || fail "Ctrl+C: program did not start"
kill -INT -- "-$rpid"
wait "$rpid"
rc=$?
[ "$rc" = 42 ] || fail "Ctrl+C: program should see SIGINT and exit 42, recorder exited $rc"
n=$(events_of "$TMP/i.err")
[ "${n:-0}" -gt 10 ] || fail "Ctrl+C: trace should hold the events, final line: $(tail -n 1 "$TMP/i.err")"

# Ctrl+C typed on a real terminal: the recorder runs in a new session on a
# pseudo-terminal; ^C makes the kernel send SIGINT to the foreground group.
e=$(python3 - "$RECORD" "$PROG_DIR/rec_loop" "$TMP/tty.beat" "$TMP/tty.trace" <<'PY'
import os, pty, sys, time
rec, prog, beat, trace = sys.argv[1:5]
pid, fd = pty.fork()
if pid == 0:
    os.execv(rec, [rec, "-q", "-o", trace, "--", prog, beat])
for _ in range(100):
    if os.path.exists(beat) and os.path.getsize(beat) > 0:
        break
    time.sleep(0.1)
os.write(fd, b"\x03")
_, status = os.waitpid(pid, 0)
print("exit %d" % os.WEXITSTATUS(status) if os.WIFEXITED(status) else "signal %d" % os.WTERMSIG(status))
PY
)
[ "$e" = "exit 42" ] || fail "^C on a terminal: program should see SIGINT and exit 42, recorder: $e"
[ -s "$TMP/tty.trace" ] || fail "^C on a terminal: no trace"

# SIGINT and SIGTERM to the recorder only are passed on.
for sig in INT TERM; do
	"$RECORD" -q -o "$TMP/$sig.trace" -- "$PROG_DIR/rec_loop" "$TMP/$sig.beat" &
	rpid=$!
	bg_pids="$bg_pids $rpid"
	wait_file "$TMP/$sig.beat" || fail "$sig: program did not start"
	kill -"$sig" "$rpid"
	wait "$rpid"
	rc=$?
	[ "$rc" = 42 ] || fail "SIG$sig to the recorder should reach the program (exit 42), got $rc"
done

# Job control: SIGSTOP stops the traced program, SIGCONT resumes it.
"$RECORD" -q -o "$TMP/j.trace" -- "$PROG_DIR/rec_loop" "$TMP/j.beat" &
rpid=$!
bg_pids="$bg_pids $rpid"
wait_file "$TMP/j.beat" || fail "job control: program did not start"
sleep 0.2
prog=$(pgrep -P "$rpid" rec_loop)
[ -n "$prog" ] || fail "job control: no program pid"
kill -STOP "$prog"
sleep 0.3
b1=$(beats "$TMP/j.beat")
sleep 0.5
b2=$(beats "$TMP/j.beat")
[ "$b1" = "$b2" ] || fail "job control: program kept running after SIGSTOP ($b1 -> $b2)"
state=$(awk '{print $3}' "/proc/$prog/stat")
case "$state" in T | t) ;; *) fail "job control: state after SIGSTOP is $state" ;; esac
kill -CONT "$prog"
sleep 0.5
b3=$(beats "$TMP/j.beat")
[ "$b3" -gt "$b2" ] || fail "job control: program did not resume after SIGCONT ($b2 -> $b3)"
kill -TERM "$prog"
wait "$rpid"
rc=$?
[ "$rc" = 42 ] || fail "job control: program should exit 42 on SIGTERM, got $rc"

finish
