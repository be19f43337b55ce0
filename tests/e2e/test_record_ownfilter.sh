#!/bin/bash
# A program with a seccomp filter of its own (tests/progs/sc_ownfilter): the
# calls its filter fails with EPERM are all in the trace (counts and errors
# equal strace -f -c's) with the recorder's seccomp prefilter, without it and
# under eBPF; its own SECCOMP_RET_TRACE rule fails the call with ENOSYS as
# untraced (the program prints the same line traced and untraced); a process
# its filter kills has its last call and its death recorded; SECCOMP_RET_TRAP
# calls and their SIGSYS are recorded.
. "$(dirname "$0")/lib.sh"
need strace
need_tools
P="$PROG_DIR/sc_ownfilter"
N=500

# "name calls errors" for getppid and getpgrp.
counts_report() {
	"$REPORT" --format csv -c "$1" |
		awk -F, '$1 == "getppid" || $1 == "getpgrp" {print $1, $2, $3}' | sort
}
# counts_strace SET CMD...: the same from strace -f -c -e trace=SET.
counts_strace() {
	local set=$1
	shift
	strace -f -c -o "$TMP/st.txt" -e trace="$set" "$@" >/dev/null 2>&1
	awk '$NF == "getppid" || $NF == "getpgrp" {print $NF, $4, (NF == 6 ? $5 : 0)}' \
		"$TMP/st.txt" | sort
}

# ownfilter WHAT MODE SET RECORD-OPTIONS...: recorded with -e trace=SET, the
# program's output equals its untraced output and the counts equal strace's.
ownfilter() {
	local what=$1 mode=$2 set=$3
	shift 3
	"$P" "$mode" "$N" >"$TMP/untraced.out" 2>&1
	counts_strace "$set" "$P" "$mode" "$N" >"$TMP/want"
	timeout 120 "$RECORD" -q "$@" -e trace="$set" -o "$TMP/of.trace" -- "$P" "$mode" "$N" \
		>"$TMP/traced.out" 2>"$TMP/rec.err"
	local rc=$?
	check "$what: exit status" 0 "$rc"
	check "$what: the program's results" "$(cat "$TMP/untraced.out")" "$(cat "$TMP/traced.out")"
	check "$what: getppid/getpgrp calls and errors = strace -f -c" \
		"$(tr '\n' ' ' <"$TMP/want")" "$(counts_report "$TMP/of.trace" | tr '\n' ' ')"
}

# The prefilter (-f, a restricted set): both calls traced, or one.
for mode in seccomp prctl fork tsync; do
	ownfilter "$mode, -f -e trace=getppid,getpgrp" "$mode" getppid,getpgrp -f
done
ownfilter "seccomp, -f -e trace=getppid" seccomp getppid -f
ownfilter "fork, -f -e trace=getpgrp" fork getpgrp -f
# Without the prefilter (no -f; --no-seccomp; every call selected).
ownfilter "seccomp, no -f" seccomp getppid,getpgrp
ownfilter "fork, --no-seccomp" fork getppid,getpgrp -f --no-seccomp
ownfilter "tsync, every call" tsync all -f

# SECCOMP_RET_KILL_PROCESS: the child's getppid, then its death by SIGSYS.
kill_case() {
	local what=$1
	shift
	timeout 120 "$RECORD" -q "$@" -f -e trace=getppid -o "$TMP/kill.trace" -- "$P" kill \
		>"$TMP/kill.out" 2>"$TMP/rec.err"
	check "$what: the program saw its child killed" "child: killed by signal 31" "$(cat "$TMP/kill.out")"
	"$REPORT" "$TMP/kill.trace" >"$TMP/kill.txt" 2>&1
	grep -q '^\[pid *[0-9]*\] getppid() = ' "$TMP/kill.txt" ||
		fail "$what: the killed child's getppid is not recorded: $(cat "$TMP/kill.txt")"
	grep -q '^\[pid *[0-9]*\] +++ killed by SIGSYS' "$TMP/kill.txt" ||
		fail "$what: the killed child has no exit record: $(cat "$TMP/kill.txt")"
}
kill_case "kill"

# SECCOMP_RET_TRAP: every trapped call, and its SIGSYS.
timeout 120 "$RECORD" -q -f -e trace=getppid -o "$TMP/trap.trace" -- "$P" trap 7 >"$TMP/trap.out" 2>&1
check "trap: the program's handler ran for each call" "getppid: 7 SIGSYS" "$(cat "$TMP/trap.out")"
"$REPORT" "$TMP/trap.trace" >"$TMP/trap.txt" 2>&1
check "trap: getppid calls recorded" 7 "$(grep -c '^getppid() = ' "$TMP/trap.txt")"
check "trap: SIGSYS deliveries recorded" 7 "$(grep -c '^--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP' "$TMP/trap.txt")"

# The eBPF backend sees raw tracepoints, but the kernel runs seccomp filters
# before the entry tracepoint: the rejected calls must come from their exits.
if timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/probe.trace" -- /bin/true 2>"$TMP/probe.err"; then
	ownfilter "eBPF, fork" fork getppid,getpgrp --backend ebpf -f
	kill_case "eBPF, kill" --backend ebpf
else
	skip "eBPF backend unavailable: $(head -n 1 "$TMP/probe.err")"
fi
finish
