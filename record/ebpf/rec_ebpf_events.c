/*
 * rec_ebpf_events.c - the eBPF backend's consumer: each event of the ring
 * buffer becomes trace records (calls with their payloads, stacks unwound
 * from the copied registers and stack bytes with the shared CFI unwinder,
 * threads, execs, exits, signals); modules are re-synced from /proc/PID/maps
 * after exec and executable mappings, and the events the ring buffer had no
 * room for become TREC_LOST records.
 */
#include "record/rec.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libtrace/trace_map.h"
#include "libtrace/trace_stacks.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"
#include "record/ebpf/rec_ebpf_session.h"
#include "record/rec_arch.h"
#include "record/rec_emit.h"
#include "record/rec_fds.h"
#include "record/rec_maps.h"
#include "record/rec_policy.h"
#include "record/rec_unwind.h"

#define RB_CPUS_MAX 8192 /* possible CPUs the lost counters are read for */

/* --- events --------------------------------------------------------------- */

/* Reads the payload blocks after e into sys, after those it has (data
 * pointing into the event). */
static bool parse_payloads(const struct rb_sys *e, size_t size, struct trace_syscall *sys)
{
	const uint8_t *p = (const uint8_t *)(e + 1), *end = p + e->pay_bytes;

	if (sizeof(*e) + (size_t)e->pay_bytes > size)
		return false;
	for (unsigned i = 0; i < e->npay && sys->npayloads < TRACE_MAX_PAYLOADS; i++) {
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

	if (!e->has_stack || !s->unw || off + RB_NREGS * 8 + (size_t)e->stack_len > size)
		return 0;
	memset(&regs, 0, sizeof(regs));
	memcpy(&regs, (const uint8_t *)e + off,
	       RB_NREGS * 8); /* pt_regs: user_regs_struct's prefix */
	unsigned max = s->o->stack_depth < TRACE_MAX_STACK ? s->o->stack_depth : TRACE_MAX_STACK;
	/* Code not known yet (a mapping whose event the recorder has not seen):
	 * read the maps again while the process may still be there. */
	if (!rec_maps_find(s->maps, (pid_t)e->h.pid, rec_regs_pc(&regs)))
		rec_maps_sync(s->maps, (pid_t)e->h.pid, e->h.ts);
	unsigned depth =
	    rec_unwind_bytes(s->unw, (pid_t)e->h.pid, &regs,
	                     (const uint8_t *)e + off + RB_NREGS * 8, e->stack_len, s->pcs, max);
	return rec_emit_stack(s->em, s->stacks, s->pcs, depth, &s->res->stacks);
}

void eb_emit_call(struct eb_session *s, const struct trace_syscall *sys)
{
	struct trace_record rec = {.type = TREC_SYSCALL};

	if (!trace_filter_match(&s->o->filter, sys->nr, sys->fd_kinds) ||
	    !trace_filter_status_ok(&s->o->filter, sys))
		return;
	rec.u.sys = *sys;
	(void)rec_emit_record(s->em, &rec);
	s->res->syscalls++;
}

/* Keeps sys (the entry half of an exec, or of a call that overwrites an
 * input) in th until its completion event. */
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

/* Starts loading [p, p + len) into the cache. The ring buffer's bytes were
 * written by another CPU, long out of any cache of this one; the unwinder
 * reads a few words per frame, each found from the frame before, so without
 * this every frame waits for its own cache misses one after the other. */
static void prefetch_bytes(const void *p, size_t len)
{
	const char *c = p;

	for (size_t off = 0; off < len; off += 64)
		__builtin_prefetch(c + off);
}

/* What follows a call's exit once it is recorded: descriptor kinds, paths,
 * modules. e is its exit event. */
static void after_call(struct eb_session *s, const struct rb_sys *e, struct trace_syscall *sys)
{
	eb_emit_call(s, sys);
	if (rec_fds_follows(sys->nr)) {
		s->cur = e;
		s->cur_sys = sys;
		rec_fds_after(s->fds, sys->tid, sys->pid, sys->nr, sys->args, sys->ret);
		s->cur = NULL;
		s->cur_sys = NULL;
	}
	eb_follow_paths(s, sys);
	if (rec_maps_syscall_changes_in(s->maps, sys->pid, sys->nr, sys->args, sys->ret)) {
		rec_maps_sync(s->maps, sys->pid, sys->ts + sys->duration);
		eb_map_from_call(s, sys);
	}
}

/* The exit half (RBF_COMPLETE) of the call th's RBF_ENTRY event began: its
 * result and its exit payloads after the entry ones. */
static void on_complete(struct eb_session *s, struct eb_thread *th, const struct rb_sys *e,
                        size_t size)
{
	struct trace_syscall sys;

	if (!th->have_entry)
		return; /* its entry event was lost (counted) */
	th->have_entry = false;
	sys = th->sys;
	sys.ret = e->ret;
	sys.duration = e->dur;
	sys.tid = (int32_t)e->h.tid;
	if (e->flags & RBF_DYING) {
		sys.flags |= TSYS_UNFINISHED;
		eb_emit_call(s, &sys);
		return;
	}
	if (is_exec(sys.nr)) { /* what follows an exec comes with its RB_EXEC event */
		if (sys.ret == 0)
			sys.flags |= TSYS_EXECED;
		eb_emit_call(s, &sys);
		return;
	}
	unsigned entry_payloads = sys.npayloads;
	if (!parse_payloads(e, size, &sys))
		sys.npayloads = entry_payloads;
	after_call(s, e, &sys);
}

static void on_sys(struct eb_session *s, const struct rb_sys *e, size_t size)
{
	struct trace_syscall sys;

	if (e->has_stack && e->h.size > sizeof(*e))
		prefetch_bytes(e + 1, e->h.size - sizeof(*e));
	struct eb_thread *th = eb_thread_of(s, e->h.ts, (pid_t)e->h.tid, (pid_t)e->h.pid);

	eb_signal_unpark(s, th, e->h.ts); /* a signal sent before the call began */
	if (e->flags & RBF_COMPLETE) {
		on_complete(s, th, e, size);
		eb_signal_unpark(s, th, e->h.ts + e->dur + 1);
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
		eb_emit_call(s, &sys);
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
		eb_emit_call(s, &sys);
		return;
	}
	after_call(s, e, &sys);
	eb_signal_unpark(s, th, e->h.ts + e->dur + 1); /* one sent during the call */
}

static void on_fork(struct eb_session *s, const struct rb_fork *e)
{
	pid_t pid = (pid_t)e->child_pid;

	eb_thread_of(s, e->h.ts, (pid_t)e->h.tid, (pid_t)e->h.pid);
	rec_fds_clone(s->fds, (pid_t)e->h.tid, (pid_t)e->h.pid, (pid_t)e->child_tid,
	              e->share_files != 0);
	eb_thread_new(s, e->h.ts, (pid_t)e->child_tid, pid, (pid_t)e->h.tid,
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

/* The thread group leader tid of pid is replaced by the execve of thread by,
 * which takes over its tid: its exit as the ptrace backend records it (its
 * call in progress unfinished, status 0). */
static void leader_superseded(struct eb_session *s, uint64_t ts, pid_t tid, pid_t pid, pid_t by)
{
	struct eb_thread *th = eb_thread_find(s, tid);
	struct trace_record ex = {.type = TREC_EXIT};

	if (th && th->have_entry) {
		th->sys.flags |= TSYS_UNFINISHED;
		eb_emit_call(s, &th->sys);
	}
	ex.u.exit.ts = ts;
	ex.u.exit.tid = tid;
	ex.u.exit.pid = pid;
	ex.u.exit.flags = TEXIT_SUPERSEDED;
	ex.u.exit.by = by;
	(void)rec_emit_record(s->em, &ex);
	eb_thread_drop(s, tid);
	rec_fds_forget(s->fds, tid);
}

/* The argv payload of an exec from the kernel's copy of the strings (len
 * bytes of full), by the capture's rule (rec_payload.c): each string cut at
 * max bytes, at most REC_ARGV_MAX strings. Into dst (of room bytes, enough
 * for REC_ARGV_MAX cut strings); its length, *truncated when cut. */
static size_t argv_from_kernel(const char *src, size_t len, uint32_t full, size_t max, uint8_t *dst,
                               size_t room, bool *truncated)
{
	size_t out = 0, i = 0;
	unsigned n = 0;

	*truncated = len < full;
	while (i < len && out + max + 1 <= room) {
		if (n == REC_ARGV_MAX) {
			*truncated = true;
			break;
		}
		const char *nul = memchr(src + i, 0, len - i);
		size_t l = nul ? (size_t)(nul - (src + i)) : len - i;
		size_t keep = l < max ? l : max;
		memcpy(dst + out, src + i, keep);
		out += keep;
		dst[out++] = 0;
		*truncated |= keep < l || !nul;
		i += l + 1;
		n++;
	}
	return out;
}

/* Whether the kernel's argv (k, klen bytes) is the one the entry read
 * (e, elen bytes) with its unreadable strings (read as "") and its missing
 * tail filled in: each string the entry has is empty or the kernel's. Not so
 * when the kernel ran an interpreter (a #! script, binfmt_misc): its argv
 * starts with the interpreter's, in place of the program's argv[0]. */
static bool argv_fills(const uint8_t *e, size_t elen, const uint8_t *k, size_t klen)
{
	size_t i = 0, j = 0;

	while (i < elen) {
		const uint8_t *enul = memchr(e + i, 0, elen - i);
		size_t el = enul ? (size_t)(enul - (e + i)) : elen - i;
		if (j >= klen)
			return false;
		const uint8_t *knul = memchr(k + j, 0, klen - j);
		size_t kl = knul ? (size_t)(knul - (k + j)) : klen - j;
		if (el && (el != kl || memcmp(e + i, k + j, el) != 0))
			return false;
		i += el + 1;
		j += kl + 1;
	}
	return true;
}

/* A successful exec whose entry capture could not read the path or an
 * argument string (pages of the old program not yet resident, which BPF
 * cannot fault in): they are taken from what the kernel copied, the path it
 * opened (execve only: execveat's is relative to its descriptor) and the
 * argument strings in the new program, so the call shows as under ptrace. */
static void exec_fill_from_kernel(struct eb_session *s, struct eb_thread *th,
                                  const struct rb_exec *e, size_t size)
{
	struct trace_syscall sys = th->sys;
	const struct trace_syscall_desc *d = trace_syscall_desc(sys.nr);
	struct rec_cap caps[REC_CAPS_MAX];
	unsigned ncaps = d ? rec_policy_caps(d, s->o->strsize, caps, REC_CAPS_MAX) : 0;
	unsigned argv_arg = sys.nr == SYS_execve ? 1 : 2;
	size_t argv_max = 0, room = 0, used = 0;
	bool changed = false;

	if (!th->have_entry || e->argv_len > size - sizeof(*e))
		return;
	for (unsigned i = 0; i < ncaps; i++)
		if (caps[i].how == REC_CAP_ARGV && caps[i].arg == argv_arg)
			argv_max = caps[i].max;
	for (unsigned i = 0; i < sys.npayloads; i++)
		room += sys.payloads[i].len;
	room += RB_FILENAME + (size_t)REC_ARGV_MAX * (argv_max + 1);
	uint8_t *buf = xmalloc(room);
	for (unsigned i = 0; i < sys.npayloads; i++) {
		struct trace_payload *p = &sys.payloads[i];
		bool bad = (p->flags & TPAYF_UNREADABLE) || (p->flags & TPAYF_TRUNCATED);
		uint8_t *dst = buf + used;
		if (p->kind == TPAY_STRING && p->arg == 0 && sys.nr == SYS_execve &&
		    (p->flags & TPAYF_UNREADABLE)) {
			size_t l = strnlen(e->filename, sizeof(e->filename));
			memcpy(dst, e->filename, l);
			p->flags &= (uint8_t)~TPAYF_UNREADABLE;
			p->len = p->full_len = (uint32_t)l;
			changed = true;
		} else if (p->kind == TPAY_ARGV && p->arg == argv_arg && argv_max && bad &&
		           e->argv_len) {
			bool cut;
			size_t n = argv_from_kernel((const char *)(e + 1), e->argv_len,
			                            e->argv_full, argv_max, dst, room - used, &cut);
			if (!argv_fills(p->data, p->len, dst, n)) {
				memcpy(dst, p->data, p->len);
				p->data = dst;
				used += p->len;
				continue;
			}
			p->len = (uint32_t)n;
			p->full_len = cut ? p->len + 1u : p->len;
			p->flags = (uint8_t)((p->flags & ~(TPAYF_UNREADABLE | TPAYF_TRUNCATED)) |
			                     (cut ? TPAYF_TRUNCATED : 0));
			changed = true;
		} else {
			memcpy(dst, p->data, p->len);
		}
		p->data = dst;
		used += p->len;
	}
	if (changed)
		keep_entry(th, &sys);
	free(buf);
}

static void on_exec(struct eb_session *s, const struct rb_exec *e, size_t size)
{
	pid_t tid = (pid_t)e->h.tid, pid = (pid_t)e->h.pid, old = (pid_t)e->old_tid;
	struct trace_record rec = {.type = TREC_EXEC};
	char path[64], exe[4096];

	if (old != tid && eb_thread_find(s, old)) {
		/* A non-leader thread executed: it takes over the leader's tid. The
		 * leader's exit event said so (superseded); when it was lost, it is
		 * said here. */
		if (eb_thread_find(s, tid))
			leader_superseded(s, e->h.ts, tid, pid, old);
		trace_map_put(&s->threads, (uint64_t)tid,
		              *trace_map_get(&s->threads, (uint64_t)old));
		trace_map_put(&s->threads, (uint64_t)old, 0);
		eb_thread_find(s, tid)->tid = tid;
	}
	struct eb_thread *th = eb_thread_of(s, e->h.ts, tid, pid);
	exec_fill_from_kernel(s, th, e, size);
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
	memcpy(th->comm, x->comm, TRACE_COMM_LEN);
	(void)rec_emit_record(s->em, &rec);
	if (pid == s->child)
		s->child_execed = true;
	/* Close-on-exec; the table was followed up to here (no /proc: the
	 * program may have opened more since). */
	rec_fds_exec(s->fds, old, tid);
	rec_maps_exec(s->maps, pid);
	rec_maps_sync(s->maps, pid, e->h.ts);
	eb_exec_modules(s, e, exe);
}

static void on_thread_exit(struct eb_session *s, const struct rb_exit *e)
{
	pid_t tid = (pid_t)e->h.tid, pid = (pid_t)e->h.pid;
	struct eb_thread *th = eb_thread_find(s, tid);
	struct trace_record rec = {.type = TREC_EXIT};

	if (!th)
		return; /* never seen: not announced, nothing to close */
	if (e->by) {
		leader_superseded(s, e->h.ts, tid, pid, (pid_t)e->by);
		return;
	}
	if (th->have_entry) {
		th->sys.flags |= TSYS_UNFINISHED;
		eb_emit_call(s, &th->sys);
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
	eb_thread_drop(s, tid);
	rec_fds_forget(s->fds, tid);
	if (e->last)
		eb_proc_gone(s, pid);
}

static void emit_signal(struct eb_session *s, const struct rb_signal *e)
{
	struct trace_record rec;
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	memcpy(&si, e->info, sizeof(e->info) < sizeof(si) ? sizeof(e->info) : sizeof(si));
	rec_signal_delivered(&rec, e->h.ts, (pid_t)e->h.tid, (pid_t)e->h.pid, e->signo,
	                     (e->flags & RB_SIGF_INFO) ? &si : NULL);
	(void)rec_emit_record(s->em, &rec);
	s->res->signals++;
}

void eb_signal_unpark(struct eb_session *s, struct eb_thread *th, uint64_t before)
{
	if (th && th->parked && th->parked_sig.h.ts < before) {
		th->parked = false;
		emit_signal(s, &th->parked_sig);
	}
}

/* An ignored signal (RB_SIGF_IGNORED) is seen when it is sent, but a tracer
 * sees it when the thread takes it: on its way back to user space, after the
 * call it is in (a parent's wait4 returns the child, then SIGCHLD comes), or
 * at once if it is running. It waits in th until the thread's next event
 * tells which (eb_signal_unpark). A second one of the same standard signal
 * while the first waits is one pending signal for the kernel: one is seen. */
static void park_signal(struct eb_session *s, struct eb_thread *th, const struct rb_signal *e)
{
	if (th->parked) {
		if (th->parked_sig.signo == e->signo && e->signo < 32) /* the kernel's SIGRTMIN */
			return;
		eb_signal_unpark(s, th, UINT64_MAX);
	}
	th->parked_sig = *e;
	th->parked = true;
}

static void on_signal(struct eb_session *s, const struct rb_signal *e)
{
	struct eb_thread *th = eb_thread_of(s, e->h.ts, (pid_t)e->h.tid, (pid_t)e->h.pid);

	if (e->flags & RB_SIGF_IGNORED) {
		park_signal(s, th, e);
		return;
	}
	eb_signal_unpark(s, th, e->h.ts);
	emit_signal(s, e);
}

/* A rename, recorded when the name is not the one last recorded (as the
 * ptrace backend, which reads the name after the calls that rename). */
static void on_rename(struct eb_session *s, const struct rb_rename *e)
{
	struct eb_thread *th = eb_thread_of(s, e->h.ts, (pid_t)e->h.tid, (pid_t)e->h.pid);
	struct trace_record rec = {.type = TREC_RENAME};

	memcpy(rec.u.rename.comm, e->comm, TRACE_COMM_LEN - 1);
	if (!rec.u.rename.comm[0] || memcmp(rec.u.rename.comm, th->comm, TRACE_COMM_LEN) == 0)
		return;
	memcpy(th->comm, rec.u.rename.comm, TRACE_COMM_LEN);
	rec.u.rename.ts = e->h.ts;
	rec.u.rename.tid = (int32_t)e->h.tid;
	rec.u.rename.pid = (int32_t)e->h.pid;
	(void)rec_emit_record(s->em, &rec);
}

int eb_on_event(void *ctx, void *data, size_t size)
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
			on_exec(s, data, size);
		break;
	case RB_EXIT:
		if (size >= sizeof(struct rb_exit))
			on_thread_exit(s, data);
		break;
	case RB_SIGNAL:
		if (size >= sizeof(struct rb_signal))
			on_signal(s, data);
		break;
	case RB_RENAME:
		if (size >= sizeof(struct rb_rename))
			on_rename(s, data);
		break;
	default:
		break;
	}
	return 0;
}

/* --- lost events ------------------------------------------------------------ */

/* Runs of our programs the kernel skipped because one was already running on
 * that CPU (bpf_prog_info.recursion_misses, summed): each is an event of a
 * traced thread not (fully) recorded, which no counter of the programs sees. */
static uint64_t programs_missed(struct eb_session *s)
{
	struct bpf_program *prog;
	uint64_t n = 0;

	bpf_object__for_each_program(prog, s->skel->obj)
	{
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) == 0)
			n += info.recursion_misses;
	}
	return n;
}

/* One TREC_LOST record: count events of process tid (0: of none known). */
static void emit_lost(struct eb_session *s, uint64_t now, int32_t tid, uint64_t count)
{
	struct trace_record rec = {.type = TREC_LOST};

	rec.u.lost.ts = now;
	rec.u.lost.tid = tid;
	rec.u.lost.count = count;
	(void)rec_emit_record(s->em, &rec);
	s->res->lost += count;
}

/* Emits what the BPF program counted as lost since the last call: one
 * TREC_LOST per process (tid = its pid), and the rest (a process whose
 * counter found no room, or runs the kernel skipped) with tid 0. The
 * program's counters only grow (the total first, then the process's): what
 * each said at the last call is kept here and the differences are emitted,
 * the counters are never written back (a write could lose a count made
 * meanwhile). The total is read first, so the processes' counts can only be
 * ahead of it: the rest is what the total holds beyond them, emitted once. */
void eb_account_lost(struct eb_session *s, uint64_t now)
{
	int ncpu = libbpf_num_possible_cpus(), pfd = bpf_map__fd(s->skel->maps.lost_pid);
	uint64_t percpu[RB_CPUS_MAX], total = 0, pidsum = 0;
	uint32_t key = RB_LOST_EVENTS, pid, next;
	bool first = true;

	if (ncpu <= 0 || ncpu > RB_CPUS_MAX ||
	    bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.lost), &key, percpu) != 0)
		return;
	for (int i = 0; i < ncpu; i++)
		total += percpu[i];
	uint64_t missed = programs_missed(s);
	if (missed > s->missed_total) {
		emit_lost(s, now, 0, missed - s->missed_total);
		s->missed_total = missed;
	}
	if (total == s->lost_total)
		return;
	while (bpf_map_get_next_key(pfd, first ? NULL : &pid, &next) == 0) {
		uint64_t n = 0, *seen;

		first = false;
		pid = next;
		if (bpf_map_lookup_elem(pfd, &pid, &n) != 0)
			continue;
		pidsum += n;
		seen = trace_map_get(&s->lost_seen, pid);
		uint64_t before = seen ? *seen : 0;
		if (n <= before)
			continue;
		trace_map_put(&s->lost_seen, pid, n);
		emit_lost(s, now, (int32_t)pid, n - before);
	}
	uint64_t rest = total > pidsum ? total - pidsum : 0;
	if (rest > s->lost_rest) {
		emit_lost(s, now, 0, rest - s->lost_rest);
		s->lost_rest = rest;
	}
	s->lost_total = total;
}
