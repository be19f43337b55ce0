// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * rec_ebpf.bpf.c - the eBPF backend's in-kernel half. On the raw syscall
 * tracepoints (tp_btf sys_enter / sys_exit) it keeps, for each thread of a
 * traced process (the pids filter map; system-wide, every process that
 * matches at that moment: -a all, --cgroup a cgroup's tree, --comm a
 * process name), the entry
 * of the call in progress; at the exit it builds one event in a per-CPU
 * scratch buffer: number, six arguments, return value, entry time and
 * in-kernel duration, the payloads the capture table (rec_policy's, filled
 * by user space) asks for, read where the memory is sure to be present (at
 * exit; at entry for exec, whose memory is gone at exit, and for the inputs
 * of an argument the call overwrites, sent in an event of their own), and
 * optionally the
 * user registers and a window of user stack bytes for the CFI unwinder in
 * user space. Events go to one ring buffer with BPF_RB_NO_WAKEUP (the
 * recorder polls); what finds no room is counted per CPU and per process.
 * sched_process_fork / exec / exit follow threads, children (-f) and programs;
 * signal_deliver records the signals traced threads receive. The kind of a
 * new descriptor (what /proc/PID/fd would say) is read from the task's file
 * table at the exit of the call that made it, while it is surely there.
 * Parts by job, included once below: rec_ebpf_fdkind.bpf.h (descriptor
 * kinds), rec_ebpf_payload.bpf.h (payload captures), rec_ebpf_task.bpf.h
 * (fork, exec, exit and signal programs).
 */
#include "vmlinux.h"

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "record/ebpf/rec_ebpf.h"

#define NR_EXIT          60
#define NR_EXECVE        59
#define NR_EXIT_GROUP    231
#define NR_EXECVEAT      322
#define PAGE             4096
#define STACK_TOP_MARGIN 128    /* bytes copied above mm->start_stack */
#define TS_COMPAT        0x0002 /* thread_info.status: a 32-bit syscall is running */

const volatile bool follow_forks = false;
const volatile bool trace_all = false;           /* every process (-a, --cgroup, --comm) */
const volatile __u32 stack_bytes = 0;            /* user stack window; 0: no stacks */
const volatile __u32 self_tgid = 0;              /* the recorder: never traced */
const volatile bool cgroup_filter = false;       /* --cgroup: only tasks in cgroup_want's tree */
const volatile char comm_want[RB_COMM_LEN] = {}; /* --comm: only processes of this name */
const volatile bool comm_filter = false;

struct inflight {
	__u64 ts;
	__u64 args[6];
	__u32 nr;             /* RB_NR_IDLE: between two calls; RB_NR_FRESH: new thread */
	__u32 entry;          /* ENTRY_*: what the call's entry sent */
	__u64 stk_lo, stk_hi; /* the mapping the thread's stack was last seen in */
};
_Static_assert(__builtin_offsetof(struct inflight, nr) ==
                       __builtin_offsetof(struct rb_inflight_head, nr) &&
                   __builtin_offsetof(struct inflight, ts) ==
                       __builtin_offsetof(struct rb_inflight_head, ts),
               "user space creates inflight entries from rb_inflight_head (rec_ebpf_launch.c)");

/* struct inflight.entry: what was sent at the call's entry. */
#define ENTRY_NONE       0 /* nothing: the whole call is sent at its exit */
#define ENTRY_ALL        1 /* an RBF_ENTRY event with all its payloads (exec) */
#define ENTRY_SPLIT_SENT 2 /* an RBF_ENTRY event with its entry payloads (RB_CAPS_SPLIT) */
#define ENTRY_SPLIT_NONE 3 /* its entry captures ran and gave nothing (RB_CAPS_SPLIT) */

/* --cgroup: the cgroup v2 directory (slot 0) whose tree is traced. */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_want SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 << 20); /* --buffer-size sets it before load */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
} pids SEC(".maps");

/* The call in progress of each thread: task local storage, found from the
 * task in a few loads and updated in place (a hash map keyed by tid cost an
 * element allocation per call). */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct inflight);
} inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RB_NR_MAX);
	__type(key, __u32);
	__type(value, struct rb_caps);
} caps SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RB_NR_MAX / 64);
	__type(key, __u32);
	__type(value, __u64);
} want SEC(".maps");

/* The mutable state of the argv and iovec loops. It lives in map memory, not
 * on the stack, so the verifier sees every iteration alike (unknown values,
 * bounded by masks) and checks the loop body once instead of once per
 * possible offset. */
struct loop_state {
	__u32 off;  /* argv: where the next string goes */
	__u32 len;  /* iovec: bytes kept */
	__u64 full; /* iovec: bytes in total */
	__u8 truncated, readable;
};

struct scratch {
	char b[RB_SCRATCH];
	struct loop_state ls;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* user space sets the number of CPUs */
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, __u64);
} lost_pid SEC(".maps");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The process's name (its leader's comm, as /proc/PID/comm shows) is
 * comm_want: every thread follows whatever its own name. */
static __always_inline bool comm_matches(void)
{
	struct task_struct *t = bpf_get_current_task_btf();
	char c[RB_COMM_LEN];

	if (bpf_probe_read_kernel_str(c, sizeof(c), BPF_CORE_READ(t, group_leader, comm)) < 0)
		return false;
	for (int i = 0; i < RB_COMM_LEN; i++) {
		if (c[i] != comm_want[i])
			return false;
		if (c[i] == 0)
			break;
	}
	return true;
}

/* The filter state of process tgid (RB_PID_*), 0 when not traced. */
static __always_inline int traced(__u32 tgid)
{
	__u8 *v = bpf_map_lookup_elem(&pids, &tgid);

	if (v)
		return *v;
	if (!trace_all || tgid == self_tgid)
		return 0;
	if (cgroup_filter && bpf_current_task_under_cgroup(&cgroup_want, 0) != 1)
		return 0;
	if (comm_filter && !comm_matches())
		return 0;
	return RB_PID_TRACED;
}

/* The current call came through the 32-bit gate (int $0x80 from 64-bit
 * code): its number is of the i386 table, not a native call (the ptrace
 * backend does not record those either). The flag holds from the entry
 * tracepoint to the exit one. */
static __always_inline bool compat_call(void)
{
	struct task_struct *t = bpf_get_current_task_btf();

	return t->thread_info.status & TS_COMPAT; /* a BTF load, not a probe read */
}

static __always_inline bool wanted(__u32 nr)
{
	__u32 w = nr / 64;
	__u64 *bits = bpf_map_lookup_elem(&want, &w);

	return bits && ((*bits >> (nr % 64)) & 1);
}

static __always_inline void count_lost(__u32 tgid)
{
	__u32 k = RB_LOST_EVENTS;
	__u64 *n = bpf_map_lookup_elem(&lost, &k), one = 1;

	if (n)
		*n += 1;
	n = bpf_map_lookup_elem(&lost_pid, &tgid);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&lost_pid, &tgid, &one, BPF_NOEXIST);
}

static __always_inline struct scratch *scratch_get(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&scratch, &cpu);
}

static __always_inline char *scratch_buf(void)
{
	struct scratch *s = scratch_get();

	return s ? s->b : NULL;
}

/* Submits an event. Only the rare events after which the recorder must read
 * /proc/PID/maps while the process still lives (exec, executable mappings)
 * wake it; the others wait for its next poll. */
static __always_inline void submit(void *data, __u32 size, __u32 tgid, bool wake)
{
	__u64 flags = wake ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;

	if (bpf_ringbuf_output(&events, data, size & (RB_SCRATCH - 1), flags) < 0)
		count_lost(tgid);
}

#define PROT_EXEC_BIT 0x4
#define NR_MMAP       9
#define NR_MPROTECT   10

/* Calls that (may) map code: the recorder re-syncs modules after them. */
static __always_inline bool maps_code(__u32 nr, const __u64 *args)
{
	return ((nr == NR_MMAP || nr == NR_MPROTECT) && (args[2] & PROT_EXEC_BIT)) ||
	       nr == NR_EXECVE || nr == NR_EXECVEAT;
}

#include "record/ebpf/rec_ebpf_fdkind.bpf.h"
#include "record/ebpf/rec_ebpf_payload.bpf.h"

/* The mapping an address lies in (bpf_find_vma's callback). */
static long vma_of(struct task_struct *task, struct vm_area_struct *vma, void *ctx)
{
	struct rb_vma *v = ctx;

	v->start = vma->vm_start;
	v->end = vma->vm_end;
	v->pgoff = vma->vm_pgoff;
	return 0;
}

/* The bytes of the window at sp worth copying, at most n: on the main
 * thread's stack nothing the unwinder needs lies above the stack pointer of
 * the program's start (mm->start_stack, where argc is; argv and the
 * auxiliary vector follow, so a little more is mapped); elsewhere (threads,
 * signal stacks) the window ends with the stack's mapping, looked up once
 * and kept in the thread's inflight entry while the stack stays in it. */
static __always_inline __u32 stack_window(struct task_struct *t, __u64 sp, __u32 n)
{
	__u64 top = t->mm->start_stack;

	if (sp < top && top - sp < n)
		return top - sp + STACK_TOP_MARGIN < n ? top - sp + STACK_TOP_MARGIN : n;
	struct inflight *f = bpf_task_storage_get(&inflight, t, 0, 0);
	if (!f)
		return n;
	if (sp < f->stk_lo || sp >= f->stk_hi) {
		struct rb_vma v = {};
		bpf_find_vma(t, sp, vma_of, &v, 0);
		f->stk_lo = v.start;
		f->stk_hi = v.end;
	}
	if (sp >= f->stk_lo && sp < f->stk_hi && f->stk_hi - sp < n)
		return f->stk_hi - sp;
	return n;
}

/* A window that could not be read whole runs into a page not in memory:
 * the untouched part of a large buffer on the stack (glibc's
 * buffered_vfprintf keeps 8 KiB there; a frame with char buf[65536] whose
 * first bytes only were used), which holds zeros, while the frames above it
 * hold the return addresses the unwinder needs. Copies the n bytes at sp
 * into buf at off page by page, a page that cannot be read as zeros (what
 * bpf_probe_read_user leaves on failure; a page swapped out also reads so,
 * and the unwinding stops at it). */
static __always_inline void stack_by_pages(char *buf, __u32 off, __u64 sp, __u32 n)
{
	__u32 got = 0;

	for (int k = 0; k <= RB_STACK_MAX / PAGE && got < n; k++) {
		__u64 want = PAGE - ((sp + got) & (PAGE - 1));
		if (want > n - got)
			want = n - got;
		asm volatile("%0 &= 8191" : "+r"(want)); /* PAGE * 2 - 1, kept past the compiler */
		bpf_probe_read_user(buf + ((off + got) & (RB_HALF - 1)), want, (void *)(sp + got));
		got += want;
	}
}

/* Appends the user registers (those the raw syscall tracepoints are given)
 * and up to stack_bytes of user stack. */
static __always_inline __u32 add_stack(char *buf, __u32 off, struct rb_sys *e)
{
	__u32 n = stack_bytes;

	if (!n)
		return off;
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	off &= RB_HALF - 1;
	const __u64 *r = (const __u64 *)regs;
	__u64 *dst = (__u64 *)(buf + off);
	for (int i = 0; i < RB_NREGS; i++) /* BTF loads, not a probe read */
		dst[i] = r[i];
	off += RB_NREGS * 8;
	__u64 sp = regs->sp;
	n = stack_window(bpf_get_current_task_btf(), sp, n);
	e->has_stack = 1;
	n &= RB_STACK_MAX * 2 - 1;
	if (n > RB_STACK_MAX)
		n = RB_STACK_MAX;
	if (bpf_probe_read_user(buf + (off & (RB_HALF - 1)), n, (void *)sp) == 0) {
		e->stack_len = n;
		return off + n;
	}
	stack_by_pages(buf, off, sp, n);
	e->stack_len = n;
	return off + n;
}

static __always_inline void fill_args(struct pt_regs *regs, __u64 *args)
{
	args[0] = regs->di; /* BTF pointers: plain loads, no helper call */
	args[1] = regs->si;
	args[2] = regs->dx;
	args[3] = regs->r10;
	args[4] = regs->r8;
	args[5] = regs->r9;
}

#define MODE_AT_EXIT     0x10000 /* send_sys: built at the call's exit */
#define MODE_PAYLOADS    0x20000 /* send_sys: with the call's payloads */
#define MODE_EXIT_ONLY   0x40000 /* send_sys at exit: the entry captures were read at entry */
#define MODE_IF_PAYLOADS 0x80000 /* send_sys: sent only when a capture gave a payload */

/* Starts the RB_SYS event of call f in this CPU's scratch; false when there
 * is no scratch. */
static __always_inline bool begin_sys(const struct inflight *f)
{
	struct scratch *sc = scratch_get();

	if (!sc)
		return false;
	struct rb_sys *e = (struct rb_sys *)sc->b;
	e->h.ts = f->ts;
	for (int i = 0; i < 6; i++)
		e->args[i] = f->args[i];
	e->nr = f->nr;
	return true;
}

/* Completes and submits the RB_SYS event begin_sys started: return value,
 * duration, flags (the low 16 bits of mode, RBF_*), payloads and, unless it
 * completes an RBF_ENTRY event (which had it), the stack. 1 when it was
 * submitted. A global function: verified once for every call site, with what
 * it is given unknown, instead of once per site and constant. */
__noinline int send_sys(__s64 ret, __u64 dur, __u32 mode)
{
	struct scratch *sc = scratch_get();
	__u64 pt = bpf_get_current_pid_tgid();
	__u32 tgid = pt >> 32;
	bool at_exit = mode & MODE_AT_EXIT, payloads = mode & MODE_PAYLOADS;
	__u16 flags = mode & 0xffff;

	if (!sc)
		return 0;
	char *buf = sc->b;
	struct rb_sys *e = (struct rb_sys *)buf;
	e->h.type = RB_SYS;
	e->h.tid = (__u32)pt;
	e->h.pid = tgid;
	e->ret = ret;
	e->dur = dur;
	e->flags = flags;
	e->npay = 0;
	e->has_stack = 0;
	e->stack_len = 0;
	e->ret_kind = 0;
	e->pad = 0;
	__u32 nr = e->nr;
	if (nr >= RB_NR_MAX)
		return 0;
	if (at_exit && ret >= 0) {
		struct rb_caps *cs = bpf_map_lookup_elem(&caps, &nr);
		if (cs && cs->ret_fd)
			e->ret_kind = fd_kind(ret);
	}
	__u32 off = sizeof(*e);
	if (payloads)
		off = add_payloads(sc, off, nr, ret,
		                   !at_exit                ? PAY_ENTRY
		                   : mode & MODE_EXIT_ONLY ? PAY_EXIT_ONLY
		                                           : PAY_EXIT);
	e->pay_bytes = off - sizeof(*e);
	if ((mode & MODE_IF_PAYLOADS) && !e->npay)
		return 0;
	if (!(flags & RBF_COMPLETE))
		off = add_stack(buf, off, e);
	e->h.size = off;
	submit(buf, off, tgid, !(flags & RBF_ENTRY) && maps_code(nr, e->args));
	return 1;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(rec_sys_enter, struct pt_regs *regs, long id)
{
	int st = traced(bpf_get_current_pid_tgid() >> 32);

	if (!st || id < 0 || id >= RB_NR_MAX)
		return 0;
	if (st == RB_PID_PRE_EXEC && id != NR_EXECVE && id != NR_EXECVEAT)
		return 0;
	if (!wanted((__u32)id) || compat_call())
		return 0;
	struct inflight *f = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0,
	                                          BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!f) {
		count_lost(bpf_get_current_pid_tgid() >>
		           32); /* no room for its state: never silent */
		return 0;
	}
	f->ts = bpf_ktime_get_ns();
	f->nr = (__u32)id;
	f->entry = ENTRY_NONE;
	fill_args(regs, f->args);
	if (id == NR_EXIT || id == NR_EXIT_GROUP) {
		if (begin_sys(f))
			send_sys(0, 0, RBF_ENTRY | RBF_NORETURN | MODE_PAYLOADS);
		f->nr = RB_NR_IDLE;
		return 0;
	}
	struct rb_caps *cs = bpf_map_lookup_elem(&caps, &f->nr);
	if (cs && cs->entry == RB_CAPS_ALL_ENTRY) {
		if (begin_sys(f))
			send_sys(0, 0, RBF_ENTRY | MODE_PAYLOADS);
		f->entry = ENTRY_ALL;
	} else if (cs && cs->entry == RB_CAPS_SPLIT) {
		f->entry =
		    begin_sys(f) && send_sys(0, 0, RBF_ENTRY | MODE_PAYLOADS | MODE_IF_PAYLOADS)
		        ? ENTRY_SPLIT_SENT
		        : ENTRY_SPLIT_NONE;
	}
	return 0;
}

/* The exit of a call whose entry tracepoint never fired, of a thread known
 * to be between calls (its inflight entry is idle): a seccomp filter of the
 * program's own decided the call (ERRNO, TRAP, KILL, TRACE without a tracer),
 * which the kernel does before the entry tracepoint; or of the call a thread
 * was in when -p began (its entry state RB_NR_ATTACHED, made by user space).
 * Sent from the exit registers, timed from ts (now: a duration of 0; for the
 * call in progress at -p, the moment it began). A thread is known to be
 * between calls from its creation (fork/clone), its exec, the end of a call it
 * was seen entering, or -p (not in a call then). */
static __always_inline void send_no_entry(struct pt_regs *regs, __u32 tid, __u32 tgid, __u64 ts,
                                          __u64 now, long ret)
{
	long id = regs->orig_ax;

	if (traced(tgid) != RB_PID_TRACED || id < 0 || id >= RB_NR_MAX || !wanted((__u32)id))
		return;
	struct inflight f = {.ts = ts, .nr = (__u32)id};
	fill_args(regs, f.args);
	if (begin_sys(&f))
		send_sys(ret, now - ts, MODE_AT_EXIT | MODE_PAYLOADS);
}

/* send_sys's mode for the exit of a call whose entry sent what entry
 * (ENTRY_*) says; dying: the thread is being killed (no result, and of the
 * payloads only the entry ones not sent yet). */
static __always_inline __u32 exit_mode(__u32 entry, bool dying)
{
	switch (entry) {
	case ENTRY_ALL:
		return (dying ? RBF_DYING : MODE_AT_EXIT) | RBF_COMPLETE;
	case ENTRY_SPLIT_SENT:
		return dying ? RBF_DYING | RBF_COMPLETE
		             : MODE_AT_EXIT | MODE_EXIT_ONLY | MODE_PAYLOADS | RBF_COMPLETE;
	case ENTRY_SPLIT_NONE:
		return dying ? RBF_DYING : MODE_AT_EXIT | MODE_EXIT_ONLY | MODE_PAYLOADS;
	default:
		return (dying ? RBF_DYING : MODE_AT_EXIT) | MODE_PAYLOADS;
	}
}

#define SIGNAL_GROUP_EXIT 0x00000004

/* The fatal signal (not SIGKILL) the kernel turned into SIGKILL for the
 * whole process when it was sent (an untraced process with the default
 * action), or 0. */
static __always_inline int fatal_signal(struct task_struct *t)
{
	struct signal_struct *sig = t->signal;
	int code = BPF_CORE_READ(sig, group_exit_code);

	if (!(BPF_CORE_READ(sig, flags) & SIGNAL_GROUP_EXIT) || code < 1 || code > 64 || code == 9)
		return 0; /* not a signal's: exit_group's status << 8, or SIGKILL */
	return code;
}

/* Whether t's pending SIGKILL is that of a fatal signal sent to t itself (a
 * write's SIGPIPE, a raise): a tracer sees that call end as it did, then the
 * signal, unlike a call the death of the process interrupts. */
static __always_inline bool own_fatal_signal(struct task_struct *t)
{
	int code = fatal_signal(t);

	return code && (t->pending.signal.sig[0] & (1ull << ((code - 1) & 63)));
}

SEC("tp_btf/sys_exit")
int BPF_PROG(rec_sys_exit, struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct inflight *fp = bpf_task_storage_get(&inflight, task, 0, 0);

	/* Every thread of the system passes here: one that is not traced (or
	 * has no call of it seen yet: a thread -p could not give a state) has no
	 * inflight entry and costs this lookup only, no clock read. */
	if (!fp)
		return 0;
	__u64 pt = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();
	__u32 tgid = pt >> 32, tid = (__u32)pt;
	if (compat_call())
		return 0; /* an i386 call: its entry was not taken either */
	if (fp->nr >= RB_NR_ATTACHED) {
		/* idle: a call a seccomp filter decided; attached: the call a thread
		 * was in when -p began, timed from then (ts) */
		if (fp->nr != RB_NR_FRESH)
			send_no_entry(regs, tid, tgid, fp->nr == RB_NR_IDLE ? now : fp->ts, now,
			              ret);
		fp->nr = RB_NR_IDLE; /* a new thread's first exit is its return from clone */
		return 0;
	}
	struct inflight f = *fp;
	fp->nr = RB_NR_IDLE; /* kept until the thread exits (rec_task_exit) */
	if (!begin_sys(&f))
		return 0;
	/* A thread with SIGKILL pending (another thread's exit_group, kill -9, a
	 * fatal signal) returns through here on its way out, but a tracer sees no
	 * exit of that call: it is sent as unfinished, with its entry payloads. */
	bool dying = (task->pending.signal.sig[0] & (1ull << (9 - 1))) && !own_fatal_signal(task);
	send_sys(dying ? 0 : ret, now - f.ts, exit_mode(f.entry, dying));
	return 0;
}

#include "record/ebpf/rec_ebpf_task.bpf.h"
