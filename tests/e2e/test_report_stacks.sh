#!/usr/bin/env bash
# Whole stacks: -k/--stack prints each event's symbolized stack under it
# (innermost first, the program's frames with file:line, modules with their
# offsets), JSON events carry a "stack" array, renacer -k does it live, and
# --format folded writes one "root;...;leaf WEIGHT" line per distinct stack
# with exact call counts (--weight calls) and syscall time in ns (default).
. "$(dirname "$0")/lib.sh"
need_tools
RENACER="$RENACER_BIN/renacer"
PROG="$PROG_DIR/find_patterns"
mkdir -p "$TMP/w"
record "$TMP/t.trace" "$PROG" fsync "$TMP/w" || exit 1
line=$(marker_line find_patterns.c "FIND: fsync")

# -k: the frames under each fsync line, ours named with the marked line.
"$REPORT" -q -k -e trace=fsync "$TMP/t.trace" >"$TMP/k.out"
check "-k: fsync lines" 20 "$(grep -c '^fsync(3) = 0$' "$TMP/k.out")"
check "-k: frame naming sync_each:$line under every fsync" 20 \
	"$(grep -c "^ > sync_each at .*find_patterns.c:$line (.*find_patterns+0x[0-9a-f]*)$" "$TMP/k.out")"
check "-k: main's frame too" 20 "$(grep -c '^ > main at .*find_patterns.c:[0-9]* ' "$TMP/k.out")"
first=$(sed -n 2p "$TMP/k.out")
case "$first" in
' > '*'libc.so'*) pass "-k: innermost frame first ($first)" ;;
*) fail "-k: innermost frame is not libc's syscall wrapper: $first" ;;
esac
check "-k: every other line is a frame" 0 "$(grep -v '^fsync(3) = 0$' "$TMP/k.out" | grep -v '^+++ exited' | grep -vc '^ > ')"
"$REPORT" -q --stack -e trace=fsync "$TMP/t.trace" | cmp -s - "$TMP/k.out" && pass "--stack is -k" ||
	fail "--stack differs from -k"

# JSON: a "stack" array per event, same frames.
"$REPORT" -q -k --format json -e trace=fsync "$TMP/t.trace" >"$TMP/k.json"
check "json: stack arrays" 20 "$(jq -s '[.[] | select(.type == "syscall") | .stack | arrays] | length' "$TMP/k.json")"
check "json: frame of sync_each" "$line" \
	"$(jq -s -r '[.[0].stack[] | select(.function == "sync_each")][0].line' "$TMP/k.json")"
check "json: frame fields" '["file","function","inlined","line","module","offset"]' \
	"$(jq -c '.stack[0] | keys' "$TMP/k.json" | head -1)"
"$REPORT" -q --format json -e trace=fsync "$TMP/t.trace" >"$TMP/nok.json"
check "json without -k: no stack" false "$(jq -s '.[0] | has("stack")' "$TMP/nok.json")"

# Live.
"$RENACER" -k -e trace=fsync -- "$PROG" fsync "$TMP/w" >"$TMP/live.out" 2>/dev/null
check "renacer -k: frames live" 20 "$(grep -c "^ > sync_each at .*find_patterns.c:$line " "$TMP/live.out")"

# Folded: grammar, and exact counts.
"$REPORT" -q --format folded --weight calls "$TMP/t.trace" >"$TMP/calls.folded"
"$REPORT" -q --format folded "$TMP/t.trace" >"$TMP/time.folded"
for f in calls time; do
	bad=$(grep -cvE '^[^;[:cntrl:]]+(;[^;[:cntrl:]]+)* [0-9]+$' "$TMP/$f.folded" || true)
	check "folded ($f): every line matches the grammar" 0 "$bad"
	check "folded ($f): lines are distinct stacks" "$(wc -l <"$TMP/$f.folded")" \
		"$(sed 's/ [0-9]*$//' "$TMP/$f.folded" | sort -u | wc -l)"
done
fs=$(grep -E "^find_patterns;.*;main;sync_each;[^;]+;fsync [0-9]+$" "$TMP/calls.folded")
check "folded: fsync under sync_each, 20 calls" 20 "${fs##* }"
wr=$(grep -E "^find_patterns;.*;main;sync_each;[^;]+;write [0-9]+$" "$TMP/calls.folded")
check "folded: write under sync_each, 20 calls" 20 "${wr##* }"
total_calls=$(awk '{s += $NF} END {print s}' "$TMP/calls.folded")
summary_calls=$("$REPORT" -q -c --format json "$TMP/t.trace" | jq '.totals.calls')
check "folded: calls add up to the summary's" "$summary_calls" "$total_calls"
total_ns=$(awk '{s += $NF} END {print s}' "$TMP/time.folded")
summary_ns=$("$REPORT" -q -c --format json "$TMP/t.trace" | jq '.totals.duration_ns')
check "folded: ns add up to the summary's" "$summary_ns" "$total_ns"

# Bad combinations are usage errors.
"$REPORT" -q --weight calls "$TMP/t.trace" >/dev/null 2>&1
check "--weight without folded: exit 2" 2 $?
"$REPORT" -q --weight bytes --format folded "$TMP/t.trace" >/dev/null 2>&1
check "--weight bytes: exit 2" 2 $?
"$REPORT" -q -k --format csv "$TMP/t.trace" >/dev/null 2>&1
check "-k with csv: exit 2" 2 $?
finish
