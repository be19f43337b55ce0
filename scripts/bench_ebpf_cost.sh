#!/usr/bin/env bash
# Where the eBPF backend's cost per call goes on real workloads (needs root
# and perf): each workload (tar of /usr/share/doc into a pipe, find /usr)
# runs untraced, recorded without stacks and recorded with CFI stacks, under
# `perf record -e cpu-clock`; the samples of the workload's own process are
# put in groups by the kernel function they fell in (the BPF programs run in
# its context), and each group is printed as microseconds per recorded call.
# The recorder's own CPU is shown by its top functions. Figures from sampling:
# on a loaded machine they move by 10-20% between runs, so compare the groups,
# not single runs.
#   bash scripts/bench_ebpf_cost.sh [BUILD_DIR]
set -u
B=${1:-${BENCH_BUILD:-build}}
REC=$B/renacer-record
HZ=4000
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
command -v perf >/dev/null || { echo "bench_ebpf_cost.sh: perf is needed" >&2; exit 2; }

# groups COMM CALLS < perf script output: seconds and us per call of each group
groups() {
	awk -v want="$1" -v calls="$2" -v hz="$HZ" '
	BEGIN {
		n = split("user-read|ring|clock|maps|bpf|helpers|tracepoint|program", order, "|")
		name["user-read"] = "stack and payload reads from user memory"
		name["ring"] = "copy into the ring buffer"
		name["clock"] = "clock reads (entry, exit)"
		name["maps"] = "task storage and map lookups"
		name["bpf"] = "the BPF programs own code"
		name["helpers"] = "other BPF helpers"
		name["tracepoint"] = "syscall tracepoint path"
		name["program"] = "the program itself (kernel and user)"
	}
	$1 == want {
		s = $4
		if (s ~ /copy_from_user_nofault|__check_object_size|is_vmalloc_addr|__virt_addr_valid|bpf_probe_read_user|strncpy_from_user_nofault|copy_from_kernel_nofault_allowed/) g = "user-read"
		else if (s ~ /__pi_memcpy|ringbuf/) g = "ring"
		else if (s ~ /read_tsc|ktime_get_mono_fast_ns|bpf_ktime_get_ns/) g = "clock"
		else if (s ~ /task_storage|local_storage|htab|lookup_nulls|jhash|map_lookup/) g = "maps"
		else if (s ~ /^bpf_prog_/) g = "bpf"
		else if (s ~ /bpf_get_current|bpf_task_pt_regs|bpf_probe_read_kernel|copy_from_kernel_nofault|find_vma|bpf_loop/) g = "helpers"
		else if (s ~ /bpf_trace_run|__bpf_trace_sys|__traceiter_sys|syscall_trace_enter|syscall_exit_work|__rcu_read_/) g = "tracepoint"
		else g = "program"
		c[g]++
		tot++
	}
	END {
		for (i = 1; i <= n; i++) {
			g = order[i]
			printf "    %-42s %6.3f s %6.2f us/call\n", name[g], c[g] / hz, c[g] / hz / calls * 1e6
		}
		printf "    %-42s %6.3f s %6.2f us/call\n", "all of the workload process", tot / hz, tot / hz / calls * 1e6
	}'
}

run() {
	label=$1 comm=$2 cmd=$3
	perf record -q -e cpu-clock -F $HZ -o "$T/u.data" -- sh -c "$cmd" >/dev/null 2>&1
	perf record -q -e cpu-clock -F $HZ -o "$T/n.data" -- "$REC" --backend ebpf -f -q --no-stack \
	    -o "$T/n.trace" -- sh -c "$cmd" >/dev/null 2>&1
	perf record -q -e cpu-clock -F $HZ -o "$T/s.data" -- "$REC" --backend ebpf -f -q \
	    -o "$T/s.trace" -- sh -c "$cmd" >/dev/null 2>&1
	calls=$("$B/renacer-report" -q --format csv -c "$T/s.trace" 2>/dev/null | awk -F, 'NR > 1 {c += $2} END {print c}')
	echo "$label: $calls calls recorded; CPU of the $comm process, by group"
	for k in u n s; do
		case $k in
		u) echo "  untraced" ;;
		n) echo "  eBPF, no stack" ;;
		s) echo "  eBPF, CFI stacks" ;;
		esac
		perf script -i "$T/$k.data" -F comm,pid,ip,sym 2>/dev/null | awk '{sub(/\+0x[0-9a-f]+$/, "", $4); print}' |
		    groups "$comm" "$calls"
	done
	echo "  the recorder with stacks, its top functions (share of its samples)"
	perf script -i "$T/s.data" -F comm,pid,ip,sym,dso 2>/dev/null |
	    awk '$1 ~ /^renacer-record/ {k = $4 " " $5; c[k]++; t++} END {for (k in c) printf "%6.1f%% %s\n", 100 * c[k] / t, k}' |
	    sort -rn | head -8 | sed 's/^/    /'
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
run "tar /usr/share/doc" tar "tar cf - /usr/share/doc 2>/dev/null | cat >/dev/null"
run "find /usr" find "find /usr >/dev/null"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
