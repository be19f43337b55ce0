#!/bin/bash
# renacer-report --format sqlite: a program that opens N+3 files from
# load_all_fonts() (3 missing) exported to SQLite and read back with Python's
# sqlite3: exact rows per syscall (equal to the text listing), the source line
# of every open, the failures, the summary rows (equal to the CSV summary),
# filters, replacing an earlier export, and refusing files that are not one.
. "$(dirname "$0")/lib.sh"
need_tools

N=20
LINE=$(marker_line rpt_fonts.c RPT_FONTS_OPEN)
mkdir -p "$TMP/fonts"
for i in $(seq 0 $((N - 1))); do echo "font $i" >"$TMP/fonts/font$i.ttf"; done
# rpt_fonts exits 1 when some fonts are missing; the recorder passes that on.
"$RECORD" -q -s 256 -o "$TMP/fonts.trace" -- "$PROG_DIR/rpt_fonts" "$TMP/fonts" $((N + 3)) \
	2>"$TMP/record.err"
check "recorder exit status (the program's)" 1 $?
[ -s "$TMP/fonts.trace" ] || { fail "no trace recorded"; finish; exit 1; }

# sql DB QUERY: rows as "a|b|c" lines.
sql() {
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for row in db.execute(sys.argv[2]):
    print("|".join("NULL" if v is None else str(v) for v in row))
PY
}

DB="$TMP/fonts.db"
"$REPORT" --format sqlite -o "$DB" "$TMP/fonts.trace" >"$TMP/out.txt" 2>"$TMP/err.txt"
check "export exit status" 0 $?
check "nothing on stdout" "" "$(cat "$TMP/out.txt")"
check "integrity" ok "$(sql "$DB" "PRAGMA integrity_check")"
check "format" "renacer-sqlite/1" "$(sql "$DB" "SELECT value FROM meta WHERE key = 'format'")"

# One row per event line of the text listing, syscall by syscall.
"$REPORT" "$TMP/fonts.trace" 2>/dev/null | grep -oE '^[a-z_0-9]+\(' | tr -d '(' | sort | uniq -c |
	awk '{print $2 "|" $1}' >"$TMP/text_counts"
sql "$DB" "SELECT name, count(*) FROM syscalls GROUP BY name ORDER BY name" >"$TMP/db_counts"
if cmp -s "$TMP/text_counts" "$TMP/db_counts"; then
	pass "rows per syscall equal the text listing ($(wc -l <"$TMP/db_counts") syscalls)"
else
	fail "rows per syscall differ from the text listing: $(diff "$TMP/text_counts" "$TMP/db_counts" | head -5)"
fi

# The opens of load_all_fonts: N succeed, 3 fail with ENOENT, all at the marker line.
got=$(sql "$DB" "SELECT count(*), sum(errno_name = 'ENOENT'), min(source_line), max(source_line)
	FROM syscalls WHERE name = 'openat' AND source_function = 'load_all_fonts'")
check "openat rows from load_all_fonts" "$((N + 3))|3|$LINE|$LINE" "$got"
got=$(sql "$DB" "SELECT name || '(' || args_text || ') = ' || ret_text FROM syscalls
	WHERE errno_name = 'ENOENT' AND source_function = 'load_all_fonts' ORDER BY id LIMIT 1")
check "strace line rebuilt from columns" \
	"openat(AT_FDCWD, \"$TMP/fonts/font$N.ttf\", O_RDONLY) = -1 ENOENT (No such file or directory)" "$got"
got=$(sql "$DB" "SELECT count(*) FROM syscalls WHERE name = 'openat' AND source_function =
	'load_all_fonts' AND ret = 3 AND errno IS NULL AND duration_ns > 0
	AND (arg0 & 4294967295) = 4294967196 AND arg2 = 0")
check "successful opens: ret 3, raw AT_FDCWD and O_RDONLY, a duration" "$N" "$got"

# Processes and threads: one process, its argv, exit code 1.
got=$(sql "$DB" "SELECT count(*), json_extract(argv, '\$[2]'), exit_code, comm FROM processes")
check "the process row" "1|$((N + 3))|1|rpt_fonts" "$got"
got=$(sql "$DB" "SELECT count(*) FROM threads t JOIN processes p ON p.pid = t.pid")
check "the thread row" 1 "$got"

# The summary table has the rows of the CSV summary (calls and errors per syscall).
"$REPORT" --format csv -c "$TMP/fonts.trace" | python3 -c '
import csv, sys
for r in sorted(csv.DictReader(sys.stdin), key=lambda r: r["syscall"]):
    print(r["syscall"] + "|" + r["calls"] + "|" + r["errors"])' >"$TMP/csv_sum"
sql "$DB" "SELECT name, sum(calls), sum(errors) FROM summary GROUP BY name ORDER BY name" >"$TMP/db_sum"
if [ -s "$TMP/db_sum" ] && cmp -s "$TMP/csv_sum" "$TMP/db_sum"; then
	pass "summary rows equal the CSV summary"
else
	fail "summary differs from the CSV summary: $(diff "$TMP/csv_sum" "$TMP/db_sum" | head -5)"
fi

# Filters apply; an earlier export is replaced.
"$REPORT" --format sqlite -e trace=openat -o "$DB" "$TMP/fonts.trace" 2>"$TMP/err.txt"
check "filtered re-export exit status" 0 $?
check "only openat rows after -e trace=openat" openat "$(sql "$DB" "SELECT DISTINCT name FROM syscalls")"
left=$(ls "$TMP" | grep -c '\.tmp-' || true)
check "no temporary file left" 0 "$left"

# A file that is not an export is refused and left as it was.
echo "my notes" >"$TMP/notes.txt"
"$REPORT" --format sqlite -o "$TMP/notes.txt" "$TMP/fonts.trace" 2>"$TMP/err.txt"
rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && pass "refused a text file (exit $rc)" || fail "text file: exit $rc"
check "text file untouched" "my notes" "$(cat "$TMP/notes.txt")"
grep -q "notes.txt" "$TMP/err.txt" && pass "the error names the file" || fail "error: $(cat "$TMP/err.txt")"

# A missing directory is an error, not a crash.
"$REPORT" --format sqlite -o "$TMP/no/such/dir/x.db" "$TMP/fonts.trace" 2>"$TMP/err.txt"
rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && pass "missing directory refused (exit $rc)" ||
	fail "missing directory: exit $rc"
grep -q "its directory does not exist" "$TMP/err.txt" && pass "missing directory message" ||
	fail "missing directory message: $(cat "$TMP/err.txt")"
finish
