#!/usr/bin/env bash
# renacer-report -c on a synthetic trace whose contents are known exactly
# (tests/bench/bench_report gen prints what it wrote): per-syscall calls,
# errors and total time in the text table, JSON and CSV; per-source rows with
# --source; overhead correction (default) and --raw-times; the Total line;
# and the user guide's grep|sort, jq and csv
# pipelines on the real output.
set -euo pipefail

report="$RENACER_BIN/renacer-report"
gen="$RENACER_BIN/tests/bench_report"
target="$PROG_DIR/summary_bench_target"
. "$(dirname "$0")/lib.sh"
tmp=$TMP

need_tools "$report" "$gen" "$target"

"$gen" gen "$tmp/t.trace" "$target" 200000 >"$tmp/gen.txt"
grep '^expect ' "$tmp/gen.txt" >"$tmp/expect.txt"
grep '^expect-source ' "$tmp/gen.txt" >"$tmp/expect-source.txt"
[ "$(wc -l <"$tmp/expect.txt")" -eq 12 ] || fail "generator: expected 12 syscalls"
events=$(awk '{s += $3} END {print s}' "$tmp/expect.txt")
[ "$events" -eq 200000 ] || fail "generator tally: $events events"

# --- text table
"$report" -c -q --raw-times -o "$tmp/sum.txt" "$tmp/t.trace"
head -3 "$tmp/sum.txt" | sed -n 1p | grep -qx 'System Call Summary:' || fail "text: title"
sed -n 2p "$tmp/sum.txt" | grep -qx '====================' || fail "text: underline"
sed -n 3p "$tmp/sum.txt" | grep -Eq '^Syscall +Calls +Errors +Total Time +Avg Time +p50 +p90 +p99$' ||
  fail "text: header: $(sed -n 3p "$tmp/sum.txt")"
# Time cells: milliseconds with at most 3 significant digits (spec/summary.md).
ms3() { python3 -c 'import sys, math
v = float(sys.argv[1]) / 1e6
if v == 0: print("0.0ms"); sys.exit()
e = int(("%.2e" % v).split("e")[1]); d = min(6, max(0, 2 - e))
if d == 0: v = round(v / 10 ** (e - 2)) * 10 ** (e - 2)
s = "%.*f" % (d, v)
while d > 1 and s.endswith("0") and not s.endswith(".0"): s = s[:-1]
print(s + "ms")' "$1"; }
while read -r _ name calls errors total _; do
  row=$(grep -E "^$name +[0-9]" "$tmp/sum.txt" || true)
  want="$name $calls $errors $(ms3 "$total") $(ms3 $(((total + calls / 2) / calls)))"
  got=$(echo "$row" | awk '{print $1, $2, $3, $4, $5}')
  [ "$got" = "$want" ] || fail "text row: got '$got', want '$want'"
done <"$tmp/expect.txt"
total_ns=$(awk '{s += $5} END {print s}' "$tmp/expect.txt")
want="Total: $(python3 -c 'import sys; print("%.2f seconds" % (int(sys.argv[1]) / 1e9) if int(sys.argv[1]) < 9.995e9 else "%.1f seconds" % (int(sys.argv[1]) / 1e9))' "$total_ns")"
got=$(grep -E '^Total: ' "$tmp/sum.txt" | sed 's/ in system calls.*//')
[ "$got" = "$want" ] || fail "text total: got '$got', want '$want'"
grep -q '^Times are raw (--raw-times): each call includes the tracing cost.$' \
  "$tmp/sum.txt" || fail "text: raw-times footer"
[ -z "$(grep -E '^Total ' "$tmp/sum.txt")" ] || fail "text: a Total row in the table"

# The guide's ranking pipeline: rows by total time, header last.
top=$(sort -k5 -rn "$tmp/expect.txt" | awk '{print $2}' | tr '\n' ' ')
got=$(grep -E "Syscall|^[a-z]" "$tmp/sum.txt" | sort -k4 -rn | awk '{print $1}' | tr '\n' ' ')
[ "$got" = "${top}Syscall " ] || fail "grep|sort -k4 -rn: got '$got', want '${top}Syscall '"

# --- JSON
"$report" -c -q --raw-times --format json -o "$tmp/sum.json" "$tmp/t.trace"
jq -r '.syscalls[] | "\(.name) \(.calls) \(.errors) \(.duration_ns)"' "$tmp/sum.json" | sort \
  >"$tmp/json-rows.txt"
awk '{print $2, $3, $4, $5}' "$tmp/expect.txt" | sort >"$tmp/want-rows.txt"
diff "$tmp/want-rows.txt" "$tmp/json-rows.txt" >/dev/null || fail "json rows differ from the trace"
[ "$(jq -r .format "$tmp/sum.json")" = "renacer-summary/1" ] || fail "json: format"
[ "$(jq -r .times "$tmp/sum.json")" = "raw" ] || fail "json: times"
[ "$(jq .totals.calls "$tmp/sum.json")" = "$events" ] || fail "json: totals.calls"
[ "$(jq '[.syscalls[] | (.histogram | map(.[1]) | add) == .calls] | all' "$tmp/sum.json")" = true ] ||
  fail "json: histogram counts do not add up to calls"
[ "$(jq '[.syscalls[] | .p50_ns <= .p90_ns and .p90_ns <= .p99_ns and .min_ns <= .p50_ns and .p99_ns <= .max_ns] | all' "$tmp/sum.json")" = true ] ||
  fail "json: percentiles out of order"
jq '.syscalls | sort_by(.duration_ns) | reverse | .[0:10]' "$tmp/sum.json" >"$tmp/top10.json" ||
  fail "guide jq: top 10"
[ "$(jq length "$tmp/top10.json")" = 10 ] || fail "guide jq: top 10 has $(jq length "$tmp/top10.json")"
jq '.syscalls[] | select(.p99_ms / .p50_ms > 10) | {name, p50_ms, p99_ms}' "$tmp/sum.json" \
  >/dev/null || fail "guide jq: outliers"
jq '.syscalls | sort_by(.name)' "$tmp/sum.json" >/dev/null || fail "guide jq: sort_by(.name)"

# --- CSV
"$report" -c -q --raw-times --format csv -o "$tmp/sum.csv" "$tmp/t.trace"
head -1 "$tmp/sum.csv" | grep -qx \
  'syscall,calls,errors,total_time_ms,avg_time_ms,min_time_ms,max_time_ms,p50_ms,p90_ms,p99_ms' ||
  fail "csv: header"
python3 - "$tmp/sum.csv" "$tmp/expect.txt" <<'EOF' || fail "csv rows differ from the trace"
import csv, sys
rows = {r["syscall"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
for line in open(sys.argv[2]):
    _, name, calls, errors, total, _ = line.split()
    r = rows[name]
    assert r["calls"] == calls and r["errors"] == errors, (name, r)
    assert abs(float(r["total_time_ms"]) - int(total) / 1e6) < 1e-6, (name, r)
assert len(rows) == 12
EOF

# --- by source: rows per (syscall, line) equal the generator's call sites
"$report" -c -q --source --format json -o "$tmp/src.json" "$tmp/t.trace"
jq -r '.syscalls[] | .name as $n | .sources[] | "\($n) \(.line) \(.calls)"' "$tmp/src.json" |
  sort >"$tmp/src-rows.txt"
awk '{k = $2 " " $3; s[k] += $4} END {for (k in s) print k, s[k]}' "$tmp/expect-source.txt" |
  sort >"$tmp/want-src.txt"
diff "$tmp/want-src.txt" "$tmp/src-rows.txt" >"$tmp/src.diff" ||
  fail "--source rows differ from the call sites: $(head -5 "$tmp/src.diff")"
[ "$(jq '[.syscalls[] | (.sources | map(.calls) | add) == .calls] | all' "$tmp/src.json")" = true ] ||
  fail "--source: sources do not add up to their syscall"
[ "$(jq '[.syscalls[].sources[].file | endswith("summary_bench_target.c")] | all' "$tmp/src.json")" = true ] ||
  fail "--source: a row is not attributed to summary_bench_target.c"
"$report" -c -q --source -o "$tmp/src.txt" "$tmp/t.trace"
sed -n 3p "$tmp/src.txt" | grep -Eq ' p99 +Source$' || fail "--source text: no Source column"
grep -Eq '^read +[0-9]+ +[0-9]+ +[0-9.]+ms .*summary_bench_target\.c:[0-9]+ in worker_[0-9]+$' \
  "$tmp/src.txt" || fail "--source text: no 'FILE:LINE in worker_N' row"

# --- overhead correction (the default): 9 us subtracted from every call,
# floored at the 70 ns untraced cost (or the raw time when less)
"$report" -c -q --format json -o "$tmp/corr.json" "$tmp/t.trace"
[ "$(jq -r .times "$tmp/corr.json")" = "overhead-corrected" ] || fail "corrected: times"
jq -r '.syscalls[] | "\(.name) \(.duration_ns)"' "$tmp/corr.json" | sort >"$tmp/corr-rows.txt"
awk '{print $2, $6}' "$tmp/expect.txt" | sort >"$tmp/want-corr.txt"
diff "$tmp/want-corr.txt" "$tmp/corr-rows.txt" >/dev/null || fail "corrected durations differ"
[ "$(jq '[.syscalls[] | .min_ns > 0 and .p50_ms > 0] | all' "$tmp/corr.json")" = true ] ||
  fail "corrected: a time is 0"
jq -e '[.syscalls[] | select(.p99_ms / .p50_ms > 10)] | length >= 0' "$tmp/corr.json" >/dev/null ||
  fail "corrected: the guide's outlier filter fails"
[ "$(jq .overhead_floor_ns "$tmp/corr.json")" = 70 ] || fail "corrected: overhead_floor_ns"
"$report" -c -q --overhead-correct --format json -o "$tmp/corr2.json" "$tmp/t.trace"
cmp -s "$tmp/corr.json" "$tmp/corr2.json" || fail "--overhead-correct is not the default"
"$report" -c -q -o "$tmp/corr.txt" "$tmp/t.trace"
grep -q '^Times are overhead-corrected: the calibrated tracing cost is subtracted from each call' \
  "$tmp/corr.txt" || fail "corrected: footer"

finish
