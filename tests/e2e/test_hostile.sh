#!/bin/bash
# Hostile traces (written by tests/fuzz/mk_hostile): the report's memory is
# bounded by what the file holds, damage is reported once per region with a
# cap, a module path or a debug file naming a FIFO never blocks the
# symbolizer, and a decompression bomb is announced and stays interruptible.
. "$(dirname "$0")/lib.sh"
MK="$RENACER_BIN/tests/mk_hostile"
asan=0
ldd "$REPORT" 2>/dev/null | grep -q libasan && asan=1

# limited MAXKB SECS OUT ERR CMD...: runs CMD with its address space capped
# (unless sanitized: ASan reserves terabytes) and a time limit; prints
# "EXIT MAXRSS_KB".
limited() {
	python3 - "$asan" "$@" <<'PY'
import resource, subprocess, sys
asan, maxkb, secs, out, err, cmd = sys.argv[1] == "1", int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6:]
def cap():
    if not asan:
        resource.setrlimit(resource.RLIMIT_AS, (maxkb * 1024 * 4, maxkb * 1024 * 4))
with open(out, "wb") as o, open(err, "wb") as e:
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=o, stderr=e, preexec_fn=cap, timeout=secs)
        rc = r.returncode
    except subprocess.TimeoutExpired:
        rc = "timeout"
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}

# 4097 stack definitions with ids climbing by 2^20 to 2^32-1 (a 10 KB file).
"$MK" stacks "$TMP/stacks.trace" || fail "mk_hostile stacks"
read -r rc kb < <(limited 262144 60 "$TMP/out" "$TMP/err" "$REPORT" -c "$TMP/stacks.trace")
[ "$rc" = 0 ] || fail "renacer-report -c on sparse stack ids: exit $rc: $(head -3 "$TMP/err")"
[ "$asan" = 1 ] || [ "$kb" -lt 131072 ] || fail "sparse stack ids: ${kb} KB of memory for a 10 KB trace"
grep -q "^getpid *4097 " "$TMP/out" || fail "sparse stack ids: the 4097 calls are not summarised: $(cat "$TMP/out")"

# 16 MiB of repeated chunk magic: one damaged region, reported once (the first
# chunk starts after the 264-byte header of mk_hostile's trace).
"$MK" magic "$TMP/magic.trace" 16384 || fail "mk_hostile magic"
read -r rc kb < <(limited 262144 120 "$TMP/out" "$TMP/err" "$REPORT" -c "$TMP/magic.trace")
[ "$rc" = 0 ] || fail "renacer-report -c on repeated chunk magic: exit $rc"
n=$(wc -l <"$TMP/err")
[ "$n" -le 3 ] || fail "repeated chunk magic: $n lines of warnings: $(head -3 "$TMP/err")"
grep -q "damaged region from offset 264 to .* skipped" "$TMP/err" ||
	fail "repeated chunk magic: no summary of the damaged region: $(head -3 "$TMP/err")"

# A module path naming a FIFO: the symbolizer opens only regular files and
# never blocks, whatever the output.
mkfifo "$TMP/fifo"
"$MK" module "$TMP/fifo.trace" "$TMP/fifo" || fail "mk_hostile module"
for args in "--source" "-c --source" "--format json --source" "--format csv --source" \
	"--format sqlite -o $TMP/fifo.db"; do
	read -r rc kb < <(limited 262144 30 "$TMP/out" "$TMP/err" "$REPORT" $args "$TMP/fifo.trace")
	[ "$rc" = 0 ] || fail "renacer-report $args on a module that is a FIFO: exit $rc: $(head -3 "$TMP/err")"
done

# A FIFO planted where a debug file is looked up: in a --debug-dir (by name
# and in its .build-id tree) for a stripped program, and where the
# supplementary file (dwz, .gnu_debugaltlink) of a program's DWARF lies. The
# report finishes with the usual warning instead of blocking in open().
mkdir -p "$TMP/dbg/dd"
cp "$PROG_DIR/rec_known" "$TMP/dbg/stripped" && strip "$TMP/dbg/stripped" || fail "strip"
bid=$(readelf -n "$TMP/dbg/stripped" | sed -n 's/.*Build ID: //p')
mkdir -p "$TMP/dbg/dd/.build-id/${bid:0:2}"
mkfifo "$TMP/dbg/dd/.build-id/${bid:0:2}/${bid:2}.debug" "$TMP/dbg/dd/.build-id/${bid:0:2}/${bid:2}" \
	"$TMP/dbg/dd/stripped.debug"
"$RECORD" -q -o "$TMP/dbg/stripped.trace" -- "$TMP/dbg/stripped" >/dev/null 2>&1 || fail "record stripped"
read -r rc kb < <(limited 262144 30 "$TMP/out" "$TMP/err" "$REPORT" -c --source --debug-dir "$TMP/dbg/dd" \
	"$TMP/dbg/stripped.trace")
[ "$rc" = 0 ] || fail "FIFOs as .debug files in --debug-dir: exit $rc: $(head -3 "$TMP/err")"
grep -q "stripped: no debug info (build-id $bid): functions only" "$TMP/err" ||
	fail "FIFOs as .debug files: no missing-debug warning: $(cat "$TMP/err")"
if command -v dwz >/dev/null; then
	cp "$PROG_DIR/rec_known" "$TMP/dbg/p1" && cp "$PROG_DIR/rec_known" "$TMP/dbg/p2"
	dwz -m "$TMP/dbg/alt.debug" -M "$TMP/dbg/alt.debug" "$TMP/dbg/p1" "$TMP/dbg/p2" || fail "dwz"
	"$RECORD" -q -o "$TMP/dbg/p1.trace" -- "$TMP/dbg/p1" >/dev/null 2>&1 || fail "record p1"
	mkdir -p "$TMP/dbg/alt" && mv "$TMP/dbg/alt.debug" "$TMP/dbg/alt/" && mkfifo "$TMP/dbg/alt.debug"
	read -r rc kb < <(limited 262144 30 "$TMP/out" "$TMP/err" "$REPORT" -c --source "$TMP/dbg/p1.trace")
	[ "$rc" = 0 ] || fail "a FIFO as the dwz file: exit $rc: $(head -3 "$TMP/err")"
	grep -q "p1: its debug info needs $TMP/dbg/alt.debug (.gnu_debugaltlink), which is not a regular file" \
		"$TMP/err" || fail "a FIFO as the dwz file: no warning: $(cat "$TMP/err")"
	# The real file in a --debug-dir: found by build-id, source lines back.
	read -r rc kb < <(limited 262144 30 "$TMP/out" "$TMP/err" "$REPORT" -c --source \
		--debug-dir "$TMP/dbg/alt" "$TMP/dbg/p1.trace")
	[ "$rc" = 0 ] || fail "the dwz file in --debug-dir: exit $rc: $(head -3 "$TMP/err")"
	grep -q "rec_known.c:[0-9]* in known_calls" "$TMP/out" ||
		fail "the dwz file in --debug-dir: no source lines: $(head -5 "$TMP/out") $(cat "$TMP/err")"
else
	skip "dwz is not installed (scripts/setup.sh installs it): the supplementary-file case"
fi

# A decompression bomb: 5 million calls from a few KB. -c says how many
# calls it expands; SIGINT ends the event listing promptly, with whole lines
# and the summary of what was read.
"$MK" bomb "$TMP/bomb.trace" 5000000 || fail "mk_hostile bomb"
size=$(stat -c %s "$TMP/bomb.trace")
[ "$size" -lt 20000 ] || fail "the bomb is $size bytes"
"$REPORT" -c "$TMP/bomb.trace" >"$TMP/out" 2>"$TMP/err" || fail "renacer-report -c on the bomb"
grep -q "^getpid *5000000 " "$TMP/out" || fail "bomb: the 5000000 calls are not summarised"
grep -q "bomb.trace: 5000000 calls read from $size bytes of trace" "$TMP/err" ||
	fail "bomb: -c does not say how many calls it expanded: $(cat "$TMP/err")"
python3 - "$REPORT" "$TMP/bomb.trace" "$TMP/out" "$TMP/err" <<'PY' || fail "bomb: SIGINT did not end the listing cleanly"
import os, signal, subprocess, sys, time
report, trace, out, err = sys.argv[1:]
with open(out, "wb") as o, open(err, "wb") as e:
    p = subprocess.Popen([report, trace], stdout=o, stderr=e)
    for _ in range(200):
        time.sleep(0.05)
        if os.path.getsize(out) > 100000:
            break
    p.send_signal(signal.SIGINT)
    try:
        rc = p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        sys.exit("SIGINT did not stop renacer-report within 20 s")
data = open(out, "rb").read()
msgs = open(err).read()
if rc != 130:
    sys.exit("exit %d after SIGINT, want 130: %s" % (rc, msgs))
if not data.endswith(b"= 0\n") or b"interrupted after" not in msgs.encode():
    sys.exit("output does not end on a whole line or no note: %r / %s" % (data[-40:], msgs))
PY
# renacer-diff on JSON that is not a renacer summary: a clear message, no raw
# control bytes echoed, no parse of a file larger than any summary.
DIFF="$RENACER_BIN/renacer-diff"
"$RECORD" -q -o "$TMP/ok.trace" -- "$PROG_DIR/rec_known" || fail "renacer-record"
printf '[{"format":"renacer-summary/1"}]\n' >"$TMP/array.json"
printf '\357\273\277{"format":"renacer-summary/1","syscalls":[]}\n' >"$TMP/bom.json"
printf '{"format":"renacer-summary/1","syscalls":[{"name":"\\u001b]0;owned\\u0007x"}]}\n' >"$TMP/ctl.json"
printf '{' >"$TMP/huge.json"
truncate -s 100M "$TMP/huge.json"
for f in array:"it is a JSON array" bom:"byte-order mark" ctl:'unknown syscall "\x1b]0;owned\x07x"' \
	huge:"larger than any renacer JSON summary"; do
	name=${f%%:*}
	want=${f#*:}
	read -r rc kb < <(limited 262144 30 "$TMP/out" "$TMP/err" "$DIFF" "$TMP/$name.json" "$TMP/ok.trace")
	[ "$rc" = 2 ] || fail "renacer-diff on $name.json: exit $rc, want 2: $(head -2 "$TMP/err" | cat -v)"
	grep -qF "$want" "$TMP/err" || fail "renacer-diff on $name.json: no '$want': $(cat -v "$TMP/err")"
	grep -q "bad magic" "$TMP/err" && fail "renacer-diff on $name.json: called it a trace: $(cat "$TMP/err")"
	LC_ALL=C grep -q "$(printf '[\001-\010\016-\037]')" "$TMP/err" &&
		fail "renacer-diff on $name.json: raw control bytes on stderr: $(cat -v "$TMP/err")"
done
# The same cap on a stream (standard input, a pipe): 100 MB of JSON piped in
# is refused after 64 MiB, with that much memory at most.
stream_json() {
	printf '{"format":"renacer-summary/1","syscalls":['
	yes '{"name":"read","calls":1},' | head -c 100000000
}
export -f stream_json
for how in "- $TMP/ok.trace" "$TMP/ok.trace /dev/stdin"; do
	read -r rc kb < <(limited 262144 60 "$TMP/out" "$TMP/err" bash -c "stream_json | \"$DIFF\" $how")
	[ "$rc" = 2 ] || fail "renacer-diff $how on a 100 MB JSON stream: exit $rc, want 2: $(head -2 "$TMP/err")"
	grep -q "more than 64 MiB: larger than any renacer JSON summary" "$TMP/err" ||
		fail "renacer-diff $how on a 100 MB JSON stream: $(head -2 "$TMP/err")"
	[ "$asan" = 1 ] || [ "$kb" -lt 262144 ] || fail "renacer-diff $how: ${kb} KB of memory for a JSON stream"
done
finish
