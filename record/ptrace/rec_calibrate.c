/*
 * rec_calibrate.c - measures what tracing adds to every recorded duration.
 *
 * The recorder stores, per call, duration = (time the tracer wakes up at the
 * exit stop) - (time it resumed the thread from the entry stop). For a call
 * that does no work this is pure tracing cost: resuming the tracee, the
 * kernel's syscall-exit ptrace path, the wake-up of the tracer and its
 * waitpid return. The calibration makes that figure explicit:
 *
 *   overhead_floor_ns = the untraced cost of one getppid() (the cheapest
 *                 syscall): the least time per call over many short batches
 *                 run in this process. The least, not the mean: a batch the
 *                 scheduler preempted (a loaded machine) only looks slower.
 *
 *   overhead_ns = median over a burst of traced getppid() calls of the
 *                 duration the recorder observes less the CPU waits inside it
 *                 (measured exactly as rec_tracer.c and rec_syscall_stop.c
 *                 do: same ptrace requests, same clock points, same
 *                 run_delay reads, rec_schedwait.h)
 *               - overhead_floor_ns.
 *
 * So overhead_ns is the part of each recorded duration that tracing added;
 * renacer-report subtracts it by default (spec/summary.md), never going below
 * overhead_floor_ns. A burst whose median is not above the untraced cost
 * (impossible unless the measurement was disturbed) is run again, up to
 * CAL_ATTEMPTS times; when none succeeds the trace says "not calibrated"
 * (overhead_samples 0) and reports show raw times.
 *
 *   overhead_call_ns = median time from one exit stop of the burst to the
 *                 next (a whole traced call: entry stop, capture, call, exit
 *                 stop) - overhead_floor_ns: how much longer a program runs
 *                 per recorded call; reports take it off the run's wall clock.
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
#include "record/ptrace/rec_schedwait.h"

#define CAL_CALLS    400 /* measured traced calls */
#define CAL_WARMUP   20  /* first calls, not measured (cold caches) */
#define CAL_BATCHES  64  /* untraced batches; the fastest one counts */
#define CAL_BATCH    32  /* calls per untraced batch */
#define CAL_ATTEMPTS 4   /* bursts tried before giving up */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Cost of one getppid() in this process, untraced: the fastest of many short
 * batches, so that preemption (which only adds time) does not count. At least 1. */
static uint64_t untraced_call_ns(void)
{
	uint64_t best = UINT64_MAX;

	for (int b = 0; b < CAL_BATCHES; b++) {
		uint64_t t0 = trace_mono_ns();
		for (int i = 0; i < CAL_BATCH; i++)
			(void)syscall(SYS_getppid);
		uint64_t per = (trace_mono_ns() - t0) / CAL_BATCH;
		if (per < best)
			best = per;
	}
	return best ? best : 1;
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
	uint64_t *rounds; /* exit stop to next exit stop: one whole traced call */
	unsigned n, seen, nrounds;
	uint64_t entry_ts, stack_ns, stacks, last_exit;
	int sw_self, sw_child; /* schedstat of the tracer and of the child, or -1 */
	bool sw_armed;         /* a getppid entry was the last stop */
	struct rec_sw_call sw; /* the waits of the call in progress, read as rec_tracer.c does */
	uint64_t sw_before_ns;
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
		c->entry_ts = 0;
		if (info.entry.nr == SYS_getppid) {
			c->sw.entry = rec_sw_read(c->sw_child);
			c->entry_ts = trace_mono_ns();
			c->sw.tracer_entry = rec_sw_read(c->sw_self).delay;
			c->sw_armed = c->sw_self >= 0;
		}
	} else if (info.op == PTRACE_SYSCALL_INFO_EXIT && c->entry_ts) {
		uint64_t dur = now - c->entry_ts;
		c->sw.exit = rec_sw_read(c->sw_child);
		c->sw.waitpid_ns = now - c->sw_before_ns;
		c->sw.duration = dur;
		c->sw.adjacent = true;
		uint64_t wait = c->sw_self >= 0 ? rec_sw_call_wait(&c->sw) : 0;
		if (c->seen++ >= CAL_WARMUP && c->n < CAL_CALLS) {
			c->durations[c->n++] = dur - (wait < dur ? wait : dur);
			if (c->last_exit)
				c->rounds[c->nrounds++] = now - c->last_exit;
		}
		c->entry_ts = 0;
		c->last_exit = now;
	}
}

static int cal_trace(struct cal_state *c)
{
	int status;

	for (;;) {
		c->sw.tracer_before = c->sw_armed ? rec_sw_read(c->sw_self).delay : REC_SW_UNKNOWN;
		c->sw_before_ns = trace_mono_ns();
		pid_t r = waitpid(c->pid, &status, __WALL);
		c->sw.tracer_wake =
		    c->sw_armed && r > 0 ? rec_sw_read(c->sw_self).delay : REC_SW_UNKNOWN;
		uint64_t now = trace_mono_ns();
		if (r > 0)
			c->sw_armed = false;

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

/* One traced burst: the median observed duration in *median. 0, or -errno. */
struct cal_result {
	uint64_t median, round, stack_ns;
	uint32_t samples;
};

static uint64_t median_of(uint64_t *v, unsigned n)
{
	trace_sort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

static int cal_burst(bool with_stacks, struct cal_result *out)
{
	struct rec_emitter drop; /* module records of the burst child are not kept */
	struct cal_state c;
	int status, ret;

	memset(&c, 0, sizeof(c));
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
	c.sw_self = rec_sw_open(0);
	c.sw_child = c.sw_self >= 0 ? rec_sw_open(c.pid) : -1;
	c.durations = xcalloc(CAL_CALLS, sizeof(*c.durations));
	c.rounds = xcalloc(CAL_CALLS, sizeof(*c.rounds));
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
	if (ret == 0 && c.n > 0 && c.nrounds > 0) {
		out->median = median_of(c.durations, c.n);
		out->round = median_of(c.rounds, c.nrounds);
		out->stack_ns = c.stacks ? c.stack_ns / c.stacks : 0;
		out->samples = c.n;
	} else if (ret == 0) {
		ret = -EIO;
	}
	if (c.unwinder)
		rec_unwinder_free(c.unwinder);
	if (c.maps)
		rec_maps_free(c.maps);
	if (c.sw_self >= 0)
		close(c.sw_self);
	if (c.sw_child >= 0)
		close(c.sw_child);
	free(c.durations);
	free(c.rounds);
	return ret;
}

int rec_calibrate(struct trace_meta *meta, bool with_stacks)
{
	int ret = -EAGAIN;

	meta->overhead_ns = meta->overhead_stack_ns = meta->overhead_call_ns = 0;
	meta->overhead_samples = 0;
	meta->overhead_floor_ns = untraced_call_ns();
	for (int attempt = 0; attempt < CAL_ATTEMPTS; attempt++) {
		struct cal_result cr = {0};

		ret = cal_burst(with_stacks, &cr);
		if (ret < 0 && ret != -EIO)
			return ret; /* fork or ptrace refused: trying again will not help */
		/* The untraced cost again: the least of both measurements counts. */
		uint64_t base = untraced_call_ns();
		if (base < meta->overhead_floor_ns)
			meta->overhead_floor_ns = base;
		if (ret == 0 && cr.median > meta->overhead_floor_ns && cr.round >= cr.median) {
			meta->overhead_ns = cr.median - meta->overhead_floor_ns;
			meta->overhead_call_ns = cr.round - meta->overhead_floor_ns;
			meta->overhead_stack_ns = cr.stack_ns;
			meta->overhead_samples = cr.samples;
			return 0;
		}
		ret = -EAGAIN;
	}
	return ret;
}
