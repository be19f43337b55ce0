#!/bin/bash
# renacer-report on a parser that reads 7 bytes per read(): one line per read,
# strace style with the data read, attributed to parse_line.
. "$(dirname "$0")/lib.sh"
need_tools

LINE=$(marker_line rpt_parser.c RPT_PARSER_READ)
for i in 1 2 3 4 5 6 7 8 9; do printf 'line %d\n' "$i"; done >"$TMP/input.txt"
record "$TMP/parse.trace" "$PROG_DIR/rpt_parser" "$TMP/input.txt" || { finish; exit 1; }

"$REPORT" --source -e trace=read "$TMP/parse.trace" >"$TMP/ev.txt"
check "report exit status" 0 $?
grep 'in parse_line\]$' "$TMP/ev.txt" >"$TMP/parse.txt"
got=$(grep -c . "$TMP/parse.txt")
check "reads from parse_line (9 lines + EOF)" 10 "$got"
for i in 1 5 9; do
	want="read(3, \"line $i\\n\", 7) = 7   ["
	grep -qF "$want" "$TMP/parse.txt" && pass "line for 'line $i'" || fail "no line '$want'"
done
got=$(grep -cE "= 7   \[.*rpt_parser\.c:$LINE in parse_line\]$" "$TMP/parse.txt")
check "7-byte reads at rpt_parser.c:$LINE" 9 "$got"
got=$(grep -cF 'read(3, "", 7) = 0   [' "$TMP/parse.txt")
check "final read at end of file" 1 "$got"

# The per-source summary has the parse_line row with 10 calls.
"$REPORT" --format json -c --source -e trace=read "$TMP/parse.trace" >"$TMP/sum.json"
got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(s["calls"] for r in d["syscalls"] if r["name"] == "read"
          for s in r["sources"] if s["function"] == "parse_line"))' "$TMP/sum.json")
check "json summary parse_line read calls" 10 "$got"
finish
