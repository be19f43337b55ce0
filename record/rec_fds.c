/*
 * rec_fds.c - per-process descriptor tables: which kind each open descriptor
 * is, followed through the calls that create, duplicate, pass and close them
 * (the list of those calls and what each does is the `effects` table below),
 * shared or copied at clone like the kernel's files_struct.
 */
#include "record/rec_fds.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

#include "libtrace/trace_map.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

#define NR_MAX      1024
#define FD_LIMIT    (1 << 24) /* descriptors above are never tabled */
#define ENT_KIND    0x1f
#define ENT_NOTED   0x20 /* rec_fds_set_comm was told about it */
#define ENT_COMM    0x40 /* a task's /proc comm file */
#define ENT_CLOEXEC 0x80

/* One descriptor table (the kernel's files_struct): ent[fd] = kind | ENT_CLOEXEC. */
struct fd_table {
	unsigned refs; /* threads using it */
	size_t cap;
	uint8_t *ent;
};

struct rec_fds {
	struct rec_fds_ops ops;
	struct trace_map by_tid; /* tid -> struct fd_table * */
};

/* What a call does to the table of its caller. */
enum fx {
	FX_NONE = 0,
	FX_NEW,        /* returns a new descriptor of the row's kind */
	FX_OPEN,       /* returns a descriptor opened by name: probed (regular file if unknown) */
	FX_SOCKET,     /* returns a socket of family args[0] */
	FX_ACCEPT,     /* returns a socket like the one in args[0] */
	FX_PIPE,       /* fills int[2] at args[0] with pipe ends */
	FX_SOCKETPAIR, /* fills int[2] at args[3] with sockets of family args[0] */
	FX_DUP,        /* returns a copy of args[0] (dup, dup2, dup3) */
	FX_FCNTL,      /* F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD */
	FX_IOCTL,      /* FIOCLEX, FIONCLEX */
	FX_CLOSE,      /* closes args[0] */
	FX_CLOSE_RANGE,
	FX_RECVMSG, /* may receive descriptors (SCM_RIGHTS) */
	FX_SIGNALFD,
	FX_UNSHARE,
};

#define CLOEXEC_NONE   0xff /* the call has no close-on-exec flag */
#define CLOEXEC_ALWAYS 0xfe /* its descriptors are always close-on-exec */

struct effect {
	uint16_t nr;
	uint8_t fx;
	uint8_t kind;        /* for FX_NEW, FX_PIPE */
	uint8_t cloexec_arg; /* argument holding the close-on-exec flag, or CLOEXEC_* */
	uint32_t cloexec_bit;
};

static const struct effect effects[] = {
    {SYS_open, FX_OPEN, 0, 1, O_CLOEXEC},
    {SYS_openat, FX_OPEN, 0, 2, O_CLOEXEC},
    {SYS_creat, FX_OPEN, 0, CLOEXEC_NONE, 0},
    {SYS_openat2, FX_OPEN, 0, CLOEXEC_NONE, 0}, /* flags in struct open_how: probed */
    {SYS_open_by_handle_at, FX_OPEN, 0, 2, O_CLOEXEC},
    {SYS_open_tree, FX_OPEN, 0, 2, O_CLOEXEC},
    {SYS_pidfd_getfd, FX_OPEN, 0, CLOEXEC_ALWAYS, 0},
    {SYS_socket, FX_SOCKET, 0, 1, SOCK_CLOEXEC},
    {SYS_accept, FX_ACCEPT, 0, CLOEXEC_NONE, 0},
    {SYS_accept4, FX_ACCEPT, 0, 3, SOCK_CLOEXEC},
    {SYS_pipe, FX_PIPE, TFD_PIPE, CLOEXEC_NONE, 0},
    {SYS_pipe2, FX_PIPE, TFD_PIPE, 1, O_CLOEXEC},
    {SYS_socketpair, FX_SOCKETPAIR, 0, 1, SOCK_CLOEXEC},
    {SYS_dup, FX_DUP, 0, CLOEXEC_NONE, 0},
    {SYS_dup2, FX_DUP, 0, CLOEXEC_NONE, 0},
    {SYS_dup3, FX_DUP, 0, 2, O_CLOEXEC},
    {SYS_fcntl, FX_FCNTL, 0, CLOEXEC_NONE, 0},
    {SYS_ioctl, FX_IOCTL, 0, CLOEXEC_NONE, 0},
    {SYS_close, FX_CLOSE, 0, CLOEXEC_NONE, 0},
    {SYS_close_range, FX_CLOSE_RANGE, 0, CLOEXEC_NONE, 0},
    {SYS_recvmsg, FX_RECVMSG, 0, 2, MSG_CMSG_CLOEXEC},
    {SYS_epoll_create, FX_NEW, TFD_EPOLL, CLOEXEC_NONE, 0},
    {SYS_epoll_create1, FX_NEW, TFD_EPOLL, 0, O_CLOEXEC},
    {SYS_eventfd, FX_NEW, TFD_EVENTFD, CLOEXEC_NONE, 0},
    {SYS_eventfd2, FX_NEW, TFD_EVENTFD, 1, O_CLOEXEC},
    {SYS_memfd_create, FX_NEW, TFD_MEMFD, 1, 0x1 /* MFD_CLOEXEC */},
    {SYS_memfd_secret, FX_NEW, TFD_MEMFD, 0, O_CLOEXEC},
    {SYS_signalfd, FX_SIGNALFD, TFD_SIGNALFD, CLOEXEC_NONE, 0},
    {SYS_signalfd4, FX_SIGNALFD, TFD_SIGNALFD, 3, O_CLOEXEC},
    {SYS_timerfd_create, FX_NEW, TFD_TIMERFD, 1, O_CLOEXEC},
    {SYS_inotify_init, FX_NEW, TFD_INOTIFY, CLOEXEC_NONE, 0},
    {SYS_inotify_init1, FX_NEW, TFD_INOTIFY, 0, O_CLOEXEC},
    {SYS_fanotify_init, FX_NEW, TFD_ANON, 0, 0x1 /* FAN_CLOEXEC */},
    {SYS_perf_event_open, FX_NEW, TFD_ANON, 4, 0x8 /* PERF_FLAG_FD_CLOEXEC */},
    {SYS_userfaultfd, FX_NEW, TFD_ANON, 0, O_CLOEXEC},
    {SYS_io_uring_setup, FX_NEW, TFD_ANON, CLOEXEC_NONE, 0},
    {SYS_pidfd_open, FX_NEW, TFD_ANON, CLOEXEC_ALWAYS, 0},
    {SYS_landlock_create_ruleset, FX_NEW, TFD_ANON, CLOEXEC_ALWAYS, 0},
    {SYS_mq_open, FX_NEW, TFD_ANON, 1, O_CLOEXEC},
    {SYS_fsopen, FX_NEW, TFD_ANON, 1, 0x1 /* FSOPEN_CLOEXEC */},
    {SYS_fsmount, FX_NEW, TFD_ANON, 1, 0x1 /* FSMOUNT_CLOEXEC */},
    {SYS_fspick, FX_NEW, TFD_ANON, 2, 0x1 /* FSPICK_CLOEXEC */},
    {SYS_unshare, FX_UNSHARE, 0, CLOEXEC_NONE, 0},
};

/* Per syscall number: 1 + index in effects, or 0; bit k of fd_args[nr]: args[k] is a descriptor. */
static uint8_t effect_of[NR_MAX];
static uint8_t fd_args[NR_MAX];
static bool tables_ready;

static void init_tables(void)
{
	if (tables_ready)
		return;
	for (size_t i = 0; i < sizeof(effects) / sizeof(effects[0]); i++)
		effect_of[effects[i].nr] = (uint8_t)(i + 1);
	for (unsigned nr = 0; nr < NR_MAX; nr++) {
		const struct trace_syscall_desc *d = trace_syscall_desc(nr);
		if (!d)
			continue;
		for (unsigned k = 0; k < d->nargs; k++)
			if (d->args[k].kind == TA_FD || d->args[k].kind == TA_DIRFD)
				fd_args[nr] |= (uint8_t)(1u << k);
		/* A call returning a descriptor that no row describes: probe what it returns. */
		if (d->ret_kind == TR_FD && !effect_of[nr])
			effect_of[nr] = 0xff;
	}
	tables_ready = true;
}

/* ---- /proc probing ---- */

static unsigned socket_family_kind(long family)
{
	switch (family) {
	case AF_UNIX:
		return TFD_UNIX;
	case AF_INET:
		return TFD_INET;
	case AF_INET6:
		return TFD_INET6;
	case AF_NETLINK:
		return TFD_NETLINK;
	default:
		return TFD_SOCKET;
	}
}

/* The family of socket fd of pid, through a copy of it (pidfd_getfd). */
static unsigned probe_socket(pid_t pid, int fd)
{
	unsigned kind = TFD_SOCKET;
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (pidfd < 0)
		return kind;
	int copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (copy >= 0) {
		int domain = 0;
		socklen_t len = sizeof(domain);
		if (getsockopt(copy, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0)
			kind = socket_family_kind(domain);
		close(copy);
	}
	close(pidfd);
	return kind;
}

static bool is_tty_dev(dev_t rdev)
{
	unsigned ma = major(rdev), mi = minor(rdev);

	/* tty*, ttyS*: 4; /dev/tty, /dev/console, /dev/ptmx: 5:0-2; pty slaves: 136-143 */
	return ma == 4 || (ma == 5 && mi <= 2) || (ma >= 136 && ma <= 143);
}

static unsigned anon_kind(const char *what)
{
	static const struct {
		const char *name;
		unsigned kind;
	} anon[] = {
	    {"[eventfd]", TFD_EVENTFD},   {"[eventpoll]", TFD_EPOLL}, {"[timerfd]", TFD_TIMERFD},
	    {"[signalfd]", TFD_SIGNALFD}, {"inotify", TFD_INOTIFY},
	};
	for (size_t i = 0; i < sizeof(anon) / sizeof(anon[0]); i++)
		if (strcmp(what, anon[i].name) == 0)
			return anon[i].kind;
	return TFD_ANON;
}

/* Reads the close-on-exec bit from /proc/PID/fdinfo/FD ("flags:\t02100002"). */
static bool probe_cloexec(pid_t pid, int fd)
{
	char path[64], buf[256];

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)pid, fd);
	int in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return false;
	ssize_t n = read(in, buf, sizeof(buf) - 1);
	close(in);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	const char *p = strstr(buf, "flags:");
	return p && (strtoul(p + 6, NULL, 8) & O_CLOEXEC);
}

unsigned rec_fds_probe_proc(pid_t pid, int fd, bool *cloexec)
{
	char path[64], link[PATH_MAX];
	struct stat st;

	if (cloexec)
		*cloexec = false;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return TFD_NONE;
	link[n] = '\0';
	if (cloexec)
		*cloexec = probe_cloexec(pid, fd);
	if (strncmp(link, "socket:", 7) == 0)
		return probe_socket(pid, fd);
	if (strncmp(link, "pipe:", 5) == 0)
		return TFD_PIPE;
	if (strncmp(link, "anon_inode:", 11) == 0)
		return anon_kind(link + 11);
	if (strncmp(link, "/memfd:", 7) == 0)
		return TFD_MEMFD;
	if (stat(path, &st) < 0)
		return link[0] == '/' ? TFD_REG : TFD_ANON;
	switch (st.st_mode & S_IFMT) {
	case S_IFREG:
		return TFD_REG;
	case S_IFDIR:
		return TFD_DIR;
	case S_IFCHR:
		return is_tty_dev(st.st_rdev) ? TFD_TTY : TFD_CHR;
	case S_IFBLK:
		return TFD_BLK;
	case S_IFIFO:
		return TFD_FIFO;
	case S_IFSOCK:
		return TFD_SOCKET;
	default:
		return TFD_ANON;
	}
}

static unsigned proc_probe(void *ctx, pid_t pid, int fd, bool *cloexec)
{
	(void)ctx;
	return rec_fds_probe_proc(pid, fd, cloexec);
}

static int proc_scan(void *ctx, pid_t pid,
                     void (*fn)(void *arg, int fd, unsigned kind, bool cloexec), void *arg)
{
	char path[64];
	(void)ctx;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	DIR *dir = opendir(path);
	if (!dir)
		return -errno;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		char *end;
		long fd = strtol(e->d_name, &end, 10);
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || *end || fd > INT_MAX)
			continue;
		bool cloexec = false;
		unsigned kind = rec_fds_probe_proc(pid, (int)fd, &cloexec);
		if (kind != TFD_NONE)
			fn(arg, (int)fd, kind, cloexec);
	}
	closedir(dir);
	return 0;
}

static size_t proc_read_mem(void *ctx, pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = {buf, len}, remote = {(void *)(uintptr_t)addr, len};
	(void)ctx;

	ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
	return n > 0 ? (size_t)n : 0;
}

const struct rec_fds_ops rec_fds_proc_ops = {proc_probe, proc_scan, proc_read_mem, NULL};

/* ---- tables ---- */

static struct fd_table *table_new(void)
{
	struct fd_table *t = xcalloc(1, sizeof(*t));
	t->refs = 1;
	return t;
}

static struct fd_table *table_copy(const struct fd_table *from)
{
	struct fd_table *t = table_new();
	if (from->cap) {
		t->ent = xmalloc(from->cap);
		memcpy(t->ent, from->ent, from->cap);
		t->cap = from->cap;
	}
	return t;
}

static void table_unref(struct fd_table *t)
{
	if (t && --t->refs == 0) {
		free(t->ent);
		free(t);
	}
}

static unsigned table_get(const struct fd_table *t, long fd, bool *cloexec)
{
	if (fd < 0 || (size_t)fd >= t->cap) {
		if (cloexec)
			*cloexec = false;
		return TFD_NONE;
	}
	if (cloexec)
		*cloexec = (t->ent[fd] & ENT_CLOEXEC) != 0;
	return t->ent[fd] & ENT_KIND;
}

static void table_set(struct fd_table *t, long fd, unsigned kind, bool cloexec)
{
	if (fd < 0 || fd >= FD_LIMIT)
		return;
	if ((size_t)fd >= t->cap) {
		if (kind == TFD_NONE)
			return;
		size_t old = t->cap;
		xgrow((void **)&t->ent, &t->cap, (size_t)fd + 1, 1);
		memset(t->ent + old, 0, t->cap - old);
	}
	t->ent[fd] = kind == TFD_NONE ? 0 : (uint8_t)(kind | (cloexec ? ENT_CLOEXEC : 0));
}

static void table_clear(struct fd_table *t)
{
	if (t->cap)
		memset(t->ent, 0, t->cap);
}

static struct fd_table *table_find(const struct rec_fds *f, pid_t tid)
{
	uint64_t *v = trace_map_get(&f->by_tid, (uint64_t)(uint32_t)tid);
	return v ? (struct fd_table *)(uintptr_t)*v : NULL;
}

static void table_bind(struct rec_fds *f, pid_t tid, struct fd_table *t)
{
	uint64_t *v = trace_map_get(&f->by_tid, (uint64_t)(uint32_t)tid);
	if (v) {
		table_unref((struct fd_table *)(uintptr_t)*v);
		*v = (uint64_t)(uintptr_t)t;
	} else {
		trace_map_put(&f->by_tid, (uint64_t)(uint32_t)tid, (uint64_t)(uintptr_t)t);
	}
}

static void seed_one(void *arg, int fd, unsigned kind, bool cloexec)
{
	table_set(arg, fd, kind, cloexec);
}

static void table_fill(struct rec_fds *f, struct fd_table *t, pid_t pid)
{
	if (f->ops.scan && f->ops.scan(f->ops.ctx, pid, seed_one, t) == 0)
		return;
	pr_debug(1, "descriptors of %d not readable: each is probed when used", (int)pid);
}

/* The table of tid: its own, else its process's (a thread not announced yet),
 * else a new one filled from what pid has open. */
static struct fd_table *table_of(struct rec_fds *f, pid_t tid, pid_t pid)
{
	struct fd_table *t = table_find(f, tid);

	if (t)
		return t;
	t = pid != tid ? table_find(f, pid) : NULL;
	if (t) {
		t->refs++;
	} else {
		t = table_new();
		table_fill(f, t, pid);
	}
	table_bind(f, tid, t);
	return t;
}

/* Makes tid's table its own (a copy when others use it). */
static struct fd_table *table_unshare(struct rec_fds *f, pid_t tid, pid_t pid)
{
	struct fd_table *t = table_of(f, tid, pid);

	if (t->refs == 1)
		return t;
	struct fd_table *copy = table_copy(t);
	table_bind(f, tid, copy);
	return copy;
}

struct rec_fds *rec_fds_new(const struct rec_fds_ops *ops)
{
	struct rec_fds *f = xcalloc(1, sizeof(*f));

	init_tables();
	f->ops = ops ? *ops : rec_fds_proc_ops;
	trace_map_init(&f->by_tid);
	return f;
}

void rec_fds_free(struct rec_fds *f)
{
	if (!f)
		return;
	for (uint32_t i = 0; i < f->by_tid.cap; i++)
		if (f->by_tid.used[i])
			table_unref((struct fd_table *)(uintptr_t)f->by_tid.vals[i]);
	trace_map_free(&f->by_tid);
	free(f);
}

void rec_fds_seed(struct rec_fds *f, pid_t tid, pid_t pid)
{
	struct fd_table *t = table_find(f, tid);

	if (!t) {
		table_of(f, tid, pid);
		return;
	}
	table_clear(t);
	table_fill(f, t, pid);
}

void rec_fds_clone(struct rec_fds *f, pid_t parent, pid_t parent_pid, pid_t child, bool share_files)
{
	struct fd_table *t = table_of(f, parent, parent_pid);

	if (share_files) {
		t->refs++;
		table_bind(f, child, t);
	} else {
		table_bind(f, child, table_copy(t));
	}
}

void rec_fds_exec(struct rec_fds *f, pid_t old_tid, pid_t tid)
{
	struct fd_table *t = table_find(f, old_tid);

	if (!t)
		return;
	if (old_tid != tid) {
		/* The executing thread takes over the leader's tid. */
		t->refs++;
		table_bind(f, tid, t);
		rec_fds_forget(f, old_tid);
	}
	t = table_unshare(f, tid, tid);
	for (size_t fd = 0; fd < t->cap; fd++)
		if (t->ent[fd] & ENT_CLOEXEC)
			t->ent[fd] = 0;
}

void rec_fds_forget(struct rec_fds *f, pid_t tid)
{
	uint64_t *v = trace_map_get(&f->by_tid, (uint64_t)(uint32_t)tid);

	if (!v || !*v)
		return;
	table_unref((struct fd_table *)(uintptr_t)*v);
	/* trace_map has no removal: an unbound tid holds NULL. */
	*v = 0;
}

/* The kind of fd in t, probing pid when t does not know it. */
static unsigned kind_of(struct rec_fds *f, struct fd_table *t, pid_t pid, long fd)
{
	unsigned kind = table_get(t, fd, NULL);
	bool cloexec = false;

	if (kind != TFD_NONE || fd < 0 || fd >= FD_LIMIT || !f->ops.probe)
		return kind;
	kind = f->ops.probe(f->ops.ctx, pid, (int)fd, &cloexec);
	table_set(t, fd, kind, cloexec);
	return kind;
}

uint32_t rec_fds_kinds(struct rec_fds *f, pid_t tid, pid_t pid, long nr, const uint64_t *args)
{
	if (nr < 0 || nr >= NR_MAX || !fd_args[nr])
		return 0;
	/* MAP_ANONYMOUS ignores the descriptor argument (often 0 or -1). */
	if (nr == SYS_mmap && (args[3] & 0x20))
		return 0;
	struct fd_table *t = table_of(f, tid, pid);
	uint32_t packed = 0;
	for (unsigned bits = fd_args[nr]; bits; bits &= bits - 1) {
		unsigned k = (unsigned)__builtin_ctz(bits);
		int fd = (int)args[k];
		if (fd >= 0)
			packed = trace_fdk_set(packed, k, kind_of(f, t, pid, fd));
	}
	return packed;
}

bool rec_fds_follows(long nr)
{
	init_tables();
	return nr >= 0 && nr < NR_MAX && effect_of[nr] != 0;
}

void rec_fds_stop_set(uint64_t *set)
{
	static const long clones[] = {SYS_clone, SYS_clone3, SYS_fork, SYS_vfork};

	init_tables();
	for (unsigned nr = 0; nr < NR_MAX; nr++)
		if (effect_of[nr] && nr != SYS_ioctl) /* FIOCLEX matters only at exec */
			set[nr / 64] |= 1ull << (nr % 64);
	for (size_t i = 0; i < sizeof(clones) / sizeof(clones[0]); i++)
		set[clones[i] / 64] |= 1ull << (clones[i] % 64);
}

unsigned rec_fds_lookup(struct rec_fds *f, pid_t tid, int fd, bool *cloexec)
{
	struct fd_table *t = table_find(f, tid);

	if (!t) {
		if (cloexec)
			*cloexec = false;
		return TFD_NONE;
	}
	return table_get(t, fd, cloexec);
}

int rec_fds_comm(struct rec_fds *f, pid_t tid, long fd)
{
	struct fd_table *t = table_find(f, tid);

	if (!t || fd < 0 || (size_t)fd >= t->cap || (t->ent[fd] & ENT_KIND) != TFD_REG)
		return 0; /* only a regular file can be a comm file */
	if (!(t->ent[fd] & ENT_NOTED))
		return -1;
	return (t->ent[fd] & ENT_COMM) != 0;
}

void rec_fds_set_comm(struct rec_fds *f, pid_t tid, long fd, bool comm)
{
	struct fd_table *t = table_find(f, tid);

	if (!t || fd < 0 || (size_t)fd >= t->cap || !(t->ent[fd] & ENT_KIND))
		return;
	t->ent[fd] = (uint8_t)((t->ent[fd] & ~ENT_COMM) | ENT_NOTED | (comm ? ENT_COMM : 0));
}

/* ---- effects of calls ---- */

static bool call_cloexec(const struct effect *e, const uint64_t *args)
{
	if (e->cloexec_arg == CLOEXEC_ALWAYS)
		return true;
	if (e->cloexec_arg == CLOEXEC_NONE)
		return false;
	return (args[e->cloexec_arg] & e->cloexec_bit) != 0;
}

/* A descriptor created by name (or otherwise unknown to us) at fd: probed. */
static void add_probed(struct rec_fds *f, struct fd_table *t, pid_t pid, long fd, unsigned fallback,
                       bool cloexec)
{
	bool ce = false;
	unsigned kind = f->ops.probe ? f->ops.probe(f->ops.ctx, pid, (int)fd, &ce) : TFD_NONE;

	table_set(t, fd, kind != TFD_NONE ? kind : fallback, cloexec || ce);
}

/* New descriptor to is like from (accept, dup); probed when from is unknown. */
static void copy_kind(struct rec_fds *f, struct fd_table *t, pid_t pid, long from, long to,
                      unsigned fallback, bool cloexec)
{
	unsigned kind = table_get(t, from, NULL);

	if (kind == TFD_NONE)
		add_probed(f, t, pid, to, fallback, cloexec);
	else
		table_set(t, to, kind, cloexec);
}

static void add_pair(struct rec_fds *f, struct fd_table *t, pid_t tid, uint64_t addr, unsigned kind,
                     bool cloexec)
{
	int fds[2];

	if (!f->ops.read_mem ||
	    f->ops.read_mem(f->ops.ctx, tid, addr, fds, sizeof(fds)) != sizeof(fds))
		return;
	table_set(t, fds[0], kind, cloexec);
	table_set(t, fds[1], kind, cloexec);
}

static void close_range_fx(struct fd_table *t, uint64_t first, uint64_t last, bool to_cloexec)
{
	if (t->cap == 0 || first >= t->cap)
		return;
	if (last >= t->cap)
		last = t->cap - 1;
	for (uint64_t fd = first; fd <= last; fd++) {
		if (to_cloexec && t->ent[fd])
			t->ent[fd] |= ENT_CLOEXEC;
		else if (!to_cloexec)
			t->ent[fd] = 0;
	}
}

/* Descriptors received with SCM_RIGHTS by the recvmsg that filled msghdr at addr. */
static void recvmsg_fx(struct rec_fds *f, struct fd_table *t, pid_t tid, pid_t pid, uint64_t addr,
                       bool cloexec)
{
	uint64_t hdr[7]; /* struct msghdr on x86_64: control at 32, controllen at 40 */
	uint8_t cbuf[4096];

	if (!f->ops.read_mem ||
	    f->ops.read_mem(f->ops.ctx, tid, addr, hdr, sizeof(hdr)) != sizeof(hdr))
		return;
	uint64_t ctl = hdr[4], clen = hdr[5];
	if (!ctl || clen < sizeof(struct cmsghdr))
		return;
	if (clen > sizeof(cbuf))
		clen = sizeof(cbuf);
	size_t got = f->ops.read_mem(f->ops.ctx, tid, ctl, cbuf, clen);
	for (size_t off = 0; off + sizeof(struct cmsghdr) <= got;) {
		struct cmsghdr c;
		memcpy(&c, cbuf + off, sizeof(c));
		if (c.cmsg_len < sizeof(c) || c.cmsg_len > got - off)
			break;
		if (c.cmsg_level == SOL_SOCKET && c.cmsg_type == SCM_RIGHTS) {
			size_t n = (c.cmsg_len - CMSG_LEN(0)) / sizeof(int);
			for (size_t i = 0; i < n; i++) {
				int fd;
				memcpy(&fd, cbuf + off + CMSG_LEN(0) + i * sizeof(int), sizeof(fd));
				add_probed(f, t, pid, fd, TFD_ANON, cloexec);
			}
		}
		off += CMSG_ALIGN(c.cmsg_len);
	}
}

static void fcntl_fx(struct fd_table *t, const uint64_t *args, int64_t ret)
{
	bool cloexec;
	unsigned kind = table_get(t, (long)(int)args[0], &cloexec);

	switch ((int)args[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		table_set(t, ret, kind, (int)args[1] == F_DUPFD_CLOEXEC);
		break;
	case F_SETFD:
		if (kind != TFD_NONE)
			table_set(t, (int)args[0], kind, (args[2] & FD_CLOEXEC) != 0);
		break;
	default:
		break;
	}
}

static void apply(struct rec_fds *f, struct fd_table *t, const struct effect *e, pid_t tid,
                  pid_t pid, const uint64_t *args, int64_t ret)
{
	bool cloexec = call_cloexec(e, args);
	int fd0 = (int)args[0];

	switch (e->fx) {
	case FX_NEW:
		table_set(t, ret, e->kind, cloexec);
		break;
	case FX_OPEN:
		add_probed(f, t, pid, ret, TFD_REG, cloexec);
		break;
	case FX_SOCKET:
		table_set(t, ret, socket_family_kind((long)(int)args[0]), cloexec);
		break;
	case FX_ACCEPT:
		copy_kind(f, t, pid, fd0, ret, TFD_SOCKET, cloexec);
		break;
	case FX_PIPE:
		add_pair(f, t, tid, args[0], e->kind, cloexec);
		break;
	case FX_SOCKETPAIR:
		add_pair(f, t, tid, args[3], socket_family_kind((long)(int)args[0]), cloexec);
		break;
	case FX_DUP:
		copy_kind(f, t, pid, fd0, ret, TFD_NONE, cloexec);
		break;
	case FX_FCNTL:
		fcntl_fx(t, args, ret);
		break;
	case FX_IOCTL:
		if ((unsigned)args[1] == FIOCLEX || (unsigned)args[1] == FIONCLEX) {
			unsigned kind = table_get(t, fd0, NULL);
			if (kind != TFD_NONE)
				table_set(t, fd0, kind, (unsigned)args[1] == FIOCLEX);
		}
		break;
	case FX_CLOSE_RANGE:
		close_range_fx(t, (uint32_t)args[0], (uint32_t)args[1], (args[2] & 0x4) != 0);
		break;
	case FX_RECVMSG:
		recvmsg_fx(f, t, tid, pid, args[1], cloexec);
		break;
	case FX_SIGNALFD:
		if (fd0 == -1)
			table_set(t, ret, e->kind, cloexec);
		break;
	default:
		break;
	}
}

void rec_fds_after(struct rec_fds *f, pid_t tid, pid_t pid, long nr, const uint64_t *args,
                   int64_t ret)
{
	if (nr < 0 || nr >= NR_MAX || !effect_of[nr])
		return;
	if (nr == SYS_close) {
		/* Linux closes the descriptor even when close fails with EINTR or EIO. */
		if (ret != -EBADF)
			table_set(table_of(f, tid, pid), (int)args[0], TFD_NONE, false);
		return;
	}
	if (ret < 0)
		return;
	if (nr == SYS_unshare) {
		if (args[0] & CLONE_FILES)
			table_unshare(f, tid, pid);
		return;
	}
	if (nr == SYS_close_range && (args[2] & 0x2)) /* CLOSE_RANGE_UNSHARE */
		table_unshare(f, tid, pid);
	struct fd_table *t = table_of(f, tid, pid);
	if (effect_of[nr] == 0xff)
		add_probed(f, t, pid, ret, TFD_ANON, false);
	else
		apply(f, t, &effects[effect_of[nr] - 1], tid, pid, args, ret);
}
