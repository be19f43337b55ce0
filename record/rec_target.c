/*
 * rec_target.c - what selects or shapes the recorder's targets before they
 * start, shared by the backends: the cgroup v2 directory of --cgroup, the
 * change to -u USER's ids in a launched child before its exec, and a
 * thread's name as /proc shows it (and its comm files, which rename it).
 */
#include "record/rec.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/magic.h>
#include <mntent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

/* An open cgroup v2 directory at path, or -errno. */
static int open_cgroup2(const char *path)
{
	struct statfs sf;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstatfs(fd, &sf) < 0 || sf.f_type != CGROUP2_SUPER_MAGIC) {
		close(fd);
		return -ENOTDIR;
	}
	return fd;
}

/* Where cgroup v2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a
 * hybrid host) into root; false when it is not. */
static bool cgroup2_root(char *root, size_t len)
{
	FILE *f = setmntent("/proc/self/mounts", "re");
	struct mntent *m;
	bool found = false;

	if (!f)
		return false;
	while (!found && (m = getmntent(f)) != NULL)
		if (strcmp(m->mnt_type, "cgroup2") == 0)
			found = snprintf(root, len, "%s", m->mnt_dir) < (int)len;
	endmntent(f);
	return found;
}

int rec_cgroup_open(const char *path, char *err, size_t errlen)
{
	char root[1024], under[4096];
	int fd = open_cgroup2(path), first = fd;

	if (fd >= 0)
		return fd;
	if (!cgroup2_root(root, sizeof(root))) {
		snprintf(err, errlen,
		         "this host has no cgroup v2 hierarchy mounted (--cgroup needs one)");
		return -ENOTSUP;
	}
	if (snprintf(under, sizeof(under), "%s/%s", root, path) < (int)sizeof(under)) {
		fd = open_cgroup2(under);
		if (fd >= 0)
			return fd;
	}
	if (first == -ENOTDIR)
		snprintf(err, errlen,
		         "%s is not a cgroup v2 directory (give one under %s, or the path "
		         "/proc/PID/cgroup shows after 0::)",
		         path, root);
	else
		snprintf(err, errlen, "%s: %s (neither as given nor under %s)", path,
		         strerror(-first), root);
	return first;
}

int rec_launch_become_user(const struct rec_options *o)
{
	if (o->run_as_uid == (uid_t)-1)
		return 0;
	/* Groups first: once the user is not root it may not change them. */
	if (setgroups(o->run_as_ngroups, o->run_as_groups) < 0)
		return errno;
	if (setgid(o->run_as_gid) < 0)
		return errno;
	if (setuid(o->run_as_uid) < 0)
		return errno;
	/* setuid from root changes all three ids; make sure none stayed root. */
	if (o->run_as_uid != 0 && (geteuid() == 0 || getuid() == 0))
		return EPERM;
	return 0;
}

bool rec_is_comm_file(pid_t tid, int fd)
{
	char path[64], link[96];
	int off = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)tid, fd);
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return false;
	link[n] = 0;
	/* /proc/N/comm or /proc/N/task/M/comm, as the kernel names them */
	if (sscanf(link, "/proc/%*u/comm%n", &off) >= 0 && off == n)
		return true;
	off = 0;
	return sscanf(link, "/proc/%*u/task/%*u/comm%n", &off) >= 0 && off == n;
}

void rec_read_comm(pid_t tid, char *comm)
{
	char path[64];
	ssize_t n;

	memset(comm, 0, TRACE_COMM_LEN);
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, comm, TRACE_COMM_LEN - 1);
	close(fd);
	if (n < 0)
		n = 0;
	comm[n] = 0;
	comm[strcspn(comm, "\n")] = 0;
}
