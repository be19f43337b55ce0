/*
 * rec_calibrate.c - measures what tracing adds to every recorded duration.
 *
 * The recorder stores, per call, duration = (time the tracer wakes up at the
 * exit stop) - (time it resumed the thread from the entry stop). For a call
 * that does no work this is pure tracing cost: resuming the tracee, the
 * kernel's syscall-exit ptrace path, the wake-up of the tracer and its
 * waitpid return. The calibration makes that figure explicit:
 *
 *   overhead_ns = median over a burst of traced getppid() calls of the
 *                 duration the recorder observes (measured exactly as
 *                 rec_tracer.c does: same ptrace requests, same clock points)
 *               - the mean cost of one getppid() run untraced.
 *
 * So overhead_ns is the part of each recorded duration that tracing added;
 * renacer-report --overhead-correct subtracts it (clamped at 0).
 *
 *   overhead_stack_ns = mean time the tracer spends capturing a stack
 *                       (registers + unwind) at a syscall entry. The tracee
 *                       stays stopped that much longer per call, but this is
 *                       NOT inside recorded durations (the entry timestamp is
 *                       taken after the capture); it is kept for reference.
 *
 *   overhead_samples = traced calls in the burst.
 */
#include "record/rec.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libtrace/trace_util.h"
#include "record/rec_arch.h"
#include "record/rec_emit.h"
#include "record/rec_maps.h"
#include "record/rec_unwind.h"

#define CAL_CALLS  200 /* measured traced calls */
#define CAL_WARMUP 20  /* first calls, not measured (cold caches) */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Mean cost of one getppid() in this process, untraced. */
static uint64_t untraced_call_ns(void)
{
	uint64_t t0 = trace_mono_ns();

	for (int i = 0; i < CAL_CALLS; i++)
		(void)syscall(SYS_getppid);
	return (trace_mono_ns() - t0) / CAL_CALLS;
}

static void __attribute__((noreturn)) burst_child(void)
{
	/* TRACEME then a stop: the parent gets a ptrace stop it resumes with
	 * syscall tracing on, so no call of the burst can run untraced. */
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
		_exit(1);
	(void)kill(getpid(), SIGSTOP);
	for (int i = 0; i < CAL_CALLS + CAL_WARMUP; i++)
		(void)syscall(SYS_getppid);
	_exit(0);
}

struct cal_state {
	pid_t pid;
	struct rec_maps *maps;
	struct rec_unwinder *unwinder;
	uint64_t *durations;
	unsigned n, seen;
	uint64_t entry_ts, stack_ns, stacks;
	uint64_t pcs[REC_DEFAULT_STACK_DEPTH];
};

static void cal_syscall_stop(struct cal_state *c, uint64_t now)
{
	struct __ptrace_syscall_info info;

	if (ptrace(PTRACE_GET_SYSCALL_INFO, c->pid, sizeof(info), &info) <= 0)
		return;
	if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
		if (info.entry.nr == SYS_getppid && c->unwinder) {
			rec_regs_t regs;
			uint64_t t0 = trace_mono_ns();
			if (rec_arch_get_regs(c->pid, &regs) == 0)
				(void)rec_unwind(c->unwinder, c->pid, c->pid, &regs, c->pcs,
				                 REC_DEFAULT_STACK_DEPTH);
			c->stack_ns += trace_mono_ns() - t0;
			c->stacks++;
		}
		c->entry_ts = info.entry.nr == SYS_getppid ? trace_mono_ns() : 0;
	} else if (info.op == PTRACE_SYSCALL_INFO_EXIT && c->entry_ts) {
		if (c->seen++ >= CAL_WARMUP && c->n < CAL_CALLS)
			c->durations[c->n++] = now - c->entry_ts;
		c->entry_ts = 0;
	}
}

static int cal_trace(struct cal_state *c)
{
	int status;

	for (;;) {
		pid_t r = waitpid(c->pid, &status, __WALL);
		uint64_t now = trace_mono_ns();

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return 0;
		int sig = WSTOPSIG(status), inject = 0;
		if (sig == (SIGTRAP | 0x80))
			cal_syscall_stop(c, now);
		else if ((status >> 16) == 0 && sig != SIGCONT)
			inject = sig;
		if (ptrace(PTRACE_SYSCALL, c->pid, 0, (long)inject) < 0 && errno != ESRCH)
			return -errno;
	}
}

int rec_calibrate(struct trace_meta *meta, bool with_stacks)
{
	struct rec_emitter drop; /* module records of the burst child are not kept */
	struct cal_state c;
	int status, ret;

	memset(&c, 0, sizeof(c));
	uint64_t base = untraced_call_ns();
	c.pid = fork();
	if (c.pid < 0)
		return -errno;
	if (c.pid == 0)
		burst_child();
	while (waitpid(c.pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFSTOPPED(status)) /* TRACEME failed: the child exited */
		return -EPERM;
	c.durations = xcalloc(CAL_CALLS, sizeof(*c.durations));
	if (with_stacks) {
		rec_emitter_init(&drop, NULL);
		c.maps = rec_maps_new(&drop);
		rec_maps_sync(c.maps, c.pid, trace_mono_ns());
		c.unwinder = rec_unwinder_new(c.maps);
	}
	if (ptrace(PTRACE_SETOPTIONS, c.pid, 0, (long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) <
	        0 ||
	    ptrace(PTRACE_SYSCALL, c.pid, 0, 0) < 0) {
		ret = -errno;
		(void)kill(c.pid, SIGKILL);
		(void)waitpid(c.pid, NULL, 0);
	} else {
		ret = cal_trace(&c);
	}
	if (ret == 0 && c.n > 0) {
		qsort(c.durations, c.n, sizeof(*c.durations), cmp_u64);
		uint64_t median = c.durations[c.n / 2];
		meta->overhead_ns = median > base ? median - base : 0;
		meta->overhead_stack_ns = c.stacks ? c.stack_ns / c.stacks : 0;
		meta->overhead_samples = c.n;
	} else if (ret == 0) {
		ret = -EIO;
	}
	if (c.unwinder)
		rec_unwinder_free(c.unwinder);
	if (c.maps)
		rec_maps_free(c.maps);
	free(c.durations);
	return ret;
}
