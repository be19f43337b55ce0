#!/bin/bash
# renacer-report on a system call made from a shared library: attributed to
# the library's function and line; with --skip-module on that library, to the
# caller in the program.
. "$(dirname "$0")/lib.sh"
need_tools

N=4
LIBLINE=$(marker_line librptlib.c RPT_LIB_ACCESS)
CALLLINE=$(marker_line rpt_dsocall.c RPT_DSOCALL_CALL)
record "$TMP/lib.trace" "$PROG_DIR/rpt_dsocall" "$N" || { finish; exit 1; }

"$REPORT" --source -e trace=access "$TMP/lib.trace" >"$TMP/ev.txt"
check "report exit status" 0 $?
want='access("/nonexistent/rpt-libcall", F_OK) = -1 ENOENT (No such file or directory)   ['
got=$(grep -F "$want" "$TMP/ev.txt" | grep -c "librptlib\.c:$LIBLINE in rptlib_probe\]$")
check "access lines attributed to librptlib.c:$LIBLINE in rptlib_probe" "$N" "$got"

"$REPORT" --source --skip-module 'librptlib*' -e trace=access "$TMP/lib.trace" >"$TMP/skip.txt"
got=$(grep -F "$want" "$TMP/skip.txt" | grep -c "rpt_dsocall\.c:$CALLLINE in probe_all\]$")
check "with --skip-module: attributed to rpt_dsocall.c:$CALLLINE in probe_all" "$N" "$got"

# Errors are counted in the summary: every access call of the listing (the
# dynamic loader probes /etc/ld.so.preload too) failed.
M=$(grep -c '^access(' "$TMP/ev.txt")
FAILED=$(grep -c '^access(.* = -1 ENOENT' "$TMP/ev.txt")
check "every access call failed" "$M" "$FAILED"
"$REPORT" -c -e trace=access "$TMP/lib.trace" >"$TMP/sum.txt"
got=$(grep -cE "^access +$M +$M " "$TMP/sum.txt")
check "summary access row: $M calls, $M errors" 1 "$got"
"$REPORT" -c -e status=failed -e trace=access "$TMP/lib.trace" >"$TMP/failed.txt"
got=$(grep -cE "^access +$M +$M " "$TMP/failed.txt")
check "status=failed keeps the failing access calls" 1 "$got"
"$REPORT" --format json -c --source -e trace=access "$TMP/lib.trace" >"$TMP/sum.json"
got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join("%d/%d" % (s["calls"], s["errors"]) for r in d["syscalls"]
      for s in r["sources"] if s["function"] == "rptlib_probe"))' "$TMP/sum.json")
check "json summary row for rptlib_probe" "$N/$N" "$got"
finish
