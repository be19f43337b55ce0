/*
 * rec_launch.c - process control for the recorder: starting the command
 * under ptrace (PTRACE_SEIZE of a child stopped before its exec, with the
 * seccomp filter installed in between when the trace set is restricted),
 * attaching to running processes thread by thread, detaching cleanly, and what
 * a signal to the recorder does to them (rec_signal.h decides).
 */
#include "record/ptrace/rec_tracer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libtrace/trace_errno.h"
#include "libtrace/trace_util.h"
#include "record/ptrace/rec_seccomp.h"

/* Whether a traced thread of another process than the launched program remains. */
static bool others_traced(struct rec_tracer *t)
{
	unsigned pos = 0;
	struct rec_thread *th;

	while ((th = rec_threads_next(&t->threads, &pos)) != NULL)
		if (th->pid != t->main_pid)
			return true;
	return false;
}

enum rec_stop_req rec_signals_take(struct rec_tracer *t, int *signo)
{
	bool from_user;

	if (!rec_signal_take(signo, &from_user))
		return REC_STOP_NONE;
	struct rec_sigstate st = {.attach = t->attach_mode,
	                          .exited = t->res->exited,
	                          .others = t->res->exited && others_traced(t),
	                          .forwarded = t->forwarded,
	                          .main_pid = t->main_pid};
	return rec_signal_decide(&st, *signo, from_user, &t->kill_why);
}

/* Kills every process traced, and the launched program; says so. */
static void kill_traced(struct rec_tracer *t, int signo)
{
	unsigned pos = 0, children = 0;
	struct rec_thread *th;
	bool main_alive = !t->res->exited && t->main_pid > 0;

	while ((th = rec_threads_next(&t->threads, &pos)) != NULL) {
		if (th->tid != th->pid || th->pid == t->main_pid)
			continue;
		(void)kill(th->pid, SIGKILL);
		children++;
	}
	if (main_alive)
		(void)kill(t->main_pid, SIGKILL);
	t->res->stop_signal = signo;
	rec_say_killed(signo, t->kill_why, t->o->argv[0], t->main_pid, main_alive, children);
}

void rec_signal_act(struct rec_tracer *t, enum rec_stop_req req, int signo)
{
	if (req == REC_STOP_FORWARD)
		req = rec_signal_forward(t->main_pid, signo, &t->forwarded, &t->kill_why);
	if (req == REC_STOP_KILL && !t->res->stop_signal)
		kill_traced(t, signo);
}

void rec_say_detached(struct rec_tracer *t, int signo)
{
	unsigned pos = 0, n = 0;
	struct rec_thread *th;

	while ((th = rec_threads_next(&t->threads, &pos)) != NULL)
		n += th->tid == th->pid;
	rec_say_detached_from(signo, n);
}

void rec_wait_launched(struct rec_tracer *t)
{
	int status, signo = 0;

	if (t->attach_mode || t->res->exited || t->main_pid <= 0 || t->threads.count)
		return;
	for (;;) {
		pid_t r = waitpid(t->main_pid, &status, 0);
		if (r == t->main_pid && (WIFEXITED(status) || WIFSIGNALED(status)))
			break;
		if (r < 0 && errno != EINTR)
			return;
		enum rec_stop_req req = rec_signals_take(t, &signo);
		if (req == REC_STOP_FORWARD || req == REC_STOP_KILL)
			rec_signal_act(t, req, signo);
	}
	t->res->status = status;
	t->res->exited = true;
}

/* The child side of rec_launch: stop, let the parent seize us, install the
 * filter, become -u USER, exec. Only async-signal-safe calls. */
static void __attribute__((noreturn))
launch_child(const struct rec_options *o, const char *path, const struct rec_seccomp_prog *prog,
             int sync_fd, int err_fd)
{
	char ok = 1;

	rec_signals_restore();
	(void)kill(getpid(), SIGSTOP);
	if (prog && rec_seccomp_install(prog) < 0)
		ok = 0;
	/* A lost byte only means the tracer assumes no filter (every call stops). */
	(void)!write(sync_fd, &ok, 1);
	int err = rec_launch_become_user(o);
	if (err) {
		(void)!write(err_fd, &err, sizeof(err));
		_exit(126);
	}
	execv(path, o->argv);
	err = errno;
	if (write(err_fd, &err, sizeof(err)) != (ssize_t)sizeof(err))
		_exit(127);
	_exit(127);
}

static int wait_stopped(pid_t pid)
{
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WUNTRACED);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
	return WIFSTOPPED(status) ? 0 : -ECHILD;
}

int rec_launch(struct rec_tracer *t)
{
	const struct rec_options *o = t->o;
	char *owned;
	const char *path;
	int sync[2], errp[2];
	int rc = rec_launch_prepare(o, &path, &owned, sync, errp);

	if (rc < 0)
		return rc;
	struct rec_seccomp_prog *prog = t->seccomp ? rec_seccomp_build(t->stop_set) : NULL;
	pid_t pid = fork();
	if (pid < 0) {
		int err = errno;
		pr_err("cannot fork: %s", strerror(err));
		free(owned);
		rec_seccomp_free(prog);
		return -err;
	}
	if (pid == 0) {
		close(sync[0]);
		close(errp[0]);
		launch_child(o, path, prog, sync[1], errp[1]);
	}
	close(sync[1]);
	close(errp[1]);
	free(owned);
	rec_seccomp_free(prog);
	t->sync_fd = sync[0];
	t->exec_err_fd = errp[0];
	t->main_pid = pid;

	int r = wait_stopped(pid);
	if (r == 0 && ptrace(PTRACE_SEIZE, pid, 0, (long)t->ptrace_opts) < 0)
		r = -errno;
	if (r < 0) {
		pr_err("cannot trace %s: %s", o->argv[0], strerror(-r));
		(void)kill(pid, SIGKILL);
		(void)waitpid(pid, NULL, 0);
		return r;
	}
	struct rec_thread *th = rec_thread_new(t, pid, pid, 0, 0);
	th->launched_pre_exec = true;
	(void)kill(pid, SIGCONT);
	return 0;
}

/* Seizes the threads of pid not yet traced; returns how many were new, or
 * -errno when the leader itself could not be seized. */
static int seize_new_threads(struct rec_tracer *t, pid_t pid)
{
	char path[64];
	int added = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	DIR *d = opendir(path);
	if (!d)
		return -errno;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		pid_t tid = (pid_t)atoi(de->d_name);

		if (tid <= 0 || rec_threads_find(&t->threads, tid))
			continue;
		if (ptrace(PTRACE_SEIZE, tid, 0, (long)t->ptrace_opts) < 0) {
			int err = errno;
			if (tid == pid) {
				closedir(d);
				return -err;
			}
			continue; /* the thread ended meanwhile */
		}
		(void)ptrace(PTRACE_INTERRUPT, tid, 0, 0);
		rec_thread_new(t, tid, pid, 0,
		               TTHREAD_ATTACHED | (tid != pid ? TTHREAD_IS_THREAD : 0));
		added++;
	}
	closedir(d);
	return added;
}

int rec_attach_all(struct rec_tracer *t)
{
	const struct rec_options *o = t->o;

	t->main_pid = o->npids ? o->pids[0] : 0;
	for (unsigned i = 0; i < o->npids; i++) {
		pid_t pid = o->pids[i];
		int r;

		if (rec_threads_find(&t->threads, pid))
			continue;
		/* Threads created while we walk the list: walk again until stable. */
		while ((r = seize_new_threads(t, pid)) > 0)
			;
		if (r < 0) {
			char msg[512];

			rec_attach_errmsg(pid, -r, msg, sizeof(msg));
			pr_err("%s", msg);
			rec_detach_all(t);
			return r;
		}
		rec_maps_sync(t->maps, pid, trace_mono_ns());
	}
	return 0;
}

void rec_detach_thread(struct rec_tracer *t, struct rec_thread *th, int sig)
{
	pid_t tid = th->tid, pid = th->pid;

	rec_flush_pending(t, th, TSYS_DETACHED);
	(void)ptrace(PTRACE_DETACH, tid, 0, (long)sig);
	bool last = rec_threads_count_pid(&t->threads, pid) == 1;
	if (th->announced) {
		struct trace_record rec = {.type = TREC_EXIT};
		rec.u.exit.ts = trace_mono_ns();
		rec.u.exit.tid = tid;
		rec.u.exit.pid = pid;
		rec.u.exit.flags = TEXIT_DETACHED | (last ? TEXIT_PROCESS : 0);
		rec_emit(t, &rec);
	}
	if (last)
		rec_maps_exit(t->maps, pid);
	rec_threads_remove(&t->threads, tid);
}

void rec_detach_all(struct rec_tracer *t)
{
	unsigned n = t->threads.count, pos = 0, k = 0;
	pid_t *tids = xcalloc(n ? n : 1, sizeof(*tids));
	struct rec_thread *th;

	t->detaching = true;
	t->res->detached = true;
	while ((th = rec_threads_next(&t->threads, &pos)) != NULL && k < n)
		tids[k++] = th->tid;
	for (unsigned i = 0; i < k; i++) {
		th = rec_threads_find(&t->threads, tids[i]);
		if (!th)
			continue;
		if (th->state == RT_NEW) {
			rec_detach_thread(t, th, 0); /* already stopped */
			continue;
		}
		if (th->state != RT_EXITING)
			th->state = RT_DETACHING;
		/* Running (or listening) threads stop at once; the loop detaches them. */
		(void)ptrace(PTRACE_INTERRUPT, th->tid, 0, 0);
	}
	free(tids);
}
