#!/bin/bash
# A non-leader thread that calls execve: the old leader is "superseded by
# execve in pid TID" (TID: the executing thread's own tid), as strace says,
# not "exited", in live output, from a recorded trace, and in JSON.
. "$(dirname "$0")/record_common.sh"
RENACER="$RENACER_BIN/renacer"
REPORT="$RENACER_BIN/renacer-report"

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

"$RENACER" -f -e trace=execve,exit_group -- "$P/rec_execthread" >"$T/live.txt" 2>&1 ||
	fail "renacer on rec_execthread"
check_lines "renacer" "$T/live.txt"
"$R" -q -f -o "$T/x.trace" -- "$P/rec_execthread" || fail "renacer-record on rec_execthread"
"$REPORT" -e trace=execve,exit_group "$T/x.trace" >"$T/rep.txt" 2>&1 || fail "renacer-report"
check_lines "renacer-report" "$T/rep.txt"
"$REPORT" --format json -e trace=execve "$T/x.trace" >"$T/rep.json" || fail "renacer-report json"
grep -q '"type":"exit".*"superseded_by":[0-9]' "$T/rep.json" ||
	fail "json: no superseded_by: $(grep '"exit"' "$T/rep.json")"
if command -v strace >/dev/null; then
	strace -f -qq -e trace=execve -- "$P/rec_execthread" >/dev/null 2>"$T/strace.txt"
	grep -q '+++ superseded by execve in pid [0-9]* +++' "$T/strace.txt" ||
		fail "strace does not print the superseded line: $(cat "$T/strace.txt")"
fi
finish
