#!/bin/bash
# renacer-report on a logger that fsyncs after every entry: N fsync lines from
# log_request at the fsync() line, a summary whose counts equal strace -f -c,
# and filters whose parts add up to the whole.
. "$(dirname "$0")/lib.sh"
need_tools

N=40
LINE=$(marker_line rpt_logger.c RPT_LOGGER_FSYNC)
record "$TMP/log.trace" "$PROG_DIR/rpt_logger" "$TMP/app.log" "$N" || { finish; exit 1; }

"$REPORT" --source -e trace=fsync "$TMP/log.trace" >"$TMP/ev.txt"
check "report exit status" 0 $?
got=$(grep -cE "^fsync\(3\) = 0   \[.*rpt_logger\.c:$LINE in log_request\]$" "$TMP/ev.txt")
check "fsync lines from log_request" "$N" "$got"
got=$(grep -c . "$TMP/ev.txt")
check "lines in the fsync listing (fsyncs + exit)" $((N + 1)) "$got"
check "exit line" "+++ exited with 0 +++" "$(tail -1 "$TMP/ev.txt")"

# Summary counts against strace -f -c on the same program.
"$REPORT" --format json -c "$TMP/log.trace" >"$TMP/sum.json"
python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["syscalls"]:
    print(r["name"], r["calls"], r["errors"])' "$TMP/sum.json" | sort >"$TMP/ours.txt"
if command -v strace >/dev/null; then
	strace -f -c -o "$TMP/strace.txt" "$PROG_DIR/rpt_logger" "$TMP/app2.log" "$N" >/dev/null
	awk '$1 ~ /^[0-9.]+$/ && $NF != "total" {
		if (NF == 6) print $6, $4, $5; else if (NF == 5) print $5, $4, 0
	}' "$TMP/strace.txt" | sort >"$TMP/theirs.txt"
	if diff "$TMP/theirs.txt" "$TMP/ours.txt" >"$TMP/diff.txt"; then
		pass "per-syscall calls and errors equal strace -f -c"
	else
		fail "counts differ from strace -f -c: $(cat "$TMP/diff.txt")"
	fi
fi
got=$(grep '^fsync ' "$TMP/ours.txt")
check "fsync summary row" "fsync $N 0" "$got"

# Text summary: the seed's header and an fsync row with N calls.
"$REPORT" -c -e trace=fsync "$TMP/log.trace" >"$TMP/sum.txt"
check "summary header" "System Call Summary:" "$(head -1 "$TMP/sum.txt")"
got=$(grep -cE "^fsync +$N +0 " "$TMP/sum.txt")
check "text summary fsync row" 1 "$got"

# Parts add up: trace=fsync + trace=!fsync, and --since/--until halves.
calls() { "$REPORT" --format json -c "$@" "$TMP/log.trace" |
	python3 -c 'import json,sys; print(sum(r["calls"] for r in json.load(sys.stdin)["syscalls"]))'; }
all=$(calls)
a=$(calls -e trace=fsync)
b=$(calls -e 'trace=!fsync')
check "trace=fsync + trace=!fsync = all" "$all" "$((a + b))"
a=$(calls -e status=successful)
b=$(calls -e status=failed)
check "status=successful + status=failed = all" "$all" "$((a + b))"
mid=$("$REPORT" --format json -e trace=fsync "$TMP/log.trace" |
	python3 -c 'import json,sys; o=[json.loads(l) for l in sys.stdin if "\"syscall\"" in l]; print(o[len(o)//2]["rel_ns"])')
a=$(calls --until "${mid}ns")
b=$(calls --since "${mid}ns")
check "--until T + --since T = all" "$all" "$((a + b))"
[ "$a" -gt 0 ] && [ "$b" -gt 0 ] && pass "both halves non-empty" || fail "a half is empty ($a, $b)"
finish
