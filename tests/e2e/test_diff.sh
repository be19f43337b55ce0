#!/usr/bin/env bash
# renacer-diff end to end, on the user guide's example programs: the seed's
# before/after pairs (openat 1247 -> 12 in load_all_fonts, fsync 1000 -> 10),
# gates that pass and fail as written, bad input, and a diff of two JSON
# summaries equal to the diff of the traces they came from.
set -o pipefail
. "$(dirname "$0")/lib.sh"
export PATH="$RENACER_BIN:$PATH"
trap 'kill %1 2>/dev/null; e2e_cleanup' EXIT
bash "$RENACER_SRC/docs/examples/prepare.sh" "$TMP" >/dev/null || exit 1
cd "$TMP" || exit 1
# A port of our own, so parallel tests and the user guide's fixed port never collide.
export PORT=$((20000 + RANDOM % 20000))
porthex=$(printf '%04X' "$PORT")
expect_exit() { # code command...
  local want=$1
  shift
  "$@" >/dev/null 2>"$TMP/stderr"
  local got=$?
  [ "$got" -eq "$want" ] || { echo "  exit $got, wanted $want: $*"; cat "$TMP/stderr"; return 1; }
}

renacer-record -q -o before.trace -- ./myapp 2>/dev/null
renacer-record -q -o after.trace -- ./myapp-optimized 2>/dev/null

# Per source function: the font loader's opens, 1247 -> 12.
renacer-diff --by source -e trace=openat before.trace after.trace >by-source.txt
check_cmd "openat in load_all_fonts: 1247 -> 12 (-99.0%)" \
  grep -qE '^openat +1247 -> 12 \(-99\.0%\).*src/ui/fonts\.c in load_all_fonts' by-source.txt
# Per syscall: 1247 fonts + ld.so.cache, libc and the font directory.
renacer-diff before.trace after.trace >by-syscall.txt
check_cmd "openat per syscall: 1250 -> 15 (-98.8%)" grep -qE '^openat +1250 -> 15 \(-98\.8%\)' by-syscall.txt
check_cmd "getdents64 vanished" grep -qE '^getdents64 \[gone\] +3 -> -' by-syscall.txt

# Gates as written.
check_cmd "calls(openat)>+10% holds for the fix" expect_exit 0 renacer-diff before.trace after.trace --fail-on 'calls(openat)>+10%'
check_cmd "calls(openat)>+10% fails for the regression" expect_exit 1 renacer-diff after.trace before.trace --fail-on 'calls(openat)>+10%'
check_cmd "the failure is listed" grep -q 'gate failed: calls(openat): 15 -> 1250 (+8233.3%)' "$TMP/stderr"
check_cmd "errors>0 fails (access of ld.so.preload fails in both)" expect_exit 1 renacer-diff before.trace after.trace --fail-on 'errors>0'
check_cmd "new_syscalls holds" expect_exit 0 renacer-diff before.trace after.trace --fail-on new_syscalls
check_cmd "new_syscalls fails in reverse (getdents64 appears)" expect_exit 1 renacer-diff after.trace before.trace --fail-on new_syscalls
check_cmd "p99(openat)>10s holds" expect_exit 0 renacer-diff after.trace before.trace --fail-on 'p99(openat)>10s'
check_cmd "two gates, one failing, exit 1" expect_exit 1 renacer-diff after.trace before.trace --fail-on 'p99(openat)>10s' --fail-on 'calls(openat)>+10%'

# Bad input: exit 2 and a message naming the file or the expression.
check_cmd "bad gate: exit 2" expect_exit 2 renacer-diff before.trace after.trace --fail-on 'calls(openat)=1'
check_cmd "bad gate named" grep -q "calls(openat)=1" "$TMP/stderr"
check_cmd "missing file: exit 2" expect_exit 2 renacer-diff before.trace missing.trace
check_cmd "missing file named" grep -q "missing.trace" "$TMP/stderr"
echo "not a trace" >junk.trace
check_cmd "not a trace: exit 2" expect_exit 2 renacer-diff junk.trace after.trace
check_cmd "not a trace named" grep -q "junk.trace" "$TMP/stderr"

# fsync 1000 -> 10 under the same load.
run_server() { # binary trace
  renacer-record -q -e trace=fsync -o "$2" -- "./$1" 2>/dev/null &
  local pid=$!
  for _ in $(seq 200); do grep -q ":$porthex 00000000:0000 0A" /proc/net/tcp && break; sleep 0.05; done
  ab -q -n 1000 -c 10 http://127.0.0.1:$PORT/ >/dev/null 2>&1
  kill -INT "$pid"
  wait "$pid"
}
run_server server fsync-before.trace
run_server server-optimized fsync-after.trace
renacer-diff fsync-before.trace fsync-after.trace >fsync.txt
check_cmd "fsync: 1000 -> 10 (-99.0%)" grep -qE '^fsync +1000 -> 10 \(-99\.0%\)' fsync.txt
check_cmd "calls(fsync)>+10% holds for the fix" expect_exit 0 renacer-diff fsync-before.trace fsync-after.trace --fail-on 'calls(fsync)>+10%'
check_cmd "calls(fsync)>+10% fails for the regression" expect_exit 1 renacer-diff fsync-after.trace fsync-before.trace --fail-on 'calls(fsync)>+10%'

# A diff of two JSON summaries equals the diff of the traces they came from.
renacer-report --format json -c before.trace >before.json
renacer-report --format json -c after.trace >after.json
renacer-diff --format json before.trace after.trace | jq 'del(.before, .after)' >from-traces.json
renacer-diff --format json before.json after.json | jq 'del(.before, .after)' >from-json.json
check_cmd "JSON-summary diff equals trace diff" cmp -s from-traces.json from-json.json
[ $FAILS -eq 0 ] || diff from-traces.json from-json.json | head -20
check_cmd "text diff of JSON summaries equals text diff of traces" cmp -s \
  <(renacer-diff before.trace after.trace | tail -n +2) <(renacer-diff before.json after.json | tail -n +2)
check_cmd "--pid on a JSON summary is refused" expect_exit 2 renacer-diff --pid 1 before.json after.json

# Either side from standard input (-) or a pipe, trace or JSON summary: the
# same comparison as from the files.
for side in before.trace before.json; do
  check_cmd "$side on standard input" cmp -s from-traces.json \
    <(renacer-diff --format json - after.trace <"$side" | jq 'del(.before, .after)')
  check_cmd "$side through a pipe" cmp -s from-traces.json \
    <(cat "$side" | renacer-diff --format json - after.json | jq 'del(.before, .after)')
  check_cmd "$side as a FIFO path" cmp -s from-traces.json \
    <(renacer-diff --format json <(cat "$side") after.trace | jq 'del(.before, .after)')
done
check_cmd "standard input for both sides is refused" expect_exit 2 renacer-diff - - <before.json

# Findings that went away with the fix and come back with the regression.
renacer-diff before.trace after.trace >findings.txt
check_cmd "many-files gone with the fix" grep -qxE '\[gone\] many-files:openat:load_all_fonts: 1247 different files opened from one place \(1247 openat calls\); was [0-9.]+% of syscall time' findings.txt
check_cmd "small-io of read gone with the fix" grep -qE '^\[gone\] small-io:read: 1248 read calls of 25 bytes on average ' findings.txt
check_cmd "the section counts them" grep -qE '^Findings: [0-9]+ new, [0-9]+ gone, [0-9]+ in both$' findings.txt
renacer-diff after.trace before.trace >findings-rev.txt
check_cmd "many-files new with the regression" grep -qE '^\[new\] many-files:openat:load_all_fonts: 1247 different' findings-rev.txt
renacer-diff before.trace before.trace >findings-same.txt
check_cmd "a run against itself: many-files in both, share unchanged" \
  grep -qE '^\[both\] many-files:openat:load_all_fonts: .*; ([0-9.]+)% -> \1% of syscall time$' findings-same.txt
check_cmd "new_findings(many-files) holds for the fix" expect_exit 0 renacer-diff before.trace after.trace --fail-on 'new_findings(many-files)'
check_cmd "new_findings fails for the regression" expect_exit 1 renacer-diff after.trace before.trace --fail-on new_findings
check_cmd "the new findings are listed" grep -qE 'gate failed: new_findings: .*many-files:openat:load_all_fonts' "$TMP/stderr"
check_cmd "new_findings(small-io) fails for the regression" expect_exit 1 renacer-diff after.json before.json --fail-on 'new_findings(small-io)'
check_cmd "... naming small-io:read only" grep -qx 'renacer-diff: gate failed: new_findings(small-io): small-io:read' "$TMP/stderr"
check_cmd "vanished_findings(many-files) fails for the fix" expect_exit 1 renacer-diff before.trace after.trace --fail-on 'vanished_findings(many-files)'
check_cmd "an unknown finding kind is a usage error" expect_exit 2 renacer-diff before.trace after.trace --fail-on 'new_findings(smallio)'
check_cmd "... naming the expression" grep -q "new_findings(smallio)" "$TMP/stderr"
check "JSON: many-files is gone, with its before side" '"gone" true null' \
  "$(renacer-diff --format json before.json after.json | jq -r '.findings[] | select(.key == "many-files:openat:load_all_fonts") | "\(.status | tojson) \(.before.share > 0) \(.after)"')"
# A summary written with --no-findings says nothing of findings: not compared, and a gate on them is refused.
renacer-report --format json -c --no-findings before.trace >nofind.json
renacer-diff nofind.json after.json >nofind.txt
check_cmd "--no-findings summary: findings not compared" grep -qx 'Findings: not compared: nofind.json has none recorded (written with --no-findings)' nofind.txt
check "--no-findings summary: JSON findings null" null "$(renacer-diff --format json nofind.json after.json | jq -c .findings)"
check_cmd "new_findings on it: exit 2" expect_exit 2 renacer-diff after.json nofind.json --fail-on new_findings
check_cmd "... naming the file" grep -q "new_findings: nofind.json has no findings" "$TMP/stderr"
# -e: a summary's findings are kept when the filter selects their syscalls, as a trace's.
check "-e trace=read: the same finding keys from the summary as from the trace" \
  "$(renacer-diff -e trace=read --format json before.trace after.trace | jq -c '[.findings[].key]')" \
  "$(renacer-diff -e trace=read --format json before.json after.json | jq -c '[.findings[].key]')"
check_cmd "-e trace=read keeps small-io:read, drops many-files" \
  bash -c "renacer-diff -e trace=read before.json after.json | grep -q '^\[gone\] small-io:read' && ! renacer-diff -e trace=read before.json after.json | grep -q many-files"
# A hostile summary: a finding without its fields is a clear error, not a crash.
jq '.findings = [{"kind": "small-io"}]' before.json >badfind.json
check_cmd "finding without a key: exit 2" expect_exit 2 renacer-diff badfind.json after.json
check_cmd "... naming the file and the finding" grep -q 'badfind.json: finding 0 has no "kind", "key", "syscall" and "title"' "$TMP/stderr"

finish
