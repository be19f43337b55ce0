#!/bin/bash
# renacer-report on two threads and a child process: "[pid N] " prefixes while
# several threads are traced, and --tid, --pid, --comm filters whose parts add
# up to the whole.
. "$(dirname "$0")/lib.sh"
need_tools

N=20
record_f() {
	"$RECORD" -f -q -o "$1" -- "$PROG_DIR/rpt_threads" "$N" >"$TMP/rec.out" 2>"$TMP/rec.err" ||
		fail "renacer-record -f rpt_threads: $(head -3 "$TMP/rec.err")"
}
record_f "$TMP/th.trace"

"$REPORT" -e trace=getppid "$TMP/th.trace" >"$TMP/ev.txt"
check "report exit status" 0 $?
got=$(grep -cE '^\[pid +[0-9]+\] getppid\(\) = [0-9]+$' "$TMP/ev.txt")
check "getppid lines with a [pid N] prefix (2 threads + child)" $((3 * N)) "$got"
"$REPORT" "$TMP/th.trace" >"$TMP/all.txt"
first=$(head -1 "$TMP/all.txt")
case "$first" in
execve\(*) pass "first line has no prefix: single thread then" ;;
*) fail "first line: '$first'" ;;
esac
check "last line: the process exit, one thread left" "+++ exited with 0 +++" "$(tail -1 "$TMP/all.txt")"

"$REPORT" --format json "$TMP/th.trace" >"$TMP/ev.json"
calls() { "$REPORT" --format json -c "$@" "$TMP/th.trace" |
	python3 -c 'import json,sys; print(sum(r["calls"] for r in json.load(sys.stdin)["syscalls"]))'; }
all=$(calls)
list() { python3 -c '
import json, sys
vals = sorted({str(o[sys.argv[2]]) for o in map(json.loads, open(sys.argv[1]))
               if o["type"] == "syscall" and o.get(sys.argv[2]) is not None})
print(" ".join(vals))' "$TMP/ev.json" "$1"; }
for key in tid pid comm; do
	sum=0
	n=0
	for v in $(list $key); do
		c=$(calls --$key "$v")
		sum=$((sum + c))
		n=$((n + 1))
	done
	check "sum over $n values of --$key = all" "$all" "$sum"
done
[ "$(list pid | wc -w)" -eq 2 ] && pass "two processes" || fail "processes: $(list pid)"
[ "$(list tid | wc -w)" -eq 4 ] && pass "four threads" || fail "threads: $(list tid)"

got=$(calls -e trace=getppid)
check "getppid calls in the summary" $((3 * N)) "$got"
finish
