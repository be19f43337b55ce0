# renacer-record --backend ebpf: per-syscall counts equal strace -f -c's
# (futex aside) on the programs the ptrace tests use, the exit status is the
# program's, the trace says which backend wrote it, auto picks eBPF and says
# so, and a tiny ring buffer gives lost-event records whose counts plus the
# recorded calls equal strace's. Skipped (exit 77) where
# the eBPF backend is not built or not permitted.
. "$(dirname "$0")/record_common.sh"
RP="$RENACER_BIN/renacer-report"
RN="$RENACER_BIN/renacer"

command -v strace >/dev/null || { echo "skipped: strace is not installed"; exit 77; }
if ! timeout 120 "$R" --backend ebpf -q -o "$T/probe.trace" -- /bin/true 2>"$T/probe.err"; then
	echo "skipped: eBPF backend unavailable: $(head -n 1 "$T/probe.err")"
	exit 77
fi

# "name calls" per syscall, sorted, futex and exit_group left out (strace -c
# does not count calls that never return).
counts_report() {
	"$RP" --format csv -c "$1" | awk -F, 'NR > 1 && $1 != "futex" && $1 != "exit_group" && $1 != "exit" {print $1, $2}' | sort
}
counts_strace() {
	strace -f -c -o "$T/st.txt" "$@" >/dev/null 2>&1
	awk '$NF ~ /^[a-z_0-9]+$/ && $(NF-1) ~ /^[0-9]+$/ && $NF != "total" && $NF != "futex" {
		n = ($(NF-2) ~ /^[0-9]+$/ && NF >= 6) ? $(NF-2) : $(NF-1); print $NF, n }' "$T/st.txt" | sort
}

for prog in "rec_known 3" "rec_fork"; do
	set -- $prog
	name=$1
	shift
	timeout 120 "$R" --backend ebpf -f -q -o "$T/$name.trace" -- "$P/$name" "$@" >/dev/null 2>"$T/$name.err"
	counts_report "$T/$name.trace" >"$T/$name.ebpf"
	counts_strace "$P/$name" "$@" >"$T/$name.strace"
	diff "$T/$name.strace" "$T/$name.ebpf" >"$T/$name.diff" ||
		fail "$name: counts differ from strace -f -c (< strace, > ebpf): $(tr '\n' ' ' <"$T/$name.diff")"
done

# The exit status is the program's; the metadata names the backend.
timeout 120 "$R" --backend ebpf -q -o "$T/st.trace" -- "$P/rec_known" 7
rc=$?
[ "$rc" = 7 ] || fail "exit status should be the program's 7, got $rc"
"$RP" --format json -c "$T/st.trace" >"$T/st.json" 2>/dev/null
grep -q 'backend=ebpf' "$T/st.json" || fail "the trace's options should say backend=ebpf"

# --backend auto picks eBPF here and says so.
timeout 120 "$R" --backend auto -o "$T/auto.trace" -- /bin/true 2>"$T/auto.err"
grep -q "recording with the eBPF backend" "$T/auto.err" || fail "auto: $(head -n 1 "$T/auto.err")"

# A forced tiny buffer: what found no room is counted, never silently lost.
# The recorded calls plus the lost events equal strace's count of the loop.
timeout 120 "$R" --backend ebpf -q --no-stack --buffer-size 4K -e trace=write -o "$T/tiny.trace" \
	-- "$P/rec_writeloop" 200000 >/dev/null 2>"$T/tiny.err"
"$RP" -c "$T/tiny.trace" >"$T/tiny.sum" 2>&1
lost=$(sed -n 's/^Lost events: \([0-9]*\).*/\1/p' "$T/tiny.sum" | head -n 1)
calls=$("$RP" --format csv -c "$T/tiny.trace" | awk -F, '$1 == "write" {print $2}')
[ "${lost:-0}" -gt 0 ] || fail "tiny buffer: the summary should say N events lost: $(head -n 3 "$T/tiny.sum")"
# The lost count also holds the process events (exec, exit) that found no room.
sum=$(( ${lost:-0} + ${calls:-0} ))
[ "$sum" -ge 200000 ] && [ "$sum" -le 200003 ] ||
	fail "tiny buffer: $calls recorded + $lost lost should be 200000 (+ at most 3 process events)"

finish
