/*
 * rec_meta.c - what the recorder says about itself and its host in the trace
 * header, finding the command to launch through PATH, and the checks (with
 * helpful messages) before attaching to a running process.
 */
#include "record/rec.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "libtrace/trace_util.h"
#include "record/rec_arch.h"

#define YAMA_SCOPE_PATH    "/proc/sys/kernel/yama/ptrace_scope"
#define CAP_SYS_PTRACE_BIT 19

/* Appends s to buf quoted for a POSIX shell when it needs quoting. */
static void append_quoted(char **buf, size_t *len, size_t *cap, const char *s)
{
	bool plain = *s != 0;

	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		            "-_./=:,+@%",
		            *p))
			plain = false;
	size_t need = *len + 4 * strlen(s) + 4;
	xgrow((void **)buf, cap, need, 1);
	char *o = *buf + *len;
	if (plain) {
		o += sprintf(o, "%s", s);
	} else {
		*o++ = '\'';
		for (const char *p = s; *p; p++) {
			if (*p == '\'') {
				memcpy(o, "'\\''", 4);
				o += 4;
			} else {
				*o++ = *p;
			}
		}
		*o++ = '\'';
		*o = 0;
	}
	*len = (size_t)(o - *buf);
}

static char *quote_argv(int argc, char **argv)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;

	xgrow((void **)&buf, &cap, 1, 1);
	buf[0] = 0;
	for (int i = 0; i < argc; i++) {
		if (i) {
			xgrow((void **)&buf, &cap, len + 2, 1);
			buf[len++] = ' ';
			buf[len] = 0;
		}
		append_quoted(&buf, &len, &cap, argv[i]);
	}
	return buf;
}

/* The host's network interfaces as "INDEX=NAME" words ("1=lo 2=eth0"), or
 * NULL when there are none or they cannot be listed: the report names IPv6
 * scope ids with them (if_nametoindex("lo")), as strace does on the host. */
static char *ifnames(void)
{
	struct if_nameindex *all = if_nameindex();
	char *buf = NULL;
	size_t len = 0, cap = 0;

	for (struct if_nameindex *i = all; i && i->if_index; i++) {
		size_t need = len + strlen(i->if_name) + 24;
		xgrow((void **)&buf, &cap, need, 1);
		len += (size_t)snprintf(buf + len, cap - len, "%s%u=%s", len ? " " : "",
		                        i->if_index, i->if_name);
	}
	if (all)
		if_freenameindex(all);
	return buf;
}

void rec_fill_meta(struct trace_meta *meta, int argc, char **argv, const struct rec_options *o)
{
	static struct utsname uts;
	static char host[256];

	if (gethostname(host, sizeof(host) - 1) < 0)
		host[0] = 0;
	if (uname(&uts) < 0)
		memset(&uts, 0, sizeof(uts));
	meta->hostname = host;
	meta->kernel = uts.release;
	meta->arch = REC_ARCH_NAME;
	meta->page_size = (uint32_t)sysconf(_SC_PAGESIZE);
	meta->recorder_version = RENACER_VERSION;
	meta->cmdline = quote_argv(argc, argv);
	meta->backend = o->backend == REC_BACKEND_EBPF ? "ebpf" : "ptrace";
	meta->options = xasprintf(
	    "stack_depth=%u strsize=%u follow=%d trace=%s attach=%d backend=%s", o->stack_depth,
	    o->strsize, o->follow_forks ? 1 : 0,
	    trace_filter_selects_all(&o->filter) ? "all" : "some", o->argv ? 0 : 1, meta->backend);
	meta->start_wall_ns = trace_wall_ns();
	meta->start_mono_ns = trace_mono_ns();
	/* Both backends follow descriptors (rec_fds). */
	meta->fd_kinds = true;
	meta->ifnames = ifnames();
}

void rec_meta_release(struct trace_meta *meta)
{
	free((char *)meta->cmdline);
	free((char *)meta->options);
	free((char *)meta->ifnames);
	meta->cmdline = NULL;
	meta->options = NULL;
	meta->ifnames = NULL;
}

static bool is_executable_file(const char *path, int *err)
{
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	if (access(path, X_OK) < 0) {
		*err = EACCES;
		return false;
	}
	return true;
}

char *rec_find_command(const char *name)
{
	int err = ENOENT;

	if (!name || !*name) {
		errno = ENOENT;
		return NULL;
	}
	if (strchr(name, '/')) {
		if (is_executable_file(name, &err))
			return xstrdup(name);
		errno = err;
		return NULL;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/bin:/usr/bin";
	for (const char *p = path;;) {
		const char *end = strchr(p, ':');
		size_t dlen = end ? (size_t)(end - p) : strlen(p);
		char *cand = dlen ? xasprintf("%.*s/%s", (int)dlen, p, name) : xstrdup(name);

		if (is_executable_file(cand, &err))
			return cand;
		free(cand);
		if (!end)
			break;
		p = end + 1;
	}
	errno = err;
	return NULL;
}

/* Value of "Key:" in /proc/PID/status as text, or empty. */
static void status_field(pid_t pid, const char *key, char *out, size_t outlen)
{
	char path[64], buf[4096];

	out[0] = 0;
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/status");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	char pat[64];
	snprintf(pat, sizeof(pat), "\n%s:", key);
	const char *p = strstr(buf, pat);
	if (!p)
		return;
	p += strlen(pat);
	while (*p == ' ' || *p == '\t')
		p++;
	snprintf(out, outlen, "%.*s", (int)strcspn(p, "\n"), p);
}

static bool have_cap_sys_ptrace(void)
{
	char caps[64];

	status_field(0, "CapEff", caps, sizeof(caps));
	return (strtoull(caps, NULL, 16) >> CAP_SYS_PTRACE_BIT) & 1;
}

static int yama_scope(void)
{
	char buf[16] = "";
	int fd = open(YAMA_SCOPE_PATH, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? atoi(buf) : -1;
}

void rec_attach_errmsg(pid_t pid, int err, char *buf, size_t len)
{
	if (err == ESRCH || err == ENOENT) {
		snprintf(buf, len, "cannot attach to pid %d: no such process", pid);
		return;
	}
	if (err == EPERM || err == EACCES) {
		int scope = yama_scope();
		char sc[64] = "";
		if (scope >= 0)
			snprintf(sc, sizeof(sc), " (now %d)", scope);
		snprintf(buf, len,
		         "cannot attach to pid %d: operation not permitted; tracing another user's "
		         "or a non-child process needs CAP_SYS_PTRACE (run as root) or a lower "
		         "%s%s",
		         pid, YAMA_SCOPE_PATH, sc);
		return;
	}
	snprintf(buf, len, "cannot attach to pid %d: %s", pid, strerror(err));
}

int rec_check_attach(const pid_t *pids, unsigned npids, char *err, size_t errlen)
{
	char uid[128];

	for (unsigned i = 0; i < npids; i++) {
		pid_t pid = pids[i];

		if (pid <= 0 || (kill(pid, 0) < 0 && errno == ESRCH)) {
			rec_attach_errmsg(pid, ESRCH, err, errlen);
			return -ESRCH;
		}
		if (pid == getpid()) {
			snprintf(err, errlen,
			         "cannot attach to pid %d: that is the recorder itself", pid);
			return -EINVAL;
		}
		if (have_cap_sys_ptrace())
			continue;
		int scope = yama_scope();
		status_field(pid, "Uid", uid, sizeof(uid));
		unsigned r = 0, e = 0;
		bool same_user =
		    sscanf(uid, "%u %u", &r, &e) == 2 && r == getuid() && e == getuid();
		/* Scope 1 allows only descendants (or a declared tracer): -p targets
		 * are never our descendants, so it refuses too. */
		if (!same_user || scope >= 1) {
			rec_attach_errmsg(pid, EPERM, err, errlen);
			return -EPERM;
		}
	}
	return 0;
}

int rec_launch_prepare(const struct rec_options *o, const char **path, char **owned, int sync[2],
                       int errp[2])
{
	*owned = NULL;
	*path = o->exec_path;
	if (!*path) {
		*owned = rec_find_command(o->argv[0]);
		if (!*owned) {
			pr_err("%s: command not found", o->argv[0]);
			return -ENOENT;
		}
		*path = *owned;
	}
	if (pipe2(sync, O_CLOEXEC) < 0)
		goto fail;
	if (pipe2(errp, O_CLOEXEC) < 0) {
		int err = errno;

		close(sync[0]);
		close(sync[1]);
		errno = err;
		goto fail;
	}
	return 0;
fail:;
	int err = errno;

	pr_err("cannot create a pipe: %s", strerror(err));
	free(*owned);
	*owned = NULL;
	return -err;
}
