/*
 * rec_ebpf.c - the eBPF recorder backend's user-space half: loads the BPF
 * program (skeleton generated at build time from rec_ebpf.bpf.c), fills its
 * capture table from rec_policy and its syscall selection from -e, puts the
 * traced processes in its filter map (a launched child waits on a pipe until
 * it is in, then execs: no call is missed; -p processes are never stopped;
 * -a, --cgroup and --comm select every matching process in the kernel),
 * and consumes the ring buffer every few milliseconds, off the tracees' path:
 * events become trace records, stacks are unwound from the copied registers
 * and stack bytes with the shared CFI unwinder, modules are re-synced from
 * /proc/PID/maps after exec and executable mappings, and the events the ring
 * buffer had no room for become TREC_LOST records. Descriptor kinds come from
 * the shared rec_fds tables, fed from the events (the BPF program reads the
 * kind of each new descriptor in the kernel, at the exit of the call).
 */
#include "record/rec.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libtrace/trace_map.h"
#include "libtrace/trace_stacks.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"
#include "record/ebpf/rec_ebpf.h"
#include "record/ebpf/rec_ebpf.skel.h"
#include "record/rec_arch.h"
#include "record/rec_emit.h"
#include "record/rec_fds.h"
#include "record/rec_maps.h"
#include "record/rec_policy.h"
#include "record/rec_unwind.h"

#define POLL_MS           2            /* consumer poll period when idle */
#define TICK_NS           100000000ull /* sink ticks, lost-event accounting */
#define RB_CPUS_MAX       8192         /* possible CPUs the lost counters are read for */
#define CAP_BPF_BIT       39
#define CAP_PERFMON_BIT   38
#define CAP_SYS_ADMIN_BIT 21

/* What the recorder keeps per thread: the entry half of an exec call whose
 * payloads were read at entry (the memory is gone at exit). */
struct eb_thread {
	pid_t tid, pid;
	bool have_entry;
	struct trace_syscall sys;
	uint8_t *pay; /* payload bytes of sys */
	size_t paycap;
};

struct eb_session {
	const struct rec_options *o;
	struct rec_emitter *em;
	struct rec_result *res;
	struct rec_ebpf_bpf *skel;
	struct ring_buffer *rb;
	struct rec_maps *maps;
	struct rec_unwinder *unw;
	struct trace_stacks *stacks;
	struct rec_fds *fds;
	const struct rb_sys *cur; /* the call event rec_fds is being told about */
	const struct trace_syscall *cur_sys;
	struct trace_map fd_paths; /* pid << 32 | fd -> path it was opened by, read-only files */
	struct trace_map threads;  /* tid -> struct eb_thread * (0: gone) */
	struct trace_map procs;    /* pid -> 1 while the process lives */
	unsigned live;             /* processes traced and alive */
	pid_t child;               /* launch: the program */
	int go_fd, err_fd;         /* launch: the child's start and exec-error pipes */
	int exec_errno;
	bool attach, child_reaped, child_execed, stop_recording;
	uint64_t last_tick, lost_total;
	uint64_t pcs[TRACE_MAX_STACK];
	char text[65536];
};

static volatile sig_atomic_t eb_stop_asked, eb_signo, eb_from_user, eb_nsignals;
static const int eb_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define EB_NSIGNALS (sizeof(eb_signals) / sizeof(eb_signals[0]))
static struct sigaction eb_saved[EB_NSIGNALS], eb_saved_pipe;

static void eb_on_signal(int sig, siginfo_t *si, void *uctx)
{
	(void)uctx;
	eb_signo = sig;
	eb_from_user = si && si->si_code <= 0;
	eb_nsignals++;
}

static void signals_install(void)
{
	struct sigaction sa, ign;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = eb_on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < EB_NSIGNALS; i++)
		(void)sigaction(eb_signals[i], &sa, &eb_saved[i]);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &ign, &eb_saved_pipe);
	eb_nsignals = 0;
	eb_stop_asked = 0;
}

static void signals_restore(void)
{
	for (size_t i = 0; i < EB_NSIGNALS; i++)
		(void)sigaction(eb_signals[i], &eb_saved[i], NULL);
	(void)sigaction(SIGPIPE, &eb_saved_pipe, NULL);
}

/* --- probing ------------------------------------------------------------- */

static bool has_cap(unsigned bit)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	const char *p = strstr(buf, "\nCapEff:");
	return p && ((strtoull(p + 8, NULL, 16) >> bit) & 1);
}

static int ebpf_probe(const struct rec_options *o, char *why, size_t len)
{
	(void)o;
	if (!(has_cap(CAP_SYS_ADMIN_BIT) || (has_cap(CAP_BPF_BIT) && has_cap(CAP_PERFMON_BIT)))) {
		snprintf(why, len,
		         "not permitted: the eBPF backend needs root, or CAP_BPF and "
		         "CAP_PERFMON");
		return -EPERM;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		snprintf(why, len, "this kernel has no BTF (/sys/kernel/btf/vmlinux)");
		return -ENOTSUP;
	}
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) != 1) {
		snprintf(why, len, "this kernel has no BPF ring buffer (Linux 5.8+)");
		return -ENOTSUP;
	}
	return 0;
}

/* --- descriptor kinds --------------------------------------------------------- */

/* rec_fds's probe: the descriptor the current call returned has the kind the
 * BPF program read in the kernel; any other is looked up in /proc. */
static unsigned fds_probe(void *ctx, pid_t pid, int fd, bool *cloexec)
{
	struct eb_session *s = ctx;
	const struct rb_sys *e = s->cur;

	if (e && e->ret_kind && (pid_t)e->h.pid == pid && e->ret == fd) {
		if (cloexec)
			*cloexec = false; /* the call's flags tell (rec_fds) */
		return e->ret_kind;
	}
	return rec_fds_probe_proc(pid, fd, cloexec);
}

static int fds_scan(void *ctx, pid_t pid,
                    void (*fn)(void *arg, int fd, unsigned kind, bool cloexec), void *arg)
{
	(void)ctx;
	return rec_fds_proc_ops.scan(rec_fds_proc_ops.ctx, pid, fn, arg);
}

/* rec_fds's memory reader: the output the current call's payloads hold (a
 * pipe's two descriptors, a msghdr), else the process's memory now. */
static size_t fds_read_mem(void *ctx, pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct eb_session *s = ctx;
	const struct trace_syscall *sys = s->cur_sys;

	for (unsigned i = 0; sys && i < sys->npayloads; i++) {
		const struct trace_payload *p = &sys->payloads[i];
		if (sys->args[p->arg] == addr && p->len >= len && !(p->flags & TPAYF_UNREADABLE)) {
			memcpy(buf, p->data, len);
			return len;
		}
	}
	return rec_fds_proc_ops.read_mem(rec_fds_proc_ops.ctx, tid, addr, buf, len);
}

/* --- threads and processes ------------------------------------------------ */

static struct eb_thread *thread_find(struct eb_session *s, pid_t tid)
{
	uint64_t *v = trace_map_get(&s->threads, (uint64_t)tid);

	return v ? (struct eb_thread *)(uintptr_t)*v : NULL;
}

static void thread_drop(struct eb_session *s, pid_t tid)
{
	struct eb_thread *th = thread_find(s, tid);

	if (!th)
		return;
	free(th->pay);
	free(th);
	trace_map_put(&s->threads, (uint64_t)tid, 0);
}

static void read_comm(pid_t tid, char *comm)
{
	char path[64];
	int fd;
	ssize_t n;

	memset(comm, 0, TRACE_COMM_LEN);
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, comm, TRACE_COMM_LEN - 1);
	close(fd);
	if (n > 0 && comm[n - 1] == '\n')
		comm[n - 1] = 0;
	else if (n < 0)
		comm[0] = 0;
}

static void proc_alive(struct eb_session *s, pid_t pid)
{
	uint64_t *v = trace_map_get(&s->procs, (uint64_t)pid);

	if (!v || !*v) {
		trace_map_put(&s->procs, (uint64_t)pid, 1);
		s->live++;
		s->res->processes++;
	}
}

static void proc_gone(struct eb_session *s, pid_t pid)
{
	uint64_t *v = trace_map_get(&s->procs, (uint64_t)pid);

	if (v && *v) {
		*v = 0;
		s->live--;
		rec_maps_exit(s->maps, pid);
	}
}

/* Adds tid (of pid) and emits its TREC_THREAD record. comm NULL: from /proc. */
static struct eb_thread *thread_new(struct eb_session *s, uint64_t ts, pid_t tid, pid_t pid,
                                    pid_t creator, uint32_t flags, const char *comm)
{
	struct eb_thread *th = thread_find(s, tid);
	struct trace_record rec = {.type = TREC_THREAD};

	if (!th) {
		th = xcalloc(1, sizeof(*th));
		trace_map_put(&s->threads, (uint64_t)tid, (uint64_t)(uintptr_t)th);
	}
	th->tid = tid;
	th->pid = pid;
	rec.u.thread.ts = ts;
	rec.u.thread.tid = tid;
	rec.u.thread.pid = pid;
	rec.u.thread.ppid = creator;
	rec.u.thread.flags = flags;
	if (comm)
		memcpy(rec.u.thread.comm, comm, TRACE_COMM_LEN - 1);
	else
		read_comm(tid, rec.u.thread.comm);
	(void)rec_emit_record(s->em, &rec);
	if (flags & TTHREAD_IS_THREAD)
		s->res->threads++;
	else
		proc_alive(s, pid);
	return th;
}

/* The thread of an event; one never announced (already running when -p or
 * -a began, or its fork event was lost) is announced now. */
static struct eb_thread *thread_of(struct eb_session *s, uint64_t ts, pid_t tid, pid_t pid)
{
	struct eb_thread *th = thread_find(s, tid);

	if (th)
		return th;
	if (tid != pid && !thread_find(s, pid))
		thread_new(s, ts, pid, pid, 0, TTHREAD_ATTACHED, NULL);
	th = thread_new(s, ts, tid, pid, 0, TTHREAD_ATTACHED | (tid != pid ? TTHREAD_IS_THREAD : 0),
	                NULL);
	if (tid == pid)
		rec_maps_sync(s->maps, pid, ts);
	return th;
}

/* --- events --------------------------------------------------------------- */

static bool is_exec(unsigned nr)
{
	return nr == SYS_execve || nr == SYS_execveat;
}

/* Reads the payload blocks after e into sys (data pointing into the event). */
static bool parse_payloads(const struct rb_sys *e, size_t size, struct trace_syscall *sys)
{
	const uint8_t *p = (const uint8_t *)(e + 1), *end = p + e->pay_bytes;

	if (sizeof(*e) + (size_t)e->pay_bytes > size)
		return false;
	for (unsigned i = 0; i < e->npay && i < TRACE_MAX_PAYLOADS; i++) {
		struct rb_pay b;

		if ((size_t)(end - p) < sizeof(b))
			return false;
		memcpy(&b, p, sizeof(b));
		p += sizeof(b);
		if (b.len > (size_t)(end - p) || b.arg >= TRACE_MAX_ARGS)
			return false;
		struct trace_payload *tp = &sys->payloads[sys->npayloads++];
		tp->arg = b.arg;
		tp->kind = b.kind;
		tp->flags = b.flags;
		tp->len = b.len;
		tp->full_len = b.full_len;
		tp->data = p;
		p += (b.len + 7u) & ~7u;
		if (p > end)
			p = end;
	}
	return true;
}

/* Unwinds the registers and stack bytes after the payloads; the stack id. */
static uint32_t event_stack(struct eb_session *s, const struct rb_sys *e, size_t size)
{
	size_t off = sizeof(*e) + e->pay_bytes;
	rec_regs_t regs;
	bool is_new = false;

	if (!e->has_stack || !s->unw || off + RB_NREGS * 8 + (size_t)e->stack_len > size)
		return 0;
	memset(&regs, 0, sizeof(regs));
	memcpy(&regs, (const uint8_t *)e + off,
	       RB_NREGS * 8); /* pt_regs: user_regs_struct's prefix */
	unsigned max = s->o->stack_depth < TRACE_MAX_STACK ? s->o->stack_depth : TRACE_MAX_STACK;
	uint64_t t0 = trace_mono_ns();
	/* Code not known yet (a mapping whose event the recorder has not seen):
	 * read the maps again while the process may still be there. */
	if (!rec_maps_find(s->maps, (pid_t)e->h.pid, rec_regs_pc(&regs)))
		rec_maps_sync(s->maps, (pid_t)e->h.pid, e->h.ts);
	unsigned depth =
	    rec_unwind_bytes(s->unw, (pid_t)e->h.pid, &regs,
	                     (const uint8_t *)e + off + RB_NREGS * 8, e->stack_len, s->pcs, max);
	s->res->unwind_ns += trace_mono_ns() - t0;
	s->res->unwinds++;
	uint32_t id = trace_stacks_intern(s->stacks, s->pcs, depth, &is_new);
	if (is_new && id) {
		struct trace_record rec = {.type = TREC_STACK};
		rec.u.stack.id = id;
		rec.u.stack.depth = depth;
		rec.u.stack.pcs = s->pcs;
		(void)rec_emit_record(s->em, &rec);
		s->res->stacks++;
	}
	return id;
}

static void emit_call(struct eb_session *s, const struct trace_syscall *sys)
{
	struct trace_record rec = {.type = TREC_SYSCALL};

	if (!trace_filter_match(&s->o->filter, sys->nr, sys->fd_kinds) ||
	    !trace_filter_status_ok(&s->o->filter, sys))
		return;
	rec.u.sys = *sys;
	(void)rec_emit_record(s->em, &rec);
	s->res->syscalls++;
}

/* Keeps sys (an exec's entry half) in th until its completion event. */
static void keep_entry(struct eb_thread *th, const struct trace_syscall *sys)
{
	size_t need = 0;

	for (unsigned i = 0; i < sys->npayloads; i++)
		need += sys->payloads[i].len;
	xgrow((void **)&th->pay, &th->paycap, need ? need : 1, 1);
	th->sys = *sys;
	need = 0;
	for (unsigned i = 0; i < sys->npayloads; i++) {
		memcpy(th->pay + need, sys->payloads[i].data, sys->payloads[i].len);
		th->sys.payloads[i].data = th->pay + need;
		need += sys->payloads[i].len;
	}
	th->have_entry = true;
}

/* --- modules of short-lived processes ---------------------------------------- */

static uint64_t fd_key(pid_t pid, int64_t fd)
{
	return (uint64_t)(uint32_t)pid << 32 | (uint32_t)fd;
}

static void fd_path_set(struct eb_session *s, pid_t pid, int64_t fd, const char *path, size_t len)
{
	uint64_t *v = trace_map_get(&s->fd_paths, fd_key(pid, fd));

	if (v && *v) {
		free((char *)(uintptr_t)*v);
		*v = 0;
	}
	if (path)
		trace_map_put(&s->fd_paths, fd_key(pid, fd),
		              (uint64_t)(uintptr_t)xstrndup(path, len));
}

/* Remembers the path of each file opened read-only (how programs and the
 * dynamic loader open what they map as code) until it is closed, so a code
 * mapping can be recorded from its mmap when the process is already gone. */
static void follow_paths(struct eb_session *s, const struct trace_syscall *sys)
{
	unsigned path_arg = sys->nr == SYS_openat ? 1 : 0;

	if (sys->nr == SYS_close && sys->ret == 0) {
		fd_path_set(s, sys->pid, (int)sys->args[0], NULL, 0);
		return;
	}
	if ((sys->nr != SYS_openat && sys->nr != SYS_open) || sys->ret < 0 ||
	    (sys->args[path_arg + 1] & O_ACCMODE) != O_RDONLY)
		return;
	for (unsigned i = 0; i < sys->npayloads; i++) {
		const struct trace_payload *p = &sys->payloads[i];
		if (p->arg == path_arg && p->kind == TPAY_STRING && p->len &&
		    !(p->flags & (TPAYF_TRUNCATED | TPAYF_UNREADABLE)) && p->data[0] == '/') {
			fd_path_set(s, sys->pid, sys->ret, (const char *)p->data, p->len);
			return;
		}
	}
}

/* After a code mapping (mmap with PROT_EXEC of a file) whose re-sync found
 * nothing (the process was gone): the module from the call itself, opened by
 * the path its descriptor was opened with, else recorded unknown. */
static void map_from_call(struct eb_session *s, const struct trace_syscall *sys)
{
	uint64_t start = (uint64_t)sys->ret, len = sys->args[1];

	if (sys->nr != SYS_mmap || !(sys->args[2] & PROT_EXEC) || (sys->args[3] & MAP_ANONYMOUS) ||
	    sys->ret < 0 || len == 0 || rec_maps_find(s->maps, sys->pid, start))
		return;
	uint64_t *v = trace_map_get(&s->fd_paths, fd_key(sys->pid, (int)sys->args[4]));
	const char *path = v && *v ? (const char *)(uintptr_t)*v : NULL;
	uint64_t end = (start + len + 4095) & ~4095ull;
	(void)rec_maps_add(s->maps, sys->pid, start, end, sys->args[5], (uint32_t)sys->args[2],
	                   path, sys->ts + sys->duration);
}

static void on_sys(struct eb_session *s, const struct rb_sys *e, size_t size)
{
	struct eb_thread *th = thread_of(s, e->h.ts, (pid_t)e->h.tid, (pid_t)e->h.pid);
	struct trace_syscall sys;

	if (e->flags & RBF_COMPLETE) {
		if (!th->have_entry)
			return;
		th->have_entry = false;
		sys = th->sys;
		sys.ret = e->ret;
		sys.duration = e->dur;
		sys.tid = (int32_t)e->h.tid;
		if (e->flags & RBF_DYING)
			sys.flags |= TSYS_UNFINISHED;
		else if (is_exec(sys.nr) && sys.ret == 0)
			sys.flags |= TSYS_EXECED;
		emit_call(s, &sys);
		return;
	}
	memset(&sys, 0, sizeof(sys));
	sys.tid = (int32_t)e->h.tid;
	sys.pid = (int32_t)e->h.pid;
	sys.nr = (uint16_t)e->nr;
	memcpy(sys.args, e->args, sizeof(sys.args));
	sys.ts = e->h.ts;
	if (!parse_payloads(e, size, &sys))
		sys.npayloads = 0;
	/* Kinds as at entry: the call may close or replace its descriptors. */
	sys.fd_kinds = rec_fds_kinds(s->fds, sys.tid, sys.pid, sys.nr, sys.args);
	/* The launched child's own execve: its stack is the recorder's code, not
	 * the program's (the ptrace backend records none either). */
	if (sys.pid != s->child || s->child_execed)
		sys.stack_id = event_stack(s, e, size);
	if (e->flags & RBF_NORETURN) {
		sys.flags = TSYS_UNFINISHED | TSYS_NORETURN;
		emit_call(s, &sys);
		return;
	}
	if (e->flags & RBF_ENTRY) {
		keep_entry(th, &sys);
		return;
	}
	sys.ret = e->ret;
	sys.duration = e->dur;
	if (e->flags & RBF_DYING) { /* as a tracer sees it: no exit, no effect known */
		sys.flags |= TSYS_UNFINISHED;
		if (trace_syscall_never_returns(sys.nr))
			sys.flags |= TSYS_NORETURN;
		emit_call(s, &sys);
		return;
	}
	emit_call(s, &sys);
	if (rec_fds_follows(sys.nr)) {
		s->cur = e;
		s->cur_sys = &sys;
		rec_fds_after(s->fds, sys.tid, sys.pid, sys.nr, sys.args, sys.ret);
		s->cur = NULL;
		s->cur_sys = NULL;
	}
	follow_paths(s, &sys);
	if (rec_maps_syscall_changes_in(s->maps, sys.pid, sys.nr, sys.args, sys.ret)) {
		rec_maps_sync(s->maps, sys.pid, sys.ts + sys.duration);
		map_from_call(s, &sys);
	}
}

static void on_fork(struct eb_session *s, const struct rb_fork *e)
{
	pid_t pid = (pid_t)e->child_pid;

	thread_of(s, e->h.ts, (pid_t)e->h.tid, (pid_t)e->h.pid);
	rec_fds_clone(s->fds, (pid_t)e->h.tid, (pid_t)e->h.pid, (pid_t)e->child_tid,
	              e->share_files != 0);
	thread_new(s, e->h.ts, (pid_t)e->child_tid, pid, (pid_t)e->h.tid,
	           e->is_thread ? TTHREAD_IS_THREAD : 0, e->comm);
	if (!e->is_thread)
		rec_maps_fork(s->maps, (pid_t)e->h.pid, pid, e->h.ts);
}

/* The argv of th's pending exec (its TPAY_ARGV payload), or NULL. */
static const struct trace_payload *exec_argv(const struct eb_thread *th)
{
	for (unsigned i = 0; th && th->have_entry && i < th->sys.npayloads; i++)
		if (th->sys.payloads[i].kind == TPAY_ARGV)
			return &th->sys.payloads[i];
	return NULL;
}

/* The dynamic loader program path names (its PT_INTERP), into buf; false
 * when it has none or cannot be read. */
static bool interp_of(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok = false;
	size_t n = 0;

	if (fd < 0)
		return false;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	for (size_t i = 0; elf && elf_getphdrnum(elf, &n) == 0 && i < n && !ok; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_INTERP && ph.p_filesz > 1 &&
		    ph.p_filesz <= len)
			ok = pread(fd, buf, ph.p_filesz, (off_t)ph.p_offset) ==
			         (ssize_t)ph.p_filesz &&
			     buf[ph.p_filesz - 1] == 0;
	}
	elf_end(elf);
	close(fd);
	return ok;
}

/* After the exec's re-sync: the program's and the loader's code as the BPF
 * program saw them mapped, when /proc/PID/maps could no longer be read (a
 * short-lived process was gone). */
static void exec_modules(struct eb_session *s, const struct rb_exec *e, const char *exe)
{
	pid_t pid = (pid_t)e->h.pid;
	char abs[PATH_MAX], interp[PATH_MAX];
	const char *path = exe[0] == '/' ? exe : realpath(exe, abs);

	if (e->exe.start && e->exe.end > e->exe.start && !rec_maps_find(s->maps, pid, e->exe.start))
		(void)rec_maps_add(s->maps, pid, e->exe.start, e->exe.end, e->exe.pgoff * 4096,
		                   PROT_READ | PROT_EXEC, path, e->h.ts);
	if (e->interp.start && e->interp.end > e->interp.start &&
	    !rec_maps_find(s->maps, pid, e->interp.start))
		(void)rec_maps_add(s->maps, pid, e->interp.start, e->interp.end,
		                   e->interp.pgoff * 4096, PROT_READ | PROT_EXEC,
		                   path && interp_of(path, interp, sizeof(interp)) ? interp : NULL,
		                   e->h.ts);
}

static void on_exec(struct eb_session *s, const struct rb_exec *e)
{
	pid_t tid = (pid_t)e->h.tid, pid = (pid_t)e->h.pid, old = (pid_t)e->old_tid;
	struct trace_record rec = {.type = TREC_EXEC};
	char path[64], exe[4096];

	if (old != tid && thread_find(s, old)) {
		/* A non-leader thread executed: it takes over the leader's tid. */
		if (thread_find(s, tid)) {
			struct trace_record ex = {.type = TREC_EXIT};
			ex.u.exit.ts = e->h.ts;
			ex.u.exit.tid = tid;
			ex.u.exit.pid = pid;
			(void)rec_emit_record(s->em, &ex);
			thread_drop(s, tid);
		}
		trace_map_put(&s->threads, (uint64_t)tid,
		              *trace_map_get(&s->threads, (uint64_t)old));
		trace_map_put(&s->threads, (uint64_t)old, 0);
		thread_find(s, tid)->tid = tid;
	}
	struct eb_thread *th = thread_of(s, e->h.ts, tid, pid);
	struct trace_exec *x = &rec.u.exec;
	x->ts = e->h.ts;
	x->tid = tid;
	x->pid = pid;
	x->old_tid = old;
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tid);
	ssize_t n = readlink(path, exe, sizeof(exe) - 1);
	if (n > 0)
		exe[n] = 0;
	else
		snprintf(exe, sizeof(exe), "%.*s", RB_FILENAME, e->filename);
	x->filename = exe;
	const struct trace_payload *av = exec_argv(th);
	if (av) {
		x->argv = (const char *)av->data;
		x->argv_len = av->len;
		for (uint32_t i = 0; i < av->len; i++)
			x->argc += av->data[i] == 0;
	}
	memcpy(x->comm, e->comm, TRACE_COMM_LEN - 1);
	(void)rec_emit_record(s->em, &rec);
	if (pid == s->child)
		s->child_execed = true;
	/* Close-on-exec; the table was followed up to here (no /proc: the
	 * program may have opened more since). */
	rec_fds_exec(s->fds, old, tid);
	rec_maps_exec(s->maps, pid);
	rec_maps_sync(s->maps, pid, e->h.ts);
	exec_modules(s, e, exe);
}

static void on_thread_exit(struct eb_session *s, const struct rb_exit *e)
{
	pid_t tid = (pid_t)e->h.tid, pid = (pid_t)e->h.pid;
	struct eb_thread *th = thread_find(s, tid);
	struct trace_record rec = {.type = TREC_EXIT};

	if (!th)
		return; /* never seen: not announced, nothing to close */
	if (th->have_entry) {
		th->sys.flags |= TSYS_UNFINISHED;
		emit_call(s, &th->sys);
	}
	if (e->last && WIFSIGNALED(e->code)) {
		struct trace_record sr = {.type = TREC_SIGNAL};
		sr.u.sig.ts = e->h.ts;
		sr.u.sig.tid = tid;
		sr.u.sig.pid = pid;
		sr.u.sig.signo = WTERMSIG(e->code);
		sr.u.sig.flags = TSIG_FATAL;
		(void)rec_emit_record(s->em, &sr);
		s->res->signals++;
	}
	rec.u.exit.ts = e->h.ts;
	rec.u.exit.tid = tid;
	rec.u.exit.pid = pid;
	rec.u.exit.status = e->code;
	rec.u.exit.flags = e->last ? TEXIT_PROCESS : 0;
	(void)rec_emit_record(s->em, &rec);
	thread_drop(s, tid);
	rec_fds_forget(s->fds, tid);
	if (e->last)
		proc_gone(s, pid);
}

static void on_signal(struct eb_session *s, const struct rb_signal *e)
{
	struct trace_record rec;
	siginfo_t si;

	thread_of(s, e->h.ts, (pid_t)e->h.tid, (pid_t)e->h.pid);
	memset(&si, 0, sizeof(si));
	memcpy(&si, e->info, sizeof(e->info) < sizeof(si) ? sizeof(e->info) : sizeof(si));
	rec_signal_delivered(&rec, e->h.ts, (pid_t)e->h.tid, (pid_t)e->h.pid, e->signo,
	                     e->has_info ? &si : NULL);
	(void)rec_emit_record(s->em, &rec);
	s->res->signals++;
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct eb_session *s = ctx;
	const struct rb_hdr *h = data;

	if (size < sizeof(*h) || h->size > size || rec_emit_error(s->em))
		return 0;
	switch (h->type) {
	case RB_SYS:
		if (size >= sizeof(struct rb_sys))
			on_sys(s, data, size);
		break;
	case RB_FORK:
		if (size >= sizeof(struct rb_fork))
			on_fork(s, data);
		break;
	case RB_EXEC:
		if (size >= sizeof(struct rb_exec))
			on_exec(s, data);
		break;
	case RB_EXIT:
		if (size >= sizeof(struct rb_exit))
			on_thread_exit(s, data);
		break;
	case RB_SIGNAL:
		if (size >= sizeof(struct rb_signal))
			on_signal(s, data);
		break;
	default:
		break;
	}
	return 0;
}

/* --- lost events ------------------------------------------------------------ */

/* Emits what the BPF program counted as lost since the last call: one
 * TREC_LOST per process (tid = its pid), and the rest (a process whose
 * counter found no room) with tid 0. */
static void account_lost(struct eb_session *s, uint64_t now)
{
	int ncpu = libbpf_num_possible_cpus(), pfd = bpf_map__fd(s->skel->maps.lost_pid);
	uint64_t percpu[RB_CPUS_MAX], total = 0, attributed = 0;
	uint32_t key = RB_LOST_EVENTS, pid, next;
	bool first = true;

	if (ncpu <= 0 || ncpu > RB_CPUS_MAX ||
	    bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.lost), &key, percpu) != 0)
		return;
	for (int i = 0; i < ncpu; i++)
		total += percpu[i];
	if (total == s->lost_total)
		return;
	while (bpf_map_get_next_key(pfd, first ? NULL : &pid, &next) == 0) {
		uint64_t n = 0;

		first = false;
		pid = next;
		if (bpf_map_lookup_elem(pfd, &pid, &n) != 0 || n == 0)
			continue;
		/* Subtract what was read: the program may be counting meanwhile. */
		uint64_t zero = 0;
		(void)bpf_map_update_elem(pfd, &pid, &zero, BPF_EXIST);
		struct trace_record rec = {.type = TREC_LOST};
		rec.u.lost.ts = now;
		rec.u.lost.tid = (int32_t)pid;
		rec.u.lost.count = n;
		(void)rec_emit_record(s->em, &rec);
		attributed += n;
	}
	uint64_t fresh = total - s->lost_total;
	if (fresh > attributed) {
		struct trace_record rec = {.type = TREC_LOST};
		rec.u.lost.ts = now;
		rec.u.lost.count = fresh - attributed;
		(void)rec_emit_record(s->em, &rec);
	}
	s->res->lost += fresh > attributed ? fresh : attributed;
	s->lost_total = total;
}

/* --- setup ------------------------------------------------------------------ */

/* True when the BPF program can execute capture i of caps (n of them): the
 * length kinds it knows, and no entry capture of an argument the call also
 * writes (the program reads payloads at exit, where that input is gone;
 * exec reads everything at entry). Known gap: mincore vectors and fd_sets. */
static bool bpf_can_capture(const struct rec_cap *caps, unsigned n, unsigned i, bool at_entry)
{
	const struct rec_cap *c = &caps[i];

	if (c->len_from > REC_LEN_FIXED || c->how < REC_CAP_STRING || c->how > REC_CAP_ARGV)
		return false;
	if (at_entry)
		return c->when == REC_AT_ENTRY;
	if (c->when != REC_AT_ENTRY)
		return true;
	for (unsigned k = 0; k < n; k++)
		if (caps[k].arg == c->arg && caps[k].when != REC_AT_ENTRY)
			return false;
	return true;
}

_Static_assert(RB_IOV_MAX == REC_IOV_MAX && RB_IOV_HDR == TRACE_IOV_HDR,
               "the BPF program writes iovec payloads as rec_payload.c does");

/* Fills the capture table, the syscall selection and the --cgroup slot.
 * 0 or -errno. */
static int fill_tables(struct eb_session *s)
{
	static const long maps_calls[] = {SYS_mmap,          SYS_mprotect, SYS_munmap,  SYS_mremap,
	                                  SYS_pkey_mprotect, SYS_execve,   SYS_execveat};
	uint64_t want[RB_NR_MAX / 64];
	int cfd = bpf_map__fd(s->skel->maps.caps), wfd = bpf_map__fd(s->skel->maps.want);

	memcpy(want, s->o->filter.set, sizeof(want));
	rec_fds_stop_set(want); /* the descriptor tables follow them, recorded or not */
	if (s->o->stack_depth)
		for (size_t i = 0; i < sizeof(maps_calls) / sizeof(maps_calls[0]); i++)
			want[maps_calls[i] / 64] |= 1ull << (maps_calls[i] % 64);
	for (uint32_t w = 0; w < RB_NR_MAX / 64; w++)
		(void)bpf_map_update_elem(wfd, &w, &want[w], BPF_ANY);
	for (uint32_t nr = 0; nr < RB_NR_MAX; nr++) {
		const struct trace_syscall_desc *d = trace_syscall_desc((long)nr);
		struct rec_cap caps[REC_CAPS_MAX];
		struct rb_caps rc;
		unsigned n = d ? rec_policy_caps(d, s->o->strsize, caps, REC_CAPS_MAX) : 0;

		memset(&rc, 0, sizeof(rc));
		rc.at_entry = is_exec(nr);
		rc.ret_fd = d && d->ret_kind == TR_FD && rec_fds_follows(nr);
		for (unsigned i = 0; i < n && rc.n < RB_CAPS_MAX; i++)
			if (bpf_can_capture(caps, n, i, rc.at_entry))
				rc.c[rc.n++] = (struct rb_cap){
				    caps[i].arg,       caps[i].how,      caps[i].kind,
				    caps[i].when,      caps[i].len_from, caps[i].len_arg,
				    caps[i].skip_null, caps[i].if_arg,   caps[i].max,
				    caps[i].size,      caps[i].elem_max, caps[i].if_base,
				    caps[i].if_set};
		if (rc.n || rc.ret_fd)
			(void)bpf_map_update_elem(cfd, &nr, &rc, BPF_ANY);
	}
	if (s->o->cgroup_fd >= 0) {
		uint32_t slot = 0, fd = (uint32_t)s->o->cgroup_fd;
		if (bpf_map_update_elem(bpf_map__fd(s->skel->maps.cgroup_want), &slot, &fd,
		                        BPF_ANY) != 0)
			return -errno;
	}
	return 0;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0; /* the caller prints one line of its own */
}

/* The ring buffer size: --buffer-size rounded up to a power of two pages. */
static uint32_t ring_size(const struct rec_options *o)
{
	uint64_t want = o->buffer_size ? o->buffer_size : REC_DEFAULT_BUFFER_SIZE, sz = 4096;

	while (sz < want && sz < (1ull << 31))
		sz <<= 1;
	return (uint32_t)sz;
}

static int ebpf_open(struct rec_session **out, const struct rec_options *o, struct rec_emitter *em,
                     struct rec_result *res)
{
	struct eb_session *s = xcalloc(1, sizeof(*s));
	int err;

	s->o = o;
	s->em = em;
	s->res = res;
	s->go_fd = s->err_fd = -1;
	s->attach = o->argv == NULL;
	trace_map_init(&s->threads);
	trace_map_init(&s->procs);
	trace_map_init(&s->fd_paths);
	s->maps = rec_maps_new(em);
	s->unw = o->stack_depth ? rec_unwinder_new(s->maps) : NULL;
	s->stacks = trace_stacks_new();
	struct rec_fds_ops fops = {fds_probe, fds_scan, fds_read_mem, s};
	s->fds = rec_fds_new(&fops);
	*out = (struct rec_session *)s;
	signals_install(); /* loading takes seconds: a SIGINT meanwhile ends recording cleanly */
	libbpf_set_print(libbpf_quiet);
	s->skel = rec_ebpf_bpf__open();
	if (!s->skel) {
		err = -errno;
		pr_err("cannot open the eBPF program: %s", strerror(-err));
		return err;
	}
	s->skel->rodata->follow_forks = o->follow_forks;
	s->skel->rodata->stack_bytes = o->stack_depth ? o->stack_bytes : 0;
	s->skel->rodata->self_tgid = (uint32_t)getpid();
	s->skel->rodata->trace_all = rec_options_system(o);
	s->skel->rodata->cgroup_filter = o->cgroup_fd >= 0;
	if (o->comm) {
		s->skel->rodata->comm_filter = true;
		strncpy((char *)s->skel->rodata->comm_want, o->comm, RB_COMM_LEN - 1);
	}
	(void)bpf_map__set_max_entries(s->skel->maps.events, ring_size(o));
	(void)bpf_map__set_max_entries(s->skel->maps.scratch, (uint32_t)libbpf_num_possible_cpus());
	err = rec_ebpf_bpf__load(s->skel);
	if (err == 0)
		err = fill_tables(s);
	if (err == 0)
		err = rec_ebpf_bpf__attach(s->skel);
	if (err == 0) {
		s->rb = ring_buffer__new(bpf_map__fd(s->skel->maps.events), on_event, s, NULL);
		if (!s->rb)
			err = -errno;
	}
	if (err) {
		pr_err("cannot load the eBPF program: %s (try --backend ptrace)", strerror(-err));
		return err;
	}
	return 0;
}

/* --- launch and attach ------------------------------------------------------ */

/* The child: waits until the recorder has put it in the filter map, becomes
 * -u USER when asked, execs. Only async-signal-safe calls. */
static void __attribute__((noreturn))
launch_child(const struct rec_options *o, const char *path, int go_fd, int err_fd)
{
	char go = 0;
	int err;

	for (size_t i = 0; i < EB_NSIGNALS; i++)
		(void)sigaction(eb_signals[i], &eb_saved[i], NULL);
	(void)sigaction(SIGPIPE, &eb_saved_pipe, NULL);
	while (read(go_fd, &go, 1) < 0 && errno == EINTR)
		;
	if (go != 1)
		_exit(127);
	err = rec_launch_become_user(o);
	if (err) {
		(void)!write(err_fd, &err, sizeof(err));
		_exit(126);
	}
	execv(path, o->argv);
	err = errno;
	(void)!write(err_fd, &err, sizeof(err));
	_exit(127);
}

static int launch(struct eb_session *s)
{
	const struct rec_options *o = s->o;
	char *owned;
	const char *path;
	int go[2], errp[2];
	int rc = rec_launch_prepare(o, &path, &owned, go, errp);

	if (rc < 0)
		return rc;
	pid_t pid = fork();
	if (pid < 0) {
		int err = errno;
		pr_err("cannot fork: %s", strerror(err));
		free(owned);
		return -err;
	}
	if (pid == 0) {
		close(go[1]);
		close(errp[0]);
		launch_child(o, path, go[0], errp[1]);
	}
	free(owned);
	close(go[0]);
	close(errp[1]);
	s->child = pid;
	s->err_fd = errp[0];
	uint32_t key = (uint32_t)pid;
	uint8_t v = RB_PID_PRE_EXEC;
	int r = 0;
	/* System-wide, the command only sets how long the recording lasts: it is
	 * recorded when it matches, like any other process. */
	if (!rec_options_system(o)) {
		r = bpf_map_update_elem(bpf_map__fd(s->skel->maps.pids), &key, &v, BPF_ANY);
		if (r == 0)
			thread_new(s, trace_mono_ns(), pid, pid, 0, 0, NULL);
	}
	/* What it will have at exec, less close-on-exec (it waits for go). */
	rec_fds_seed(s->fds, pid, pid);
	char go_byte = r == 0 ? 1 : 0;
	if (write(go[1], &go_byte, 1) != 1 || r != 0) {
		int err = r ? -r : EPIPE;
		pr_err("cannot start %s: %s", o->argv[0], strerror(err));
		close(go[1]);
		(void)kill(pid, SIGKILL);
		(void)waitpid(pid, NULL, 0);
		return -err;
	}
	close(go[1]);
	return 0;
}

/* Announces every thread of pid (already running) and its modules. */
static int attach_one(struct eb_session *s, pid_t pid)
{
	char path[64];
	uint32_t key = (uint32_t)pid;
	uint8_t v = RB_PID_TRACED;
	uint64_t now = trace_mono_ns();

	if (bpf_map_update_elem(bpf_map__fd(s->skel->maps.pids), &key, &v, BPF_ANY) != 0)
		return -errno;
	rec_fds_seed(s->fds, pid, pid);
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return -errno;
	thread_of(s, now, pid, pid);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		pid_t tid = (pid_t)atoi(de->d_name);
		if (tid > 0 && tid != pid)
			thread_of(s, now, tid, pid);
	}
	closedir(d);
	return 0;
}

/* The consumer must read /proc/PID/maps after an exec or a code mapping
 * before a short-lived process is gone: it runs at the highest nice level
 * (set after the launched child was forked, so the child keeps ours). */
static void raise_priority(void)
{
	if (setpriority(PRIO_PROCESS, 0, -20) < 0)
		pr_debug(1, "cannot raise the recorder's priority: %s", strerror(errno));
}

static int ebpf_start(struct rec_session *ss)
{
	struct eb_session *s = (struct eb_session *)ss;

	if (!s->attach) {
		int r = launch(s);
		raise_priority();
		return r;
	}
	raise_priority();
	for (unsigned i = 0; i < s->o->npids; i++) {
		int r = attach_one(s, s->o->pids[i]);
		if (r < 0) {
			char msg[512];
			rec_attach_errmsg(s->o->pids[i], -r, msg, sizeof(msg));
			pr_err("%s", msg);
			return r;
		}
	}
	return 0;
}

/* --- the consumer loop ------------------------------------------------------ */

/* Launch mode: reaps the program when it ended (its exec error, its status). */
static void reap_child(struct eb_session *s)
{
	int status, err = 0;

	if (s->attach || s->child_reaped || waitpid(s->child, &status, WNOHANG) != s->child)
		return;
	s->child_reaped = true;
	s->res->status = status;
	s->res->exited = true;
	if (s->err_fd >= 0 && read(s->err_fd, &err, sizeof(err)) == sizeof(err))
		s->exec_errno = err;
}

/* Processes that ended without their exit event (it found no room). */
static void check_alive(struct eb_session *s)
{
	for (uint32_t i = 0; i < s->procs.cap; i++) {
		if (!s->procs.used[i] || !s->procs.vals[i])
			continue;
		pid_t pid = (pid_t)s->procs.keys[i];
		if (kill(pid, 0) < 0 && errno == ESRCH && !(pid == s->child && !s->child_reaped))
			proc_gone(s, pid);
	}
}

/* Handles a signal the recorder got: in launch mode the first one sent to it
 * (kill) goes on to the program; one from the terminal reached the program
 * too. A second one, or any in attach mode, ends the recording. */
static void take_signal(struct eb_session *s, sig_atomic_t *seen)
{
	if (eb_nsignals == *seen)
		return;
	*seen = eb_nsignals;
	if (s->attach || eb_nsignals >= 2) {
		s->stop_recording = true;
		return;
	}
	if (eb_from_user && !s->child_reaped)
		(void)kill(s->child, eb_signo);
}

static bool finished(struct eb_session *s)
{
	if (s->stop_recording || eb_stop_asked)
		return true;
	if (rec_emit_error(s->em)) {
		if (rec_emit_error(s->em) != -EPIPE)
			pr_err(
			    "writing the trace failed: %s; recording stopped, the program goes on",
			    strerror(-rec_emit_error(s->em)));
		return true;
	}
	if (rec_options_system(s->o)) /* until a signal, or the command's end */
		return !s->attach && s->child_reaped;
	if (s->attach)
		return s->live == 0;
	return s->child_reaped && s->live == 0;
}

static int ebpf_run(struct rec_session *ss)
{
	struct eb_session *s = (struct eb_session *)ss;
	sig_atomic_t seen = 0;

	s->last_tick = trace_mono_ns();
	for (;;) {
		int n = ring_buffer__poll(s->rb, POLL_MS);
		uint64_t now = trace_mono_ns();

		if (n < 0 && n != -EINTR) {
			pr_err("reading the eBPF ring buffer failed: %s", strerror(-n));
			break;
		}
		/* Wake-ups are rare (exec, code mappings): take what waits anyway. */
		while ((n = ring_buffer__consume(s->rb)) > 0)
			;
		reap_child(s);
		take_signal(s, &seen);
		if (now - s->last_tick >= TICK_NS) {
			s->last_tick = now;
			account_lost(s, now);
			check_alive(s);
			(void)rec_emit_tick(s->em, now);
		}
		if (finished(s))
			break;
	}
	/* Everything the program submitted before it ended is in the buffer. */
	while (ring_buffer__consume(s->rb) > 0)
		;
	account_lost(s, trace_mono_ns());
	if (s->exec_errno) {
		pr_err("%s: cannot execute: %s", s->o->argv[0], strerror(s->exec_errno));
		return -s->exec_errno;
	}
	return 0;
}

static void ebpf_stop(struct rec_session *ss)
{
	(void)ss;
	eb_stop_asked = 1;
}

/* Ends what is still traced: detached threads get a TREC_EXIT that says so. */
static void detach_all(struct eb_session *s)
{
	uint64_t now = trace_mono_ns();

	for (uint32_t i = 0; i < s->threads.cap; i++) {
		if (!s->threads.used[i] || !s->threads.vals[i])
			continue;
		struct eb_thread *th = (struct eb_thread *)(uintptr_t)s->threads.vals[i];
		struct trace_record rec = {.type = TREC_EXIT};
		rec.u.exit.ts = now;
		rec.u.exit.tid = th->tid;
		rec.u.exit.pid = th->pid;
		rec.u.exit.flags = TEXIT_DETACHED | (th->tid == th->pid ? TEXIT_PROCESS : 0);
		(void)rec_emit_record(s->em, &rec);
		s->res->detached = true;
	}
}

static void ebpf_close(struct rec_session *ss)
{
	struct eb_session *s = (struct eb_session *)ss;

	if (s->skel)
		rec_ebpf_bpf__detach(s->skel); /* the programs go on untraced */
	if (s->rb) {
		while (ring_buffer__consume(s->rb) > 0)
			;
		detach_all(s);
	}
	signals_restore();
	if (!s->attach && s->child > 0 && !s->child_reaped) {
		/* Recording ended early (sink error, second signal): the program goes on
		 * untraced and the recorder waits for it, as its parent. */
		int status;
		while (waitpid(s->child, &status, 0) < 0 && errno == EINTR)
			;
		s->res->status = status;
		s->res->exited = true;
	}
	if (s->err_fd >= 0)
		close(s->err_fd);
	ring_buffer__free(s->rb);
	rec_ebpf_bpf__destroy(s->skel);
	for (uint32_t i = 0; i < s->threads.cap; i++)
		if (s->threads.used[i] && s->threads.vals[i]) {
			struct eb_thread *th = (struct eb_thread *)(uintptr_t)s->threads.vals[i];
			free(th->pay);
			free(th);
		}
	trace_map_free(&s->threads);
	trace_map_free(&s->procs);
	for (uint32_t i = 0; i < s->fd_paths.cap; i++)
		if (s->fd_paths.used[i])
			free((char *)(uintptr_t)s->fd_paths.vals[i]);
	trace_map_free(&s->fd_paths);
	rec_unwinder_free(s->unw);
	rec_maps_free(s->maps);
	trace_stacks_free(s->stacks);
	rec_fds_free(s->fds);
	free(s);
}

const struct rec_backend rec_backend_ebpf = {
    .name = "ebpf",
    .probe = ebpf_probe,
    .open = ebpf_open,
    .start = ebpf_start,
    .run = ebpf_run,
    .stop = ebpf_stop,
    .close = ebpf_close,
};
