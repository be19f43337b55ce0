#!/bin/bash
# renacer-report --format json (JSON Lines events, streamed): every line is a
# JSON object jq accepts, carrying the same syscalls, arguments and return
# values as the text lines, for a program whose strings hold every byte value
# (invalid UTF-8, control bytes, quotes, backslashes).
. "$(dirname "$0")/lib.sh"
need_tools
command -v jq >/dev/null || { echo "FAIL: jq is needed" >&2; exit 1; }

record "$TMP/b.trace" "$PROG_DIR/out_bytes" || { finish; exit 1; }
"$REPORT" --format json -s 300 "$TMP/b.trace" >"$TMP/ev.json"
check "json report exit status" 0 $?
"$REPORT" -s 300 "$TMP/b.trace" >"$TMP/ev.txt"
lines=$(wc -l <"$TMP/ev.json")
objs=$(jq -c 'select(type == "object")' "$TMP/ev.json" | wc -l)
check "every line is one JSON object jq parses" "$lines" "$objs"
check "as many JSON events as text lines" "$(wc -l <"$TMP/ev.txt")" "$lines"

# The same call, argument for argument, as the text line shows it.
jq -r 'select(.type == "syscall") | "\(.syscall)(\(.args | join(", ")))"' "$TMP/ev.json" >"$TMP/calls.json.txt"
sed -E 's/ = .*$//; s/^\[pid +[0-9]+\] //' "$TMP/ev.txt" | grep -v '^+++' >"$TMP/calls.txt"
if cmp -s "$TMP/calls.txt" "$TMP/calls.json.txt"; then
	pass "JSON args equal the text lines' arguments"
else
	fail "JSON args differ from the text lines: $(diff "$TMP/calls.txt" "$TMP/calls.json.txt" | head -4)"
fi

# The odd path, and the 256-byte buffer, as strace escapes them.
LINE=$(marker_line out_bytes.c OUT_BYTES_OPEN)
got=$(jq -r 'select(.syscall == "openat" and (.args[1] | startswith("\"/nonexistent"))) |
	"\(.args[1]) \(.ret) \(.source.line) \(.source.function)"' "$TMP/ev.json")
want='"/nonexistent-\377\376-\1\37-\"q\"-\\-\303\251-\355\240\200" -1 '"$LINE"' main'
check "openat path, return, source line" "$want" "$got"
got=$(jq -r 'select(.syscall == "write") | .args[1]' "$TMP/ev.json" | head -c 33)
check "write buffer starts" '"\0\1\2\3\4\5\6\7\10\t\n\v\f\r\16' "$got"
got=$(jq -r 'select(.syscall == "write") | "\(.ret) \(.duration_ns > 0)"' "$TMP/ev.json")
check "write return and duration" "256 true" "$got"
got=$(jq -r 'select(.type == "exit") | "\(.process) \(.exit_code)"' "$TMP/ev.json")
check "exit event" "true 0" "$got"

# Types as the spec lists them, on every syscall event.
bad=$(jq -r 'select(.type == "syscall") | select((.ts_ns | type) != "number" or
	(.pid | type) != "number" or (.args | type) != "array" or
	(.source != null and ((.source.function | type) != "string" or (.source | has("text"))))) | .syscall' \
	"$TMP/ev.json" | wc -l)
check "syscall events with a wrong field type" 0 "$bad"
finish
