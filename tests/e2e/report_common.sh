# report_common.sh - helpers shared by the renacer-report end-to-end tests
# (sourced; not a test itself). Needs RENACER_BIN, RENACER_SRC and PROG_DIR.

set -u
: "${RENACER_BIN:?RENACER_BIN must name the build directory}"
: "${RENACER_SRC:?RENACER_SRC must name the source directory}"
: "${PROG_DIR:?PROG_DIR must name the test program directory}"

# Descriptors inherited from the test runner would shift the traced programs'
# fd numbers (openat would return 4, not 3): close all but stdio (and bash's
# own script descriptor, 255).
for fd in $(ls /proc/$$/fd); do
	if [ "$fd" -gt 2 ] && [ "$fd" -ne 255 ]; then
		eval "exec $fd>&-" 2>/dev/null
	fi
done

RECORD="$RENACER_BIN/renacer-record"
REPORT="$RENACER_BIN/renacer-report"
FAILS=0
TMP=$(mktemp -d /tmp/renacer-report-e2e.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

pass() {
	echo "ok: $*"
}

# check NAME WANT GOT: compares two values.
check() {
	if [ "$2" = "$3" ]; then
		pass "$1 ($3)"
	else
		fail "$1: want '$2', got '$3'"
	fi
}

need_tools() {
	for t in "$RECORD" "$REPORT"; do
		if [ ! -x "$t" ]; then
			echo "FAIL: $t is not built" >&2
			exit 1
		fi
	done
}

# The line of a marker comment in a test program's source.
marker_line() {
	grep -n "$2" "$RENACER_SRC/tests/progs/$1" | head -1 | cut -d: -f1
}

# record TRACE CMD...: records CMD into TRACE (strings up to 256 bytes).
record() {
	local trace=$1
	shift
	if ! "$RECORD" -q -s 256 -o "$trace" -- "$@" >"$TMP/record.out" 2>"$TMP/record.err"; then
		fail "renacer-record $*: exit $? ($(head -3 "$TMP/record.err"))"
		return 1
	fi
}

finish() {
	if [ "$FAILS" -ne 0 ]; then
		echo "$FAILS check(s) failed" >&2
		exit 1
	fi
	echo "all checks passed"
}
