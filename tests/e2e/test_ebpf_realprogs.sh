# Everyday programs (coreutils, tar, gzip, find -exec, a shell exec chain, a
# #! script run with a long argument,
# a bash script with builtins and redirections, a program with a signal
# handler, a 16-thread program) recorded with -f by both backends: the same
# per-syscall counts (and strace -f -c's, futex aside, where strace is here),
# and, per thread, the same event lines once what varies from run to run is
# masked (addresses, pids, clock readings, random bytes, CPU times, free
# blocks, sysinfo's counters). Threads
# are matched by descent, not by tid: the first thread is R, the N-th
# clone/fork/vfork of thread K is K.N. Only programs whose lines do not depend
# on the scheduler are here (no SIGCHLD handler racing a child, no pipeline
# killed by SIGPIPE); where a default-ignored SIGCHLD falls among the
# parent's calls depends on when the child ended, so those lines are compared
# as a set per thread. Skipped (exit 77) where the eBPF backend cannot record.
. "$(dirname "$0")/lib.sh"
need jq
if ! timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/probe.trace" -- /bin/true 2>"$TMP/probe.err"; then
	skip_all "eBPF backend unavailable: $(head -n 1 "$TMP/probe.err")"
fi
have_strace=1
command -v strace >/dev/null 2>&1 || { have_strace=0; skip "strace counts: no strace here"; }
W=$TMP/w
mkdir -p "$W/tree/a/b" "$W/sigdir" && cd "$W" || exit 1
seq 1 2000 | sed 's/^/line /' >file.txt
printf 'b\na\nc\na\nb\n' >words.txt
for i in 1 2 3; do
	echo "data $i" >"tree/a/f$i"
	echo x >"tree/a/b/g$i"
done
cat >script.sh <<'EOF'
x=0; for i in 1 2 3; do x=$((x + i)); done
echo "$x" >out1; read -r y <out1; echo "$y" >>out1 2>/dev/null
cd tree && pwd >/dev/null; type ls >/dev/null; printf '%s\n' a b >../out2
EOF
printf '#!/bin/sh\nexit 0\n' >hello.sh && chmod +x hello.sh
progs="ls cat sort gzip tar find execchain script bash id signals threads"
# run NAME WRAPPER...: runs program NAME under WRAPPER in a fresh state of
# the work directory (the same paths and names every time).
run() {
	local n=$1
	shift
	rm -rf out.tar out1 out2 sigdir && mkdir sigdir || return 1
	case $n in
	ls) set -- "$@" ls -la tree/a ;;
	cat) set -- "$@" cat file.txt ;;
	sort) set -- "$@" sort words.txt ;;
	gzip) set -- "$@" gzip -n -c file.txt ;;
	tar) set -- "$@" tar cf out.tar tree ;;
	find) set -- "$@" find tree -type f -exec cat {} ';' ;;
	execchain) set -- "$@" sh -c 'exec env true' ;;
	script) set -- "$@" ./hello.sh an-argument-longer-than-32-bytes-the-strsize ;;
	bash) set -- "$@" bash script.sh ;;
	id) set -- "$@" id ;;
	signals) set -- "$@" "$PROG_DIR/dec_signals" sigdir ;;
	threads) set -- "$@" "$PROG_DIR/rec_threads" ;;
	esac
	timeout 120 "$@" >/dev/null 2>"$TMP/$n.run.err"
}
# counts TRACE: "name calls errors" per syscall, futex aside, sorted.
counts() {
	"$REPORT" -c --format csv "$1" 2>/dev/null | awk -F, 'NR > 1 && $1 != "futex" { print $1, $2, $3 }' | sort
}
# strace_counts FILE: the same from strace -c's table.
strace_counts() {
	awk '$NF ~ /^[a-z_0-9]+$/ && $NF != "total" && $NF != "syscall" && $NF != "futex" {
		if (NF == 6) print $6, $4, $5; else print $5, $4, 0 }' "$1" | sort
}
# lines TRACE: "KEY<TAB>line" per event, grouped by thread (each thread's
# lines in their order), what varies between runs masked. KEY: the first
# thread is R, the N-th thread or process thread K created is K.N.
lines() {
	"$REPORT" --format json "$1" 2>/dev/null | jq -r .tid >"$1.tids"
	"$REPORT" "$1" 2>/dev/null | sed -E 's/^\[pid +[0-9]+\] //' | paste "$1.tids" - >"$1.tab"
	awk -F'\t' '
		NR == FNR {
			if (FNR == 1) key[$1] = "R"
			if ($2 ~ /^(clone3?|fork|vfork)\(.*\) = [0-9]+$/) {
				c = $2
				sub(/.* = /, "", c)
				if (!(c in up)) { up[c] = $1; nth[c] = ++nkids[$1] }
			}
			next
		}
		{
			k = $1
			path = ""
			for (i = 0; !(k in key) && (k in up) && i < 64; i++) {
				path = "." nth[k] path
				k = up[k]
			}
			print ((k in key) ? key[k] path : "T?") "\t" $2
		}' "$1.tab" "$1.tab" |
		sed -E 's/0x[0-9a-f]{6,}/ADDR/g
			s/^([^\t]*\t(clone3?|fork|vfork|wait4|waitid|getpid|getppid|gettid|set_tid_address|getpgrp|getsid|getpgid)\(.*\) =) [0-9]+$/\1 PID/
			s/^([^\t]*\t(kill|tgkill|tkill|wait4)\()[0-9]+/\1PID/
			s/^([^\t]*\ttgkill\(PID, )[0-9]+/\1PID/
			s/^([^\t]*\trt_sigreturn\(\) =) [0-9]{3,}$/\1 N/
			s/^([^\t]*\tgetrandom\()"[^"]*"/\1"RANDOM"/
			s/(si_pid|si_utime|si_stime|tv_sec|tv_nsec|tv_usec)=[0-9]+( \/\* [^*]* \*\/)?/\1=N/g
			s/(f_bfree|f_bavail|f_ffree)=[0-9]+/\1=N/g
			s/^([^\t]*\tsysinfo\().*\) = 0$/\1...) = 0/
			s|/\* [0-9]+ vars \*/|/* N vars */|
			s|/proc/[0-9]+/|/proc/PID/|g' >"$1.masked"
	# Each thread's lines; a SIGCHLD comes when the child ends, which is
	# before or after the parent's next call as the scheduler ran them: the
	# SIGCHLD lines of each thread are compared as a set, after its lines.
	grep -v $'^[^\t]*\t--- SIGCHLD ' "$1.masked" | sort -s -t$'\t' -k1,1
	grep $'^[^\t]*\t--- SIGCHLD ' "$1.masked" | sort
}
same_counts=0 same_lines=0 nprogs=0
for n in $progs; do
	nprogs=$((nprogs + 1))
	for b in ptrace ebpf; do
		run "$n" "$RECORD" --backend "$b" -q -f -o "$TMP/$n.$b.trace" ||
			fail "$n: recording with $b failed: $(head -n 2 "$TMP/$n.run.err")"
	done
	if [ "$have_strace" = 1 ]; then
		run "$n" strace -f -c -o "$TMP/$n.strace" || fail "$n: strace run failed"
		if [ "$(strace_counts "$TMP/$n.strace")" = "$(counts "$TMP/$n.ptrace.trace")" ]; then
			pass "$n: ptrace counts = strace -f -c's"
		else
			fail "$n: ptrace counts differ from strace -f -c's (< strace, > ptrace):"
			diff <(strace_counts "$TMP/$n.strace") <(counts "$TMP/$n.ptrace.trace") | sed 's/^/    /' >&2
		fi
	fi
	want=$(counts "$TMP/$n.ptrace.trace")
	[ -n "$want" ] || fail "$n: no calls recorded by ptrace"
	if [ "$want" = "$(counts "$TMP/$n.ebpf.trace")" ]; then
		same_counts=$((same_counts + 1))
		pass "$n: eBPF counts = ptrace's ($(echo "$want" | awk '{ c += $2 } END { print c }') calls)"
	else
		fail "$n: eBPF counts differ from ptrace's (< ptrace, > eBPF):"
		diff <(echo "$want") <(counts "$TMP/$n.ebpf.trace") | sed 's/^/    /' >&2
	fi
	lines "$TMP/$n.ptrace.trace" >"$TMP/$n.ptrace.lines"
	lines "$TMP/$n.ebpf.trace" >"$TMP/$n.ebpf.lines"
	if cmp -s "$TMP/$n.ptrace.lines" "$TMP/$n.ebpf.lines"; then
		same_lines=$((same_lines + 1))
		pass "$n: eBPF event lines = ptrace's ($(wc -l <"$TMP/$n.ptrace.lines") lines, $(cut -f1 "$TMP/$n.ptrace.lines" | sort -u | wc -l) threads)"
	else
		fail "$n: eBPF event lines differ from ptrace's (- ptrace, + eBPF; KEY: thread by descent):"
		diff -u "$TMP/$n.ptrace.lines" "$TMP/$n.ebpf.lines" | head -n 40 | sed 's/^/    /' >&2
	fi
done
# A SIGCHLD the parent ignores is shown where the parent takes it: never
# before a call of the parent's that was already in progress when the child
# ended (find's wait4 returns the child, then SIGCHLD comes).
for n in find; do
	early=$("$REPORT" --format json "$TMP/$n.ebpf.trace" 2>/dev/null |
		jq -r '"\(.tid) \(.type) \(.ts_ns)"' |
		awk '$2 == "signal" { sig[$1] = $3; next }
			$2 == "syscall" && ($1 in sig) { if ($3 < sig[$1]) n++; delete sig[$1] }
			END { print n + 0 }')
	check "$n: no SIGCHLD shown before a call in progress when it was sent" 0 "$early"
done
# A write to a pipe whose reader is gone: under eBPF too, the call ends with
# EPIPE, then SIGPIPE is delivered and kills the writer (the kernel makes the
# signal a SIGKILL of the process at once; the call was shown unfinished, and
# the signal not at all).
for b in ptrace ebpf; do
	rec_out=$TMP/pipe.$b.trace
	timeout 120 "$RECORD" --backend "$b" -q -f -o "$rec_out" -- sh -c 'yes | head -n 1' >/dev/null 2>&1
	got=$(lines "$rec_out" | grep -A2 -F -- '= -1 EPIPE' | cut -f2 |
		sed -E 's/^write\(1, ".*"\.\.\., [0-9]+\)/write(1, ...)/')
	check "yes | head, $b: the writer's last write, its SIGPIPE and its death" \
		"write(1, ...) = -1 EPIPE (Broken pipe)
--- SIGPIPE {si_signo=SIGPIPE, si_code=SI_USER, si_pid=N, si_uid=0} ---
+++ killed by SIGPIPE +++" "$got"
done
echo "info: $same_counts/$nprogs programs with equal counts, $same_lines/$nprogs with equal lines"
finish
