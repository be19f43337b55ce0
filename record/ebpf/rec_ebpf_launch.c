/*
 * rec_ebpf_launch.c - how the eBPF backend starts recording its processes:
 * a launched program is forked, put in the BPF filter map (pre-exec state)
 * while it waits on a pipe, then execs (no call is missed); a -p process has
 * its threads announced from /proc and is never stopped.
 */
#include "record/rec.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"
#include "record/ebpf/rec_ebpf_session.h"
#include "record/rec_fds.h"

/* The child: waits until the recorder has put it in the filter map, becomes
 * -u USER when asked, execs. Only async-signal-safe calls. */
static void __attribute__((noreturn))
launch_child(const struct rec_options *o, const char *path, int go_fd, int err_fd)
{
	char go = 0;
	int err;

	rec_signals_restore();
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

int eb_launch(struct eb_session *s)
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
			eb_thread_new(s, trace_mono_ns(), pid, pid, 0, 0, NULL);
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

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL /* Linux 6.9: a pidfd of a thread, not of a process */
#endif

/* Whether thread tid of pid is inside a system call now: /proc/.../syscall
 * names its number and arguments (into nr and args when not NULL); "running"
 * or "-1 ...": not known to be. */
static bool in_call(pid_t pid, pid_t tid, long *nr, uint64_t *args)
{
	char path[96], buf[256];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	unsigned long long a[6];

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	if (buf[0] < '0' || buf[0] > '9')
		return false;
	if (nr && sscanf(buf, "%ld %llx %llx %llx %llx %llx %llx", nr, &a[0], &a[1], &a[2], &a[3],
	                 &a[4], &a[5]) != 7)
		return false;
	for (int i = 0; args && i < 6; i++)
		args[i] = a[i];
	return true;
}

/* A pidfd of thread tid of pid (a thread's needs Linux 6.9), or -1. */
static int thread_pidfd(pid_t pid, pid_t tid)
{
	return (int)syscall(SYS_pidfd_open, tid, tid == pid ? 0 : PIDFD_THREAD);
}

/* Gives thread tid of pid, running when -p began, its call state in the BPF
 * program (struct rb_inflight_head), unless a call of it already made one:
 * in a call since now, or between calls. Without it (a kernel before 6.9
 * for a thread that is not the leader: no pidfd of a thread), the call it is
 * in and seccomp-decided calls before its first entry are not recorded. */
static void attach_state(struct eb_session *s, pid_t pid, pid_t tid)
{
	int map = bpf_map__fd(s->skel->maps.inflight);
	size_t size = bpf_map__value_size(s->skel->maps.inflight);
	int pidfd = thread_pidfd(pid, tid);

	if (pidfd < 0 || size < sizeof(struct rb_inflight_head)) {
		pr_debug(1, "thread %d: no call state (%s)", (int)tid, strerror(errno));
		if (pidfd >= 0)
			close(pidfd);
		return;
	}
	struct rb_inflight_head *h = xcalloc(1, size);
	h->ts = trace_mono_ns();
	h->nr = in_call(pid, tid, NULL, NULL) ? RB_NR_ATTACHED : RB_NR_IDLE;
	(void)bpf_map_update_elem(map, &pidfd, h, BPF_NOEXIST);
	free(h);
	close(pidfd);
}

void eb_detached_call(struct eb_session *s, const struct eb_thread *th, uint64_t now)
{
	int map = bpf_map__fd(s->skel->maps.inflight);
	size_t size = bpf_map__value_size(s->skel->maps.inflight);
	int pidfd = thread_pidfd(th->pid, th->tid);

	if (pidfd < 0 || size < sizeof(struct rb_inflight_head)) {
		if (pidfd >= 0)
			close(pidfd);
		return;
	}
	struct rb_inflight_head *h = xcalloc(1, size);
	long nr = -1;
	uint64_t args[6];
	/* A call the thread has been in since -p began: still in it, /proc names it. */
	bool known = bpf_map_lookup_elem(map, &pidfd, h) == 0;
	if (known && h->nr == RB_NR_ATTACHED && in_call(th->pid, th->tid, &nr, args) && nr >= 0 &&
	    nr < RB_NR_MAX) {
		h->nr = (uint32_t)nr;
		memcpy(h->args, args, sizeof(args));
	}
	if (known && h->nr < RB_NR_MAX) {
		struct trace_syscall sys;
		memset(&sys, 0, sizeof(sys));
		sys.tid = th->tid;
		sys.pid = th->pid;
		sys.nr = (uint16_t)h->nr;
		memcpy(sys.args, h->args, sizeof(sys.args));
		sys.ts = h->ts;
		sys.duration = now > h->ts ? now - h->ts : 0;
		sys.flags = TSYS_UNFINISHED | TSYS_DETACHED;
		if (trace_syscall_never_returns(sys.nr))
			sys.flags |= TSYS_NORETURN;
		eb_emit_call(s, &sys);
	}
	free(h);
	close(pidfd);
}

/* Announces every thread of pid (already running) and its modules. */
int eb_attach_one(struct eb_session *s, pid_t pid)
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
	eb_thread_of(s, now, pid, pid);
	attach_state(s, pid, pid);
	struct dirent *de;
	int n = 1;
	while ((de = readdir(d)) != NULL) {
		pid_t tid = (pid_t)atoi(de->d_name);
		if (tid > 0 && tid != pid) {
			eb_thread_of(s, now, tid, pid);
			attach_state(s, pid, tid);
			n++;
		}
	}
	closedir(d);
	return n;
}
