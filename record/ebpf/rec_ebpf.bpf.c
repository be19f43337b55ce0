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
 * exit; at entry for exec, whose memory is gone at exit), and optionally the
 * user registers and a window of user stack bytes for the CFI unwinder in
 * user space. Events go to one ring buffer with BPF_RB_NO_WAKEUP (the
 * recorder polls); what finds no room is counted per CPU and per process.
 * sched_process_fork / exec / exit follow threads, children (-f) and programs;
 * signal_deliver records the signals traced threads receive. The kind of a
 * new descriptor (what /proc/PID/fd would say) is read from the task's file
 * table at the exit of the call that made it, while it is surely there.
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
#define STACK_TOP_MARGIN 128         /* bytes copied above mm->start_stack */
#define RB_NR_IDLE       0xffffffffu /* inflight.nr of a thread between calls */
#define RB_NR_FRESH      0xfffffffeu /* of a new thread before its return from clone */

/* The capture policy's constants (record/rec_policy.h). */
#define CAP_STRING      1
#define CAP_BYTES       2
#define CAP_IOVEC       3
#define CAP_ARGV        4
#define LEN_ARG         1
#define LEN_RET         2
#define LEN_PTR         3
#define LEN_FIXED       4
#define AT_ENTRY        0
#define AT_EXIT_OK      1
#define AT_EXIT_ZERO    2
#define AT_EXIT_ANY     3
#define PAYF_TRUNCATED  0x1
#define PAYF_UNREADABLE 0x2
#define PAYF_AT_EXIT    0x4

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
	__u32 nr;         /* RB_NR_IDLE: between two calls; RB_NR_FRESH: new thread */
	__u32 entry_sent; /* an RBF_ENTRY event carried the payloads */
};

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

/* --- descriptor kinds ------------------------------------------------------ */

/* The values of libtrace/trace_fdkind.h (stored in trace files). */
#define TFD_REG      1
#define TFD_DIR      2
#define TFD_CHR      3
#define TFD_BLK      4
#define TFD_FIFO     5
#define TFD_PIPE     6
#define TFD_UNIX     7
#define TFD_INET     8
#define TFD_INET6    9
#define TFD_NETLINK  10
#define TFD_SOCKET   11
#define TFD_TTY      12
#define TFD_EVENTFD  13
#define TFD_EPOLL    14
#define TFD_TIMERFD  15
#define TFD_SIGNALFD 16
#define TFD_INOTIFY  17
#define TFD_MEMFD    18
#define TFD_ANON     19

#define S_IFMT   00170000
#define S_IFSOCK 0140000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000

#define PIPEFS_MAGIC        0x50495045
#define SOCKFS_MAGIC        0x534F434B
#define ANON_INODE_FS_MAGIC 0x09041934
#define PIDFS_MAGIC         0x50494446

static __always_inline bool name_is(const char *have, const char *want, int n)
{
	for (int i = 0; i < n; i++)
		if (have[i] != want[i])
			return false;
	return true;
}

/* The kind of an anonymous inode by its name ("[eventfd]"...), as rec_fds. */
static __always_inline __u32 anon_kind(const char *nm)
{
	if (name_is(nm, "[eventfd]", 10))
		return TFD_EVENTFD;
	if (name_is(nm, "[eventpoll]", 12))
		return TFD_EPOLL;
	if (name_is(nm, "[timerfd]", 10))
		return TFD_TIMERFD;
	if (name_is(nm, "[signalfd]", 11))
		return TFD_SIGNALFD;
	if (name_is(nm, "inotify", 8))
		return TFD_INOTIFY;
	return TFD_ANON;
}

static __always_inline __u32 family_kind(__u16 family)
{
	switch (family) {
	case 1: /* AF_UNIX */
		return TFD_UNIX;
	case 2: /* AF_INET */
		return TFD_INET;
	case 10: /* AF_INET6 */
		return TFD_INET6;
	case 16: /* AF_NETLINK */
		return TFD_NETLINK;
	default:
		return TFD_SOCKET;
	}
}

/* The kind of descriptor fd of the current task (rec_fds_probe_proc's
 * answer, from the kernel's objects), 0 when it is not open. A global
 * function: verified once, and its callers see one unknown value instead of
 * one branch per kind (which multiplied the states of the event builder). */
__noinline int fd_kind(__s64 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	char nm[12] = {};

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds) ||
	    bpf_probe_read_kernel(&f, sizeof(f), &fds[fd & 0xffffff]) < 0 || !f)
		return 0;
	struct inode *ino = BPF_CORE_READ(f, f_inode);
	__u32 magic = BPF_CORE_READ(ino, i_sb, s_magic);
	__u16 mode = BPF_CORE_READ(ino, i_mode);
	const unsigned char *name = BPF_CORE_READ(f, f_path.dentry, d_name.name);
	bpf_probe_read_kernel(nm, sizeof(nm), name);
	if (magic == PIPEFS_MAGIC)
		return TFD_PIPE;
	if (magic == SOCKFS_MAGIC || (mode & S_IFMT) == S_IFSOCK) {
		struct socket *sock = BPF_CORE_READ(f, private_data);
		return family_kind(BPF_CORE_READ(sock, sk, __sk_common.skc_family));
	}
	if (magic == ANON_INODE_FS_MAGIC)
		return anon_kind(nm);
	if (magic == PIDFS_MAGIC)
		return TFD_ANON;
	switch (mode & S_IFMT) {
	case S_IFREG:
		return name_is(nm, "memfd:", 6) ? TFD_MEMFD : TFD_REG;
	case S_IFDIR:
		return TFD_DIR;
	case S_IFCHR: {
		__u32 rdev = BPF_CORE_READ(ino, i_rdev), ma = rdev >> 20, mi = rdev & 0xfffff;
		/* tty*, ttyS*: 4; /dev/tty, /dev/console, /dev/ptmx: 5:0-2; pty slaves: 136-143 */
		if (ma == 4 || (ma == 5 && mi <= 2) || (ma >= 136 && ma <= 143))
			return TFD_TTY;
		return TFD_CHR;
	}
	case S_IFBLK:
		return TFD_BLK;
	case S_IFIFO:
		return TFD_FIFO;
	default:
		return TFD_ANON;
	}
}

/* --- payloads ------------------------------------------------------------ */

struct argv_ctx {
	char *buf;
	struct loop_state *st;
	__u32 end;  /* room ends here */
	__u32 max;  /* bytes kept per string */
	__u64 addr; /* the argv array */
};

static long argv_one(__u32 i, void *vctx)
{
	struct argv_ctx *c = vctx;
	struct loop_state *st = c->st;
	__u32 max = c->max & (RB_PATH_MAX - 1);
	__u64 p = 0;
	long n;

	if (bpf_probe_read_user(&p, sizeof(p), (void *)(c->addr + 8ull * i)) < 0) {
		st->readable = i > 0;
		st->truncated = 1;
		return 1;
	}
	if (!p)
		return 1;
	__u32 off = st->off;
	if (off + max + 2 > c->end) {
		st->truncated = 1;
		return 1;
	}
	off &= RB_HALF - 1;
	n = bpf_probe_read_user_str(c->buf + off, max + 2, (void *)p);
	if (n <= 0) {
		c->buf[off] = 0;
		st->off = off + 1;
		st->truncated = 1;
		return 0;
	}
	if (n - 1 > max) { /* longer than max: keep max bytes */
		c->buf[(off + max) & (RB_SCRATCH - 1)] = 0;
		st->off = off + max + 1;
		st->truncated = 1;
		return 0;
	}
	st->off = off + n;
	return 0;
}

/* Ends payload p at data length len; returns the offset after it. */
static __always_inline __u32 pay_end(struct rb_pay *p, __u32 doff, __u32 len, __u64 full,
                                     bool readable)
{
	if (!readable) {
		p->flags |= PAYF_UNREADABLE;
		p->len = 0;
		p->full_len = full;
		return doff;
	}
	p->len = len;
	p->full_len = full < len ? len : full;
	if (p->full_len > len)
		p->flags |= PAYF_TRUNCATED;
	return doff + ((len + 7) & ~7u);
}

/* Reads want bytes at addr into dst: all, else the part before the next page
 * (a buffer running into an unmapped page). Bytes read; -1 when none. */
static __always_inline long read_bytes(char *dst, __u32 want, __u64 addr)
{
	want &= RB_HALF - 1;
	if (bpf_probe_read_user(dst, want, (void *)addr) == 0)
		return want;
	__u32 first = PAGE - (addr & (PAGE - 1));
	if (first >= want)
		return -1;
	first &= PAGE - 1;
	if (bpf_probe_read_user(dst, first, (void *)addr) == 0)
		return first;
	return -1;
}

/* The length the capture's bytes have, or -1 when unknown (an unreadable
 * socklen_t). */
static __always_inline __s64 cap_len(const struct rb_cap *c, const __u64 *args, __s64 ret)
{
	__u32 l32 = 0;

	switch (c->len_from) {
	case LEN_ARG: /* elements of size bytes when size is set */
		if (c->len_arg >= 6)
			return 0;
		return c->size ? (__s64)((args[c->len_arg & 7] & 0xffffffffu) * c->size)
		               : (__s64)args[c->len_arg & 7];
	case LEN_RET:
		return c->size && ret > 0 ? (ret & 0xffffffff) * c->size : ret;
	case LEN_FIXED:
		return c->size;
	case LEN_PTR:
		if (bpf_probe_read_user(&l32, 4, (void *)args[c->len_arg & 7]) < 0)
			return -1;
		return l32;
	default:
		return -2; /* everything (iovec at entry) */
	}
}

struct iov_ctx {
	char *buf;
	struct loop_state *st;
	__u64 addr, count, total;
	__u32 doff, max, elem_max;
};

/* One element of a TPAY_IOV payload, as rec_payload.c writes it. */
struct iov_hdr {
	__u64 base, len;
	__u32 kept;
} __attribute__((packed));

/* Element i: its header, then at most elem_max bytes of its data, the data
 * ending after total bytes. */
static long iov_one(__u32 i, void *vctx)
{
	struct iov_ctx *c = vctx;
	struct loop_state *st = c->st;
	__u64 iov[2], done = st->full;
	__u32 len = st->len;

	if (i >= c->count)
		return 1;
	if (len + RB_IOV_HDR > c->max) {
		st->truncated = 1;
		return 1;
	}
	if (bpf_probe_read_user(iov, sizeof(iov), (void *)(c->addr + 16ull * i)) < 0) {
		st->readable = i > 0;
		st->truncated = 1;
		return 1;
	}
	__u64 l = done >= c->total ? 0 : iov[1] > c->total - done ? c->total - done : iov[1];
	__u32 w = c->max - len - RB_IOV_HDR;
	if (w > c->elem_max)
		w = c->elem_max;
	if (w > l)
		w = l;
	long got =
	    w ? read_bytes(c->buf + ((c->doff + len + RB_IOV_HDR) & (RB_HALF - 1)), w, iov[0]) : 0;
	if (got < 0)
		got = 0;
	struct iov_hdr h = {.base = iov[0], .len = iov[1], .kept = (__u32)got};
	__builtin_memcpy(c->buf + ((c->doff + len) & (RB_HALF - 1)), &h, RB_IOV_HDR);
	st->len = len + RB_IOV_HDR + (__u32)got;
	st->full = iov[1] > ~0ull - done ? ~0ull : done + iov[1];
	return 0;
}

static __always_inline __u32 cap_iovec(char *buf, struct loop_state *st, struct rb_pay *p,
                                       __u32 doff, __u64 addr, __u64 count, __u64 total, __u32 max,
                                       __u32 elem_max)
{
	struct iov_ctx c = {.buf = buf,
	                    .st = st,
	                    .addr = addr,
	                    .count = count,
	                    .total = total,
	                    .doff = doff,
	                    .max = max,
	                    .elem_max = elem_max};

	st->len = 0;
	st->full = 0;
	st->readable = 1;
	st->truncated = count > RB_IOV_MAX;
	bpf_loop(RB_IOV_MAX, iov_one, &c, 0);
	if (!st->readable)
		return pay_end(p, doff, 0, 0, false);
	return pay_end(p, doff, st->len, st->truncated ? (__u64)st->len + 1 : st->len, true);
}

/* Executes capture c; returns the offset after its payload, or off when it
 * gives none. */
static __always_inline __u32 run_cap(char *buf, struct loop_state *st, __u32 off,
                                     const struct rb_cap *c, const __u64 *args, __s64 ret,
                                     bool at_exit, __u8 *npay)
{
	__u64 addr = args[c->arg & 7];
	__u32 max = c->max, doff;
	long n;

	if (c->skip_null && !addr)
		return off;
	if (c->len_from == LEN_PTR && !args[c->len_arg & 7])
		return off;
	if (max > RB_PATH_MAX)
		max = RB_PATH_MAX;
	if (off + sizeof(struct rb_pay) + max + 8 > RB_HALF)
		return off; /* no room left in this event */
	off &= RB_HALF - 1;
	struct rb_pay *p = (struct rb_pay *)(buf + off);
	p->arg = c->arg;
	p->kind = c->kind;
	p->flags = at_exit && c->when != AT_ENTRY ? PAYF_AT_EXIT : 0;
	p->pad = 0;
	doff = off + sizeof(*p);
	(*npay)++;
	if (c->how == CAP_STRING) {
		if (!addr) {
			(*npay)--;
			return off;
		}
		n = bpf_probe_read_user_str(buf + (doff & (RB_HALF - 1)),
		                            (max & (RB_PATH_MAX * 2 - 1)) + 2, (void *)addr);
		if (n <= 0)
			return pay_end(p, doff, 0, 0, false);
		if (n - 1 > max)
			return pay_end(p, doff, max, (__u64)max + 1, true);
		return pay_end(p, doff, n - 1, n - 1, true);
	}
	if (c->how == CAP_ARGV) {
		if (!addr) {
			(*npay)--;
			return off;
		}
		struct argv_ctx ac = {
		    .buf = buf, .st = st, .end = RB_HALF, .max = max, .addr = addr};
		st->off = doff;
		st->truncated = 0;
		st->readable = 1;
		/* More than RB_ARGV_MAX strings: truncated, as the ptrace reader does. */
		if (bpf_loop(RB_ARGV_MAX, argv_one, &ac, 0) == RB_ARGV_MAX)
			st->truncated = 1;
		__u32 len = (st->off - doff) & (RB_HALF - 1);
		return pay_end(p, doff, len, st->truncated ? (__u64)len + 1 : len, st->readable);
	}
	if (c->how == CAP_IOVEC) {
		if (!addr) {
			(*npay)--;
			return off;
		}
		__u64 count = c->len_arg < 6 ? args[c->len_arg & 7] : 0;
		/* the data ends after the bytes returned (none for a failed call) */
		__u64 total = c->len_from != LEN_RET ? ~0ull : ret > 0 ? (__u64)ret : 0;
		return cap_iovec(buf, st, p, doff, addr, count, total, max, c->elem_max);
	}
	__s64 len = cap_len(c, args, ret);
	if (len == -1)
		return pay_end(p, doff, 0, 0, false);
	/* CAP_BYTES */
	__u64 full = (__u64)len;
	if (!addr && full) {
		(*npay)--;
		return off;
	}
	__u32 want = full < max ? (__u32)full : max;
	if (want == 0)
		return pay_end(p, doff, 0, full, true);
	n = read_bytes(buf + (doff & (RB_HALF - 1)), want, addr);
	if (n < 0)
		return pay_end(p, doff, 0, full, false);
	return pay_end(p, doff, (__u32)n, full, true);
}

/* Capture i of call nr for the event being built in this CPU's scratch (its
 * arguments there), whose payloads end at off: runs it when it applies and
 * returns the new end. A global function: verified once with unknown
 * arguments, not once per state of its callers. */
__noinline int cap_run(__u32 nr, __u32 i, __u32 off, __s64 ret, __u32 at_exit)
{
	struct scratch *sc = scratch_get();
	struct rb_caps *cs = bpf_map_lookup_elem(&caps, &nr);

	if (!sc || !cs || i >= RB_CAPS_MAX)
		return off;
	struct rb_sys *e = (struct rb_sys *)sc->b;
	__u64 k = i;
	asm volatile("%0 &= 7" : "+r"(k)); /* RB_CAPS_ROOM - 1, kept past the compiler */
	const struct rb_cap *c = &cs->c[k];
	if (at_exit && c->when != AT_ENTRY && c->when != AT_EXIT_ANY && ret < 0)
		return off;
	if (at_exit && c->when == AT_EXIT_ZERO && ret != 0)
		return off;
	if (!at_exit && c->when != AT_ENTRY)
		return off;
	if (c->if_arg) { /* rec_cap_applies */
		__u64 v = (e->args[(c->if_arg - 1) & 7] & 0xffffffffu) - c->if_base;
		if (v >= 64 || !((c->if_set >> v) & 1))
			return off;
	}
	__u64 args[6];
	for (int k = 0; k < 6; k++)
		args[k] = e->args[k];
	__u8 npay = 0;
	off = run_cap(sc->b, &sc->ls, off, c, args, ret, at_exit, &npay);
	e->npay += npay;
	return off;
}

/* The state of one event's payload loop (a bpf_loop over its captures). */
struct pay_ctx {
	__u32 nr, n, off, at_exit;
	__s64 ret;
};

static long pay_one(__u32 i, void *vctx)
{
	struct pay_ctx *x = vctx;

	if (i >= x->n)
		return 1;
	x->off = cap_run(x->nr, i, x->off, x->ret, x->at_exit);
	return 0;
}

/* Adds the payloads of call nr to the event in sc (its npay counts them);
 * returns the new offset. */
static __always_inline __u32 add_payloads(struct scratch *sc, __u32 off, __u32 nr, __s64 ret,
                                          bool at_exit)
{
	struct rb_caps *cs = bpf_map_lookup_elem(&caps, &nr);

	if (!cs || !cs->n)
		return off;
	struct pay_ctx x = {.nr = nr, .n = cs->n, .off = off, .at_exit = at_exit, .ret = ret};
	bpf_loop(RB_CAPS_MAX, pay_one, &x, 0);
	return x.off;
}

/* Appends the user registers and up to stack_bytes of user stack. */
static __always_inline __u32 add_stack(char *buf, __u32 off, struct pt_regs *regs, struct rb_sys *e)
{
	__u32 n = stack_bytes;

	if (!n)
		return off;
	off &= RB_HALF - 1;
	if (bpf_probe_read_kernel(buf + off, RB_NREGS * 8, regs) < 0)
		return off;
	off += RB_NREGS * 8;
	__u64 sp = regs->sp;
	/* On the main thread's stack, nothing the unwinder needs lies above
	 * the stack pointer of the program's start (mm->start_stack, where argc
	 * is; argv and the auxiliary vector follow, so a little more is mapped). */
	__u64 top = bpf_get_current_task_btf()->mm->start_stack;
	if (sp < top && top - sp + STACK_TOP_MARGIN < n)
		n = top - sp + STACK_TOP_MARGIN;
	e->has_stack = 1;
	e->stack_len = 0;
	for (int k = 0; k < 4 && n; k++) {
		n &= RB_STACK_MAX * 2 - 1;
		if (n > RB_STACK_MAX)
			n = RB_STACK_MAX;
		if (bpf_probe_read_user(buf + (off & (RB_HALF - 1)), n, (void *)sp) == 0) {
			e->stack_len = n;
			break;
		}
		/* The window ran past the top of the stack: drop its last page. */
		__u64 end = (sp + n - 1) & ~(__u64)(PAGE - 1);
		n = end > sp ? (__u32)(end - sp) : 0;
	}
	return off + e->stack_len;
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

#define MODE_AT_EXIT  0x10000 /* send_sys: built at the call's exit */
#define MODE_PAYLOADS 0x20000 /* send_sys: with the call's payloads */

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
 * duration, flags (the low 16 bits of mode, RBF_*), payloads and stack. A
 * global function: verified once for every call site, with what it is
 * given unknown, instead of once per site and constant. */
__noinline int send_sys(__s64 ret, __u64 dur, __u32 mode)
{
	/* The user registers the raw syscall tracepoints are given. */
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
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
		off = add_payloads(sc, off, nr, ret, at_exit);
	e->pay_bytes = off - sizeof(*e);
	if (payloads || (flags & RBF_ENTRY))
		off = add_stack(buf, off, regs, e);
	e->h.size = off;
	submit(buf, off, tgid, !(flags & RBF_ENTRY) && maps_code(nr, e->args));
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(rec_sys_enter, struct pt_regs *regs, long id)
{
	int st = traced(bpf_get_current_pid_tgid() >> 32);

	if (!st || id < 0 || id >= RB_NR_MAX)
		return 0;
	if (st == RB_PID_PRE_EXEC && id != NR_EXECVE && id != NR_EXECVEAT)
		return 0;
	if (!wanted((__u32)id))
		return 0;
	struct inflight *f = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0,
	                                          BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!f)
		return 0;
	f->ts = bpf_ktime_get_ns();
	f->nr = (__u32)id;
	f->entry_sent = 0;
	fill_args(regs, f->args);
	if (id == NR_EXIT || id == NR_EXIT_GROUP) {
		if (begin_sys(f))
			send_sys(0, 0, RBF_ENTRY | RBF_NORETURN | MODE_PAYLOADS);
		f->nr = RB_NR_IDLE;
		return 0;
	}
	struct rb_caps *cs = bpf_map_lookup_elem(&caps, &f->nr);
	if (cs && cs->at_entry) {
		if (begin_sys(f))
			send_sys(0, 0, RBF_ENTRY | MODE_PAYLOADS);
		f->entry_sent = 1;
	}
	return 0;
}

/* The exit of a call whose entry tracepoint never fired, of a thread known
 * to be between calls (its inflight entry is idle): a seccomp filter of the
 * program's own decided the call (ERRNO, TRAP, KILL, TRACE without a tracer),
 * which the kernel does before the entry tracepoint. Sent from the exit
 * registers with a duration of 0. A thread is known to be between calls from
 * its creation (fork/clone), its exec, or the end of a call it was seen
 * entering. */
static __always_inline void send_no_entry(struct pt_regs *regs, __u32 tid, __u32 tgid, __u64 now,
                                          long ret)
{
	long id = regs->orig_ax;

	if (traced(tgid) != RB_PID_TRACED || id < 0 || id >= RB_NR_MAX || !wanted((__u32)id))
		return;
	struct inflight f = {.ts = now, .nr = (__u32)id};
	fill_args(regs, f.args);
	if (begin_sys(&f))
		send_sys(ret, 0, MODE_AT_EXIT | MODE_PAYLOADS);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(rec_sys_exit, struct pt_regs *regs, long ret)
{
	__u64 pt = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();
	__u32 tgid = pt >> 32, tid = (__u32)pt;
	struct task_struct *task = bpf_get_current_task_btf();
	struct inflight *fp = bpf_task_storage_get(&inflight, task, 0, 0);

	if (!fp)
		return 0; /* no call of it seen yet (attached during a call, a new thread) */
	if (fp->nr == RB_NR_IDLE || fp->nr == RB_NR_FRESH) {
		if (fp->nr == RB_NR_IDLE)
			send_no_entry(regs, tid, tgid, now, ret);
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
	if (task->pending.signal.sig[0] & (1ull << (9 - 1)))
		send_sys(0, now - f.ts, RBF_DYING | (f.entry_sent ? RBF_COMPLETE : MODE_PAYLOADS));
	else
		send_sys(ret, now - f.ts,
		         MODE_AT_EXIT | (f.entry_sent ? RBF_COMPLETE : MODE_PAYLOADS));
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(rec_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = parent->tgid, ctid = child->pid, ctgid = child->tgid;
	int st = traced(ptgid);

	if (!st)
		return 0;
	bool thread = ctgid == ptgid;
	if (!thread) {
		/* System-wide, a child is traced when it matches (it has its parent's
		 * name and cgroup): its creation is told either way. With -f it stays
		 * traced when it leaves the name or cgroup. */
		if (!follow_forks && !trace_all)
			return 0;
		__u8 v = RB_PID_TRACED;
		if (follow_forks && (!trace_all || cgroup_filter || comm_filter))
			bpf_map_update_elem(&pids, &ctgid, &v, BPF_ANY);
	}
	struct inflight *fresh =
	    bpf_task_storage_get(&inflight, child, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (fresh)
		fresh->nr = RB_NR_FRESH;
	struct rb_fork e = {};
	e.h.type = RB_FORK;
	e.h.size = sizeof(e);
	e.h.tid = parent->pid;
	e.h.pid = ptgid;
	e.h.ts = bpf_ktime_get_ns();
	e.child_tid = ctid;
	e.child_pid = ctgid;
	e.is_thread = thread;
	e.share_files = BPF_CORE_READ(child, files) == BPF_CORE_READ(parent, files);
	bpf_probe_read_kernel_str(e.comm, sizeof(e.comm), parent->comm);
	if (bpf_ringbuf_output(&events, &e, sizeof(e),
	                       thread ? BPF_RB_NO_WAKEUP : BPF_RB_FORCE_WAKEUP) < 0)
		count_lost(ptgid);
	return 0;
}

static long vma_of(struct task_struct *task, struct vm_area_struct *vma, void *ctx)
{
	struct rb_vma *v = ctx;

	v->start = vma->vm_start;
	v->end = vma->vm_end;
	v->pgoff = vma->vm_pgoff;
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(rec_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	__u32 tgid = p->tgid;
	int st = traced(tgid);

	if (!st)
		return 0;
	if (st == RB_PID_PRE_EXEC) {
		__u8 v = RB_PID_TRACED;
		bpf_map_update_elem(&pids, &tgid, &v, BPF_ANY);
	}
	/* Between calls from now on, unless inside a recorded execve. */
	struct inflight idle = {.nr = RB_NR_IDLE};
	bpf_task_storage_get(&inflight, p, &idle, BPF_LOCAL_STORAGE_GET_F_CREATE);
	char *buf = scratch_buf();
	if (!buf)
		return 0;
	struct rb_exec *e = (struct rb_exec *)buf;
	e->h.type = RB_EXEC;
	e->h.size = sizeof(*e);
	e->h.tid = p->pid;
	e->h.pid = tgid;
	e->h.ts = bpf_ktime_get_ns();
	e->old_tid = old_pid;
	e->pad = 0;
	/* The code the kernel mapped (the program's, the loader's): the recorder
	 * reads /proc/PID/maps later, and a short-lived process may be gone. */
	struct rb_vma exe = {}, interp = {};
	__u64 code = BPF_CORE_READ(p, mm, start_code);
	__u64 entry = BPF_CORE_READ((struct pt_regs *)bpf_task_pt_regs(p), ip);
	if (code)
		bpf_find_vma(p, code, vma_of, &exe, 0);
	if (entry && !(entry >= exe.start && entry < exe.end))
		bpf_find_vma(p, entry, vma_of, &interp, 0);
	e->exe = exe;
	e->interp = interp;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), BPF_CORE_READ(bprm, filename));
	submit(e, sizeof(*e), tgid, true);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(rec_task_exit, struct task_struct *p)
{
	__u32 tgid = p->tgid, tid = p->pid;
	int st = traced(tgid);

	if (!st)
		return 0;
	bpf_task_storage_delete(&inflight, p);
	struct rb_exit e = {};
	e.h.type = RB_EXIT;
	e.h.size = sizeof(e);
	e.h.tid = tid;
	e.h.pid = tgid;
	e.h.ts = bpf_ktime_get_ns();
	e.code = BPF_CORE_READ(p, exit_code);
	e.last = BPF_CORE_READ(p, signal, live.counter) == 0;
	if (e.last)
		bpf_map_delete_elem(&pids, &tgid);
	if (bpf_ringbuf_output(&events, &e, sizeof(e), BPF_RB_NO_WAKEUP) < 0)
		count_lost(tgid);
	return 0;
}

/* The header and number of a signal event. */
static __always_inline void signal_start(struct rb_signal *e, __u32 tid, __u32 tgid, int sig)
{
	e->h.type = RB_SIGNAL;
	e->h.size = sizeof(*e);
	e->h.tid = tid;
	e->h.pid = tgid;
	e->h.ts = bpf_ktime_get_ns();
	e->signo = sig;
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(rec_signal, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	__u64 pt = bpf_get_current_pid_tgid();
	__u32 tgid = pt >> 32, tid = (__u32)pt;

	/* SIGKILL is never seen by a tracer; the thread's exit tells it. */
	if (sig == 9 || traced(tgid) != RB_PID_TRACED)
		return 0;
	struct rb_signal e = {};
	signal_start(&e, tid, tgid, sig);
	/* SEND_SIG_NOINFO (0) and SEND_SIG_PRIV (1) carry no siginfo. */
	if ((unsigned long)info > 1 && bpf_probe_read_kernel(e.info, sizeof(e.info), info) == 0)
		e.has_info = 1;
	if (bpf_ringbuf_output(&events, &e, sizeof(e), BPF_RB_NO_WAKEUP) < 0)
		count_lost(tgid);
	return 0;
}

#define TRACE_SIGNAL_IGNORED 1
#define SI_USER              0
#define SI_KERNEL            0x80

/* A signal the kernel discards at once because its action is to ignore it
 * (SIGCHLD by default, SIG_IGN): a tracer would have seen it delivered (the
 * kernel never ignores signals for ptraced tasks), so it is recorded as
 * delivered, with the siginfo the kernel would have built. In the modes that
 * select processes by cgroup or name (checked on the running task, here the
 * sender), such signals are not recorded. */
SEC("tp_btf/signal_generate")
int BPF_PROG(rec_signal_ignored, int sig, struct kernel_siginfo *info, struct task_struct *task,
             int group, int result)
{
	__u32 tgid = task->tgid;
	__u8 *v = bpf_map_lookup_elem(&pids, &tgid);

	if (result != TRACE_SIGNAL_IGNORED || sig == 9)
		return 0;
	if (v ? *v != RB_PID_TRACED
	      : !trace_all || tgid == self_tgid || cgroup_filter || comm_filter)
		return 0;
	struct rb_signal e = {};
	signal_start(&e, task->pid, tgid, sig);
	e.has_info = 1;
	if ((unsigned long)info > 1) {
		if (bpf_probe_read_kernel(e.info, sizeof(e.info), info) < 0)
			e.has_info = 0;
	} else {
		/* SEND_SIG_NOINFO: from user space (kill); SEND_SIG_PRIV: the kernel. */
		__s32 *w = (__s32 *)e.info;
		w[0] = sig;
		w[2] = info ? SI_KERNEL : SI_USER;
		if (!info) {
			w[4] = bpf_get_current_pid_tgid() >> 32; /* si_pid */
			w[5] = (__u32)bpf_get_current_uid_gid(); /* si_uid */
		}
	}
	if (bpf_ringbuf_output(&events, &e, sizeof(e), BPF_RB_NO_WAKEUP) < 0)
		count_lost(tgid);
	return 0;
}
