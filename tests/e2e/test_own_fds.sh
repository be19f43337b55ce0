#!/bin/bash
# The traced program sees exactly the descriptors it would see untraced:
# every descriptor of ours (the trace, -o FILE, the SQLite database) is
# close-on-exec, under each front end and mode.
. "$(dirname "$0")/lib.sh"
RENACER="$RENACER_BIN/renacer"
cd "$TMP" || exit 1

# The program's own list of descriptors, from whatever it printed.
fds() {
	grep -E '^[0-9]+ -> ' "$1" | sort
}

# (the same file name for every run: stdout and stderr show in the list)
"$PROG_DIR/rec_listfds" >"$TMP/run.txt" 2>&1 || fail "rec_listfds untraced"
fds "$TMP/run.txt" >"$TMP/want.txt"
[ -s "$TMP/want.txt" ] || fail "rec_listfds printed no descriptor"

check_mode() {
	local what="$1"
	shift
	"$@" >"$TMP/run.txt" 2>&1 || fail "$what: exit $?"
	if ! diff "$TMP/want.txt" <(fds "$TMP/run.txt") >"$TMP/d.txt"; then
		fail "$what: the program's descriptors differ from an untraced run: $(tr '\n' ' ' <"$TMP/d.txt")"
	fi
}

for seccomp in "" --no-seccomp; do
	for follow in "" -f; do
		m="$follow $seccomp"
		check_mode "renacer $m" "$RENACER" $follow $seccomp -- "$PROG_DIR/rec_listfds"
		check_mode "renacer -o FILE $m" "$RENACER" $follow $seccomp -o "$TMP/out.txt" -- "$PROG_DIR/rec_listfds"
		check_mode "renacer -c -o FILE $m" "$RENACER" $follow $seccomp -c -o "$TMP/out.txt" -- "$PROG_DIR/rec_listfds"
		check_mode "renacer --record FILE $m" "$RENACER" $follow $seccomp --record "$TMP/r.trace" -o "$TMP/out.txt" -- "$PROG_DIR/rec_listfds"
		check_mode "renacer --format sqlite $m" "$RENACER" $follow $seccomp --format sqlite -o "$TMP/out.db" -- "$PROG_DIR/rec_listfds"
		check_mode "renacer-record -o FILE $m" "$RECORD" -q $follow $seccomp -o "$TMP/x.trace" -- "$PROG_DIR/rec_listfds"
		check_mode "renacer-record --no-stack $m" "$RECORD" -q $follow $seccomp --no-stack -o "$TMP/y.trace" -- "$PROG_DIR/rec_listfds"
	done
done
finish
