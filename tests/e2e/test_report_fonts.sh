#!/bin/bash
# renacer-report on a program that opens N files one by one in load_all_fonts():
# N openat lines attributed to rpt_fonts.c at the open() line, in text, the
# per-source summary, and the JSON and CSV exports (the seed's jq commands).
. "$(dirname "$0")/lib.sh"
need_tools

N=25
LINE=$(marker_line rpt_fonts.c RPT_FONTS_OPEN)
mkdir -p "$TMP/fonts"
for i in $(seq 0 $((N - 1))); do echo "font $i" >"$TMP/fonts/font$i.ttf"; done
record "$TMP/fonts.trace" "$PROG_DIR/rpt_fonts" "$TMP/fonts" "$N" || { finish; exit 1; }

# Event lines with --source, exactly as the seed shows them.
"$REPORT" --source -s 256 -e trace=openat "$TMP/fonts.trace" >"$TMP/ev.txt" 2>"$TMP/ev.err"
check "report exit status" 0 $?
got=$(grep -c '\.ttf' "$TMP/ev.txt")
check "openat lines for .ttf files" "$N" "$got"
for i in 0 7 $((N - 1)); do
	want="openat(AT_FDCWD, \"$TMP/fonts/font$i.ttf\", O_RDONLY) = 3   ["
	if ! grep -qF "$want" "$TMP/ev.txt"; then
		fail "no line starting '$want'"
	fi
done
got=$(grep '\.ttf' "$TMP/ev.txt" | grep -c "rpt_fonts\.c:$LINE in load_all_fonts\]$")
check "lines attributed to rpt_fonts.c:$LINE in load_all_fonts" "$N" "$got"

# -T and -ttt keep the strace shapes.
"$REPORT" -T -ttt -e trace=openat "$TMP/fonts.trace" >"$TMP/ttt.txt"
got=$(grep -cE '^[0-9]{10}\.[0-9]{6} openat\(.*font[0-9]+\.ttf", O_RDONLY\) = 3 <[0-9]+\.[0-9]{6}>$' "$TMP/ttt.txt")
check "-T -ttt openat lines" "$N" "$got"

# The per-source summary: one openat row from load_all_fonts with N calls.
"$REPORT" -c --source -e trace=openat "$TMP/fonts.trace" >"$TMP/sum.txt"
check "summary exit status" 0 $?
got=$(grep -E "^openat +$N " "$TMP/sum.txt" | grep -c "rpt_fonts\.c:$LINE in load_all_fonts")
check "summary row openat $N calls at rpt_fonts.c:$LINE" 1 "$got"

# JSON summary: the seed's jq commands run unchanged.
"$REPORT" --format json -c --source "$TMP/fonts.trace" >"$TMP/perf.json"
check "json summary exit status" 0 $?
if command -v jq >/dev/null; then
	got=$(jq '.syscalls | sort_by(.duration_ns) | reverse | .[0:10] | length' "$TMP/perf.json")
	[ -n "$got" ] && [ "$got" -ge 1 ] && pass "seed jq top-10 ($got rows)" || fail "seed jq top-10: '$got'"
	jq '.syscalls[] | select(.p99_ms / .p50_ms > 10) | {name, p50_ms, p99_ms}' \
		"$TMP/perf.json" >/dev/null 2>"$TMP/jq.err"
	check "seed jq outlier query exit status" 0 $?
	got=$(jq -r '.syscalls[] | select(.name == "openat") | .sources[]
		| select(.function == "load_all_fonts") | "\(.calls) \(.line)"' "$TMP/perf.json")
	check "json openat source row" "$N $LINE" "$got"
else
	python3 - "$TMP/perf.json" "$N" "$LINE" <<'PY' || fail "json summary (python check)"
import json, sys
d = json.load(open(sys.argv[1]))
rows = sorted(d["syscalls"], key=lambda r: r["duration_ns"], reverse=True)[0:10]
assert rows, "no rows"
src = [s for r in d["syscalls"] if r["name"] == "openat" for s in r["sources"]
       if s["function"] == "load_all_fonts"]
assert len(src) == 1 and src[0]["calls"] == int(sys.argv[2]) and src[0]["line"] == int(sys.argv[3]), src
PY
fi

# CSV events parse with Python's csv module; the source columns are filled.
"$REPORT" --format csv -s 256 -e trace=openat "$TMP/fonts.trace" >"$TMP/ev.csv"
python3 - "$TMP/ev.csv" "$N" "$LINE" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
ttf = [r for r in rows if ".ttf" in r["args"]]
assert len(ttf) == int(sys.argv[2]), len(ttf)
for r in ttf:
    assert r["syscall"] == "openat" and r["return"] == "3" and r["errno"] == "", r
    assert r["source_line"] == sys.argv[3] and r["source_function"] == "load_all_fonts", r
    assert r["source_file"].endswith("rpt_fonts.c"), r
    int(r["duration_ns"]); int(r["pid"]); float(r["timestamp"])
PY
check "csv events parse and carry the source" 0 $?

# CSV summary with --source parses too.
"$REPORT" --format csv -c --source "$TMP/fonts.trace" >"$TMP/sum.csv"
python3 - "$TMP/sum.csv" "$N" "$LINE" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
hit = [r for r in rows if r["syscall"] == "openat" and r["source_function"] == "load_all_fonts"]
assert len(hit) == 1 and hit[0]["calls"] == sys.argv[2] and hit[0]["source_line"] == sys.argv[3], hit
PY
check "csv summary parses with the source row" 0 $?

# NDJSON events: one object per line.
"$REPORT" --format json -e trace=openat "$TMP/fonts.trace" >"$TMP/ev.json"
python3 - "$TMP/ev.json" "$N" "$LINE" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
ttf = [o for o in objs if o.get("type") == "syscall" and ".ttf" in o["args"][1]]
assert len(ttf) == int(sys.argv[2]), len(ttf)
assert all(o["source"]["line"] == int(sys.argv[3]) and o["source"]["function"] == "load_all_fonts" for o in ttf)
assert all(o["ret"] == 3 and o["errno"] is None and o["duration_ns"] >= 0 for o in ttf)
PY
check "ndjson events" 0 $?
finish
