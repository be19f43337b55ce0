/*
 * rec_ownfilter.c - a traced program's own seccomp filters, under our seccomp
 * prefilter. The kernel runs every filter of a process and keeps the action
 * of highest precedence, so a program's SECCOMP_RET_ERRNO (or KILL, TRAP,
 * USER_NOTIF) outranks our SECCOMP_RET_TRACE and its calls would never stop;
 * and a SECCOMP_RET_TRACE of its own would reach us as a seccomp stop, where
 * without a tracer the call fails with ENOSYS.
 *
 * So: once a process installs a filter (seen at the exit of its seccomp() or
 * prctl(PR_SET_SECCOMP), which always stop), each of its threads, and each
 * process or thread they create afterwards (filters are inherited), is
 * resumed with PTRACE_SYSCALL at every stop: the syscall-entry stop comes
 * before any filter runs, so every call is seen, whatever the filters then
 * decide. A seccomp stop whose SECCOMP_RET_DATA is not ours is answered as
 * the kernel answers it without a tracer: the call is skipped and fails with
 * ENOSYS.
 */
#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>

#include "libtrace/trace_util.h"
#include "record/rec_arch.h"
#include "record/ptrace/rec_seccomp.h"
#include "record/ptrace/rec_tracer.h"

/* Every thread of by's process stops at every call from now on. With
 * interrupt (a filter synchronised to all threads), threads running free
 * under PTRACE_CONT are interrupted so that they switch at once. */
static void mark_process(struct rec_tracer *t, struct rec_thread *by, bool interrupt)
{
	struct rec_thread *o;
	unsigned pos = 0;

	if (!by->own_filter)
		pr_debug(1, "process %d has a seccomp filter of its own: every call stops",
		         by->pid);
	while ((o = rec_threads_next(&t->threads, &pos)) != NULL) {
		if (o->pid != by->pid || o->own_filter)
			continue;
		o->own_filter = true;
		if (interrupt && o != by && o->state == RT_RUNNING && !o->in_syscall)
			(void)ptrace(PTRACE_INTERRUPT, o->tid, 0, 0);
	}
}

void rec_own_filter_after_call(struct rec_tracer *t, struct rec_thread *th)
{
	bool all_threads;

	if (!t->seccomp || th->launched_pre_exec) /* before exec: our own filter going in */
		return;
	if (rec_seccomp_installed(th->sys.nr, th->sys.args, th->sys.ret, &all_threads))
		mark_process(t, th, all_threads);
}

void rec_own_filter_trace(struct rec_tracer *t, struct rec_thread *th)
{
	int err = rec_arch_skip_syscall(th->tid, -ENOSYS);

	if (err < 0 && err != -ESRCH)
		pr_debug(1, "thread %d: cannot skip a call its own filter traced: %s", th->tid,
		         strerror(-err));
	/* A filter we did not see going in (inherited): every call stops now. */
	mark_process(t, th, false);
}
