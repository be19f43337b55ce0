#!/bin/bash
# test_decode_vs_strace.sh - the event lines of renacer-report must be the lines
# strace prints for the same program. Each tests/progs/dec_FAMILY program
# makes the calls of one syscall family between two marker
# opens, with the upper halves of 32-bit registers filled and bad pointers
# passed. Both outputs are cut to that region; strace's column alignment is
# removed, addresses (8+ hex digits) become ADDR and the family's varying
# values (pids, clock readings) are masked. Then, per family, the lines are
# compared: every strace line must be printed identically by renacer, except
# the lines listed for that family in decode_vs_strace.known (each with its
# reason in spec/decode.md), which must still differ (a fixed difference is
# removed from the list). Each program is recorded by every backend that can
# run here (pick_backends); a line listed for FAMILY@BACKEND differs under
# that backend only. The match percentage per family and backend is printed.
# DECODE_FAMILIES="files poll" limits the run; DECODE_KEEP=DIR keeps the outputs.
. "$(dirname "$0")/lib.sh"
BIN=$RENACER_BIN
PROGS=$PROG_DIR
KNOWN=$(dirname "$0")/decode_vs_strace.known
need strace
need_tools

# The marked region of an output, with what varies between runs masked. A
# program killed before its end marker (dec_fatal) has the rest of the output.
region() { # FILE FAMILY RUNDIR
	sed -n '/"\/decode-e2e-start"/,/"\/decode-e2e-end"/p' "$1" |
		sed -E "s|$3|DIR|g; s/\) +=/) =/; s/0x[0-9a-f]{8,}/ADDR/g" |
		case "$2" in
		process | signals | fatal)
			sed -E 's/\b[1-9][0-9]{2,6}\b/PID/g' ;;
		sockets)
			sed -E 's/htons\([1-9][0-9]{3,4}\)/htons(PORT)/g' ;;
		msg)
			sed -E 's/htons\([1-9][0-9]{3,4}\)/htons(PORT)/g; s/\b[1-9][0-9]{2,6}\b/PID/g' ;;
		time | poll)
			sed -E 's/(tv_sec|tv_nsec|tv_usec)=[0-9]+/\1=N/g
				s/^(time\(NULL\) =) [0-9]+ \([0-9T:+-]+\)/\1 N (DATE)/
				s/^time\(\[[0-9]+ \/\* [0-9T:+-]+ \*\/\]\) = [0-9]+ \([0-9T:+-]+\)/time([N \/* DATE *\/]) = N (DATE)/' ;;
		*) cat ;;
		esac
}

# Runs a command without output; its exit status. A waited background job with
# wait's stderr discarded: no "Bad system call" notice for a program killed by a signal.
quiet() {
	"$@" >/dev/null 2>&1 &
	wait $! 2>/dev/null
}

# Lines of strace's region ($1) that renacer's ($2) does not print, in order.
missing() {
	diff --unchanged-line-format= --old-line-format='%L' --new-line-format= "$1" "$2"
}

# Compares renacer's region ($dir/got) with strace's ($dir/want) for family
# $1 recorded by backend $2; adds to the totals of that backend.
compare() { # FAMILY BACKEND
	local fam=$1 b=$2 n same
	n=$(wc -l <"$dir/want")
	missing "$dir/want" "$dir/got" >"$dir/missing"
	same=$((n - $(wc -l <"$dir/missing")))
	eval "total_$b=\$((total_$b + n)) same_$b=\$((same_$b + same))"
	awk -v n="$n" -v s="$same" -v f="$fam" -v b="$b" \
		'BEGIN { printf "%-9s %-6s %3d/%-3d lines as strace (%.1f%%)\n", f, b, s, n, 100 * s / n }'
	grep -E "^($fam|$fam@$b)	" "$KNOWN" 2>/dev/null | cut -f2- >"$dir/known"
	# Unexpected differences: missing lines that are not known ones.
	grep -vxF -f "$dir/known" "$dir/missing" >"$dir/unexpected" || true
	[ -s "$dir/known" ] || cp "$dir/missing" "$dir/unexpected"
	if [ -s "$dir/unexpected" ]; then
		fail "$fam ($b): lines printed differently than strace (- strace, + renacer):"
		diff -u "$dir/want" "$dir/got" | sed 's/^/    /'
	fi
	# Known differences that are gone: the list must shrink with them.
	if [ -s "$dir/known" ] && grep -vxF -f "$dir/missing" "$dir/known" >"$dir/fixed"; then
		fail "$fam ($b): listed as different but now equal to strace (remove from $KNOWN):"
		sed 's/^/    /' "$dir/fixed"
	fi
	if [ "$(wc -l <"$dir/got")" -ne "$n" ]; then
		fail "$fam ($b): renacer printed $(wc -l <"$dir/got") lines, strace $n"
	fi
}

pick_backends
families=${DECODE_FAMILIES:-$(cd "$PROGS" && ls dec_* 2>/dev/null | sed 's/^dec_//' | sort)}
[ -n "$families" ] || { fail "no dec_* programs in $PROGS"; finish; }
for b in $BACKENDS; do eval "total_$b=0 same_$b=0"; done
for fam in $families; do
	prog=$PROGS/dec_$fam
	top=$TMP/$fam
	mkdir -p "$top/run"
	# The program's exit status, untraced: both tracers must end the same way
	# (dec_fatal dies of SIGSYS: 159).
	quiet "$prog" "$top/run"
	want_rc=$?
	rm -rf "$top/run" && mkdir "$top/run"
	quiet strace -o "$top/strace.out" "$prog" "$top/run"
	rc=$?
	if [ "$rc" -ne "$want_rc" ] || ! tail -1 "$top/strace.out" | grep -q '^+++ '; then
		fail "$fam: strace run failed (exit $rc, untraced $want_rc)"; continue
	fi
	region "$top/strace.out" "$fam" "$top/run" >"$top/want"
	if [ "$(wc -l <"$top/want")" -lt 3 ]; then
		fail "$fam: strace region has only $(wc -l <"$top/want") lines"; continue
	fi
	for b in $BACKENDS; do
		dir=$top/$b
		mkdir -p "$dir"
		cp "$top/want" "$dir/want"
		rm -rf "$top/run" && mkdir "$top/run"
		quiet "$BIN/renacer-record" -q --backend "$b" -o "$dir/t.trace" -- "$prog" "$top/run"
		rc=$?
		if [ "$rc" -ne "$want_rc" ] || ! "$BIN/renacer-report" "$dir/t.trace" >"$dir/report.out"; then
			fail "$fam ($b): renacer run failed (exit $rc, untraced $want_rc)"; continue
		fi
		region "$dir/report.out" "$fam" "$top/run" >"$dir/got"
		compare "$fam" "$b"
	done
	[ -n "${DECODE_KEEP:-}" ] && mkdir -p "$DECODE_KEEP" && cp -r "$top" "$DECODE_KEEP/"
done
for b in $BACKENDS; do
	eval "n=\$total_$b s=\$same_$b"
	awk -v n="$n" -v s="$s" -v b="$b" \
		'BEGIN { if (n) printf "all       %-6s %3d/%-3d lines as strace (%.1f%%)\n", b, s, n, 100 * s / n }'
done
finish
