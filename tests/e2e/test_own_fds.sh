#!/bin/bash
# The traced program sees exactly the descriptors it would see untraced:
# every descriptor of ours (the trace, -o FILE, the SQLite database) is
# close-on-exec, under each front end and mode.
. "$(dirname "$0")/record_common.sh"
RENACER="$RENACER_BIN/renacer"
cd "$T" || exit 1

# The program's own list of descriptors, from whatever it printed.
fds() {
	grep -E '^[0-9]+ -> ' "$1" | sort
}

# (the same file name for every run: stdout and stderr show in the list)
"$P/rec_listfds" >"$T/run.txt" 2>&1 || fail "rec_listfds untraced"
fds "$T/run.txt" >"$T/want.txt"
[ -s "$T/want.txt" ] || fail "rec_listfds printed no descriptor"

check_mode() {
	local what="$1"
	shift
	"$@" >"$T/run.txt" 2>&1 || fail "$what: exit $?"
	if ! diff "$T/want.txt" <(fds "$T/run.txt") >"$T/d.txt"; then
		fail "$what: the program's descriptors differ from an untraced run: $(tr '\n' ' ' <"$T/d.txt")"
	fi
}

for seccomp in "" --no-seccomp; do
	for follow in "" -f; do
		m="$follow $seccomp"
		check_mode "renacer $m" "$RENACER" $follow $seccomp -- "$P/rec_listfds"
		check_mode "renacer -o FILE $m" "$RENACER" $follow $seccomp -o "$T/out.txt" -- "$P/rec_listfds"
		check_mode "renacer -c -o FILE $m" "$RENACER" $follow $seccomp -c -o "$T/out.txt" -- "$P/rec_listfds"
		check_mode "renacer --record FILE $m" "$RENACER" $follow $seccomp --record "$T/r.trace" -o "$T/out.txt" -- "$P/rec_listfds"
		check_mode "renacer --format sqlite $m" "$RENACER" $follow $seccomp --format sqlite -o "$T/out.db" -- "$P/rec_listfds"
		check_mode "renacer-record -o FILE $m" "$R" -q $follow $seccomp -o "$T/x.trace" -- "$P/rec_listfds"
		check_mode "renacer-record --no-stack $m" "$R" -q $follow $seccomp --no-stack -o "$T/y.trace" -- "$P/rec_listfds"
	done
done
finish
