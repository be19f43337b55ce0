/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * rec_ebpf_fdkind.bpf.h - part of rec_ebpf.bpf.c (included by it once,
 * after its maps): the kind of a descriptor of the current task
 * (fd_kind: what rec_fds_probe_proc reads from /proc/PID/fd), from the
 * kernel's objects: the file's superblock magic, inode mode and device,
 * the socket's family, the anonymous inode's name.
 */
#ifndef RENACER_REC_EBPF_FDKIND_BPF_H
#define RENACER_REC_EBPF_FDKIND_BPF_H

/* The values of libtrace/trace_fdkind.h (stored in trace files). */
#define TFD_REG      1
#define TFD_DIR      2
#define TFD_CHR      3
#define TFD_BLK      4
#define TFD_FIFO     5
#define TFD_PIPE     6
#define TFD_UNIX     7
#define TFD_INET     8
#define TFD_INET6    9
#define TFD_NETLINK  10
#define TFD_SOCKET   11
#define TFD_TTY      12
#define TFD_EVENTFD  13
#define TFD_EPOLL    14
#define TFD_TIMERFD  15
#define TFD_SIGNALFD 16
#define TFD_INOTIFY  17
#define TFD_MEMFD    18
#define TFD_ANON     19

#define S_IFMT   00170000
#define S_IFSOCK 0140000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000

#define PIPEFS_MAGIC        0x50495045
#define SOCKFS_MAGIC        0x534F434B
#define ANON_INODE_FS_MAGIC 0x09041934
#define PIDFS_MAGIC         0x50494446

static __always_inline bool name_is(const char *have, const char *want, int n)
{
	for (int i = 0; i < n; i++)
		if (have[i] != want[i])
			return false;
	return true;
}

/* The kind of an anonymous inode by its name ("[eventfd]"...), as rec_fds. */
static __always_inline __u32 anon_kind(const char *nm)
{
	if (name_is(nm, "[eventfd]", 10))
		return TFD_EVENTFD;
	if (name_is(nm, "[eventpoll]", 12))
		return TFD_EPOLL;
	if (name_is(nm, "[timerfd]", 10))
		return TFD_TIMERFD;
	if (name_is(nm, "[signalfd]", 11))
		return TFD_SIGNALFD;
	if (name_is(nm, "inotify", 8))
		return TFD_INOTIFY;
	return TFD_ANON;
}

static __always_inline __u32 family_kind(__u16 family)
{
	switch (family) {
	case 1: /* AF_UNIX */
		return TFD_UNIX;
	case 2: /* AF_INET */
		return TFD_INET;
	case 10: /* AF_INET6 */
		return TFD_INET6;
	case 16: /* AF_NETLINK */
		return TFD_NETLINK;
	default:
		return TFD_SOCKET;
	}
}

/* The kind of descriptor fd of the current task (rec_fds_probe_proc's
 * answer, from the kernel's objects), 0 when it is not open. A global
 * function: verified once, and its callers see one unknown value instead of
 * one branch per kind (which multiplied the states of the event builder). */
__noinline int fd_kind(__s64 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	char nm[12] = {};

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds) ||
	    bpf_probe_read_kernel(&f, sizeof(f), &fds[fd & 0xffffff]) < 0 || !f)
		return 0;
	struct inode *ino = BPF_CORE_READ(f, f_inode);
	__u32 magic = BPF_CORE_READ(ino, i_sb, s_magic);
	__u16 mode = BPF_CORE_READ(ino, i_mode);
	const unsigned char *name = BPF_CORE_READ(f, f_path.dentry, d_name.name);
	bpf_probe_read_kernel(nm, sizeof(nm), name);
	if (magic == PIPEFS_MAGIC)
		return TFD_PIPE;
	if (magic == SOCKFS_MAGIC || (mode & S_IFMT) == S_IFSOCK) {
		struct socket *sock = BPF_CORE_READ(f, private_data);
		return family_kind(BPF_CORE_READ(sock, sk, __sk_common.skc_family));
	}
	if (magic == ANON_INODE_FS_MAGIC)
		return anon_kind(nm);
	if (magic == PIDFS_MAGIC)
		return TFD_ANON;
	switch (mode & S_IFMT) {
	case S_IFREG:
		return name_is(nm, "memfd:", 6) ? TFD_MEMFD : TFD_REG;
	case S_IFDIR:
		return TFD_DIR;
	case S_IFCHR: {
		__u32 rdev = BPF_CORE_READ(ino, i_rdev), ma = rdev >> 20, mi = rdev & 0xfffff;
		/* tty*, ttyS*: 4; /dev/tty, /dev/console, /dev/ptmx: 5:0-2; pty slaves: 136-143 */
		if (ma == 4 || (ma == 5 && mi <= 2) || (ma >= 136 && ma <= 143))
			return TFD_TTY;
		return TFD_CHR;
	}
	case S_IFBLK:
		return TFD_BLK;
	case S_IFIFO:
		return TFD_FIFO;
	default:
		return TFD_ANON;
	}
}

#endif
