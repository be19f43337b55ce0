/*
 * rec_syscall_stop.c - the syscall stops of the ptrace backend: turns a
 * thread's entry stop (from PTRACE_GET_SYSCALL_INFO, or from the registers
 * when stacks are recorded) and its exit stop into one syscall record, with
 * the entry and exit captures, the stack, the descriptor kinds, and the
 * descriptor and module tracking that follow a call. Nothing on that path
 * allocates or reads /proc.
 */
#include "record/ptrace/rec_tracer.h"

#include <errno.h>
#include <linux/audit.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>

#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"
#include "record/rec_arch.h"
#include "record/rec_emit.h"
#include "record/rec_payload.h"
#include "record/ptrace/rec_seccomp.h"

static void emit_syscall(struct rec_tracer *t, struct rec_thread *th)
{
	struct trace_record rec = {.type = TREC_SYSCALL};

	rec.u.sys = th->sys;
	rec_emit(t, &rec);
	t->res->syscalls++;
}

void rec_flush_pending(struct rec_tracer *t, struct rec_thread *th, uint16_t flags)
{
	if (!th->have_entry)
		return;
	th->have_entry = false;
	th->in_syscall = false;
	if (!th->recorded)
		return;
	th->sys.flags |= TSYS_UNFINISHED | flags;
	if (trace_syscall_never_returns(th->sys.nr))
		th->sys.flags |= TSYS_NORETURN;
	th->sys.ret = 0;
	th->sys.duration = trace_mono_ns() - th->sys.ts;
	if (trace_filter_status_ok(&t->o->filter, &th->sys))
		emit_syscall(t, th);
}

/* Interns the depth return addresses in t->pcs as the stack of th's call. */
static void intern_stack(struct rec_tracer *t, struct rec_thread *th, unsigned depth)
{
	th->sys.stack_id = rec_emit_stack(t->em, t->stacks, t->pcs, depth, &t->res->stacks);
}

static unsigned stack_max(const struct rec_tracer *t)
{
	return t->o->stack_depth < TRACE_MAX_STACK ? t->o->stack_depth : TRACE_MAX_STACK;
}

/* Captures the user stack of th at its syscall entry and interns it. */
static void capture_stack(struct rec_tracer *t, struct rec_thread *th)
{
	rec_regs_t regs;
	uint64_t t0 = trace_mono_ns();

	if (rec_arch_get_regs(th->tid, &regs) < 0)
		return;
	intern_stack(t, th, rec_unwind(t->unwinder, th->pid, th->tid, &regs, t->pcs, stack_max(t)));
	t->res->unwind_ns += trace_mono_ns() - t0;
	t->res->unwinds++;
}

/* Starts th's call nr (native ABI) with args: the entry half of its record.
 * Returns whether the call is recorded. */
static bool begin_call(struct rec_tracer *t, struct rec_thread *th, long nr, const uint64_t *args,
                       bool seccomp)
{
	struct trace_syscall *s = &th->sys;

	s->tid = th->tid;
	s->pid = th->pid;
	s->nr = (uint16_t)nr;
	s->flags = seccomp ? TSYS_SECCOMP : 0;
	s->stack_id = 0;
	memcpy(s->args, args, sizeof(s->args));
	s->ret = 0;
	s->duration = 0;
	s->wait = 0;
	s->npayloads = 0;
	th->payused = 0;
	th->have_entry = true;
	/* The launched child is recorded from its exec on (the execve included). */
	th->recorded = !t->em->paused && trace_filter_has(&t->o->filter, nr) &&
	               (!th->launched_pre_exec || nr == SYS_execve || nr == SYS_execveat);
	/* Kinds at entry: the call may close or replace its descriptors. */
	s->fd_kinds = th->recorded ? rec_fds_kinds(t->fds, th->tid, th->pid, nr, args) : 0;
	if (th->recorded && !trace_filter_match(&t->o->filter, nr, s->fd_kinds))
		th->recorded = false;
	return th->recorded;
}

/* The entry time of th's call, taken after the tracer's own work so that
 * durations do not include it; for a recorded call, the thread's schedstat
 * just before it (the thread is stopped: it cannot change) and the tracer's
 * just after it (rec_schedwait.h). */
static void stamp_entry(struct rec_tracer *t, struct rec_thread *th)
{
	bool rec = th->have_entry && th->recorded;

	if (rec && t->sw_self >= 0)
		th->sw.entry = rec_sw_read(rec_sw_thread_fd(&th->sw, th->tid));
	th->sys.ts = trace_mono_ns();
	if (rec && t->sw_self >= 0) {
		th->sw.tracer_entry = rec_sw_read(t->sw_self).delay;
		th->sw.seq = t->stops;
	}
	if (rec)
		t->call_began = true;
}

/* How much of th's recorded call (of duration dur, its exit stop returned at
 * now) the thread and the tracer spent waiting for a CPU. */
static uint64_t cpu_wait(struct rec_tracer *t, struct rec_thread *th, uint64_t dur, uint64_t now)
{
	if (t->sw_self < 0 || !th->recorded)
		return 0;
	struct rec_sw_call c = {
	    .entry = th->sw.entry,
	    .exit = rec_sw_read(rec_sw_thread_fd(&th->sw, th->tid)),
	    .tracer_entry = th->sw.tracer_entry,
	    .tracer_before = t->sw_before,
	    .tracer_wake = t->sw_wake,
	    .waitpid_ns = now > t->sw_before_ns ? now - t->sw_before_ns : 0,
	    .duration = dur,
	    .adjacent = th->sw.seq + 1 == t->stops,
	};
	return rec_sw_call_wait(&c);
}

static void syscall_entry(struct rec_tracer *t, struct rec_thread *th,
                          const struct __ptrace_syscall_info *info, bool seccomp)
{
	if (th->have_entry) /* an entry without exit (cannot normally happen) */
		rec_flush_pending(t, th, 0);
	th->in_syscall = true;
	if (info->arch != AUDIT_ARCH_X86_64 || info->entry.nr >= TRACE_FILTER_NR_MAX) {
		th->have_entry = false; /* another ABI: not in our tables */
		return;
	}
	long nr = (long)info->entry.nr;
	uint64_t args[TRACE_MAX_ARGS];

	for (unsigned i = 0; i < TRACE_MAX_ARGS; i++)
		args[i] = info->entry.args[i];
	if (begin_call(t, th, nr, args, seccomp)) {
		const struct trace_syscall_desc *d = trace_syscall_desc(nr);

		if (d && rec_policy_has_entry(d))
			rec_payload_entry(th->tid, &th->sys, d, t->o->strsize, th->paybuf,
			                  th->paycap, &th->payused);
		if (t->o->stack_depth && !th->launched_pre_exec)
			capture_stack(t, th);
	}
	stamp_entry(t, th);
}

/* A syscall-entry stop of th handled from its registers alone, when stacks
 * are recorded (the registers are needed anyway): no PTRACE_GET_SYSCALL_INFO,
 * and the stack snapshot, the check of the instruction that entered the
 * kernel and the simple entry payloads share one process_vm_readv. False
 * when the stop is not surely a native entry: the caller asks the kernel. */
static bool regs_entry(struct rec_tracer *t, struct rec_thread *th)
{
	rec_regs_t regs;
	uint64_t nr, args[TRACE_MAX_ARGS];
	uint64_t t0 = trace_mono_ns();

	if (rec_arch_get_regs(th->tid, &regs) < 0 || !rec_regs_syscall_entry(&regs, &nr, args) ||
	    nr >= TRACE_FILTER_NR_MAX)
		return false;
	struct trace_syscall probe = {.nr = (uint16_t)nr};
	const struct trace_syscall_desc *d = trace_syscall_desc((long)nr);
	struct rec_pay_plan plan = {.n = 0};
	struct rec_mem_req reqs[1 + REC_PAY_PLAN_MAX];
	uint8_t insn[REC_SYSCALL_INSN_LEN];

	memcpy(probe.args, args, sizeof(probe.args));
	if (d && rec_policy_has_entry(d))
		rec_payload_entry_plan(&probe, d, t->o->strsize, &plan);
	reqs[0] =
	    (struct rec_mem_req){rec_regs_pc(&regs) - sizeof(insn), insn, sizeof(insn), false};
	memcpy(reqs + 1, plan.req, plan.n * sizeof(plan.req[0]));
	rec_unwind_snapshot(t->unwinder, th->pid, th->tid, &regs, reqs, 1 + plan.n);
	if (!reqs[0].done &&
	    rec_mem_read(th->tid, reqs[0].addr, insn, sizeof(insn)) != sizeof(insn))
		return false;
	if (!rec_is_native_syscall_insn(insn))
		return false; /* int $0x80 from 64-bit code: another ABI */
	for (unsigned i = 0; i < plan.n; i++)
		plan.req[i].done = reqs[1 + i].done;

	if (th->have_entry) /* an entry without exit (cannot normally happen) */
		rec_flush_pending(t, th, 0);
	th->in_syscall = true;
	if (begin_call(t, th, (long)nr, args, false)) {
		if (d && rec_policy_has_entry(d))
			rec_payload_entry_planned(th->tid, &th->sys, d, t->o->strsize, th->paybuf,
			                          th->paycap, &th->payused, &plan);
		intern_stack(t, th,
		             rec_unwind_from_snapshot(t->unwinder, &regs, t->pcs, stack_max(t)));
		t->res->unwind_ns += trace_mono_ns() - t0;
		t->res->unwinds++;
	}
	stamp_entry(t, th);
	return true;
}

static bool is_exec(long nr)
{
	return nr == SYS_execve || nr == SYS_execveat;
}

static bool is_write(long nr)
{
	return nr == SYS_write || nr == SYS_pwrite64 || nr == SYS_writev || nr == SYS_pwritev ||
	       nr == SYS_pwritev2;
}

/* After a call that may have renamed threads, their names are read again:
 * prctl(PR_SET_NAME) renames the caller; a write to a comm file (which
 * pthread_setname_np of another thread makes) renames a thread of the
 * writer's own process, the only one the kernel lets it rename. */
static void names_after(struct rec_tracer *t, struct rec_thread *th, const struct trace_syscall *s,
                        uint64_t now)
{
	if (s->ret < 0)
		return;
	if (s->nr == SYS_prctl) {
		if (s->args[0] == PR_SET_NAME)
			rec_thread_check_name(t, th, now);
		return;
	}
	if (!is_write(s->nr) || s->ret == 0)
		return;
	int comm = rec_fds_comm(t->fds, th->tid, (long)s->args[0]); /* one lookup */
	if (comm < 0) {
		comm = rec_is_comm_file(th->tid, (int)s->args[0]);
		rec_fds_set_comm(t->fds, th->tid, (long)s->args[0], comm);
	}
	unsigned pos = 0;
	for (struct rec_thread *o; comm && (o = rec_threads_next(&t->threads, &pos)) != NULL;)
		if (o->pid == th->pid)
			rec_thread_check_name(t, o, now);
}

static void syscall_exit(struct rec_tracer *t, struct rec_thread *th,
                         const struct __ptrace_syscall_info *info, uint64_t now)
{
	th->in_syscall = false;
	if (!th->have_entry)
		return; /* the entry happened before we attached */
	th->have_entry = false;
	struct trace_syscall *s = &th->sys;
	s->ret = info->exit.rval;
	s->duration = now > s->ts ? now - s->ts : 0;
	s->wait = cpu_wait(t, th, s->duration, now);
	if (is_exec(s->nr) && s->ret == 0)
		s->flags |= TSYS_EXECED;
	if (th->recorded) {
		const struct trace_syscall_desc *d = trace_syscall_desc(s->nr);

		if (d && rec_policy_has_exit(d)) /* each capture says when it applies */
			rec_payload_exit(th->tid, s, d, t->o->strsize, th->paybuf, th->paycap,
			                 &th->payused);
		if (trace_filter_status_ok(&t->o->filter, s))
			emit_syscall(t, th);
	}
	if (rec_fds_follows(s->nr))
		rec_fds_after(t->fds, th->tid, th->pid, s->nr, s->args, s->ret);
	names_after(t, th, s, now);
	rec_own_filter_after_call(t, th);
	if (!is_exec(s->nr) &&
	    rec_maps_syscall_changes_in(t->maps, th->pid, s->nr, s->args, s->ret))
		rec_maps_sync(t->maps, th->pid, now);
}

void rec_on_syscall_stop(struct rec_tracer *t, struct rec_thread *th, bool sysgood, uint64_t now)
{
	struct __ptrace_syscall_info info;

	/* Entry and exit stops alternate; once the kernel told where the thread
	 * is, an entry can be read from the registers. */
	if (sysgood && t->regs_entry && th->in_syscall_known && !th->in_syscall &&
	    !th->launched_pre_exec && !t->em->paused && regs_entry(t, th))
		return;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, th->tid, sizeof(info), &info) <= 0)
		return;
	if (info.op != PTRACE_SYSCALL_INFO_NONE)
		th->in_syscall_known = true;
	switch (info.op) {
	case PTRACE_SYSCALL_INFO_ENTRY:
		syscall_entry(t, th, &info, false);
		break;
	case PTRACE_SYSCALL_INFO_SECCOMP: {
		bool ours = rec_seccomp_is_ours(t->stop_set, info.arch, info.seccomp.nr,
		                                info.seccomp.ret_data);
		/* Under PTRACE_SYSCALL (before the launched command's exec, or with a
		 * filter of its own) a call reports its entry stop, then its seccomp stop. */
		if (th->in_syscall && th->have_entry && th->sys.nr == info.seccomp.nr) {
			if (ours)
				th->sys.flags |= TSYS_SECCOMP;
		} else {
			syscall_entry(t, th, &info, true);
		}
		if (!ours)
			rec_own_filter_trace(t, th);
		break;
	}
	case PTRACE_SYSCALL_INFO_EXIT:
		syscall_exit(t, th, &info, now);
		break;
	default:
		break;
	}
}
