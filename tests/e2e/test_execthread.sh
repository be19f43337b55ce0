#!/bin/bash
# A non-leader thread that calls execve: the old leader is "superseded by
# execve in pid TID" (TID: the executing thread's own tid), as strace says,
# not "exited", in live output, from a recorded trace, and in JSON.
. "$(dirname "$0")/lib.sh"
RENACER="$RENACER_BIN/renacer"

check_lines() {
	local what="$1" file="$2"
	local sup
	sup=$(grep -c '+++ superseded by execve in pid [0-9]* +++$' "$file")
	[ "$sup" = 1 ] || fail "$what: $sup superseded lines, want 1: $(cat "$file")"
	# Before the second execve, nothing exited.
	awk '/execve\("\/bin\/true"/ { exit } /exited with/ { bad = 1 } END { exit bad }' "$file" ||
		fail "$what: an exit is reported before the thread's execve: $(cat "$file")"
	local leader by
	leader=$(sed -n 's/^\[pid *\([0-9]*\)\] +++ superseded.*/\1/p' "$file")
	by=$(sed -n 's/.*superseded by execve in pid \([0-9]*\) +++$/\1/p' "$file")
	[ -n "$by" ] && [ "$by" != "$leader" ] || fail "$what: superseded by $by, leader $leader"
}

"$RENACER" -f -e trace=execve,exit_group -- "$PROG_DIR/rec_execthread" >"$TMP/live.txt" 2>&1 ||
	fail "renacer on rec_execthread"
check_lines "renacer" "$TMP/live.txt"
"$RECORD" -q -f -o "$TMP/x.trace" -- "$PROG_DIR/rec_execthread" || fail "renacer-record on rec_execthread"
"$REPORT" -e trace=execve,exit_group "$TMP/x.trace" >"$TMP/rep.txt" 2>&1 || fail "renacer-report"
check_lines "renacer-report" "$TMP/rep.txt"
"$REPORT" --format json -e trace=execve "$TMP/x.trace" >"$TMP/rep.json" || fail "renacer-report json"
grep -q '"type":"exit".*"superseded_by":[0-9]' "$TMP/rep.json" ||
	fail "json: no superseded_by: $(grep '"exit"' "$TMP/rep.json")"
if command -v strace >/dev/null; then
	strace -f -qq -e trace=execve -- "$PROG_DIR/rec_execthread" >/dev/null 2>"$TMP/strace.txt"
	grep -q '+++ superseded by execve in pid [0-9]* +++' "$TMP/strace.txt" ||
		fail "strace does not print the superseded line: $(cat "$TMP/strace.txt")"
fi
finish
