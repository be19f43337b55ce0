#!/bin/bash
# test_decode_vs_strace.sh - the event lines of renacer-report must be the lines
# strace prints for the same program: decode_families makes one call of each
# decoded family between two marker opens; both outputs are cut to that region,
# strace's column alignment is removed and addresses (8+ hex digits) become ADDR,
# then the two must be identical line for line.
set -u
BIN=${RENACER_BIN:?RENACER_BIN not set}
PROG=${PROG_DIR:?PROG_DIR not set}/decode_families
command -v strace >/dev/null || { echo "strace is not installed"; exit 1; }
[ -x "$BIN/renacer-record" ] && [ -x "$BIN/renacer-report" ] || {
	echo "renacer-record or renacer-report missing in $BIN"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

region() {
	sed -n '/"\/decode-e2e-start"/,/"\/decode-e2e-end"/p' "$1" |
		sed -E 's/\) +=/) =/; s/0x[0-9a-f]{8,}/ADDR/g'
}

strace -o "$work/strace.out" "$PROG" "$work" || { echo "strace run failed"; exit 1; }
"$BIN/renacer-record" -q -o "$work/t.trace" -- "$PROG" "$work" ||
	{ echo "renacer-record failed"; exit 1; }
"$BIN/renacer-report" "$work/t.trace" >"$work/report.out" ||
	{ echo "renacer-report failed"; exit 1; }

region "$work/strace.out" >"$work/want"
region "$work/report.out" >"$work/got"
n=$(wc -l <"$work/want")
if [ "$n" -lt 50 ]; then
	echo "strace region has only $n lines: the markers were not found"
	cat "$work/strace.out"
	exit 1
fi
if ! diff -u "$work/want" "$work/got"; then
	echo "FAIL: renacer-report lines differ from strace (- strace, + renacer)"
	exit 1
fi
echo "ok: $n lines identical to strace"
