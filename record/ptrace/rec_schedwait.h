/*
 * rec_schedwait.h - the CPU waits inside a call traced by ptrace.
 *
 * A recorded duration spans the tracer's resume of the thread at the entry
 * stop and the tracer's wake-up at the exit stop. On a loaded machine three
 * waits for a CPU can fall inside it, each up to a scheduler slice, none the
 * call's and none a constant the overhead calibration could take out: the
 * tracer's right after the resume (the woken thread often preempts it), the
 * thread's own (after the resume, or preempted during the call), and the
 * tracer's wake-up after the exit stop. The kernel counts per thread the time
 * spent runnable but not running (run_delay) and the time on a CPU, in
 * /proc/TID/schedstat; reading them at the stops tells the waits apart from
 * the call. Each read is one pread at offset 0 of a descriptor kept open.
 */
#ifndef RENACER_REC_SCHEDWAIT_H
#define RENACER_REC_SCHEDWAIT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define REC_SW_UNKNOWN UINT64_MAX /* a value that could not be read */
#define REC_SW_MAX_FDS 256        /* schedstat descriptors of traced threads held open */
/* The tracer's waitpid took longer than its CPU wait by more than this: it
 * slept, so the thread's exit stop came after the tracer got there. */
#define REC_SW_SLEPT_NS 20000

/* One schedstat reading: ns on a CPU, ns runnable but waiting for one. */
struct rec_sw_stat {
	uint64_t cpu, delay; /* REC_SW_UNKNOWN when not read */
};

/* Per traced thread: its schedstat descriptor and what was read at the entry
 * stop of its call in progress. Zeroed = nothing opened yet. */
struct rec_sw_thread {
	int fd1;                  /* descriptor + 1; 0 = not opened yet, -1 = not available */
	struct rec_sw_stat entry; /* the thread at its entry stop */
	uint64_t tracer_entry;    /* the tracer's run_delay just after the entry time */
	uint64_t seq;             /* the tracer's stop count at the entry */
};

/* What was read around one call (a run_delay is REC_SW_UNKNOWN when not read). */
struct rec_sw_call {
	struct rec_sw_stat entry, exit; /* the thread at its entry and exit stops */
	uint64_t tracer_entry;          /* the tracer just after the entry time */
	uint64_t tracer_before;         /* ... just before the waitpid that returned the exit */
	uint64_t tracer_wake;           /* ... just after it */
	uint64_t waitpid_ns;            /* time in that waitpid (clock before to clock after) */
	uint64_t duration;              /* the call's recorded duration */
	bool adjacent;                  /* the tracer handled no other stop in between */
};

/* Opens /proc/TID/schedstat (tid 0: the calling thread's own). The
 * descriptor, or -1 when the kernel does not provide it. */
int rec_sw_open(pid_t tid);
/* Parses a schedstat text "<cpu ns> <run_delay ns> <timeslices>\n": 0, or -1
 * (both fields REC_SW_UNKNOWN) when it is not that. */
int rec_sw_parse(const char *text, struct rec_sw_stat *st);
/* The reading behind fd (pread at 0); unknown fields when fd < 0 or the
 * thread is gone. */
struct rec_sw_stat rec_sw_read(int fd);
/* The growth from before to after, 0 when either is unknown or it shrank. */
uint64_t rec_sw_delta(uint64_t before, uint64_t after);
/* The part of c's duration spent waiting for a CPU: the thread's run_delay
 * growth between its stops, the tracer's over the waitpid, and the tracer's
 * after the resume when the exit stop was already there once the tracer got
 * to its waitpid (when the tracer slept there, the thread was doing the call
 * meanwhile). Never more than the duration less the thread's CPU time in it. */
uint64_t rec_sw_call_wait(const struct rec_sw_call *c);
/* The schedstat descriptor of traced thread tid, opened at its first use
 * (at most REC_SW_MAX_FDS at a time over all threads: beyond, -1 until one is
 * closed), or -1. */
int rec_sw_thread_fd(struct rec_sw_thread *w, pid_t tid);
/* Closes the descriptor of w (a thread gone, or its tid changed at exec). */
void rec_sw_thread_close(struct rec_sw_thread *w);

#endif
