/*
 * rec_signal.c - the recorder's signal handlers and the one rule for a signal
 * sent to the recorder (see rec_signal.h), and the stderr line that says whom
 * it killed.
 */
#include "record/rec_signal.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libtrace/trace_errno.h"
#include "libtrace/trace_util.h"

static volatile sig_atomic_t got_count, got_signo, got_from_user;
static sig_atomic_t taken_count;

/* The signals that end a recording; SIGALRM only interrupts a wait. */
static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM};
/* A full pipe or file is a write error, not a reason to die. */
static const int ignored_signals[] = {SIGPIPE, SIGXFSZ};
#define NCAUGHT  (sizeof(caught_signals) / sizeof(caught_signals[0]))
#define NIGNORED (sizeof(ignored_signals) / sizeof(ignored_signals[0]))
static struct sigaction saved_caught[NCAUGHT], saved_ignored[NIGNORED];
static bool signals_saved;

static void on_signal(int sig, siginfo_t *si, void *uctx)
{
	(void)uctx;
	if (sig == SIGALRM)
		return;
	got_signo = sig;
	got_from_user = si && si->si_code <= 0;
	got_count++;
}

void rec_signals_install(void)
{
	struct sigaction sa, ign;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: a blocking wait must return EINTR */
	sigemptyset(&sa.sa_mask);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	got_count = taken_count = 0;
	for (size_t i = 0; i < NCAUGHT; i++)
		(void)sigaction(caught_signals[i], &sa, &saved_caught[i]);
	for (size_t i = 0; i < NIGNORED; i++)
		(void)sigaction(ignored_signals[i], &ign, &saved_ignored[i]);
	signals_saved = true;
}

void rec_signals_restore(void)
{
	if (!signals_saved)
		return;
	for (size_t i = 0; i < NCAUGHT; i++)
		(void)sigaction(caught_signals[i], &saved_caught[i], NULL);
	for (size_t i = 0; i < NIGNORED; i++)
		(void)sigaction(ignored_signals[i], &saved_ignored[i], NULL);
	signals_saved = false;
}

bool rec_signal_waiting(void)
{
	return got_count != taken_count;
}

bool rec_signal_take(int *signo, bool *from_user)
{
	if (got_count == taken_count)
		return false;
	taken_count = got_count;
	*signo = got_signo;
	*from_user = got_from_user;
	return true;
}

bool rec_status_ignores(int fd, int signo)
{
	char buf[4096];
	size_t have = 1;

	buf[0] = '\n'; /* so that every line, the first too, follows a newline */
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n <= 0)
			return false;
		have += (size_t)n;
		buf[have] = 0;
		const char *p = strstr(buf, "\nSigIgn:");
		if (p && strchr(p + 1, '\n')) {
			unsigned long long mask = strtoull(p + 8, NULL, 16);
			return signo >= 1 && signo <= 64 && ((mask >> (signo - 1)) & 1);
		}
		/* Keep the unfinished last line (its last 64 bytes when it is longer:
		 * a long line, such as Groups with many groups, is not the one). */
		const char *nl = strrchr(buf, '\n');
		size_t from = nl ? (size_t)(nl - buf) : 0;
		if (have - from > 64)
			from = have - 64;
		memmove(buf, buf + from, have - from);
		have -= from;
	}
}

bool rec_program_ignores(pid_t pid, int signo)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ignores = rec_status_ignores(fd, signo);
	close(fd);
	return ignores;
}

enum rec_stop_req rec_signal_decide(const struct rec_sigstate *st, int signo, bool from_user,
                                    enum rec_kill_why *why)
{
	if (st->attach)
		return REC_STOP_DETACH;
	/* Its children would be left running untraced after we are gone, or
	 * never end: kill them. With none, the recording ends as it is ending
	 * (the signal came as the program's own end was seen). */
	if (st->exited) {
		if (!st->others)
			return REC_STOP_NONE;
		*why = REC_KILL_ENDED;
		return REC_STOP_KILL;
	}
	if (rec_program_ignores(st->main_pid, signo)) {
		/* A terminal's hangup that the program ignores (nohup): it survives it
		 * untraced, so traced too. */
		if (!from_user && signo == SIGHUP)
			return REC_STOP_NONE;
		*why = REC_KILL_IGNORED;
		return REC_STOP_KILL;
	}
	if (!from_user)
		return REC_STOP_NONE; /* from the terminal: the program got it too */
	if (st->forwarded) {
		*why = REC_KILL_AGAIN;
		return REC_STOP_KILL;
	}
	return REC_STOP_FORWARD;
}

enum rec_stop_req rec_signal_forward(pid_t main_pid, int signo, bool *forwarded,
                                     enum rec_kill_why *why)
{
	if (kill(main_pid, signo) == 0) {
		*forwarded = true;
		return REC_STOP_NONE;
	}
	*why = REC_KILL_ENDED;
	return REC_STOP_KILL;
}

void rec_say_attached_to(bool quiet, unsigned nprocs, unsigned nthreads)
{
	if (!quiet && nprocs)
		fprintf(stderr, "%s: attached to %u process%s (%u thread%s)\n", trace_progname(),
		        nprocs, nprocs == 1 ? "" : "es", nthreads, nthreads == 1 ? "" : "s");
}

void rec_say_detached_from(int signo, unsigned n)
{
	if (signo && n)
		fprintf(stderr, "%s: %s: detached from %u process%s, which keep%s running\n",
		        trace_progname(), trace_signal_name(signo), n, n == 1 ? "" : "es",
		        n == 1 ? "s" : "");
}

void rec_say_killed(int signo, enum rec_kill_why why, const char *prog, pid_t main_pid,
                    bool main_alive, unsigned children)
{
	char because[300], what[128], kids[64] = "";

	if (!main_alive && !children)
		return;
	if (why == REC_KILL_IGNORED)
		snprintf(because, sizeof(because), ", which %s ignores", prog);
	else if (why == REC_KILL_AGAIN)
		snprintf(because, sizeof(because), " again (%s did not end on the first)", prog);
	else
		snprintf(because, sizeof(because), " after %s ended", prog);
	if (children)
		snprintf(kids, sizeof(kids), "%u traced child process%s", children,
		         children == 1 ? "" : "es");
	if (main_alive)
		snprintf(what, sizeof(what), "it (pid %d)%s%s", main_pid, children ? " and " : "",
		         kids);
	else
		snprintf(what, sizeof(what), "its %s", kids);
	fprintf(stderr, "%s: %s%s: killed %s\n", trace_progname(), trace_signal_name(signo),
	        because, what);
}
