/*
 * test_fds.c - the recorder's descriptor tables (record/rec_fds.c): calls
 * that create, duplicate, pass and close descriptors, close_range, close-on-exec
 * at exec, fork sharing and copying, SCM_RIGHTS; against a fake system (what
 * /proc would say, and tracee memory), then against this process's own /proc.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libtrace/trace_fdkind.h"
#include "record/rec_fds.h"

#define PID   100
#define NFAKE 64

/* The fake system: what the kernel says pid PID has open, and tracee memory. */
static unsigned sys_kind[NFAKE];
static bool sys_cloexec[NFAKE];
static unsigned probes;
static uint8_t mem[4096]; /* tracee memory at address 0x1000 */
#define MEM_BASE 0x1000u

static unsigned fake_probe(void *ctx, pid_t pid, int fd, bool *cloexec)
{
	(void)ctx;
	probes++;
	if (pid != PID || fd < 0 || fd >= NFAKE)
		return TFD_NONE;
	if (cloexec)
		*cloexec = sys_cloexec[fd];
	return sys_kind[fd];
}

static int fake_scan(void *ctx, pid_t pid, void (*fn)(void *arg, int fd, unsigned kind, bool ce),
                     void *arg)
{
	(void)ctx;
	if (pid != PID)
		return -ESRCH;
	for (int fd = 0; fd < NFAKE; fd++)
		if (sys_kind[fd])
			fn(arg, fd, sys_kind[fd], sys_cloexec[fd]);
	return 0;
}

static size_t fake_read(void *ctx, pid_t tid, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	(void)tid;
	if (addr < MEM_BASE || addr - MEM_BASE >= sizeof(mem))
		return 0;
	size_t off = addr - MEM_BASE, n = sizeof(mem) - off < len ? sizeof(mem) - off : len;
	memcpy(buf, mem + off, n);
	return n;
}

static const struct rec_fds_ops fake_ops = {fake_probe, fake_scan, fake_read, NULL};
static struct rec_fds *f;

static void setup(void)
{
	memset(sys_kind, 0, sizeof(sys_kind));
	memset(sys_cloexec, 0, sizeof(sys_cloexec));
	memset(mem, 0, sizeof(mem));
	sys_kind[0] = TFD_TTY;
	sys_kind[1] = TFD_PIPE;
	sys_kind[2] = TFD_REG;
	probes = 0;
	f = rec_fds_new(&fake_ops);
}

static void teardown(void)
{
	rec_fds_free(f);
}

TestSuite(fds, .init = setup, .fini = teardown);

/* Call nr of PID (main thread) with up to 4 args, finished with ret. */
static void call(long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, int64_t ret)
{
	uint64_t args[6] = {a0, a1, a2, a3, 0, 0};
	rec_fds_after(f, PID, PID, nr, args, ret);
}

static unsigned kind(pid_t tid, int fd)
{
	return rec_fds_lookup(f, tid, fd, NULL);
}

static bool cloexec(pid_t tid, int fd)
{
	bool ce = false;
	rec_fds_lookup(f, tid, fd, &ce);
	return ce;
}

/* The kind rec_fds_kinds reports for read(fd) of tid. */
static unsigned read_kind(pid_t tid, int fd)
{
	uint64_t args[6] = {(uint64_t)fd, 0, 0, 0, 0, 0};
	return trace_fdk_get(rec_fds_kinds(f, tid, PID, SYS_read, args), 0);
}

Test(fds, seeded_from_the_system_at_first_sight)
{
	cr_expect_eq(read_kind(PID, 0), TFD_TTY);
	cr_expect_eq(kind(PID, 1), TFD_PIPE);
	cr_expect_eq(kind(PID, 2), TFD_REG);
	cr_expect_eq(kind(PID, 3), TFD_NONE);
}

Test(fds, creation_calls)
{
	read_kind(PID, 0);
	sys_kind[3] = TFD_DIR; /* what /proc shows after the open */
	sys_cloexec[3] = true;
	call(SYS_openat, (uint64_t)AT_FDCWD, 0, O_RDONLY | O_CLOEXEC, 0, 3);
	cr_expect_eq(kind(PID, 3), TFD_DIR);
	cr_expect(cloexec(PID, 3));
	call(SYS_openat, (uint64_t)AT_FDCWD, 0, O_RDONLY | O_CLOEXEC, 0, 4);
	cr_expect_eq(kind(PID, 4), TFD_REG, "an open the system cannot tell is a regular file");
	cr_expect(cloexec(PID, 4));
	call(SYS_socket, AF_INET6, SOCK_STREAM, 0, 0, 5);
	cr_expect_eq(kind(PID, 5), TFD_INET6);
	call(SYS_socket, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0, 0, 6);
	cr_expect_eq(kind(PID, 6), TFD_NETLINK);
	cr_expect(cloexec(PID, 6));
	call(SYS_accept4, 5, 0, 0, SOCK_CLOEXEC, 7);
	cr_expect_eq(kind(PID, 7), TFD_INET6);
	cr_expect(cloexec(PID, 7));
	call(SYS_eventfd2, 0, O_CLOEXEC, 0, 0, 8);
	call(SYS_epoll_create1, 0, 0, 0, 0, 9);
	call(SYS_timerfd_create, 1, 0, 0, 0, 10);
	call(SYS_signalfd4, (uint64_t)-1, 0, 8, 0, 11);
	call(SYS_inotify_init1, 0, 0, 0, 0, 12);
	call(SYS_memfd_create, 0, 1, 0, 0, 13);
	cr_expect_eq(kind(PID, 8), TFD_EVENTFD);
	cr_expect(cloexec(PID, 8));
	cr_expect_eq(kind(PID, 9), TFD_EPOLL);
	cr_expect_eq(kind(PID, 10), TFD_TIMERFD);
	cr_expect_eq(kind(PID, 11), TFD_SIGNALFD);
	cr_expect_eq(kind(PID, 12), TFD_INOTIFY);
	cr_expect_eq(kind(PID, 13), TFD_MEMFD);
	cr_expect(cloexec(PID, 13));
	/* pipe2 and socketpair write their pair into tracee memory */
	int pair[2] = {14, 15};
	memcpy(mem, pair, sizeof(pair));
	call(SYS_pipe2, MEM_BASE, O_CLOEXEC, 0, 0, 0);
	cr_expect_eq(kind(PID, 14), TFD_PIPE);
	cr_expect_eq(kind(PID, 15), TFD_PIPE);
	cr_expect(cloexec(PID, 15));
	pair[0] = 16;
	pair[1] = 17;
	memcpy(mem + 64, pair, sizeof(pair));
	call(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, MEM_BASE + 64, 0);
	cr_expect_eq(kind(PID, 16), TFD_UNIX);
	cr_expect_eq(kind(PID, 17), TFD_UNIX);
	/* a failed call creates nothing */
	call(SYS_socket, AF_INET, SOCK_STREAM, 0, 0, -EMFILE);
	cr_expect_eq(kind(PID, 18), TFD_NONE);
}

Test(fds, dup_fcntl_and_close)
{
	call(SYS_socket, AF_INET, SOCK_STREAM, 0, 0, 3);
	call(SYS_dup, 3, 0, 0, 0, 4);
	cr_expect_eq(kind(PID, 4), TFD_INET);
	call(SYS_dup2, 3, 1, 0, 0, 1); /* replaces the pipe on 1 */
	cr_expect_eq(kind(PID, 1), TFD_INET);
	call(SYS_dup3, 2, 5, O_CLOEXEC, 0, 5);
	cr_expect_eq(kind(PID, 5), TFD_REG);
	cr_expect(cloexec(PID, 5));
	call(SYS_fcntl, 3, F_DUPFD_CLOEXEC, 10, 0, 10);
	cr_expect_eq(kind(PID, 10), TFD_INET);
	cr_expect(cloexec(PID, 10));
	call(SYS_fcntl, 10, F_SETFD, 0, 0, 0);
	cr_expect_not(cloexec(PID, 10));
	call(SYS_fcntl, 3, F_DUPFD, 0, 0, 6);
	cr_expect_eq(kind(PID, 6), TFD_INET);
	call(SYS_close, 3, 0, 0, 0, 0);
	cr_expect_eq(kind(PID, 3), TFD_NONE);
	call(SYS_close, 4, 0, 0, 0, -EINTR); /* Linux has closed it anyway */
	cr_expect_eq(kind(PID, 4), TFD_NONE);
}

Test(fds, close_range)
{
	for (int fd = 3; fd < 10; fd++)
		call(SYS_eventfd2, 0, 0, 0, 0, fd);
	call(SYS_close_range, 4, 6, 0, 0, 0);
	cr_expect_eq(kind(PID, 3), TFD_EVENTFD);
	cr_expect_eq(kind(PID, 4), TFD_NONE);
	cr_expect_eq(kind(PID, 6), TFD_NONE);
	cr_expect_eq(kind(PID, 7), TFD_EVENTFD);
	call(SYS_close_range, 8, ~0u, 4 /* CLOSE_RANGE_CLOEXEC */, 0, 0);
	cr_expect_eq(kind(PID, 8), TFD_EVENTFD);
	cr_expect(cloexec(PID, 8));
	cr_expect(cloexec(PID, 9));
	cr_expect_not(cloexec(PID, 7));
	call(SYS_close_range, 7, ~0u, 0, 0, 0);
	cr_expect_eq(kind(PID, 9), TFD_NONE);
	cr_expect_eq(kind(PID, 3), TFD_EVENTFD);
}

Test(fds, cloexec_descriptors_close_at_exec)
{
	call(SYS_openat, (uint64_t)AT_FDCWD, 0, O_RDONLY | O_CLOEXEC, 0, 3);
	call(SYS_openat, (uint64_t)AT_FDCWD, 0, O_RDONLY, 0, 4);
	call(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, 0, 5);
	call(SYS_ioctl, 4, FIOCLEX, 0, 0, 0);
	call(SYS_eventfd2, 0, 0, 0, 0, 6);
	rec_fds_exec(f, PID, PID);
	cr_expect_eq(kind(PID, 3), TFD_NONE);
	cr_expect_eq(kind(PID, 4), TFD_NONE);
	cr_expect_eq(kind(PID, 5), TFD_NONE);
	cr_expect_eq(kind(PID, 6), TFD_EVENTFD);
	cr_expect_eq(kind(PID, 2), TFD_REG);
}

Test(fds, exec_from_a_thread_takes_the_leader_tid)
{
	rec_fds_clone(f, PID, PID, PID + 1, true);
	call(SYS_eventfd2, 0, O_CLOEXEC, 0, 0, 3);
	call(SYS_eventfd2, 0, 0, 0, 0, 4);
	rec_fds_exec(f, PID + 1, PID);
	cr_expect_eq(kind(PID, 3), TFD_NONE);
	cr_expect_eq(kind(PID, 4), TFD_EVENTFD);
	cr_expect_eq(kind(PID + 1, 4), TFD_NONE, "the old tid is gone");
}

Test(fds, fork_copies_and_clone_files_shares)
{
	read_kind(PID, 0);
	rec_fds_clone(f, PID, PID, 200, false);    /* fork: a copy */
	rec_fds_clone(f, PID, PID, PID + 1, true); /* a thread: shared */
	call(SYS_socket, AF_INET, SOCK_STREAM, 0, 0, 3);
	cr_expect_eq(kind(PID + 1, 3), TFD_INET, "a thread sees its process's new socket");
	cr_expect_eq(kind(200, 3), TFD_NONE, "the child's copy does not");
	cr_expect_eq(kind(200, 2), TFD_REG, "the child inherited the rest");
	uint64_t args[6] = {2, 0, 0, 0, 0, 0};
	rec_fds_after(f, 200, 200, SYS_close, args, 0);
	cr_expect_eq(kind(200, 2), TFD_NONE);
	cr_expect_eq(kind(PID, 2), TFD_REG, "closing in the child leaves the parent's");
	/* unshare(CLONE_FILES) in the thread: it stops seeing the process's changes */
	uint64_t un[6] = {CLONE_FILES, 0, 0, 0, 0, 0};
	rec_fds_after(f, PID + 1, PID, SYS_unshare, un, 0);
	call(SYS_close, 3, 0, 0, 0, 0);
	cr_expect_eq(kind(PID + 1, 3), TFD_INET);
	cr_expect_eq(kind(PID, 3), TFD_NONE);
	rec_fds_forget(f, PID + 1);
	cr_expect_eq(kind(PID + 1, 3), TFD_NONE);
}

Test(fds, scm_rights_received_by_recvmsg)
{
	/* struct msghdr at MEM_BASE: msg_control at 32, msg_controllen at 40 */
	uint64_t ctl = MEM_BASE + 256, clen = CMSG_SPACE(2 * sizeof(int));
	memcpy(mem + 32, &ctl, 8);
	memcpy(mem + 40, &clen, 8);
	struct cmsghdr c = {.cmsg_len = CMSG_LEN(2 * sizeof(int)),
	                    .cmsg_level = SOL_SOCKET,
	                    .cmsg_type = SCM_RIGHTS};
	int fds[2] = {20, 21};
	memcpy(mem + 256, &c, sizeof(c));
	memcpy(mem + 256 + CMSG_LEN(0), fds, sizeof(fds));
	sys_kind[20] = TFD_REG;
	sys_kind[21] = TFD_INET;
	call(SYS_recvmsg, 3, MEM_BASE, MSG_CMSG_CLOEXEC, 0, 1);
	cr_expect_eq(kind(PID, 20), TFD_REG);
	cr_expect_eq(kind(PID, 21), TFD_INET);
	cr_expect(cloexec(PID, 21));
}

Test(fds, kinds_of_arguments_and_lazy_probe)
{
	read_kind(PID, 0);
	unsigned before = probes;
	sys_kind[7] = TFD_INET; /* created by something not followed */
	cr_expect_eq(read_kind(PID, 7), TFD_INET);
	cr_expect_eq(probes, before + 1);
	cr_expect_eq(read_kind(PID, 7), TFD_INET);
	cr_expect_eq(probes, before + 1, "a probed descriptor is remembered");
	/* sendfile(out=7, in=2): both arguments */
	uint64_t args[6] = {7, 2, 0, 0, 0, 0};
	uint32_t k = rec_fds_kinds(f, PID, PID, SYS_sendfile, args);
	cr_expect_eq(trace_fdk_get(k, 0), TFD_INET);
	cr_expect_eq(trace_fdk_get(k, 1), TFD_REG);
	/* AT_FDCWD and anonymous mmap name no descriptor */
	uint64_t at[6] = {(uint64_t)AT_FDCWD, 0, 0, 0, 0, 0};
	cr_expect_eq(rec_fds_kinds(f, PID, PID, SYS_newfstatat, at), 0);
	uint64_t mm[6] = {0, 4096, 3, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, 0, 0};
	cr_expect_eq(rec_fds_kinds(f, PID, PID, SYS_mmap, mm), 0);
	mm[3] = 0x2;
	mm[4] = 2;
	cr_expect_eq(trace_fdk_get(rec_fds_kinds(f, PID, PID, SYS_mmap, mm), 4), TFD_REG);
	/* calls without descriptor arguments cost nothing */
	cr_expect_eq(rec_fds_kinds(f, PID, PID, SYS_getpid, args), 0);
	/* a huge descriptor number is never tabled */
	cr_expect_eq(read_kind(PID, 1 << 30), TFD_NONE);
}

Test(fds, stop_set_holds_the_calls_that_change_tables)
{
	uint64_t set[16] = {0};
	rec_fds_stop_set(set);
#define HAS(nr) ((set[(nr) / 64] >> ((nr) % 64)) & 1)
	cr_expect(HAS(SYS_openat));
	cr_expect(HAS(SYS_close));
	cr_expect(HAS(SYS_dup2));
	cr_expect(HAS(SYS_socket));
	cr_expect(HAS(SYS_recvmsg));
	cr_expect(HAS(SYS_clone));
	cr_expect(HAS(SYS_pidfd_open)); /* returns a descriptor */
	cr_expect_not(HAS(SYS_read));
	cr_expect_not(HAS(SYS_fsync));
	cr_expect(rec_fds_follows(SYS_dup3));
	cr_expect_not(rec_fds_follows(SYS_write));
}

/* The /proc probe on this process's own descriptors. */
Test(fds_proc, probes_real_descriptors)
{
	int sv[2], p[2];
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	int efd = (int)syscall(SYS_eventfd2, 0, 0);
	int in = socket(AF_INET, SOCK_DGRAM, 0), in6 = socket(AF_INET6, SOCK_DGRAM, 0);
	int dir = open("/", O_RDONLY | O_DIRECTORY), null = open("/dev/null", O_WRONLY);
	int reg = open("/proc/self/exe", O_RDONLY);
	bool ce = false;
	pid_t me = getpid();

	cr_expect_eq(rec_fds_probe_proc(me, sv[0], NULL), TFD_UNIX);
	cr_expect_eq(rec_fds_probe_proc(me, p[0], &ce), TFD_PIPE);
	cr_expect(ce);
	cr_expect_eq(rec_fds_probe_proc(me, efd, &ce), TFD_EVENTFD);
	cr_expect_not(ce);
	if (in >= 0)
		cr_expect_eq(rec_fds_probe_proc(me, in, NULL), TFD_INET);
	if (in6 >= 0)
		cr_expect_eq(rec_fds_probe_proc(me, in6, NULL), TFD_INET6);
	cr_expect_eq(rec_fds_probe_proc(me, dir, NULL), TFD_DIR);
	cr_expect_eq(rec_fds_probe_proc(me, null, NULL), TFD_CHR);
	cr_expect_eq(rec_fds_probe_proc(me, reg, NULL), TFD_REG);
	cr_expect_eq(rec_fds_probe_proc(me, 1 << 20, NULL), TFD_NONE);
	/* a table of this process starts from /proc/self/fd */
	struct rec_fds *t = rec_fds_new(NULL);
	rec_fds_seed(t, me, me);
	cr_expect_eq(rec_fds_lookup(t, me, efd, NULL), TFD_EVENTFD);
	cr_expect_eq(rec_fds_lookup(t, me, dir, NULL), TFD_DIR);
	rec_fds_free(t);
	close(sv[0]);
	close(sv[1]);
	close(p[0]);
	close(p[1]);
	close(efd);
	close(in);
	close(in6);
	close(dir);
	close(null);
	close(reg);
}
