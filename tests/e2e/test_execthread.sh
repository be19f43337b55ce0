#!/bin/bash
# A non-leader thread that calls execve: the old leader is "superseded by
# execve in pid TID" (TID: the executing thread's own tid), as strace says,
# not "exited", in live output, from a recorded trace, and in JSON; under
# both backends (eBPF: from sched_process_exit, where the kernel's exec in
# progress names the thread; its path and argv from the kernel's copy when the
# old program's pages were not resident).
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

pick_backends
for b in $BACKENDS; do
	"$RENACER" --backend "$b" -f -e trace=execve,exit_group -- "$PROG_DIR/rec_execthread" \
		>"$TMP/live.$b.txt" 2>&1 || fail "$b: renacer on rec_execthread"
	check_lines "$b: renacer" "$TMP/live.$b.txt"
	"$RECORD" --backend "$b" -q -f -o "$TMP/x.$b.trace" -- "$PROG_DIR/rec_execthread" ||
		fail "$b: renacer-record on rec_execthread"
	"$REPORT" -e trace=execve,exit_group "$TMP/x.$b.trace" >"$TMP/rep.$b.txt" 2>&1 ||
		fail "$b: renacer-report"
	check_lines "$b: renacer-report" "$TMP/rep.$b.txt"
	# The thread's execve as the program made it: path and argv.
	check "$b: the thread's execve" 1 \
		"$(grep -c 'execve("/bin/true", \["true"\], 0x[0-9a-f]* /\* [0-9]* vars\? \*/) = 0$' "$TMP/rep.$b.txt")"
	"$REPORT" --format json -e trace=execve "$TMP/x.$b.trace" >"$TMP/rep.$b.json" ||
		fail "$b: renacer-report json"
	grep -q '"type":"exit".*"superseded_by":[0-9]' "$TMP/rep.$b.json" ||
		fail "$b: json: no superseded_by: $(grep '"exit"' "$TMP/rep.$b.json")"
done
if command -v strace >/dev/null; then
	strace -f -qq -e trace=execve -- "$PROG_DIR/rec_execthread" >/dev/null 2>"$TMP/strace.txt"
	grep -q '+++ superseded by execve in pid [0-9]* +++' "$TMP/strace.txt" ||
		fail "strace does not print the superseded line: $(cat "$TMP/strace.txt")"
fi
finish
