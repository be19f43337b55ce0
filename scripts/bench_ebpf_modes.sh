#!/usr/bin/env bash
# What the eBPF backend's production modes cost a busy program, side by side
# in one run: a writer (tests/progs/rec_rate: 1-byte writes to /dev/null as
# fast as it can, counting its writes every 100 ms) runs untraced, then is
# recorded for a few seconds by each mode below, with untraced seconds
# between; each row is its median write rate while recorded against its
# median rate untraced just before (a ratio of 1.00 = no slowdown). Modes:
# attached with -p (no stacks, CFI stacks, flight recorder), not selected
# (--comm of another name, --cgroup of an empty cgroup: the cost of the
# in-kernel test alone), -a (every process), and the ptrace backend's -p for
# comparison. Needs root (eBPF) and bpftool (to see when recording began).
# Other recorders attached at the same time (other eBPF sessions of the
# host) slow every row's untraced rate and recorded rate alike.
#   bash scripts/bench_ebpf_modes.sh [BUILD_DIR] [SECONDS_PER_PHASE]
set -u
B=${1:-build}
S=${2:-4}
R="$B/renacer-record"
T=$(mktemp -d)
CGROOT=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/self/mounts)
CG="$CGROOT/renacer-bench-$$"
cleanup() {
	[ -n "${wpid:-}" ] && kill "$wpid" 2>/dev/null
	rmdir "$CG" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$CG" 2>/dev/null || CG=

now_ns() { date +%s%N; }
# The ids of the loaded BPF programs named rec_sys_enter, sorted.
progs() { bpftool prog show 2>/dev/null | awk '/name rec_sys_enter/ {print $1}' | sort; }
# Median writes per 100 ms of the report lines of $1 with wall time in [$2, $3).
median() {
	awk -v a="$2" -v b="$3" '$1 >= a && $1 < b {print $2}' "$1" | sort -n |
		awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]; else print 0}'
}

"$B/tests/progs/rec_rate" "$T/rate" 100000 &
wpid=$!
sleep 1
echo "writer rate while recorded / untraced just before ($S s each; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-34s %12s %12s %6s\n' "mode" "untraced/s" "recorded/s" "ratio"
row() {
	local name=$1
	shift
	local u0 u1 r0 r1 rpid
	u0=$(now_ns)
	sleep "$S"
	u1=$(now_ns)
	local before
	before=$(progs)
	"$@" -o "$T/m.trace" 2>/dev/null &
	rpid=$!
	# Recording has begun once a BPF program of ours is loaded (a new
	# rec_sys_enter); the ptrace backend: once its first chunk is written.
	for _ in $(seq 600); do
		case " $* " in
		*" ptrace "*) [ "$(stat -c %s "$T/m.trace.tmp-$rpid-0" 2>/dev/null || echo 0)" -gt 8192 ] && break ;;
		*) [ "$(progs)" != "$before" ] && [ -n "$(comm -13 <(echo "$before") <(progs))" ] && break ;;
		esac
		sleep 0.1
	done
	sleep 0.5
	r0=$(($(now_ns) + 200000000))
	sleep "$S"
	r1=$(now_ns)
	kill -INT "$rpid"
	wait "$rpid" 2>/dev/null
	local u r
	u=$(median "$T/rate" "$u0" "$u1")
	r=$(median "$T/rate" "$r0" "$r1")
	printf '%-34s %12d %12d %6s\n' "$name" $((u * 10)) $((r * 10)) \
		"$(awk -v u="$u" -v r="$r" 'BEGIN {if (u) printf "%.2f", r / u; else print "-"}')"
	sleep 1
}
row "eBPF -p, no stack" "$R" --backend ebpf -q --no-stack -p "$wpid"
row "eBPF -p, CFI stacks" "$R" --backend ebpf -q -p "$wpid"
row "eBPF -p, flight recorder --ring 64M" "$R" --backend ebpf -q --ring 64M -p "$wpid"
row "eBPF --comm (another name)" "$R" -q --no-stack --comm renacer-nomatch
[ -n "$CG" ] && row "eBPF --cgroup (an empty cgroup)" "$R" -q --no-stack --cgroup "$CG"
row "eBPF -a, no stack" "$R" -q --no-stack -a
row "ptrace -p, no stack" "$R" --backend ptrace -q --no-stack -p "$wpid"
