# --source under the eBPF backend gives the same FILE:LINE in FUNCTION as under
# ptrace, call by call, for a PIE, a non-PIE, a shared-library and a
# no-frame-pointer build (the stacks are unwound with CFI from the registers
# and stack bytes the BPF program copies), and below a frame whose large
# stack buffer was never touched (pages the BPF program cannot read, copied
# as zeros), and the expected line is there.
# The programs linger 300 ms before they exit (RENACER_TEST_LINGER_MS), so
# this compares unwinding and symbolization, not how fast the recorder reads
# the modules of a process that is about to end. Skipped (exit 77) where the
# eBPF backend is not built or not permitted.
. "$(dirname "$0")/lib.sh"

if ! timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/probe.trace" -- /bin/true 2>"$TMP/probe.err"; then
	skip_all "eBPF backend unavailable: $(head -n 1 "$TMP/probe.err")"
fi

# "count syscall [source]" of every call of a trace, sorted.
sources() {
	"$REPORT" --source "$1" 2>/dev/null | sed -n 's/^\([a-z0-9_]*\)(.*   \[\(.*\)\]$/\1 [\2]/p' | sort | uniq -c
}

export RENACER_TEST_LINGER_MS=300
while read -r prog arg want_call want_src want_fn; do
	[ "$arg" = - ] && arg=
	for b in ptrace ebpf; do
		timeout 120 "$RECORD" --backend "$b" -q -o "$TMP/$prog-$b.trace" -- "$PROG_DIR/$prog" $arg \
			>/dev/null 2>"$TMP/$prog-$b.err" || fail "$prog under $b: $(head -n 1 "$TMP/$prog-$b.err")"
		sources "$TMP/$prog-$b.trace" >"$TMP/$prog-$b.src"
	done
	file=${want_src%%:*}
	line=$(marker_line "$file" "${want_src#*:}")
	grep -q " $want_call \[.*/$file:$line in $want_fn\]$" "$TMP/$prog-ebpf.src" &&
		pass "$prog: ebpf: $want_call at $file:$line in $want_fn" ||
		fail "$prog: ebpf: $want_call should be at $file:$line in $want_fn: $(grep " $want_call " "$TMP/$prog-ebpf.src" | tr '\n' ' ')"
	if diff "$TMP/$prog-ptrace.src" "$TMP/$prog-ebpf.src" >"$TMP/$prog.diff"; then
		pass "$prog: every call's source is ptrace's ($(wc -l <"$TMP/$prog-ebpf.src") distinct)"
	else
		fail "$prog: sources differ (< ptrace, > ebpf): $(head -n 6 "$TMP/$prog.diff" | tr '\n' ' ')"
	fi
done <<'LIST'
sym_pie - write libsymlib.c:@sym:lib_write symlib_write
sym_nopie - write sym_nopie.c:@sym:nopie_write sym_nopie_work
unw_shared /unw-marker openat libunwlib.c:RDONLY);.*UNW_SITE unwlib_f
unw_open_nofp /unw-marker openat unw_open_nofp.c:RDONLY);.*UNW_SITE f
unw_bigframe /unw-marker openat unw_bigframe.c:RDONLY);.*UNW_SITE inner
unw_bigframe /unw-marker write unw_bigframe.c:BIG_WRITE inner
LIST

finish
