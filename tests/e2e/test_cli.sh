#!/usr/bin/env bash
# The command-line layer every program shares (spec/cli.md): -V/--version on
# all four, one exit code for an output that cannot be written (4, whatever
# the tool), renacer-diff taking the report's selection options with the
# report's limits (a 65th --comm is refused, never dropped), and -h/--help.
set -u
: "${RENACER_BIN:?}" "${PROG_DIR:?}"
export PATH="$RENACER_BIN:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect CODE DESCRIPTION COMMAND...: runs COMMAND (stdout and stderr to files).
expect() {
	local want=$1 what=$2
	shift 2
	"$@" >"$work/out" 2>"$work/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then ok "$what (exit $got)"; else
		bad "$what: exit $got, wanted $want: $*"
		head -n 5 "$work/err"
	fi
}

version=$(sed -n 's/^project(renacer VERSION \([0-9.]*\).*/\1/p' "${RENACER_SRC:?}/CMakeLists.txt")
for prog in renacer renacer-record renacer-report renacer-diff renacer-pack; do
	for flag in -V --version; do
		expect 0 "$prog $flag" "$prog" "$flag"
		first=$(head -n 1 "$work/out")
		[ "$first" = "$prog $version" ] && ok "$prog $flag: '$first'" ||
			bad "$prog $flag: first line '$first', wanted '$prog $version'"
		grep -qx "trace format: writes 1\.[0-9]*, reads 1\.x" "$work/out" &&
			ok "$prog $flag: trace format line" || bad "$prog $flag: no trace format line"
		grep -qE "^backends: (.* )?ptrace( |$)" "$work/out" &&
			ok "$prog $flag: backends line" || bad "$prog $flag: no 'backends: ... ptrace' line"
		[ -s "$work/err" ] && bad "$prog $flag wrote to stderr: $(cat "$work/err")"
	done
	expect 0 "$prog --help" "$prog" --help
	grep -q "^Usage: $prog " "$work/out" && ok "$prog --help: usage line" ||
		bad "$prog --help: no 'Usage: $prog' line"
	expect 2 "$prog: unknown option" "$prog" --no-such-option
	grep -q "^$prog: .*--no-such-option.* (see $prog --help)$" "$work/err" &&
		ok "$prog: unknown option message" || bad "$prog: unknown option: $(cat "$work/err")"
done

# A trace to report and compare.
renacer-record -q -o "$work/a.trace" -- "$PROG_DIR/rec_known" >/dev/null 2>&1 ||
	bad "recording the test trace failed"

# An output that cannot be written: the same exit code, 4, in every tool.
if [ -w /dev/full ]; then
	expect 4 "renacer-record -o /dev/full" renacer-record -q -o /dev/full -- "$PROG_DIR/rec_known"
	expect 4 "renacer-report > /dev/full" sh -c 'exec renacer-report "$1" >/dev/full' sh "$work/a.trace"
	expect 4 "renacer-report -o /dev/full" renacer-report -c -o /dev/full "$work/a.trace"
	expect 4 "renacer-diff -o /dev/full" renacer-diff -o /dev/full "$work/a.trace" "$work/a.trace"
	expect 4 "renacer-diff > /dev/full" sh -c 'exec renacer-diff "$1" "$1" >/dev/full' sh "$work/a.trace"
	expect 4 "renacer -o /dev/full" renacer -c -o /dev/full -- "$PROG_DIR/rec_known"
	expect 4 "renacer --record /dev/full" renacer -c --record /dev/full -- "$PROG_DIR/rec_known"
else
	echo "skipped: /dev/full is not writable here"
fi
expect 4 "renacer-report -o in a missing directory" renacer-report -o "$work/no/x" "$work/a.trace"
expect 4 "renacer-diff -o in a missing directory" renacer-diff -o "$work/no/x" "$work/a.trace" "$work/a.trace"

# renacer-diff takes the report's selection options, limits and messages.
comms=()
for i in $(seq 1 65); do comms+=(--comm "c$i"); done
expect 2 "renacer-diff: a 65th --comm is refused" renacer-diff "${comms[@]}" "$work/a.trace" "$work/a.trace"
grep -q "^renacer-diff: --comm: at most 64 names" "$work/err" && ok "renacer-diff: --comm limit message" ||
	bad "renacer-diff: --comm limit message: $(cat "$work/err")"
dirs=()
for i in $(seq 1 70); do dirs+=(--debug-dir "$work/d$i"); done
expect 0 "renacer-diff: 70 --debug-dir are all taken" renacer-diff --by source "${dirs[@]}" "$work/a.trace" "$work/a.trace"
expect 0 "renacer-diff --comm selects" renacer-diff --comm rec_known "$work/a.trace" "$work/a.trace"
grep -q "openat" "$work/out" && ok "renacer-diff --comm rec_known keeps its calls" ||
	bad "renacer-diff --comm rec_known: no openat row"
expect 0 "renacer-diff --comm of no thread" renacer-diff --comm nobody "$work/a.trace" "$work/a.trace"
grep -q "openat" "$work/out" && bad "renacer-diff --comm nobody still shows calls" ||
	ok "renacer-diff --comm nobody selects nothing"
expect 0 "renacer-diff --since/--until" renacer-diff --since 0 --until 1000s "$work/a.trace" "$work/a.trace"
expect 2 "renacer-diff: --until before --since" renacer-diff --since 2s --until 1s "$work/a.trace" "$work/a.trace"
expect 2 "renacer-diff: bad --by" renacer-diff --by line "$work/a.trace" "$work/a.trace"
grep -q "^renacer-diff: --by: 'line' is not 'syscall' or 'source' (see renacer-diff --help)$" "$work/err" &&
	ok "renacer-diff: --by message" || bad "renacer-diff --by message: $(cat "$work/err")"
expect 2 "renacer-diff: bad --alpha" renacer-diff --alpha 2 "$work/a.trace" "$work/a.trace"
expect 2 "renacer-diff: bad --format" renacer-diff --format xml "$work/a.trace" "$work/a.trace"

echo "$fails failed"
[ "$fails" -eq 0 ]
