#!/bin/bash
# Output files (spec/cli.md "Output files"): created 0600 through a temporary
# file beside the target, no link owned by another user followed, devices
# written in place, a killed recorder's trace still readable, temporary
# files of a killed export removed.
. "$(dirname "$0")/lib.sh"
RENACER="$RENACER_BIN/renacer"
DIFF="$RENACER_BIN/renacer-diff"
MK="$RENACER_BIN/tests/mk_hostile"
cd "$TMP" || exit 1
umask 022

mode_of() { stat -c %a "$1" 2>/dev/null; }
leftovers() { ls "$TMP" | grep -c '\.tmp-'; }

"$RECORD" -q -o "$TMP/a.trace" -- "$PROG_DIR/rec_known" || fail "renacer-record"
[ "$(mode_of a.trace)" = 600 ] || fail "renacer-record -o: mode $(mode_of a.trace), want 600"
"$RENACER" --record "$TMP/b.trace" -o "$TMP/live.txt" -- "$PROG_DIR/rec_known" || fail "renacer --record"
[ "$(mode_of b.trace)" = 600 ] || fail "renacer --record: mode $(mode_of b.trace)"
[ "$(mode_of live.txt)" = 600 ] || fail "renacer -o: mode $(mode_of live.txt)"
"$REPORT" -c -o "$TMP/rep.txt" a.trace || fail "renacer-report -o"
[ "$(mode_of rep.txt)" = 600 ] || fail "renacer-report -o: mode $(mode_of rep.txt)"
grep -q "^Total" rep.txt || fail "renacer-report -o wrote no summary"
"$REPORT" --format sqlite -o "$TMP/a.db" a.trace || fail "renacer-report --format sqlite"
[ "$(mode_of a.db)" = 600 ] || fail "sqlite export: mode $(mode_of a.db)"
"$DIFF" -o "$TMP/diff.txt" a.trace b.trace || fail "renacer-diff -o"
[ "$(mode_of diff.txt)" = 600 ] || fail "renacer-diff -o: mode $(mode_of diff.txt)"
# Replacing a file gives the new one mode 0600 too.
chmod 644 rep.txt
"$REPORT" -c -o "$TMP/rep.txt" a.trace || fail "renacer-report -o over a file"
[ "$(mode_of rep.txt)" = 600 ] || fail "renacer-report -o over a 0644 file: mode $(mode_of rep.txt)"
[ "$(leftovers)" = 0 ] || fail "temporary files left: $(ls "$TMP" | grep '\.tmp-')"

# Devices are written in place (and not replaced).
"$REPORT" -c -o /dev/null a.trace || fail "renacer-report -o /dev/null"
[ -c /dev/null ] || fail "/dev/null is no longer a device"

# A link of our own is followed; the link stays.
ln -s rep.txt mine
"$REPORT" -o mine a.trace || fail "renacer-report -o LINK-OF-OURS"
[ -L mine ] && grep -q "openat(" rep.txt || fail "the link of our own was not followed"

# A link owned by another user is refused by every program, the target untouched.
if [ "$(id -u)" = 0 ]; then
	echo precious >victim
	ln -s victim planted
	chown -h nobody planted
	for cmd in "$RECORD -q -o planted -- $PROG_DIR/rec_known" "$RENACER -o planted -- $PROG_DIR/rec_known" \
		"$RENACER --record planted -- $PROG_DIR/rec_known" "$REPORT -o planted a.trace" \
		"$REPORT --format sqlite -o planted a.trace" "$DIFF -o planted a.trace b.trace" \
		"$RENACER_BIN/renacer-pack -q -o planted a.trace"; do
		$cmd >/dev/null 2>"$TMP/err.txt" && fail "$cmd: followed a link owned by nobody"
		grep -q "planted is a symbolic link owned by uid $(id -u nobody), not by you" "$TMP/err.txt" ||
			fail "$cmd: no clear refusal: $(cat "$TMP/err.txt")"
		[ "$(cat victim)" = precious ] || fail "$cmd: overwrote the link's target"
	done
else
	skip "a link owned by another user needs root to be made"
fi

# kill -9 of the recorder: its temporary file is the trace, readable.
"$RECORD" -q -o "$TMP/k.trace" -- "$PROG_DIR/rec_loop" "$TMP/beat" 150 & # ends by itself after 3 s
rp=$!
bg_pids="$rp"
for _ in $(seq 100); do [ "$(beats "$TMP/beat")" -ge 10 ] && break; sleep 0.1; done
sleep 1.2 # more than a chunk's flush interval
kill -KILL "$rp"
wait "$rp" 2>/dev/null
tmp=$(ls "$TMP" | grep '^k\.trace\.tmp-' | head -1)
[ -n "$tmp" ] || fail "kill -9: no temporary trace left: $(ls "$TMP")"
[ -n "$tmp" ] && { "$REPORT" -c "$TMP/$tmp" >"$TMP/k.txt" 2>"$TMP/k.err" ||
	fail "kill -9: the prefix is unreadable: $(head -3 "$TMP/k.err")"; }
grep -q "^write " "$TMP/k.txt" || fail "kill -9: the prefix holds no write call: $(head -5 "$TMP/k.txt")"

# SIGTERM during an SQLite export leaves no temporary file (the target untouched).
"$MK" bomb "$TMP/big.trace" 3000000 || fail "mk_hostile bomb"
"$REPORT" --format sqlite -o "$TMP/big.db" "$TMP/big.trace" 2>/dev/null &
xp=$!
for _ in $(seq 100); do ls "$TMP" | grep -q '^big\.db\.tmp-' && break; sleep 0.05; done
ls "$TMP" | grep -q '^big\.db\.tmp-' || fail "the export made no temporary file"
kill -TERM "$xp"
wait "$xp"
[ $? = 143 ] || fail "the export was not ended by SIGTERM"
ls "$TMP" | grep -q '^big\.db' && fail "SIGTERM left $(ls "$TMP" | grep '^big\.db')"
finish
