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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

	eb_signals_restore();
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
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		pid_t tid = (pid_t)atoi(de->d_name);
		if (tid > 0 && tid != pid)
			eb_thread_of(s, now, tid, pid);
	}
	closedir(d);
	return 0;
}
