#!/bin/bash
# status= applied at record time (renacer-record -e status=..., renacer live)
# keeps exactly the calls the same status= keeps at report time, with one
# rule: a successful execve is "successful" (strace prints it), exit_group is
# "unfinished".
. "$(dirname "$0")/record_common.sh"
REPORT="$RENACER_BIN/renacer-report"
RENACER="$RENACER_BIN/renacer"

# The names of the calls in event lines (pointers differ between runs).
names() {
	grep -v '^+++\|^---' "$1" | sed 's/^\[pid *[0-9]*\] //; s/(.*//' | sort
}

"$R" -q -f -o "$T/all.trace" -- "$P/rec_known" || fail "recording everything"
for st in successful failed unfinished '!successful' 'failed,unfinished'; do
	"$R" -q -f -e "status=$st" -o "$T/st.trace" -- "$P/rec_known" ||
		fail "recording with status=$st"
	"$REPORT" "$T/st.trace" >"$T/rec.txt" 2>"$T/err.txt" || fail "report of status=$st"
	"$REPORT" -e "status=$st" "$T/all.trace" >"$T/rep.txt" || fail "report -e status=$st"
	if ! diff <(names "$T/rec.txt") <(names "$T/rep.txt") >"$T/d.txt"; then
		fail "status=$st at record time differs from report time: $(head -5 "$T/d.txt")"
	fi
	[ -s "$T/rec.txt" ] || fail "status=$st recorded nothing"
done
"$R" -q -f -e status=unfinished -o "$T/unf.trace" -- "$P/rec_known"
"$REPORT" "$T/unf.trace" >"$T/unf.txt"
[ "$(names "$T/unf.txt")" = "exit_group" ] ||
	fail "status=unfinished should keep only exit_group: $(cat "$T/unf.txt")"

# The live front end, as strace: both execve lines are successful.
"$RENACER" -f -e trace=execve -e status=successful -- /bin/sh -c "$P/rec_known" \
	>"$T/live.txt" 2>&1 || fail "renacer -e status=successful"
got=$(grep -c 'execve(.*) = 0$' "$T/live.txt")
[ "$got" = 2 ] || fail "renacer -f -e trace=execve -e status=successful: $got execve lines, want 2: $(cat "$T/live.txt")"
if command -v strace >/dev/null; then
	want=$(strace -f -qq -e trace=execve -e status=successful -- /bin/sh -c "$P/rec_known" 2>&1 |
		grep -c 'execve(.*) = 0$')
	[ "$got" = "$want" ] || fail "strace prints $want execve lines, renacer $got"
fi
"$RENACER" -f -e trace=execve -e status=unfinished -- /bin/sh -c "$P/rec_known" \
	>"$T/live2.txt" 2>&1 || fail "renacer -e status=unfinished"
grep -q 'execve' "$T/live2.txt" && fail "a successful execve is not unfinished: $(cat "$T/live2.txt")"
finish
