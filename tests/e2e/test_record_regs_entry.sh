# Syscall entries read from the registers (stacks on): the recorded calls,
# arguments, payloads and stacks equal those of entries read with
# PTRACE_GET_SYSCALL_INFO (--no-stack and -e trace=all,!kexec_load take that
# path), and a 64-bit program's int $0x80 calls (another ABI) are not taken
# for native ones, by either backend.
. "$(dirname "$0")/lib.sh"

# int $0x80 from 64-bit code: three i386 getpid()s, three writes, then one
# native getpid (only where the kernel has the 32-bit gate: the program fails
# untraced otherwise). Both backends (eBPF where it can record here).
backends=ptrace
if timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/probe.trace" -- /bin/true 2>"$TMP/probe.err"; then
	backends="ptrace ebpf"
else
	skip "eBPF part: eBPF backend unavailable: $(head -n 1 "$TMP/probe.err")"
fi
line=$(grep -n "the write line" "$RENACER_SRC/tests/progs/rec_int80.c" | cut -d: -f1)
if ! "$PROG_DIR/rec_int80" >/dev/null; then
	skip "this kernel has no int \$0x80 gate for 64-bit programs"
else
	for b in $backends; do
		if ! "$RECORD" --backend $b -q -o "$TMP/i.$b.trace" -- "$PROG_DIR/rec_int80" >"$TMP/i.out"; then
			fail "$b: rec_int80 failed under the recorder"
			continue
		fi
		[ "$(cat "$TMP/i.out")" = "yyy" ] || fail "$b: rec_int80 output: '$(cat "$TMP/i.out")'"
		"$REPORT" --source "$TMP/i.$b.trace" >"$TMP/i.txt" 2>&1 || fail "$b: report of rec_int80 failed"
		n=$(grep -c "^write(1, \"y\", 1) = 1 .*rec_int80.c:$line in main" "$TMP/i.txt")
		check "$b: 3 writes at rec_int80.c:$line in main" 3 "$n"
		n=$(grep -c "^writev(" "$TMP/i.txt")
		check "$b: no int \$0x80 getpid recorded as writev" 0 "$n"
		n=$(grep -c "^getpid(" "$TMP/i.txt")
		check "$b: the one native getpid, no int \$0x80 one" 1 "$n"
	done
fi

# The same program, three ways (ptrace: its two ways of reading an entry):
# every line equal but for addresses and pids.
norm() { sed -E 's/0x[0-9a-f]+/ADDR/g; s/= [0-9]{3,}( |$)/= PID\1/' "$1"; }
for mode in stacks filtered nostack; do
	case $mode in
	stacks) opts="" ;;
	filtered) opts="-e trace=all,!kexec_load" ;;
	nostack) opts="--no-stack" ;;
	esac
	# shellcheck disable=SC2086
	"$RECORD" --backend ptrace -q $opts -o "$TMP/$mode.trace" -- "$PROG_DIR/rec_known" >/dev/null 2>&1 ||
		fail "rec_known failed under the recorder ($mode)"
	"$REPORT" "$TMP/$mode.trace" >"$TMP/$mode.raw" 2>&1 || fail "report failed ($mode)"
	norm "$TMP/$mode.raw" >"$TMP/$mode.txt"
done
[ "$(wc -l <"$TMP/stacks.txt")" -gt 10 ] || fail "rec_known trace too short"
diff "$TMP/stacks.txt" "$TMP/nostack.txt" >"$TMP/d1" || fail "stacks vs --no-stack differ: $(head -5 "$TMP/d1")"
diff "$TMP/stacks.txt" "$TMP/filtered.txt" >"$TMP/d2" || fail "stacks vs filtered differ: $(head -5 "$TMP/d2")"
"$REPORT" --source "$TMP/stacks.trace" >"$TMP/s.txt" 2>&1
"$REPORT" --source "$TMP/filtered.trace" >"$TMP/f.txt" 2>&1
diff <(norm "$TMP/s.txt") <(norm "$TMP/f.txt") >"$TMP/d3" ||
	fail "stacks read from registers vs from syscall info differ: $(head -5 "$TMP/d3")"
finish
