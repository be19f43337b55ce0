# renacer-record --backend ebpf: per-syscall counts equal strace -f -c's
# (futex aside) on the programs the ptrace tests use, the exit status is the
# program's, the trace says which backend wrote it, auto picks eBPF and says
# so, and a tiny ring buffer gives lost-event records whose counts plus the
# recorded calls equal strace's. Skipped (exit 77) where
# the eBPF backend is not built or not permitted.
. "$(dirname "$0")/lib.sh"
RN="$RENACER_BIN/renacer"

need strace
if ! timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/probe.trace" -- /bin/true 2>"$TMP/probe.err"; then
	skip_all "eBPF backend unavailable: $(head -n 1 "$TMP/probe.err")"
fi

# "name calls" per syscall, sorted, futex and exit_group left out (strace -c
# does not count calls that never return).
counts_report() {
	"$REPORT" --format csv -c "$1" | awk -F, 'NR > 1 && $1 != "futex" && $1 != "exit_group" && $1 != "exit" {print $1, $2}' | sort
}
counts_strace() {
	strace -f -c -o "$TMP/st.txt" "$@" >/dev/null 2>&1
	awk '$NF ~ /^[a-z_0-9]+$/ && $(NF-1) ~ /^[0-9]+$/ && $NF != "total" && $NF != "futex" {
		n = ($(NF-2) ~ /^[0-9]+$/ && NF >= 6) ? $(NF-2) : $(NF-1); print $NF, n }' "$TMP/st.txt" | sort
}

# rec_threads: 16 threads blocked in pause() when exit_group ends them (no
# exit of those calls for a tracer: not counted).
for prog in "rec_known 3" "rec_fork" "rec_threads"; do
	set -- $prog
	name=$1
	shift
	timeout 120 "$RECORD" --backend ebpf -f -q -o "$TMP/$name.trace" -- "$PROG_DIR/$name" "$@" >/dev/null 2>"$TMP/$name.err"
	counts_report "$TMP/$name.trace" >"$TMP/$name.ebpf"
	counts_strace "$PROG_DIR/$name" "$@" >"$TMP/$name.strace"
	diff "$TMP/$name.strace" "$TMP/$name.ebpf" >"$TMP/$name.diff" ||
		fail "$name: counts differ from strace -f -c (< strace, > ebpf): $(tr '\n' ' ' <"$TMP/$name.diff")"
done

# The exit status is the program's; the metadata names the backend.
timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/st.trace" -- "$PROG_DIR/rec_known" 7
rc=$?
[ "$rc" = 7 ] || fail "exit status should be the program's 7, got $rc"
"$REPORT" --format json -c "$TMP/st.trace" >"$TMP/st.json" 2>/dev/null
grep -q 'backend=ebpf' "$TMP/st.json" || fail "the trace's options should say backend=ebpf"

# --backend auto picks eBPF here and says so.
timeout 120 "$RECORD" --backend auto -o "$TMP/auto.trace" -- /bin/true 2>"$TMP/auto.err"
grep -q "recording with the eBPF backend" "$TMP/auto.err" || fail "auto: $(head -n 1 "$TMP/auto.err")"
"$REPORT" --format json -c "$TMP/auto.trace" 2>/dev/null | grep -q 'backend=ebpf' ||
	fail "auto: the trace's options should say backend=ebpf"
# auto is the default: with no --backend, eBPF and its line; RENACER_BACKEND
# replaces the default (no line: nothing was chosen), the flag wins over it,
# and a bad value is a usage error that names the variable.
expect 0 "default" env -u RENACER_BACKEND timeout 120 "$RECORD" -o "$TMP/def.trace" -- /bin/true
check "default: auto's line" "renacer-record: recording with the eBPF backend" "$(grep -v ' events, ' "$TMP/err")"
"$REPORT" --format json -c "$TMP/def.trace" 2>/dev/null | grep -q 'backend=ebpf' ||
	fail "default: the trace's options should say backend=ebpf"
RENACER_BACKEND=ptrace expect 0 "RENACER_BACKEND=ptrace" timeout 120 "$RECORD" -o "$TMP/envp.trace" -- /bin/true
check "RENACER_BACKEND=ptrace: no backend line" "" "$(grep -v ' events, ' "$TMP/err")"
"$REPORT" --format json -c "$TMP/envp.trace" 2>/dev/null | grep -q 'backend=ptrace' ||
	fail "RENACER_BACKEND=ptrace: the trace's options should say backend=ptrace"
RENACER_BACKEND=ptrace expect 0 "RENACER_BACKEND=ptrace --backend ebpf" timeout 120 "$RECORD" --backend ebpf -q \
	-o "$TMP/envf.trace" -- /bin/true
"$REPORT" --format json -c "$TMP/envf.trace" 2>/dev/null | grep -q 'backend=ebpf' ||
	fail "RENACER_BACKEND=ptrace --backend ebpf: the flag should win (backend=ebpf)"
RENACER_BACKEND=bpf expect 2 "RENACER_BACKEND=bpf" "$RECORD" -o "$TMP/x.trace" -- /bin/true
check "RENACER_BACKEND=bpf: the error" \
	"renacer-record: RENACER_BACKEND: 'bpf' is not one of ebpf, ptrace, auto (see renacer-record --help)" \
	"$(head -n 1 "$TMP/err")"
# An option only ptrace has makes auto take ptrace, and say why; with
# --backend ebpf it is a usage error. -q silences auto's line; a target that
# cannot run gets its own error line only.
expect 0 "auto --no-seccomp" timeout 120 "$RECORD" --backend auto --no-seccomp -o "$TMP/ns.trace" -- /bin/true
check "auto --no-seccomp: says ptrace and why" \
	"renacer-record: recording with the ptrace backend (eBPF: --no-seccomp is a ptrace option)" \
	"$(grep -v ' events, ' "$TMP/err")"
"$REPORT" --format json -c "$TMP/ns.trace" 2>/dev/null | grep -q 'backend=ptrace' ||
	fail "auto --no-seccomp: the trace's options should say backend=ptrace"
expect 2 "--backend ebpf --no-seccomp" "$RECORD" --backend ebpf --no-seccomp -o "$TMP/x.trace" -- /bin/true
check "--backend ebpf --no-seccomp: the error" \
	"renacer-record: --no-seccomp applies to the ptrace backend only (see renacer-record --help)" \
	"$(head -n 1 "$TMP/err")"
expect 0 "auto -q" timeout 120 "$RECORD" --backend auto -q -o "$TMP/q.trace" -- /bin/true
check "auto -q: nothing on stderr" "" "$(cat "$TMP/err")"
expect 127 "auto, command not found" "$RECORD" --backend auto -o "$TMP/x.trace" -- ./no-such-command
check "auto, command not found: one line, no backend line" \
	"renacer-record: ./no-such-command: command not found" "$(cat "$TMP/err")"

# A forced tiny buffer: what found no room is counted, never silently lost.
# The recorded calls plus the lost events equal strace's count of the loop.
timeout 120 "$RECORD" --backend ebpf -q --no-stack --buffer-size 4K -e trace=write -o "$TMP/tiny.trace" \
	-- "$PROG_DIR/rec_writeloop" 200000 >/dev/null 2>"$TMP/tiny.err"
"$REPORT" -c "$TMP/tiny.trace" >"$TMP/tiny.sum" 2>"$TMP/tiny.sum.err"
lost=$(sed -n '3s/^\([0-9]*\) events lost .*/\1/p' "$TMP/tiny.sum")
calls=$("$REPORT" --format csv -c "$TMP/tiny.trace" | awk -F, '$1 == "write" {print $2}')
[ "${lost:-0}" -gt 0 ] || fail "tiny buffer: the summary's third line should say N events lost: $(head -n 3 "$TMP/tiny.sum")"
# The lost count also holds the other events that found no room: process
# events (exec, exit) and those the recorder asks for whatever -e says (the
# calls that may map code, for module tracking): at most one per other call
# of the program (strace counts them) plus three.
strace -f -qq -e trace='!write' -o "$TMP/tiny.others" "$PROG_DIR/rec_writeloop" 1 >/dev/null 2>&1
others=$(grep -cE '^[0-9]+ +[a-z_0-9]+\(' "$TMP/tiny.others")
sum=$(( ${lost:-0} + ${calls:-0} ))
[ "$sum" -ge 200000 ] && [ "$sum" -le $((200003 + others)) ] ||
	fail "tiny buffer: $calls recorded + $lost lost should be 200000 (+ at most $others other calls and 3 process events)"

finish
