#!/bin/bash
# status= applied at record time (renacer-record -e status=..., renacer live)
# keeps exactly the calls the same status= keeps at report time, with one
# rule: a successful execve is "successful" (strace prints it), exit_group is
# "unfinished".
. "$(dirname "$0")/lib.sh"
RENACER="$RENACER_BIN/renacer"

# The names of the calls in event lines (pointers differ between runs).
names() {
	grep -v '^+++\|^---' "$1" | sed 's/^\[pid *[0-9]*\] //; s/(.*//' | sort
}

"$RECORD" -q -f -o "$TMP/all.trace" -- "$PROG_DIR/rec_known" || fail "recording everything"
for st in successful failed unfinished '!successful' 'failed,unfinished'; do
	"$RECORD" -q -f -e "status=$st" -o "$TMP/st.trace" -- "$PROG_DIR/rec_known" ||
		fail "recording with status=$st"
	"$REPORT" "$TMP/st.trace" >"$TMP/rec.txt" 2>"$TMP/err.txt" || fail "report of status=$st"
	"$REPORT" -e "status=$st" "$TMP/all.trace" >"$TMP/rep.txt" || fail "report -e status=$st"
	if ! diff <(names "$TMP/rec.txt") <(names "$TMP/rep.txt") >"$TMP/d.txt"; then
		fail "status=$st at record time differs from report time: $(head -5 "$TMP/d.txt")"
	fi
	[ -s "$TMP/rec.txt" ] || fail "status=$st recorded nothing"
done
"$RECORD" -q -f -e status=unfinished -o "$TMP/unf.trace" -- "$PROG_DIR/rec_known"
"$REPORT" "$TMP/unf.trace" >"$TMP/unf.txt"
[ "$(names "$TMP/unf.txt")" = "exit_group" ] ||
	fail "status=unfinished should keep only exit_group: $(cat "$TMP/unf.txt")"

# The live front end, as strace: both execve lines are successful.
"$RENACER" -f -e trace=execve -e status=successful -- /bin/sh -c "$PROG_DIR/rec_known" \
	>"$TMP/live.txt" 2>&1 || fail "renacer -e status=successful"
got=$(grep -c 'execve(.*) = 0$' "$TMP/live.txt")
[ "$got" = 2 ] || fail "renacer -f -e trace=execve -e status=successful: $got execve lines, want 2: $(cat "$TMP/live.txt")"
if command -v strace >/dev/null; then
	want=$(strace -f -qq -e trace=execve -e status=successful -- /bin/sh -c "$PROG_DIR/rec_known" 2>&1 |
		grep -c 'execve(.*) = 0$')
	[ "$got" = "$want" ] || fail "strace prints $want execve lines, renacer $got"
fi
"$RENACER" -f -e trace=execve -e status=unfinished -- /bin/sh -c "$PROG_DIR/rec_known" \
	>"$TMP/live2.txt" 2>&1 || fail "renacer -e status=unfinished"
grep -q 'execve' "$TMP/live2.txt" && fail "a successful execve is not unfinished: $(cat "$TMP/live2.txt")"
finish
