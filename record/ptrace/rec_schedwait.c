/*
 * rec_schedwait.c - run-queue waits of a thread from /proc/TID/schedstat
 * ("<on-cpu ns> <run_delay ns> <timeslices>\n", Documentation/scheduler/
 * sched-stats.rst), read with one pread per stop.
 */
#include "record/ptrace/rec_schedwait.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

static unsigned sw_fds_open; /* descriptors of traced threads held by this process */

int rec_sw_open(pid_t tid)
{
	char path[64];

	if (tid)
		snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)tid);
	else
		snprintf(path, sizeof(path), "/proc/thread-self/schedstat");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd >= 0 ? fd : -1;
}

/* A decimal number of at most 19 digits at *p; false when there is none. */
static bool parse_u64(const char **p, uint64_t *v)
{
	const char *s = *p;
	unsigned n = 0;

	*v = 0;
	for (; *s >= '0' && *s <= '9'; s++, n++) {
		if (n == 19)
			return false;
		*v = *v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	return n > 0;
}

int rec_sw_parse(const char *text, struct rec_sw_stat *st)
{
	const char *p = text;
	uint64_t slices;

	if (parse_u64(&p, &st->cpu) && *p++ == ' ' && parse_u64(&p, &st->delay) && *p++ == ' ' &&
	    parse_u64(&p, &slices) && (*p == '\n' || *p == 0))
		return 0;
	st->cpu = st->delay = REC_SW_UNKNOWN;
	return -1;
}

struct rec_sw_stat rec_sw_read(int fd)
{
	struct rec_sw_stat st = {REC_SW_UNKNOWN, REC_SW_UNKNOWN};
	char buf[96];

	if (fd < 0)
		return st;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return st;
	buf[n] = 0;
	(void)rec_sw_parse(buf, &st);
	return st;
}

uint64_t rec_sw_delta(uint64_t before, uint64_t after)
{
	if (before == REC_SW_UNKNOWN || after == REC_SW_UNKNOWN || after < before)
		return 0;
	return after - before;
}

uint64_t rec_sw_call_wait(const struct rec_sw_call *c)
{
	uint64_t wake = rec_sw_delta(c->tracer_before, c->tracer_wake);
	uint64_t w = rec_sw_delta(c->entry.delay, c->exit.delay) + wake;
	bool slept = c->waitpid_ns > wake + REC_SW_SLEPT_NS;

	if (c->adjacent && !slept)
		w += rec_sw_delta(c->tracer_entry, c->tracer_before);
	uint64_t cpu = rec_sw_delta(c->entry.cpu, c->exit.cpu);
	uint64_t most = c->duration > cpu ? c->duration - cpu : 0;
	return w < most ? w : most;
}

int rec_sw_thread_fd(struct rec_sw_thread *w, pid_t tid)
{
	/* At the limit, nothing is opened and a later call tries again (another
	 * thread may have ended); a thread whose file cannot be opened is not
	 * tried again. */
	if (w->fd1 == 0 && sw_fds_open < REC_SW_MAX_FDS) {
		int fd = rec_sw_open(tid);
		w->fd1 = fd >= 0 ? fd + 1 : -1;
		sw_fds_open += fd >= 0;
	}
	return w->fd1 > 0 ? w->fd1 - 1 : -1;
}

void rec_sw_thread_close(struct rec_sw_thread *w)
{
	if (w->fd1 > 0) {
		close(w->fd1 - 1);
		sw_fds_open--;
	}
	w->fd1 = 0;
}
