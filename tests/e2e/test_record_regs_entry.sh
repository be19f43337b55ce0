# Syscall entries read from the registers (stacks on): the recorded calls,
# arguments, payloads and stacks equal those of entries read with
# PTRACE_GET_SYSCALL_INFO (--no-stack and -e trace=all,!kexec_load take that
# path), and a 64-bit program's int $0x80 calls (another ABI) are not taken
# for native ones.
. "$(dirname "$0")/record_common.sh"
REP="$RENACER_BIN/renacer-report"

# int $0x80 from 64-bit code: three i386 getpid()s, three writes, then one
# native getpid (only where the kernel has the 32-bit gate: the program fails
# untraced otherwise).
if ! "$P/rec_int80" >/dev/null; then
	echo "skip: this kernel has no int \$0x80 gate for 64-bit programs"
elif ! "$R" -q -o "$T/i.trace" -- "$P/rec_int80" >"$T/i.out"; then
	fail "rec_int80 failed under the recorder"
else
	[ "$(cat "$T/i.out")" = "yyy" ] || fail "rec_int80 output: '$(cat "$T/i.out")'"
	"$REP" --source "$T/i.trace" >"$T/i.txt" 2>&1 || fail "report of rec_int80 failed"
	line=$(grep -n "the write line" "$RENACER_SRC/tests/progs/rec_int80.c" | cut -d: -f1)
	n=$(grep -c "^write(1, \"y\", 1) = 1 .*rec_int80.c:$line in main" "$T/i.txt")
	[ "$n" = 3 ] || fail "expected 3 writes at rec_int80.c:$line in main, got $n: $(grep write "$T/i.txt")"
	grep -q "^writev(" "$T/i.txt" && fail "an int \$0x80 getpid was recorded as writev"
	n=$(grep -c "^getpid(" "$T/i.txt")
	[ "$n" = 1 ] || fail "expected the one native getpid, got $n (int \$0x80 ones recorded?)"
fi

# The same program, three ways: every line equal but for addresses and pids.
norm() { sed -E 's/0x[0-9a-f]+/ADDR/g; s/= [0-9]{3,}( |$)/= PID\1/' "$1"; }
for mode in stacks filtered nostack; do
	case $mode in
	stacks) opts="" ;;
	filtered) opts="-e trace=all,!kexec_load" ;;
	nostack) opts="--no-stack" ;;
	esac
	# shellcheck disable=SC2086
	"$R" -q $opts -o "$T/$mode.trace" -- "$P/rec_known" >/dev/null 2>&1 ||
		fail "rec_known failed under the recorder ($mode)"
	"$REP" "$T/$mode.trace" >"$T/$mode.raw" 2>&1 || fail "report failed ($mode)"
	norm "$T/$mode.raw" >"$T/$mode.txt"
done
[ "$(wc -l <"$T/stacks.txt")" -gt 10 ] || fail "rec_known trace too short"
diff "$T/stacks.txt" "$T/nostack.txt" >"$T/d1" || fail "stacks vs --no-stack differ: $(head -5 "$T/d1")"
diff "$T/stacks.txt" "$T/filtered.txt" >"$T/d2" || fail "stacks vs filtered differ: $(head -5 "$T/d2")"
"$REP" --source "$T/stacks.trace" >"$T/s.txt" 2>&1
"$REP" --source "$T/filtered.trace" >"$T/f.txt" 2>&1
diff <(norm "$T/s.txt") <(norm "$T/f.txt") >"$T/d3" ||
	fail "stacks read from registers vs from syscall info differ: $(head -5 "$T/d3")"
finish
