#!/bin/bash
# --format sqlite as the command lines offer it: renacer-report needs -o FILE
# and leaves an earlier export alone when the trace cannot be read; -c/-C do not
# change the rows; --overhead-correct, --source, -S and the filters reach the
# database; signals; a truncated trace; a failed write (file size limit) keeps
# the previous file. The one-shot renacer checks -o FILE before the program
# runs and writes the same rows as renacer-report on its --record trace.
. "$(dirname "$0")/lib.sh"
need_tools
RENACER="$RENACER_BIN/renacer"

N=20
LINE=$(marker_line rpt_fonts.c RPT_FONTS_OPEN)
mkdir -p "$TMP/fonts"
for i in $(seq 0 $((N - 1))); do echo "font $i" >"$TMP/fonts/font$i.ttf"; done
# ptrace: the export's times are overhead-corrected by its calibration (eBPF has none)
"$RECORD" --backend ptrace -q -s 256 -o "$TMP/fonts.trace" -- "$PROG_DIR/rpt_fonts" "$TMP/fonts" $((N + 3)) \
	2>"$TMP/record.err"
check "recorder exit status (the program's)" 1 $?

# sql DB QUERY: rows as "a|b|c" lines.
sql() {
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for row in db.execute(sys.argv[2]):
    print("|".join("NULL" if v is None else str(v) for v in row))
PY
}

# export OUT.db ARGS...: renacer-report --format sqlite -q into OUT.db.
export_db() {
	local db=$1
	shift
	"$REPORT" --format sqlite -q -o "$db" "$@" >"$TMP/out.txt" 2>"$TMP/err.txt"
}

# --- the output file --------------------------------------------------------
"$REPORT" --format sqlite "$TMP/fonts.trace" >"$TMP/out.txt" 2>"$TMP/err.txt"
check "no -o: exit status" 2 $?
check "no -o: nothing on stdout" "" "$(cat "$TMP/out.txt")"
check "no -o: one line of error" 1 "$(wc -l <"$TMP/err.txt")"
grep -q -- "-o FILE" "$TMP/err.txt" && pass "no -o: the error asks for -o FILE" ||
	fail "no -o message: $(cat "$TMP/err.txt")"
"$REPORT" --format sqlite -o - "$TMP/fonts.trace" >"$TMP/out.txt" 2>"$TMP/err.txt"
check "-o -: exit status" 2 $?
check "-o -: nothing on stdout" "" "$(cat "$TMP/out.txt")"
"$REPORT" --format sqlite3 -o "$TMP/x.db" "$TMP/fonts.trace" 2>"$TMP/err.txt"
check "unknown format: exit status" 2 $?
grep -q "text, json, csv, sqlite, perfetto, html or folded" "$TMP/err.txt" && pass "unknown format lists sqlite" ||
	fail "unknown format message: $(cat "$TMP/err.txt")"

DB="$TMP/fonts.db"
export_db "$DB" "$TMP/fonts.trace"
check "export exit status" 0 $?
rows=$(sql "$DB" "SELECT count(*) FROM syscalls")
cp "$DB" "$TMP/before.db"
# An unreadable trace or a missing one: the earlier export stays as it was.
echo "not a trace" >"$TMP/bad.trace"
export_db "$DB" "$TMP/bad.trace"
check "not a trace: exit status" 2 $?
cmp -s "$DB" "$TMP/before.db" && pass "not a trace: the earlier export is untouched" ||
	fail "not a trace: the earlier export changed"
export_db "$DB" "$TMP/missing.trace"
check "missing trace: exit status" 2 $?
cmp -s "$DB" "$TMP/before.db" && pass "missing trace: the earlier export is untouched" ||
	fail "missing trace: the earlier export changed"
check "no temporary file left" 0 "$(ls "$TMP" | grep -c '\.tmp-')"

# A write that fails (file size limit, SIGXFSZ ignored): exit 4, file kept.
(
	ulimit -f 16
	trap '' XFSZ
	exec "$REPORT" --format sqlite -q -o "$DB" "$TMP/fonts.trace"
) >"$TMP/out.txt" 2>"$TMP/err.txt"
check "failed write: exit status" 4 $?
grep -q "fonts.db" "$TMP/err.txt" && pass "failed write: the error names the file" ||
	fail "failed write message: $(cat "$TMP/err.txt")"
cmp -s "$DB" "$TMP/before.db" && pass "failed write: the earlier export is untouched" ||
	fail "failed write: the earlier export changed"
check "failed write: no temporary file left" 0 "$(ls "$TMP" | grep -c '\.tmp-')"

# --- modes and options --------------------------------------------------------
# dump DB: every syscall and summary row (all columns but the row id).
dump() {
	sql "$1" "SELECT ts_ns, rel_ns, tid, pid, comm, name, nr, args_text, arg0, arg1, arg2, arg3,
		arg4, arg5, ret, ret_text, errno, errno_name, duration_ns, source_file, source_line,
		source_function, source_module, stack_id, flags FROM syscalls ORDER BY id"
	sql "$1" "SELECT name, calls, errors, total_ns, min_ns, max_ns, p50_ns, p99_ns FROM summary
		ORDER BY id"
}
dump "$DB" >"$TMP/dump_events"
for mode in -c -C; do
	export_db "$TMP/mode.db" "$mode" "$TMP/fonts.trace"
	check "$mode: exit status" 0 $?
	dump "$TMP/mode.db" >"$TMP/dump_mode"
	if [ "$rows" -gt 0 ] && cmp -s "$TMP/dump_events" "$TMP/dump_mode"; then
		pass "$mode: the same $rows syscall rows and summary rows"
	else
		fail "$mode: rows differ: $(diff "$TMP/dump_events" "$TMP/dump_mode" | head -3)"
	fi
done

# Durations: equal to the CSV listing's, overhead-corrected (the default) and raw.
csv_dur_sum() {
	"$REPORT" --format csv "$@" "$TMP/fonts.trace" 2>/dev/null |
		python3 -c 'import csv, sys
print(sum(int(r["duration_ns"]) for r in csv.DictReader(sys.stdin) if r["duration_ns"]))'
}
check "duration sum equals the CSV listing" "$(csv_dur_sum)" \
	"$(sql "$DB" "SELECT sum(duration_ns) FROM syscalls")"
check "default: meta times" overhead-corrected \
	"$(sql "$DB" "SELECT value FROM meta WHERE key = 'times'")"
export_db "$TMP/oc.db" --raw-times "$TMP/fonts.trace"
check "--raw-times: exit status" 0 $?
check "--raw-times: duration sum equals the CSV listing's" \
	"$(csv_dur_sum --raw-times)" "$(sql "$TMP/oc.db" "SELECT sum(duration_ns) FROM syscalls")"
check "--raw-times: meta times" raw \
	"$(sql "$TMP/oc.db" "SELECT value FROM meta WHERE key = 'times'")"
raw=$(sql "$TMP/oc.db" "SELECT sum(duration_ns) FROM syscalls")
cor=$(sql "$DB" "SELECT sum(duration_ns) FROM syscalls")
[ "$cor" -lt "$raw" ] && pass "corrected durations are less than raw ones" ||
	fail "corrected sum $cor is not below raw $raw"
oh=$(sql "$TMP/oc.db" "SELECT value FROM meta WHERE key = 'overhead_ns'")
[ -n "$oh" ] && [ "$oh" -gt 0 ] && pass "the trace header's overhead is in meta ($oh ns)" ||
	fail "overhead_ns in meta: '$oh'"

# --source: one summary row per syscall and source line, as the CSV summary.
"$REPORT" --format csv -c --source "$TMP/fonts.trace" 2>/dev/null | python3 -c '
import csv, sys
for r in sorted(csv.DictReader(sys.stdin), key=lambda r: (r["syscall"], r["source_line"], r["source_function"], r["calls"])):
    print("|".join([r["syscall"], r["calls"], r["errors"], r["source_line"] or "NULL", r["source_function"] or "NULL"]))' \
	>"$TMP/csv_src"
export_db "$TMP/src.db" --source "$TMP/fonts.trace"
sql "$TMP/src.db" "SELECT name, calls, errors, source_line, source_function FROM summary
	ORDER BY name, CAST(source_line AS TEXT), source_function, CAST(calls AS TEXT)" >"$TMP/db_src"
if [ -s "$TMP/db_src" ] && cmp -s "$TMP/csv_src" "$TMP/db_src"; then
	pass "--source: summary rows equal the CSV summary ($(wc -l <"$TMP/db_src") rows)"
else
	fail "--source summary differs: $(diff "$TMP/csv_src" "$TMP/db_src" | head -5)"
fi
check "--source: the openat row of load_all_fonts" "$((N + 3))|3|$LINE" \
	"$(sql "$TMP/src.db" "SELECT calls, errors, source_line FROM summary
		WHERE name = 'openat' AND source_function = 'load_all_fonts'")"

# -S calls: the summary's id order is the CSV summary's order.
"$REPORT" --format csv -c -S calls "$TMP/fonts.trace" 2>/dev/null | python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    print(r["syscall"] + "|" + r["calls"])' >"$TMP/csv_order"
export_db "$TMP/order.db" -S calls "$TMP/fonts.trace"
sql "$TMP/order.db" "SELECT name, calls FROM summary ORDER BY id" >"$TMP/db_order"
cmp -s "$TMP/csv_order" "$TMP/db_order" && pass "-S calls: summary in the CSV summary's order" ||
	fail "-S calls order differs: $(diff "$TMP/csv_order" "$TMP/db_order" | head -3)"

# A truncated trace: what was read, and meta says so.
head -c $(($(stat -c %s "$TMP/fonts.trace") - 100)) "$TMP/fonts.trace" >"$TMP/cut.trace"
export_db "$TMP/cut.db" "$TMP/cut.trace"
check "truncated trace: exit status" 0 $?
check "truncated trace: meta truncated" 1 \
	"$(sql "$TMP/cut.db" "SELECT value FROM meta WHERE key = 'truncated'")"
check "complete trace: no truncated key" 0 \
	"$(sql "$DB" "SELECT count(*) FROM meta WHERE key = 'truncated'")"

# --- signals and the filters ------------------------------------------------------
"$RECORD" -q -o "$TMP/sig.trace" -- sh -c 'trap "echo got" USR1; kill -USR1 $$; kill -USR1 $$; exit 3' \
	>/dev/null 2>"$TMP/record.err"
check "signal program: exit status" 3 $?
export_db "$TMP/sig.db" "$TMP/sig.trace"
pid=$(sql "$TMP/sig.db" "SELECT pid FROM processes")
check "signal rows (name, sender, count)" "SIGUSR1|$pid|2" \
	"$(sql "$TMP/sig.db" "SELECT name, sender, count(*) FROM signals GROUP BY name")"
check "signal rows equal the text listing" "$("$REPORT" "$TMP/sig.trace" 2>/dev/null | grep -c '^--- SIGUSR1')" \
	"$(sql "$TMP/sig.db" "SELECT count(*) FROM signals")"
check "the process exit code" 3 "$(sql "$TMP/sig.db" "SELECT exit_code FROM processes")"
other=$((pid + 1))
export_db "$TMP/pidf.db" --pid "$other" "$TMP/sig.trace"
check "--pid of another process: exit status" 0 $?
check "--pid of another process: no syscall or signal rows, the process kept" "0|0|1|1" \
	"$(sql "$TMP/pidf.db" "SELECT (SELECT count(*) FROM syscalls), (SELECT count(*) FROM signals),
		(SELECT count(*) FROM processes), (SELECT count(*) FROM threads)")"
export_db "$TMP/killf.db" -e trace=kill "$TMP/sig.trace"
check "-e trace=kill: the kill calls and both signals" "kill|2|2" \
	"$(sql "$TMP/killf.db" "SELECT name, count(*), (SELECT count(*) FROM signals) FROM syscalls GROUP BY name")"

# --- the one-shot renacer ------------------------------------------------------------
"$RENACER" --format sqlite -- touch "$TMP/ran" >"$TMP/out.txt" 2>"$TMP/err.txt"
check "renacer without -o: exit status" 2 $?
[ ! -e "$TMP/ran" ] && pass "renacer without -o: the program did not run" ||
	fail "renacer without -o ran the program"
echo "my notes" >"$TMP/notes.txt"
"$RENACER" --format sqlite -o "$TMP/notes.txt" -- touch "$TMP/ran" >"$TMP/out.txt" 2>"$TMP/err.txt"
check "renacer -o on a text file: exit status" 2 $?
[ ! -e "$TMP/ran" ] && pass "renacer -o refused: the program did not run" ||
	fail "renacer -o refused yet ran the program"
check "renacer -o refused: the file is untouched" "my notes" "$(cat "$TMP/notes.txt")"
grep -q "notes.txt" "$TMP/err.txt" && pass "renacer -o refused: the error names the file" ||
	fail "renacer -o refused message: $(cat "$TMP/err.txt")"

LIVE="$TMP/live.db"
"$RENACER" --format sqlite -q -s 256 -o "$LIVE" --record "$TMP/live.trace" -- \
	"$PROG_DIR/rpt_fonts" "$TMP/fonts" $((N + 3)) >"$TMP/out.txt" 2>"$TMP/err.txt"
check "renacer: the program's exit status" 1 $?
check "renacer: nothing on stdout" "" "$(cat "$TMP/out.txt")"
check "renacer: openat rows from load_all_fonts (stacks recorded for sqlite)" \
	"$((N + 3))|3|$LINE|$LINE" "$(sql "$LIVE" "SELECT count(*), sum(errno_name = 'ENOENT'),
		min(source_line), max(source_line) FROM syscalls WHERE name = 'openat'
		AND source_function = 'load_all_fonts'")"
export_db "$TMP/off.db" -s 256 "$TMP/live.trace"
check "renacer-report on renacer's --record trace: exit status" 0 $?
dump "$LIVE" >"$TMP/dump_live"
dump "$TMP/off.db" >"$TMP/dump_off"
if [ -s "$TMP/dump_live" ] && cmp -s "$TMP/dump_live" "$TMP/dump_off"; then
	pass "renacer's rows equal renacer-report's on the same run ($(wc -l <"$TMP/dump_live") rows)"
else
	fail "live and offline rows differ: $(diff "$TMP/dump_live" "$TMP/dump_off" | head -5)"
fi
check "renacer: the process row" "rpt_fonts|1" "$(sql "$LIVE" "SELECT comm, exit_code FROM processes")"
cp "$LIVE" "$TMP/live_before.db"
(
	ulimit -f 16
	trap '' XFSZ
	exec "$RENACER" --format sqlite -q -o "$LIVE" -- "$PROG_DIR/rpt_fonts" "$TMP/fonts" $((N + 3))
) >"$TMP/out.txt" 2>"$TMP/err.txt"
check "renacer, failed write: exit status 4 (not the program's)" 4 $?
cmp -s "$LIVE" "$TMP/live_before.db" && pass "renacer, failed write: the earlier export is untouched" ||
	fail "renacer, failed write: the earlier export changed"
check "renacer, failed write: no temporary file left" 0 "$(ls "$TMP" | grep -c '\.tmp-')"
finish
