#!/usr/bin/env bash
# The command-line layer every program shares (spec/cli.md): -V/--version on
# all four, one exit code for an output that cannot be written (4, whatever
# the tool), renacer-diff taking the report's selection options with the
# report's limits (a 65th --comm is refused, never dropped), and -h/--help.
. "$(dirname "$0")/lib.sh"
export PATH="$RENACER_BIN:$PATH"

version=$(sed -n 's/^project(renacer VERSION \([0-9.]*\).*/\1/p' "$RENACER_SRC/CMakeLists.txt")
for prog in renacer renacer-record renacer-report renacer-diff renacer-pack; do
	for flag in -V --version; do
		expect 0 "$prog $flag" "$prog" "$flag"
		first=$(head -n 1 "$TMP/out")
		[ "$first" = "$prog $version" ] && pass "$prog $flag: '$first'" ||
			fail "$prog $flag: first line '$first', wanted '$prog $version'"
		grep -qx "trace format: writes 1\.[0-9]*, reads 1\.x" "$TMP/out" &&
			pass "$prog $flag: trace format line" || fail "$prog $flag: no trace format line"
		grep -qE "^backends: (.* )?ptrace( |$)" "$TMP/out" &&
			pass "$prog $flag: backends line" || fail "$prog $flag: no 'backends: ... ptrace' line"
		[ -s "$TMP/err" ] && fail "$prog $flag wrote to stderr: $(cat "$TMP/err")"
	done
	expect 0 "$prog --help" "$prog" --help
	grep -q "^Usage: $prog " "$TMP/out" && pass "$prog --help: usage line" ||
		fail "$prog --help: no 'Usage: $prog' line"
	expect 2 "$prog: unknown option" "$prog" --no-such-option
	grep -q "^$prog: .*--no-such-option.* (see $prog --help)$" "$TMP/err" &&
		pass "$prog: unknown option message" || fail "$prog: unknown option: $(cat "$TMP/err")"
done

# A trace to report and compare.
renacer-record -q -o "$TMP/a.trace" -- "$PROG_DIR/rec_known" >/dev/null 2>&1 ||
	fail "recording the test trace failed"

# An output that cannot be written: the same exit code, 4, in every tool.
if [ -w /dev/full ]; then
	expect 4 "renacer-record -o /dev/full" renacer-record -q -o /dev/full -- "$PROG_DIR/rec_known"
	expect 4 "renacer-report > /dev/full" sh -c 'exec renacer-report "$1" >/dev/full' sh "$TMP/a.trace"
	expect 4 "renacer-report -o /dev/full" renacer-report -c -o /dev/full "$TMP/a.trace"
	expect 4 "renacer-diff -o /dev/full" renacer-diff -o /dev/full "$TMP/a.trace" "$TMP/a.trace"
	expect 4 "renacer-diff > /dev/full" sh -c 'exec renacer-diff "$1" "$1" >/dev/full' sh "$TMP/a.trace"
	expect 4 "renacer -o /dev/full" renacer -c -o /dev/full -- "$PROG_DIR/rec_known"
	expect 4 "renacer --record /dev/full" renacer -c --record /dev/full -- "$PROG_DIR/rec_known"
else
	skip "/dev/full is not writable here"
fi
expect 4 "renacer-report -o in a missing directory" renacer-report -o "$TMP/no/x" "$TMP/a.trace"
expect 4 "renacer-diff -o in a missing directory" renacer-diff -o "$TMP/no/x" "$TMP/a.trace" "$TMP/a.trace"

# renacer-diff takes the report's selection options, limits and messages.
comms=()
for i in $(seq 1 65); do comms+=(--comm "c$i"); done
expect 2 "renacer-diff: a 65th --comm is refused" renacer-diff "${comms[@]}" "$TMP/a.trace" "$TMP/a.trace"
grep -q "^renacer-diff: --comm: at most 64 names" "$TMP/err" && pass "renacer-diff: --comm limit message" ||
	fail "renacer-diff: --comm limit message: $(cat "$TMP/err")"
dirs=()
for i in $(seq 1 70); do dirs+=(--debug-dir "$TMP/d$i"); done
expect 0 "renacer-diff: 70 --debug-dir are all taken" renacer-diff --by source "${dirs[@]}" "$TMP/a.trace" "$TMP/a.trace"
expect 0 "renacer-diff --comm selects" renacer-diff --comm rec_known "$TMP/a.trace" "$TMP/a.trace"
grep -q "openat" "$TMP/out" && pass "renacer-diff --comm rec_known keeps its calls" ||
	fail "renacer-diff --comm rec_known: no openat row"
expect 0 "renacer-diff --comm of no thread" renacer-diff --comm nobody "$TMP/a.trace" "$TMP/a.trace"
grep -q "openat" "$TMP/out" && fail "renacer-diff --comm nobody still shows calls" ||
	pass "renacer-diff --comm nobody selects nothing"
expect 0 "renacer-diff --since/--until" renacer-diff --since 0 --until 1000s "$TMP/a.trace" "$TMP/a.trace"
expect 2 "renacer-diff: --until before --since" renacer-diff --since 2s --until 1s "$TMP/a.trace" "$TMP/a.trace"
expect 2 "renacer-diff: bad --by" renacer-diff --by line "$TMP/a.trace" "$TMP/a.trace"
grep -q "^renacer-diff: --by: 'line' is not 'syscall' or 'source' (see renacer-diff --help)$" "$TMP/err" &&
	pass "renacer-diff: --by message" || fail "renacer-diff --by message: $(cat "$TMP/err")"
expect 2 "renacer-diff: bad --alpha" renacer-diff --alpha 2 "$TMP/a.trace" "$TMP/a.trace"
expect 2 "renacer-diff: bad --format" renacer-diff --format xml "$TMP/a.trace" "$TMP/a.trace"

finish
