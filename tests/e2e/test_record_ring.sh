# renacer-record --ring (flight recorder): only the last window is kept and
# written, as a trace that reads and symbolizes on its own (the modules mapped
# before the window are in it), at the end of the recording, on each SIGUSR1
# (FILE.1, FILE.2, ...) and when a --trigger fires (latency(CALLS)>DURATION,
# errors(CALLS)>COUNT), under both backends; bad values are one-line usage
# errors. The eBPF part is skipped (exit 77) where that backend cannot run.
. "$(dirname "$0")/lib.sh"

expect 2 "--trigger without --ring" "$RECORD" --trigger 'errors(connect)>0' -- /bin/true
expect 2 "a bad trigger" "$RECORD" --ring 1M --trigger 'latency(fsync)>50' -- /bin/true
check "a bad trigger: one line naming the flag" \
	"renacer-record: --trigger: 'latency(fsync)>50': '50' is not a duration (a number with ns, us, ms, s, min or h, e.g. 50ms) (see renacer-record --help)" \
	"$(cat "$TMP/err")"
expect 2 "a trigger of an unknown call" "$RECORD" --ring 1M --trigger 'errors(conect)>0' -- /bin/true
expect 2 "an ambiguous window" "$RECORD" --ring 5m -- /bin/true
expect 2 "a window too small" "$RECORD" --ring 1K -- /bin/true
expect 4 "a window file in a missing directory" "$RECORD" --ring 1M -o "$TMP/no/such/dir/t" -- /bin/true

backends="ptrace"
if timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/probe.trace" -- /bin/true 2>"$TMP/probe.err"; then
	backends="$backends ebpf"
else
	skip "eBPF part: $(head -n 1 "$TMP/probe.err")"
fi

# "syscall errno" of the last call of a trace, and its calls of one name.
last_call() {
	"$REPORT" --format json "$1" | python3 -c '
import json, sys
last = None
for line in sys.stdin:
    e = json.loads(line)
    if e.get("type") == "syscall":
        last = e
print(last["syscall"], last["errno"] or "-")'
}
calls_of() {
	"$REPORT" --format csv -c "$1" | awk -F, -v n="$2" '$1 == n {print $2}'
}
# The time the calls of a trace span, first end to last end, in ns, in recorded
# times (--raw-times: the ring keeps calls by their raw end; a corrected
# duration, its CPU waits out, ends earlier).
span_ns() {
	"$REPORT" --raw-times --format json "$1" | python3 -c '
import json, sys
ends = [e["rel_ns"] + (e["duration_ns"] or 0) for e in map(json.loads, sys.stdin) if e.get("type") == "syscall"]
print(max(ends) - min(ends) if ends else -1)'
}

sleep_line=$(marker_line rec_ring.c "ring: the slow call")
write_line=$(marker_line rec_ring.c "ring: the writes")
loop_src="$RENACER_SRC/tests/progs/rec_writeloop.c"
loop_line=$(grep -n "(void)write(fd" "$loop_src" | head -1 | cut -d: -f1)

for b in $backends; do
	# latency(): the window written when the slow call ends: the 200 writes
	# before it, the slow call last, nothing after; the end has everything.
	T="$TMP/$b-lat.trace"
	timeout 120 "$RECORD" --backend "$b" --ring 10s --trigger 'latency(nanosleep,clock_nanosleep)>50ms' \
		-o "$T" -- "$PROG_DIR/rec_ring" >/dev/null 2>"$TMP/$b-lat.err"
	check "$b: latency trigger: exit status" 0 $?
	grep -q "^renacer-record: trigger latency(nanosleep,clock_nanosleep)>50ms: .* took .* ms in pid [0-9]*: wrote the last .* to $T.1$" "$TMP/$b-lat.err" ||
		fail "$b: latency trigger: no line saying so: $(head -n 2 "$TMP/$b-lat.err")"
	[ -f "$T.1" ] || { fail "$b: latency trigger: no $T.1"; continue; }
	case "$(last_call "$T.1")" in
	"nanosleep -" | "clock_nanosleep -") pass "$b: latency trigger: the slow call ends the window" ;;
	*) fail "$b: latency trigger: the window ends with $(last_call "$T.1")" ;;
	esac
	check "$b: latency trigger: the writes before it" 200 "$(calls_of "$T.1" write)"
	check "$b: the end: every write" 600 "$(calls_of "$T" write)"
	"$REPORT" --source -c "$T.1" >"$TMP/$b-lat.src" 2>&1
	grep -q "nanosleep .*rec_ring.c:$sleep_line in main" "$TMP/$b-lat.src" ||
		fail "$b: latency trigger: the slow call's source: $(grep nanosleep "$TMP/$b-lat.src")"
	grep -q "^write .*rec_ring.c:$write_line in writes" "$TMP/$b-lat.src" ||
		fail "$b: latency trigger: the writes' source: $(grep '^write' "$TMP/$b-lat.src")"

	# errors(): the window written at the failed connect.
	T="$TMP/$b-err.trace"
	timeout 120 "$RECORD" --backend "$b" -q --ring 10s --trigger 'errors(connect)>0' \
		-o "$T" -- "$PROG_DIR/rec_ring" >/dev/null 2>"$TMP/$b-err.err"
	check "$b: errors trigger: the failed call ends the window" "connect ENOENT" "$(last_call "$T.1" 2>/dev/null)"
	check "$b: errors trigger: the writes before it" 400 "$(calls_of "$T.1" write)"
	[ -e "$T.2" ] && fail "$b: errors trigger: fired twice within one window"

	# A 64K window of a 20000-write loop: only the last calls, still symbolized
	# with modules mapped long before the window began.
	T="$TMP/$b-size.trace"
	timeout 120 "$RECORD" --backend "$b" -q --ring 64K -o "$T" -- "$PROG_DIR/rec_writeloop" 20000 2>"$TMP/$b-size.err"
	n=$(calls_of "$T" write)
	[ "${n:-0}" -gt 0 ] && [ "${n:-0}" -lt 20000 ] && pass "$b: 64K window: $n of 20000 writes" ||
		fail "$b: 64K window: $n writes (want some, not all)"
	check "$b: 64K window: its close" 1 "$(calls_of "$T" close)"
	"$REPORT" --source -c "$T" >"$TMP/$b-size.src" 2>&1
	grep -q "^write .*rec_writeloop.c:$loop_line in main" "$TMP/$b-size.src" ||
		fail "$b: 64K window: the writes' source: $(grep '^write' "$TMP/$b-size.src")"

	# SIGUSR1, twice: two successive files, each the last second.
	T="$TMP/$b-usr.trace"
	"$RECORD" --backend "$b" --ring 1s -o "$T" -- "$PROG_DIR/rec_loop" "$TMP/$b-beats" -1 >/dev/null 2>"$TMP/$b-usr.err" &
	rpid=$!
	bg_pids="$bg_pids $rpid"
	for _ in $(seq 300); do [ "$(beats "$TMP/$b-beats")" -ge 75 ] && break; sleep 0.1; done
	kill -USR1 "$rpid"
	wait_file "$T.1" || fail "$b: SIGUSR1: no $T.1"
	sleep 0.3
	kill -USR1 "$rpid"
	wait_file "$T.2" || fail "$b: second SIGUSR1: no $T.2"
	kill -INT "$rpid"
	wait "$rpid"
	check "$b: SIGUSR1: the program's status after SIGINT" 42 $?
	for f in "$T.1" "$T.2" "$T"; do
		s=$(span_ns "$f")
		[ "$s" -ge 0 ] && [ "$s" -le 1000000000 ] && pass "$b: $(basename "$f"): a window of at most 1 s ($s ns)" ||
			fail "$b: $(basename "$f"): span $s ns"
	done
	cmp -s "$T.1" "$T.2" && fail "$b: the second SIGUSR1 rewrote the first window"
	"$REPORT" --source -c "$T.1" >"$TMP/$b-usr.src" 2>&1
	grep -q "^write .*rec_loop.c:[0-9]* in " "$TMP/$b-usr.src" ||
		fail "$b: SIGUSR1 window: the writes' source: $(grep '^write' "$TMP/$b-usr.src")"
	grep -q "SIGUSR1: wrote the last .* to $T.2$" "$TMP/$b-usr.err" ||
		fail "$b: SIGUSR1: no line saying so: $(head -n 3 "$TMP/$b-usr.err")"
done

finish
