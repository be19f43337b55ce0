#!/bin/bash
# The dev-box scenario: record a program, then split its debug info off
# (objcopy --only-keep-debug) and strip it. With --debug-dir holding the debug
# file the report gives the same source lines; without it, one warning naming
# the module and --debug-dir, and module+offset frames, never a wrong line.
# Linked by .gnu_debuglink, the debug file is found without --debug-dir (beside
# the binary or in its .debug/ folder; /usr/lib/debug/DIR in test_sym_find).
. "$(dirname "$0")/lib.sh"
need_tools

N=5
LINE=$(marker_line rpt_fonts.c RPT_FONTS_OPEN)
mkdir -p "$TMP/fonts" "$TMP/bin" "$TMP/debug"
for i in $(seq 0 $((N - 1))); do echo "font $i" >"$TMP/fonts/font$i.ttf"; done
cp "$PROG_DIR/rpt_fonts" "$TMP/bin/rpt_fonts"
record "$TMP/app.trace" "$TMP/bin/rpt_fonts" "$TMP/fonts" "$N" || { finish; exit 1; }

"$REPORT" --source -s 256 -e trace=openat "$TMP/app.trace" >"$TMP/before.txt" 2>"$TMP/before.err"
got=$(grep '\.ttf' "$TMP/before.txt" | grep -c "rpt_fonts\.c:$LINE in load_all_fonts\]$")
check "before stripping: attributed lines" "$N" "$got"

objcopy --only-keep-debug "$TMP/bin/rpt_fonts" "$TMP/debug/rpt_fonts.debug" || fail "objcopy"
strip "$TMP/bin/rpt_fonts" || fail "strip"
if readelf -S "$TMP/bin/rpt_fonts" | grep -q debug_line; then
	fail "the stripped binary still has .debug_line"
fi

"$REPORT" --source -s 256 --debug-dir "$TMP/debug" -e trace=openat "$TMP/app.trace" \
	>"$TMP/with.txt" 2>"$TMP/with.err"
check "with --debug-dir: exit status" 0 $?
if diff "$TMP/before.txt" "$TMP/with.txt" >"$TMP/diff.txt"; then
	pass "with --debug-dir: same output as before stripping"
else
	fail "with --debug-dir the output differs: $(head -5 "$TMP/diff.txt")"
fi

"$REPORT" --source -s 256 -e trace=openat "$TMP/app.trace" >"$TMP/without.txt" 2>"$TMP/without.err"
check "without --debug-dir: exit status" 0 $?
got=$(grep -c 'rpt_fonts' "$TMP/without.err")
check "one warning naming the module" 1 "$got"
grep -q -- '--debug-dir' "$TMP/without.err" && pass "the warning says to pass --debug-dir" ||
	fail "the warning does not mention --debug-dir: $(cat "$TMP/without.err")"
got=$(grep '\.ttf' "$TMP/without.txt" | grep -cE "   \[[^]]*rpt_fonts\+0x[0-9a-f]+\)?\]$")
check "without --debug-dir: module+offset frames" "$N" "$got"
got=$(grep -c 'rpt_fonts\.c:' "$TMP/without.txt")
check "without --debug-dir: no source line claimed" 0 "$got"

# Linked by .gnu_debuglink (objcopy --add-gnu-debuglink): the report finds the
# debug file by itself beside the binary, then in its .debug/ subdirectory.
objcopy --add-gnu-debuglink="$TMP/debug/rpt_fonts.debug" "$TMP/bin/rpt_fonts" || fail "objcopy --add-gnu-debuglink"
mv "$TMP/debug/rpt_fonts.debug" "$TMP/bin/"
for where in bin bin/.debug; do
	mkdir -p "$TMP/$where"
	[ "$where" = bin ] || mv "$TMP/bin/rpt_fonts.debug" "$TMP/$where/"
	"$REPORT" --source -s 256 -e trace=openat "$TMP/app.trace" >"$TMP/link.txt" 2>"$TMP/link.err"
	check ".gnu_debuglink, debug file in $where/: exit status" 0 $?
	if diff "$TMP/before.txt" "$TMP/link.txt" >"$TMP/diff.txt"; then
		pass ".gnu_debuglink, debug file in $where/: same output as before stripping, no --debug-dir"
	else
		fail ".gnu_debuglink, debug file in $where/: output differs: $(head -5 "$TMP/diff.txt")"
	fi
	check ".gnu_debuglink, debug file in $where/: no warning" "" "$(cat "$TMP/link.err")"
done
# The named file, but another program's debug information: not taken.
objcopy --only-keep-debug "$PROG_DIR/rpt_parser" "$TMP/bin/.debug/rpt_fonts.debug" || fail "objcopy"
"$REPORT" --source -s 256 -e trace=openat "$TMP/app.trace" >"$TMP/link.txt" 2>/dev/null
check ".gnu_debuglink to another build's file: no source line claimed" 0 "$(grep -c 'rpt_fonts\.c:' "$TMP/link.txt")"
finish
