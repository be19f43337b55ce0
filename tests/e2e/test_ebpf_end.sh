#!/usr/bin/env bash
# A signal to renacer --backend ebpf for a launched program follows the same
# rule as under ptrace (record/rec_signal.c): a program that ignores it is
# killed, with its recorded children, the summary is printed, one stderr
# line says so and renacer ends as killed by that signal; a signal that went
# on to the program and did not end it is followed by a kill on the second.
# Skipped (exit 77) where the eBPF backend is not built or not permitted.
. "$(dirname "$0")/lib.sh"
need_tools "$RENACER_BIN/renacer"
cd "$TMP" || exit 1
if ! timeout 120 "$RECORD" --backend ebpf -q -o probe.trace -- /bin/true 2>probe.err; then
	skip_all "eBPF backend unavailable: $(head -n 1 probe.err)"
fi
rn=("$RENACER_BIN/renacer" --backend ebpf -q) # an array, not a function: $! is renacer

# The pid of renacer $1's child once it runs program $2.
prog_of() {
	local c
	for _ in $(seq 300); do
		for c in $(pgrep -P "$1"); do
			[ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$2" ] && echo "$c" && return 0
		done
		sleep 0.1
	done
	return 1
}
# Waits (at most 60 s, then kills) for background job $1; returns its status.
ended_rc() {
	for _ in $(seq 600); do
		[ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ] || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1"
}
alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
sig_lines() { grep '^renacer: SIG' "$1"; }

# --- a program that ignores SIGINT (a script's background job) -----------------
"${rn[@]}" -c -- sh -c 'trap "" INT; exec sleep 1000' >sum.txt 2>err.txt &
rpid=$!
bg_pids="$bg_pids $rpid"
prog=$(prog_of "$rpid" sleep) || fail "ignored: no program under renacer"
bg_pids="$bg_pids $prog"
kill -INT "$rpid"
ended_rc "$rpid"
check "ignored: renacer ends as killed by SIGINT" 130 $?
check_cmd "ignored: the summary is printed" grep -qx 'System Call Summary:' sum.txt
alive "$prog" && fail "ignored: the program is left running" || pass "ignored: no program left running"
check "ignored: one stderr line says so" "renacer: SIGINT, which sh ignores: killed it (pid $prog)" \
	"$(sig_lines err.txt)"

# --- -f: its recorded children are killed with it ---------------------------------
"${rn[@]}" -f -c -- sh -c 'trap "" TERM; sleep 1000 & sleep 1001 & wait' >sumf.txt 2>errf.txt &
rpid=$!
bg_pids="$bg_pids $rpid"
prog=$(prog_of "$rpid" sh) || fail "-f: no program under renacer"
kids=""
for _ in $(seq 100); do
	kids=$(pgrep -P "$prog" -x sleep | tr '\n' ' ')
	[ "$(echo $kids | wc -w)" = 2 ] && break
	sleep 0.1
done
bg_pids="$bg_pids $prog $kids"
kill -TERM "$rpid"
ended_rc "$rpid"
check "-f: renacer ends as killed by SIGTERM" 143 $?
for p in $prog $kids; do
	alive "$p" && fail "-f: process $p is left running" || pass "-f: process $p is gone"
done
check "-f: one stderr line says so" \
	"renacer: SIGTERM, which sh ignores: killed it (pid $prog) and 2 traced child processes" \
	"$(sig_lines errf.txt)"

# --- a signal that goes on to the program, which does not end: a second kills
"${rn[@]}" -c -- sh -c 'trap "echo got-term" TERM; echo ready; while :; do sleep 0.1; done' >sum2.txt 2>err2.txt &
rpid=$!
bg_pids="$bg_pids $rpid"
prog=$(prog_of "$rpid" sh) || fail "second: no program under renacer"
for _ in $(seq 100); do grep -q ready sum2.txt && break; sleep 0.1; done
kill -TERM "$rpid"
for _ in $(seq 100); do grep -q got-term sum2.txt && break; sleep 0.1; done
check_cmd "second: the first SIGTERM reached the program" grep -qx got-term sum2.txt
check_cmd "second: the program still runs after the first" kill -0 "$prog"
kill -TERM "$rpid"
ended_rc "$rpid"
check "second: renacer ends as killed by SIGTERM" 143 $?
alive "$prog" && fail "second: the program is left running" || pass "second: no program left running"
check "second: one stderr line says so" \
	"renacer: SIGTERM again (sh did not end on the first): killed it (pid $prog)" "$(sig_lines err2.txt)"
finish
