#!/usr/bin/env bash
# renacer --format json/csv/... with the report on standard output and a
# program that prints there too (the guide's `renacer --format json -c --
# ./app > perf.json`): the report file parses, the program's lines go to
# standard error instead (none lost), the program gets no descriptor of ours;
# with -o FILE, in text mode and with -p the program keeps its standard output.
. "$(dirname "$0")/lib.sh"
need jq python3
need_tools "$RENACER_BIN/renacer"
renacer="$RENACER_BIN/renacer"
cd "$TMP" || exit 1
# A program that prints to standard output before and after a few calls.
app=(sh -c 'echo first-line; ls /proc/self/fd >fds.txt; echo last-line')

"$renacer" -q --format json -c -- "${app[@]}" >perf.json 2>err.txt
check "json -c: exit status" 0 $?
check_cmd "json -c: the file parses (jq)" jq -e '.syscalls | length > 0' perf.json
check "json -c: the program's lines went to stderr" "first-line last-line" \
	"$(grep -E '^(first|last)-line$' err.txt | tr '\n' ' ' | sed 's/ $//')"
check "json -c: the program has only stdin, stdout, stderr (and ls's dir)" "0 1 2 3" \
	"$(sort -n fds.txt | tr '\n' ' ' | sed 's/ $//')"

"$renacer" -q --format csv -c -- "${app[@]}" >perf.csv 2>err.txt
check "csv -c: header first" "syscall,calls" "$(head -1 perf.csv | cut -d, -f1,2)"
rows=$(python3 -c 'import csv, sys
rows = list(csv.DictReader(open("perf.csv")))
assert all(r["calls"].isdigit() for r in rows), rows
print(len(rows))' 2>&1)
check_cmd "csv -c: every row parses with a call count ($rows)" [ "${rows:-0}" -gt 0 ] 2>/dev/null
check_cmd "csv -c: the program's line went to stderr" grep -qx first-line err.txt

# JSON Lines events (no -c): every line on stdout is a JSON object.
"$renacer" -q --format json -- "${app[@]}" >events.jsonl 2>err.txt
check_cmd "json events: every line parses" jq -e -s 'length > 0 and all(.[]; type == "object")' events.jsonl
check_cmd "json events: the program's line went to stderr" grep -qx first-line err.txt

# -o FILE: the program keeps its standard output.
"$renacer" -q --format json -c -o out.json -- "${app[@]}" >prog.txt 2>err.txt
check_cmd "-o FILE: report parses" jq -e '.syscalls | length > 0' out.json
check "-o FILE: the program's lines stay on stdout" "first-line last-line" "$(tr '\n' ' ' <prog.txt | sed 's/ $//')"

# Text mode is unchanged: the program's lines and the table share stdout.
"$renacer" -q -c -- "${app[@]}" >text.txt 2>err.txt
check "text: the program's line first on stdout" first-line "$(head -1 text.txt)"
check_cmd "text: the summary follows on stdout" grep -qx 'System Call Summary:' text.txt
check "text: nothing of the program on stderr (a busy machine's warning aside)" 0 \
	"$(grep -vc '^renacer: warning:' err.txt)"

# The program's exit status is still the program's.
"$renacer" -q --format json -c -- sh -c 'echo x; exit 5' >st.json 2>/dev/null
check "json -c: the program's exit status passes through" 5 $?
check_cmd "json -c: parses after a failing program" jq -e . st.json >/dev/null

finish
