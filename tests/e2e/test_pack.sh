#!/bin/bash
# renacer-pack: records a program whose debug information is in a separate
# file (found through .gnu_debuglink), packs the trace's modules, deletes the
# program and its debug file, and renacer-report --pack still attributes the
# calls to the right file:line. Also: the pack's layout (a zstd tar keyed by
# build-id, as spec/pack.md says), damaged or hostile packs refused, the pack
# written by the output-file rule, and nothing left behind by a kill of
# renacer-pack or of a report using a pack.
. "$(dirname "$0")/lib.sh"
need_tools
PACK="$RENACER_BIN/renacer-pack"
need_tools "$PACK"

# The program, its debug information split off, linked by .gnu_debuglink.
mkdir -p "$TMP/app"
cp "$PROG_DIR/out_bytes" "$TMP/app/app"
objcopy --only-keep-debug "$TMP/app/app" "$TMP/app/app.debug"
objcopy --strip-debug --add-gnu-debuglink="$TMP/app/app.debug" "$TMP/app/app"
LINE=$(marker_line out_bytes.c OUT_BYTES_WRITE)
record "$TMP/t.trace" "$TMP/app/app" || { finish; exit 1; }
src() { "$REPORT" -q --source -e trace=write "$@" "$TMP/t.trace" | grep -o '\[.*\]$'; }
# The file name as the program was compiled: absolute in a plain build,
# relative in a package build (dpkg-buildflags' -ffile-prefix-map).
WANT=$(src --debug-dir "$TMP/app")
case "$WANT" in
*"/tests/progs/out_bytes.c:$LINE in main]") pass "before packing (debug file given by --debug-dir): write at its line" ;;
*) fail "before packing (debug file given by --debug-dir): write at its line: want '[.../tests/progs/out_bytes.c:$LINE in main]', got '$WANT'" ;;
esac

"$PACK" -o "$TMP/t.pack" "$TMP/t.trace" 2>"$TMP/pack.err"
check "renacer-pack exit status" 0 $?
grep -q "renacer-pack: $TMP/t.pack: " "$TMP/pack.err" && pass "pack summary line" ||
	fail "pack summary: $(cat "$TMP/pack.err")"
check "pack mode" 600 "$(stat -c %a "$TMP/t.pack")"

# The layout: a zstd-compressed tar, MANIFEST first, members by build-id.
bid=$(readelf -n "$TMP/app/app" | awk '/Build ID/ {print $3}')
zstd -dc <"$TMP/t.pack" >"$TMP/t.tar" 2>/dev/null || fail "the pack is not a zstd stream"
tar -tf "$TMP/t.tar" >"$TMP/list.txt" || fail "the pack is not a tar archive"
check "first member" MANIFEST "$(head -1 "$TMP/list.txt")"
check "the program by build-id" 1 "$(grep -cx ".build-id/${bid:0:2}/${bid:2}" "$TMP/list.txt")"
check "its debug file by build-id" 1 "$(grep -cx ".build-id/${bid:0:2}/${bid:2}.debug" "$TMP/list.txt")"
check "manifest names the debug file" 1 \
	"$(tar -xOf "$TMP/t.tar" MANIFEST | grep -c "^debug .build-id/${bid:0:2}/${bid:2}.debug $TMP/app/app.debug$")"
got=$(tar -tf "$TMP/t.tar" | grep -c 'vdso\|^\.build-id/../[0-9a-f]*$')
[ "$got" -ge 2 ] && pass "program and libraries packed ($got files)" || fail "only $got module files"

# On the dev box: no program, no debug file.
rm -f "$TMP/app/app" "$TMP/app/app.debug"
got=$(src)
[ "$got" != "$WANT" ] && pass "without the pack: no file:line ($got)" ||
	fail "the deleted program still gave file:line"
check "with --pack: write attributed to its line" "$WANT" "$(src --pack "$TMP/t.pack")"
left=$(ls -d "${TMPDIR:-/tmp}"/renacer-pack.* 2>/dev/null | wc -l)
"$REPORT" -q --pack "$TMP/t.pack" -c "$TMP/t.trace" >/dev/null
check "extracted pack removed after the report" "$left" "$(ls -d "${TMPDIR:-/tmp}"/renacer-pack.* 2>/dev/null | wc -l)"

# Bad packs: a clear error, exit 2.
head -c 3000 "$TMP/t.pack" >"$TMP/cut.pack"
"$REPORT" -q --pack "$TMP/cut.pack" "$TMP/t.trace" >/dev/null 2>"$TMP/err.txt"
check "cut pack: exit status" 2 $?
grep -q "renacer-report: --pack $TMP/cut.pack: .*cut short\|renacer-report: --pack $TMP/cut.pack" "$TMP/err.txt" &&
	pass "cut pack: message names it" || fail "cut pack message: $(cat "$TMP/err.txt")"
mkdir -p "$TMP/evil"
echo x >"$TMP/evil/passwd"
(cd "$TMP/evil" && tar --format=ustar -cf - ../evil/passwd 2>/dev/null | zstd -q >"$TMP/evil.pack")
"$REPORT" -q --pack "$TMP/evil.pack" "$TMP/t.trace" >/dev/null 2>"$TMP/err.txt"
check "pack with a path outside the layout: exit status" 2 $?
grep -q "refused" "$TMP/err.txt" && pass "hostile member refused" || fail "hostile pack: $(cat "$TMP/err.txt")"
"$PACK" -o "$TMP/x.pack" "$TMP/nonexistent.trace" 2>/dev/null
check "renacer-pack on a missing trace: exit status" 2 $?

# The pack is written as every output file (spec/cli.md "Output files"): a link of
# our own is followed (and stays), the file replaced is 0600 whatever it was.
echo old >"$TMP/real.pack"
chmod 644 "$TMP/real.pack"
ln -s real.pack "$TMP/link.pack"
"$PACK" -q -o "$TMP/link.pack" "$TMP/t.trace"
check "renacer-pack -o LINK-OF-OURS: exit status" 0 $?
[ -L "$TMP/link.pack" ] && zstd -t -q "$TMP/real.pack" && pass "the link of our own was followed, the link kept" ||
	fail "renacer-pack -o LINK: $(ls -l "$TMP/link.pack" "$TMP/real.pack")"
check "the replaced pack is 0600" 600 "$(stat -c %a "$TMP/real.pack")"
check "no temporary file left" 0 "$(ls -a "$TMP" | grep -c '\.tmp-')"

# Killed while writing: no temporary file, no pack. The module is the program with
# 2 GiB of hole after its end (same build-id), so packing it takes long enough.
mkdir -p "$TMP/big"
cp "$PROG_DIR/out_bytes" "$TMP/big/app"
truncate -s +2G "$TMP/big/app"
record "$TMP/big.trace" "$TMP/big/app" || fail "recording the padded program"
"$PACK" -q -o "$TMP/big.pack" "$TMP/big.trace" &
pp=$!
bg_pids="$pp"
for _ in $(seq 200); do ls -a "$TMP" | grep -q '^big\.pack\.tmp-' && break; sleep 0.05; done
ls -a "$TMP" | grep -q '^big\.pack\.tmp-' && pass "renacer-pack writes a temporary file first" ||
	fail "renacer-pack made no temporary file"
kill -TERM "$pp"
wait "$pp"
check "renacer-pack ended by SIGTERM" 143 $?
check "SIGTERM left no pack and no temporary file" "" "$(ls -a "$TMP" | grep '^big\.pack')"

# A report killed while using the pack removes the directory it extracted it to.
# The trace to report is one that takes long (3 million calls).
"$RENACER_BIN/tests/mk_hostile" bomb "$TMP/long.trace" 3000000 || fail "mk_hostile bomb"
mkdir -p "$TMP/tmpdir"
for sig in TERM INT; do
	# (env: a background job of a script would otherwise start with SIGINT ignored)
	TMPDIR="$TMP/tmpdir" env --default-signal=INT "$REPORT" -q -c --pack "$TMP/t.pack" "$TMP/long.trace" >/dev/null 2>&1 &
	rp=$!
	bg_pids="$rp"
	for _ in $(seq 200); do ls "$TMP"/tmpdir/renacer-pack.*/MANIFEST >/dev/null 2>&1 && break; sleep 0.05; done
	ls "$TMP"/tmpdir/renacer-pack.*/MANIFEST >/dev/null 2>&1 && pass "SIG$sig: the pack is extracted while the report runs" ||
		fail "SIG$sig: no extracted pack seen"
	kill -"$sig" "$rp"
	wait "$rp"
	st=$?
	[ "$sig" = TERM ] && check "SIGTERM ends the report" 143 "$st"
	[ "$sig" = INT ] && check "SIGINT stops the report (what was read is reported)" 130 "$st"
	check "SIG$sig: no extracted pack left" "" "$(ls -A "$TMP/tmpdir")"
	rm -rf "$TMP"/tmpdir/*
done
finish
