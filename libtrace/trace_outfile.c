/*
 * trace_outfile.c - output files: the symbolic-link rule, temporary file
 * beside the target + rename, mode 0600, and removal of temporary files when
 * the tool dies of a signal (see trace_outfile.h).
 */
#include "libtrace/trace_outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libtrace/trace_util.h"

#define MAX_LINKS  8  /* links followed from one target */
#define MAX_TEMPS  16 /* temporary files registered for cleanup at once */
#define MAX_TREES  4  /* temporary directories registered at once */
#define TREE_DEPTH 8  /* directory levels a tree removal descends */

/* ---- removing a directory tree (async-signal-safe) --------------------------- */

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Empties the directory open as fd (closed here): its files unlinked, its
 * subdirectories (never followed links) emptied and removed, depth levels
 * down. Only system calls, no allocation: safe in a signal handler. */
static void empty_dir(int fd, int depth)
{
	char buf[2048];
	long n;

	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			const char *name = d->d_name;
			off += d->d_reclen;
			if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
				continue;
			if (unlinkat(fd, name, 0) == 0 || depth == 0)
				continue;
			int sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0) {
				empty_dir(sub, depth - 1);
				(void)unlinkat(fd, name, AT_REMOVEDIR);
			}
		}
	}
	close(fd);
}

void trace_outfile_remove_tree(const char *dir)
{
	if (!dir)
		return;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0)
		empty_dir(fd, TREE_DEPTH);
	(void)rmdir(dir);
}

/* ---- cleanup on fatal signals ---------------------------------------------- */

static const char *volatile temps[MAX_TEMPS];
static const char *volatile trees[MAX_TREES];
static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
static int handlers_installed;

static void on_fatal_signal(int sig)
{
	for (int i = 0; i < MAX_TEMPS; i++)
		if (temps[i])
			(void)unlink(temps[i]);
	for (int i = 0; i < MAX_TREES; i++)
		if (trees[i])
			trace_outfile_remove_tree(trees[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Installs the cleanup handler for the signals whose disposition is the default. */
static void install_handlers(void)
{
	if (handlers_installed)
		return;
	handlers_installed = 1;
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++) {
		struct sigaction old, sa;
		if (sigaction(fatal_signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL ||
		    (old.sa_flags & SA_SIGINFO))
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		(void)sigaction(fatal_signals[i], &sa, NULL);
	}
}

int trace_outfile_register(const char *path)
{
	install_handlers();
	for (int i = 0; i < MAX_TEMPS; i++)
		if (!temps[i]) {
			temps[i] = path;
			return i;
		}
	return -1;
}

void trace_outfile_forget(int slot)
{
	if (slot >= 0 && slot < MAX_TEMPS)
		temps[slot] = NULL;
}

int trace_outfile_register_tree(const char *dir)
{
	install_handlers();
	for (int i = 0; i < MAX_TREES; i++)
		if (!trees[i]) {
			trees[i] = dir;
			return 0;
		}
	return -1;
}

void trace_outfile_forget_tree(const char *dir)
{
	for (int i = 0; i < MAX_TREES; i++)
		if (trees[i] == dir)
			trees[i] = NULL;
}

void trace_outfile_block_fatal(sigset_t *saved)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaddset(&set, fatal_signals[i]);
	(void)sigprocmask(SIG_BLOCK, &set, saved);
}

/* ---- the link rule ----------------------------------------------------------- */

/* The directory part of path ("." when it has none), in a new string. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* What link (an lstat'ed symbolic link) names, relative to its directory. */
static char *link_target(const char *link, const struct stat *st, char *err, size_t errlen,
                         const char *target)
{
	size_t cap = st->st_size > 0 && st->st_size < PATH_MAX ? (size_t)st->st_size + 1 : PATH_MAX;
	char *buf = xmalloc(cap);
	ssize_t n = readlink(link, buf, cap - 1);

	if (n < 0) {
		snprintf(err, errlen, "cannot read the link %s: %s", target, strerror(errno));
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (buf[0] == '/')
		return buf;
	char *dir = dir_of(link);
	char *joined = xasprintf("%s/%s", dir, buf);
	free(dir);
	free(buf);
	return joined;
}

int trace_outfile_resolve(const char *target, char **path, char *err, size_t errlen)
{
	char *cur = xstrdup(target);
	uid_t me = getuid();

	for (int hops = 0;; hops++) {
		struct stat st;
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) {
			*path = cur;
			return 0;
		}
		if (st.st_uid != me && st.st_uid != 0) {
			snprintf(err, errlen,
			         "%s is a symbolic link owned by uid %u, not by you: refusing to "
			         "follow it (remove it or choose another file)",
			         hops ? cur : target, (unsigned)st.st_uid);
			free(cur);
			return -1;
		}
		if (hops == MAX_LINKS) {
			snprintf(err, errlen, "%s: too many levels of symbolic links", target);
			free(cur);
			return -1;
		}
		char *next = link_target(cur, &st, err, errlen, target);
		free(cur);
		if (!next)
			return -1;
		cur = next;
	}
}

/* ---- open, commit, abort --------------------------------------------------- */

/* Opens an existing non-regular file (terminal, FIFO, device) in place. */
static int open_in_place(struct trace_outfile *o, const struct stat *st, char *err, size_t errlen)
{
	if (S_ISDIR(st->st_mode)) {
		snprintf(err, errlen, "%s is a directory", o->path);
		return -1;
	}
	o->fd = open(o->path, O_WRONLY | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	if (o->fd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", o->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Creates TARGET.tmp-PID-N, mode 0600, beside the target. */
static int open_temp(struct trace_outfile *o, unsigned flags, char *err, size_t errlen)
{
	for (unsigned attempt = 0; attempt < 100; attempt++) {
		char *tmp = xasprintf("%s.tmp-%d-%u", o->path, (int)getpid(), attempt);
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			o->tmp = tmp;
			o->fd = fd;
			o->reg = flags & TRACE_OUT_KEEP ? -1 : trace_outfile_register(tmp);
			return 0;
		}
		int e = errno;
		free(tmp);
		if (e != EEXIST) {
			snprintf(err, errlen, "cannot create %s: %s", o->path, strerror(e));
			return -1;
		}
	}
	snprintf(err, errlen, "cannot create %s: no free temporary name beside it", o->path);
	return -1;
}

int trace_outfile_open(struct trace_outfile *o, const char *target, unsigned flags, char *err,
                       size_t errlen)
{
	struct stat st;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->reg = -1;
	o->flags = flags;
	if (trace_outfile_resolve(target, &o->path, err, errlen) < 0)
		return -1;
	int rc = stat(o->path, &st) == 0 && !S_ISREG(st.st_mode)
	             ? open_in_place(o, &st, err, errlen)
	             : open_temp(o, flags, err, errlen);
	if (rc < 0) {
		free(o->path);
		o->path = NULL;
	}
	return rc;
}

static void release(struct trace_outfile *o)
{
	trace_outfile_forget(o->reg);
	o->reg = -1;
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
}

int trace_outfile_commit(struct trace_outfile *o, char *err, size_t errlen)
{
	int rc = 0;

	if (o->stream) {
		if (fclose(o->stream) != 0) {
			snprintf(err, errlen, "cannot write %s: %s", o->path, strerror(errno));
			rc = -1;
		}
		o->stream = NULL;
	} else if (o->fd >= 0 && close(o->fd) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", o->path, strerror(errno));
		rc = -1;
	}
	o->fd = -1;
	bool keep = o->flags & TRACE_OUT_KEEP;
	if ((rc == 0 || keep) && o->tmp && rename(o->tmp, o->path) != 0) {
		snprintf(err, errlen, "cannot create %s: %s (what was written is in %s)", o->path,
		         strerror(errno), o->tmp);
		rc = -1;
	} else if (rc < 0 && o->tmp && !keep) {
		(void)unlink(o->tmp);
	}
	release(o);
	return rc;
}

void trace_outfile_abort(struct trace_outfile *o)
{
	if (o->stream)
		(void)fclose(o->stream);
	else if (o->fd >= 0)
		(void)close(o->fd);
	o->stream = NULL;
	o->fd = -1;
	if (o->tmp)
		(void)unlink(o->tmp);
	release(o);
}

FILE *trace_outfile_fopen(struct trace_outfile *o, const char *target, char *err, size_t errlen)
{
	if (trace_outfile_open(o, target, 0, err, errlen) < 0)
		return NULL;
	o->stream = fdopen(o->fd, "w");
	if (!o->stream) {
		snprintf(err, errlen, "cannot write %s: %s", o->path, strerror(errno));
		trace_outfile_abort(o);
		return NULL;
	}
	return o->stream;
}
