#!/usr/bin/env bash
# Findings under the summary (spec/findings.md): each pattern of
# tests/progs/find_patterns.c is found, with its numbers and the source line
# marked "FIND: MODE"; programs without them (a clean run, ls, tar, a Python
# import) get none; --no-findings hides them; JSON carries them; the live
# renacer -c names the line too. Timing findings (slow-call, latency-outlier)
# depend on the machine's load, so the checks that a run has no other
# finding leave them out.
. "$(dirname "$0")/lib.sh"
need_tools
RENACER="$RENACER_BIN/renacer"
PROG="$PROG_DIR/find_patterns"
TIMING='^\[(slow-call|latency-outlier)\]'

# pattern_lines FILE: the finding heads of a report, timing ones left out.
pattern_lines() {
	grep -E '^\[[a-z-]+\] ' "$1" | grep -Ev "$TIMING" || true
}

# expect MODE KIND TEXT [MARK]: the report of MODE has exactly one non-timing
# finding, of KIND, whose head holds TEXT, at the line marked "FIND: MARK"
# (default MODE).
expect() {
	local mode=$1 kind=$2 text=$3 trace="$TMP/$1.trace" out="$TMP/$1.out"
	local line
	line=$(marker_line find_patterns.c "FIND: ${4:-$mode}")
	mkdir -p "$TMP/work-$mode"
	record "$trace" "$PROG" "$mode" "$TMP/work-$mode" || return
	# A timing finding under test counts; the other timing kind still
	# depends on the load (one of tail's 15 ms reads held up longer than the
	# other fifteen together is also a slow-call: true, and no pattern).
	if [ "$kind" = slow-call ]; then
		TIMING='^\[latency-outlier\]'
	elif [ "$kind" = latency-outlier ]; then
		TIMING='^\[slow-call\]'
	fi
	"$REPORT" -q -c "$trace" >"$out" 2>&1
	local heads
	heads=$(pattern_lines "$out")
	check "$mode: one finding" 1 "$(printf '%s\n' "$heads" | grep -c .)"
	check "$mode: kind" "[$kind]" "$(printf '%s\n' "$heads" | head -1 | cut -d' ' -f1)"
	if printf '%s\n' "$heads" | grep -qF "$text"; then
		pass "$mode: says '$text'"
	else
		fail "$mode: no '$text' in: $heads"
	fi
	if sed -n "/^\[$kind\]/,/fix:/p" "$out" | grep -q "  at .*find_patterns.c:$line in "; then
		pass "$mode: names find_patterns.c:$line"
	else
		fail "$mode: find_patterns.c:$line not named: $(cat "$out")"
	fi
	if sed -n "/^\[$kind\]/,/fix:/p" "$out" | grep -q '^  fix: [A-Z]'; then
		pass "$mode: says the fix"
	else
		fail "$mode: no fix line"
	fi
	TIMING='^\[(slow-call|latency-outlier)\]'
}

expect smallio small-io "2000 write calls of 10 bytes on average (10 asked for; 19.5 KiB in all)"
expect fsync sync-per-write "20 fsync calls for 20 writes: one every 1.0 writes"
expect restat repeated-stat "config.ini stat'ed 200 times (newfstatat)"
expect reopen repeated-open "table.txt opened 151 times (openat)"
expect fstat repeated-stat "147 newfstatat calls on descriptors already stat'ed"
expect mmap mmap-churn "64 mmap/munmap pairs of the same size, 1.0 MiB"
expect enoent enoent-storm "40 failed lookups (ENOENT) in 8 searches along a path list; \"plugin0.so\" failed in 5 places in a row"
expect slow slow-call "one read call took"
expect tail latency-outlier "read p99 is" slow

# The share of syscall time is a percentage on the head line.
if grep -Eq '^\[small-io\] .*: [0-9]+\.[0-9]% of syscall time$' "$TMP/smallio.out"; then
	pass "share of syscall time shown"
else
	fail "no share of syscall time: $(grep '^\[' "$TMP/smallio.out")"
fi

# --no-findings hides them; JSON carries them (and nothing with --no-findings).
"$REPORT" -q -c --no-findings "$TMP/smallio.trace" >"$TMP/nf.out"
check "--no-findings: no section" 0 "$(grep -c '^Findings:' "$TMP/nf.out")"
"$REPORT" -q -c --format json "$TMP/smallio.trace" >"$TMP/f.json"
line=$(marker_line find_patterns.c "FIND: smallio")
check "json: kind" small-io "$(jq -r '[.findings[] | select(.kind == "small-io")][0].kind' "$TMP/f.json")"
check "json: key" small-io:write "$(jq -r '[.findings[] | select(.kind == "small-io")][0].key' "$TMP/f.json")"
check "json: avg_bytes" 10 "$(jq -r '[.findings[] | select(.kind == "small-io")][0].avg_bytes' "$TMP/f.json")"
check "json: site line" "$line" "$(jq -r '[.findings[] | select(.kind == "small-io")][0].sites[0].line' "$TMP/f.json")"
check "json: share in 0..1" true "$(jq '[.findings[] | .share >= 0 and .share <= 1] | all' "$TMP/f.json")"
"$REPORT" -q -c --format json --no-findings "$TMP/smallio.trace" >"$TMP/nf.json"
check "json --no-findings: no array" false "$(jq 'has("findings")' "$TMP/nf.json")"
"$REPORT" -q -c --format csv "$TMP/smallio.trace" >"$TMP/f.csv"
check "csv: no findings" 0 "$(grep -c 'small-io' "$TMP/f.csv")"

# Live: renacer -c records stacks for the findings and names the line.
mkdir -p "$TMP/live"
"$RENACER" -c -- "$PROG" fsync "$TMP/live" >"$TMP/live.out" 2>&1
line=$(marker_line find_patterns.c "FIND: fsync")
if sed -n '/^\[sync-per-write\]/,/fix:/p' "$TMP/live.out" | grep -q "find_patterns.c:$line in sync_each"; then
	pass "live renacer -c names find_patterns.c:$line"
else
	fail "live renacer -c: $(cat "$TMP/live.out")"
fi
"$RENACER" -c --no-findings -- "$PROG" fsync "$TMP/live" >"$TMP/live-nf.out" 2>&1
check "live --no-findings" 0 "$(grep -c '^Findings:' "$TMP/live-nf.out")"

# No false findings on programs without these patterns.
no_findings() {
	local name=$1
	shift
	record "$TMP/$name.trace" "$@" || return
	"$REPORT" -q -c "$TMP/$name.trace" >"$TMP/$name.out" 2>&1
	local heads
	heads=$(pattern_lines "$TMP/$name.out")
	if [ -z "$heads" ]; then
		pass "$name: no finding"
	else
		fail "$name: false findings: $heads"
	fi
}
mkdir -p "$TMP/work-clean"
no_findings clean "$PROG" clean "$TMP/work-clean"
no_findings ls ls -la /usr/share
docs=$(ls /usr/share/doc | head -300 | tr '\n' ' ')
# shellcheck disable=SC2086
no_findings tar tar cf "$TMP/doc.tar" -C /usr/share/doc $docs
if PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) && [ -x "$PY" ]; then
	no_findings python "$PY" -c 'import json'
else
	skip "python3 import (no python3)"
fi
finish
