# Threads renamed after their first calls (prctl(PR_SET_NAME),
# pthread_setname_np of itself and of another thread, a write to
# /proc/self/comm): each call after a rename carries the new name, as the
# kernel's task comm says, under both backends (rename records,
# spec/format.md 5.4), in a recorded trace, live, and through the flight
# recorder; the SQLite export's threads keep their last name. Before rename
# records both kept the name of first sight.
. "$(dirname "$0")/lib.sh"
need jq python3
need_tools "$RECORD" "$REPORT" "$RENACER_BIN/renacer"
want='getpid rn-main
getppid rn-self
getuid rn-other
getgid rn-proc'
# names FILE: "syscall comm" of the marker calls in JSON events FILE.
names() { jq -r 'select(.type == "syscall") | "\(.syscall) \(.comm)"' "$1"; }
sel=trace=getpid,getppid,getuid,getgid

pick_backends
for b in $BACKENDS; do
	"$RECORD" --backend "$b" -q -o "$TMP/rn.$b.trace" -- "$PROG_DIR/rec_rename" ||
		fail "$b: renacer-record rec_rename"
	"$REPORT" --format json -e "$sel" "$TMP/rn.$b.trace" >"$TMP/rn.$b.json" ||
		fail "$b: renacer-report"
	check "$b: each marker call has its thread's name of the moment" "$want" \
		"$(names "$TMP/rn.$b.json")"
	"$REPORT" --format sqlite -q -o "$TMP/rn.$b.db" "$TMP/rn.$b.trace" ||
		fail "$b: renacer-report --format sqlite"
	check "$b: SQLite threads, last names" "rn-other
rn-proc" "$(python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (c,) in db.execute("SELECT comm FROM threads ORDER BY comm"): print(c)' "$TMP/rn.$b.db")"
	"$RENACER_BIN/renacer" --backend "$b" --format json -e "$sel" -- "$PROG_DIR/rec_rename" \
		>"$TMP/live.$b.json" 2>/dev/null || fail "$b: renacer rec_rename"
	check "$b: live, the same names" "$want" "$(names "$TMP/live.$b.json")"
	"$RECORD" --backend "$b" -q --ring 64M -o "$TMP/ring.$b.trace" -- "$PROG_DIR/rec_rename" ||
		fail "$b: renacer-record --ring"
	"$REPORT" --format json -e "$sel" "$TMP/ring.$b.trace" >"$TMP/ring.$b.json" ||
		fail "$b: renacer-report of the ring"
	check "$b: --ring, the same names" "$want" "$(names "$TMP/ring.$b.json")"
done
finish
