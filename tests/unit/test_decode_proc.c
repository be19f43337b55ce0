/*
 * test_decode_proc.c - signals, clone, wait4, execve, fcntl, descriptors,
 * iovecs, ioctl, clocks and futexes against strace 6.1 (see decode_fixture.h).
 */
#include "decode_fixture.h"

Test(decode, signals)
{
	struct trace_syscall s = sys("kill", -3, 2, 999999, 2);
	EXPECT(s, "kill(999999, SIGINT) = -1 ESRCH (No such process)");
	s = sys("kill", 0, 2, 7036, 0);
	EXPECT(s, "kill(7036, 0) = 0");
	s = sys("kill", -3, 2, 999999, 37);
	EXPECT(s, "kill(999999, SIGRT_5) = -1 ESRCH (No such process)");
	s = sys("kill", -3, 2, 999999, 32);
	EXPECT(s, "kill(999999, SIGRTMIN) = -1 ESRCH (No such process)");
	s = sys("kill", -3, 2, 999999, 64);
	EXPECT(s, "kill(999999, SIGRT_32) = -1 ESRCH (No such process)");
	s = sys("kill", -3, 2, 999999, 65);
	EXPECT(s, "kill(999999, 65) = -1 ESRCH (No such process)");
	s = sys("kill", -3, 2, 999999, (uint64_t)-1);
	EXPECT(s, "kill(999999, -1) = -1 ESRCH (No such process)");
	s = sys("tgkill", -3, 3, 7036, 999999, 10);
	EXPECT(s, "tgkill(7036, 999999, SIGUSR1) = -1 ESRCH (No such process)");

	uint8_t set[8] = {0};
	set[0] = 1 << 1; /* SIGINT */
	set[1] = 1 << 6; /* SIGTERM (15) */
	s = sys("rt_sigprocmask", 0, 4, 0, 0x1000, 0x2000, 8);
	pay(&s, 1, TPAY_STRUCT, 0, set, 8, 8);
	uint8_t none[8] = {0};
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, none, 8, 8);
	EXPECT(s, "rt_sigprocmask(SIG_BLOCK, [INT TERM], [], 8) = 0");

	uint8_t most[8];
	memset(most, 0xff, 8);
	most[0] &= (uint8_t) ~(1 << 1);       /* not SIGINT */
	most[3] &= (uint8_t) ~(3u << 7 >> 0); /* not 32 (bit 31) */
	most[4] &= (uint8_t)~1;               /* not 33 (bit 32) */
	s = sys("rt_sigprocmask", 0, 4, 2, 0x1000, 0, 8);
	pay(&s, 1, TPAY_STRUCT, 0, most, 8, 8);
	EXPECT(s, "rt_sigprocmask(SIG_SETMASK, ~[INT RTMIN RT_1], NULL, 8) = 0");
}

Test(decode, clone_and_wait)
{
	struct trace_syscall s =
	    sys("clone", 8325, 5, 0x200000 | 0x1000000 | 17, 0, 0, 0x7fb2afcbba10, 0);
	EXPECT(s, "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
	          "child_tidptr=0x7fb2afcbba10) = 8325");

	s = sys("clone", -EINVAL_, 5,
	        0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 |
	            0x10000000,
	        0x1000, 0x2000, 0x3000, 0x4000);
	EXPECT(s,
	       "clone(child_stack=0x1000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
	       "CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|"
	       "CLONE_NEWUSER, parent_tid=0x2000, tls=0x4000, child_tidptr=0x3000) = -1 EINVAL "
	       "(Invalid argument)");

	s = sys("clone", -EINVAL_, 5, 0xffffff00u, 0, 0, 0, 0);
	EXPECT(s, "clone(child_stack=NULL, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
	          "CLONE_PIDFD|CLONE_PTRACE|CLONE_VFORK|CLONE_PARENT|CLONE_THREAD|CLONE_NEWNS|"
	          "CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|"
	          "CLONE_UNTRACED|CLONE_CHILD_SETTID|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|"
	          "CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|CLONE_IO|0x400000, parent_tid=NULL, "
	          "tls=NULL, child_tidptr=NULL) = -1 EINVAL (Invalid argument)");

	s = sys("clone", -EINVAL_, 5, 0x10000000 | 0x200 | 10, 0x1000, 0x2000, 0x3000, 0x4000);
	EXPECT(s, "clone(child_stack=0x1000, flags=CLONE_FS|CLONE_NEWUSER|SIGUSR1) = -1 EINVAL "
	          "(Invalid argument)");
	s = sys("clone", -EINVAL_, 5, 0x10000000 | 0x200 | 0x7f, 0, 0, 0, 0);
	EXPECT(s, "clone(child_stack=NULL, flags=CLONE_FS|CLONE_NEWUSER|127) = -1 EINVAL (Invalid "
	          "argument)");
	s = sys("clone", 10761, 5, 0, 0, 0, 0, 0);
	EXPECT(s, "clone(child_stack=NULL, flags=0) = 10761");
	s = sys("unshare", 0, 1, 0x20000 | 0x8000000);
	EXPECT(s, "unshare(CLONE_NEWNS|CLONE_NEWIPC) = 0");

	uint8_t st[4] = {0, 0, 0, 0};
	s = sys("wait4", 8325, 4, 8325, 0x1000, 0, 0);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, st, 4, 4);
	EXPECT(s, "wait4(8325, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 8325");
	st[0] = 9;
	s = sys("wait4", 15912, 4, 15912, 0x1000, 0, 0);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, st, 4, 4);
	EXPECT(s, "wait4(15912, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], 0, NULL) = 15912");
	st[0] = 0;
	st[1] = 7;
	s = sys("wait4", 15913, 4, 15913, 0x1000, 0x40000000, 0);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, st, 4, 4);
	EXPECT(s, "wait4(15913, [{WIFEXITED(s) && WEXITSTATUS(s) == 7}], __WALL, NULL) = 15913");
	s = sys("wait4", -10, 4, (uint64_t)-1, 0x7fff2b7816ec, 1, 0);
	EXPECT(s, "wait4(-1, 0x7fff2b7816ec, WNOHANG, NULL) = -1 ECHILD (No child processes)");
	s = sys("wait4", -10, 4, (uint64_t)-1, 0x7fff0b20b4e0, 1 | 2 | 0x40000000, 0);
	EXPECT(s, "wait4(-1, 0x7fff0b20b4e0, WNOHANG|WSTOPPED|__WALL, NULL) = -1 ECHILD (No child "
	          "processes)");

	s = sys("exit_group", 0, 1, 3);
	EXPECT(s, "exit_group(3) = ?");
}

Test(decode, execve)
{
	static const char *const argv[] = {"true", "-la", "x y", NULL};
	static const char *const envp[] = {"A=1", "B=2", NULL};
	struct trace_syscall s = sys("execve", 0, 3, 0x1000, 0x2000, 0x7fff2b7816d0);
	pay_str(&s, 0, "/bin/true");
	pay_argv(&s, 1, argv);
	pay_argv(&s, 2, envp);
	EXPECT(s,
	       "execve(\"/bin/true\", [\"true\", \"-la\", \"x y\"], 0x7fff2b7816d0 /* 2 vars */) = "
	       "0");

	static const char *const one[] = {"a\tb", NULL};
	static const char *const x1[] = {"X=1", NULL};
	static const char *const empty[] = {NULL};
	s = sys("execve", -ENOENT_, 3, 0x1000, 0x2000, 0x7ffebe318220);
	pay_str(&s, 0, "/nonexistent");
	pay_argv(&s, 1, one);
	pay_argv(&s, 2, x1);
	EXPECT(s,
	       "execve(\"/nonexistent\", [\"a\\tb\"], 0x7ffebe318220 /* 1 var */) = -1 ENOENT (No "
	       "such file or directory)");
	s = sys("execve", -ENOENT_, 3, 0x1000, 0x2000, 0x7ffebe318240);
	pay_str(&s, 0, "/nonexistent");
	pay_argv(&s, 1, empty);
	pay_argv(&s, 2, empty);
	EXPECT(s, "execve(\"/nonexistent\", [], 0x7ffebe318240 /* 0 vars */) = -1 ENOENT (No such "
	          "file or directory)");
	s = sys("execve", -ENOENT_, 3, 0x1000, 0, 0);
	pay_str(&s, 0, "/nonexistent");
	EXPECT(s, "execve(\"/nonexistent\", NULL, NULL) = -1 ENOENT (No such file or directory)");
	s = sys("execve", -ENOENT_, 3, 0x1000, 0x10, 0x10);
	pay_str(&s, 0, "/nonexistent");
	pay(&s, 1, TPAY_ARGV, TPAYF_UNREADABLE, "", 0, 0);
	EXPECT(s, "execve(\"/nonexistent\", 0x10, 0x10) = -1 ENOENT (No such file or directory)");

	/* 39 arguments, the first one long: cut at 32 bytes and 32 elements */
	uint8_t buf[512];
	size_t n = 0;
	const char *first = "0123456789abcdefghijklmnopqrstuv"; /* stored cut to 32 */
	memcpy(buf, first, 33);
	n = 33;
	for (int i = 1; i < 39; i++) {
		buf[n++] = 'a';
		buf[n++] = 0;
	}
	s = sys("execve", -ENOENT_, 3, 0x1000, 0x2000, 0);
	pay_str(&s, 0, "/nonexistent");
	pay(&s, 1, TPAY_ARGV, 0, buf, n, n + 4);
	char want[1024];
	size_t w =
	    (size_t)snprintf(want, sizeof(want),
	                     "execve(\"/nonexistent\", [\"0123456789abcdefghijklmnopqrstuv\"...");
	for (int i = 1; i < 32; i++)
		w += (size_t)snprintf(want + w, sizeof(want) - w, ", \"a\"");
	snprintf(want + w, sizeof(want) - w,
	         ", ...], NULL) = -1 ENOENT (No such file or directory)");
	EXPECT(s, want);
}

Test(decode, fcntl)
{
	struct trace_syscall s = sys("fcntl", 0x8001, 3, 1, 3, 0x7f);
	EXPECT(s, "fcntl(1, F_GETFL) = 0x8001 (flags O_WRONLY|O_LARGEFILE)");
	s = sys("fcntl", 0x8000, 3, 0, 3, 0);
	EXPECT(s, "fcntl(0, F_GETFL) = 0x8000 (flags O_RDONLY|O_LARGEFILE)");
	s = sys("fcntl", 0, 3, 1, 4, 0x8001 | 04000);
	EXPECT(s, "fcntl(1, F_SETFL, O_WRONLY|O_NONBLOCK|O_LARGEFILE) = 0");
	s = sys("fcntl", 0, 3, 3, 4, 0);
	EXPECT(s, "fcntl(3, F_SETFL, O_RDONLY) = 0");
	s = sys("fcntl", 0, 3, 1, 1, 0);
	EXPECT(s, "fcntl(1, F_GETFD) = 0");
	s = sys("fcntl", 1, 3, 3, 1, 0);
	EXPECT(s, "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)");
	s = sys("fcntl", 0, 3, 1, 2, 1);
	EXPECT(s, "fcntl(1, F_SETFD, FD_CLOEXEC) = 0");
	s = sys("fcntl", 0, 3, 3, 2, 3);
	EXPECT(s, "fcntl(3, F_SETFD, FD_CLOEXEC|0x2) = 0");
	s = sys("fcntl", 0, 3, 3, 2, 0);
	EXPECT(s, "fcntl(3, F_SETFD, 0) = 0");
	s = sys("fcntl", 16, 3, 1, 1030, 10);
	EXPECT(s, "fcntl(1, F_DUPFD_CLOEXEC, 10) = 16");
	s = sys("fcntl", 17, 3, 1, 0, 10);
	EXPECT(s, "fcntl(1, F_DUPFD, 10) = 17");
	s = sys("fcntl", -EBADF_, 3, 1, 1032, 0);
	EXPECT(s, "fcntl(1, F_GETPIPE_SZ) = -1 EBADF (Bad file descriptor)");
	s = sys("fcntl", -EBADF_, 3, 1, 1031, 4096);
	EXPECT(s, "fcntl(1, F_SETPIPE_SZ, 4096) = -1 EBADF (Bad file descriptor)");
	s = sys("fcntl", -EINVAL_, 3, 1, 1234, 5);
	EXPECT(s, "fcntl(1, 0x4d2 /* F_??? */, 0x5) = -1 EINVAL (Invalid argument)");
	s = sys("fcntl", 0, 3, 3, 8, 5);
	EXPECT(s, "fcntl(3, F_SETOWN, 5) = 0");
	s = sys("fcntl", 5, 3, 3, 9, 0);
	EXPECT(s, "fcntl(3, F_GETOWN) = 5");
	s = sys("fcntl", 0, 3, 3, 10, 29);
	EXPECT(s, "fcntl(3, F_SETSIG, SIGIO) = 0");
	s = sys("fcntl", 29, 3, 3, 11, 0);
	EXPECT(s, "fcntl(3, F_GETSIG) = 29 (SIGIO)");
	s = sys("fcntl", -11, 3, 3, 1024, 0);
	EXPECT(s, "fcntl(3, F_SETLEASE, F_RDLCK) = -1 EAGAIN (Resource temporarily unavailable)");
	s = sys("fcntl", 2, 3, 3, 1025, 0);
	EXPECT(s, "fcntl(3, F_GETLEASE) = 0x2 (F_UNLCK)");
	s = sys("fcntl", -ENOTDIR_, 3, 3, 1026, 3);
	EXPECT(s, "fcntl(3, F_NOTIFY, DN_ACCESS|DN_MODIFY) = -1 ENOTDIR (Not a directory)");
	s = sys("fcntl", -EINVAL_, 3, 3, 1033, 1);
	EXPECT(s, "fcntl(3, F_ADD_SEALS, F_SEAL_SEAL) = -1 EINVAL (Invalid argument)");
	s = sys("fcntl", -14, 3, 3, 6, 0);
	EXPECT(s, "fcntl(3, F_SETLK, NULL) = -1 EFAULT (Bad address)");
	s = sys("fcntl", -14, 3, 3, 0x40c, 0);
	EXPECT(s, "fcntl(3, 0x40c /* F_??? */, 0) = -1 EFAULT (Bad address)");
	s = sys("fcntl", 0, 3, 3, 4, 0xffffffffu);
	EXPECT(s,
	       "fcntl(3, F_SETFL, O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|"
	       "O_SYNC|O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|FASYNC|"
	       "0xff80003c) = 0");
}

Test(decode, fd_calls)
{
	struct trace_syscall s = sys("dup2", 20, 2, 1, 20);
	EXPECT(s, "dup2(1, 20) = 20");
	s = sys("dup2", -EBADF_, 2, 1, 0x1ffffffffull);
	EXPECT(s, "dup2(1, -1) = -1 EBADF (Bad file descriptor)");
	s = sys("close", -EBADF_, 1, 0xffffffffu);
	EXPECT(s, "close(-1) = -1 EBADF (Bad file descriptor)");
	s = sys("dup3", 21, 3, 1, 21, 02000000);
	EXPECT(s, "dup3(1, 21, O_CLOEXEC) = 21");
	s = sys("dup3", 30, 3, 1, 30, 0);
	EXPECT(s, "dup3(1, 30, 0) = 30");

	uint8_t fds[8] = {22, 0, 0, 0, 23, 0, 0, 0};
	s = sys("pipe2", 0, 2, 0x1000, 04000 | 02000000);
	pay(&s, 0, TPAY_STRUCT, TPAYF_AT_EXIT, fds, 8, 8);
	EXPECT(s, "pipe2([22, 23], O_NONBLOCK|O_CLOEXEC) = 0");
	s = sys("pipe2", -14, 2, 0, 0);
	EXPECT(s, "pipe2(NULL, 0) = -1 EFAULT (Bad address)");

	s = sys("eventfd2", 3, 2, 0, 1 | 02000000 | 04000);
	EXPECT(s, "eventfd2(0, EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK) = 3");
	s = sys("eventfd2", 4, 2, 0, 0);
	EXPECT(s, "eventfd2(0, 0) = 4");
	s = sys("epoll_create1", 5, 1, 02000000);
	EXPECT(s, "epoll_create1(EPOLL_CLOEXEC) = 5");
	s = sys("inotify_init1", 6, 1, 02000000 | 04000);
	EXPECT(s, "inotify_init1(IN_NONBLOCK|IN_CLOEXEC) = 6");
	s = sys("timerfd_create", 8, 2, 1, 02000000 | 04000);
	EXPECT(s, "timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = 8");
	s = sys("epoll_ctl", -14, 4, 3, 1, 1, 0);
	EXPECT(s, "epoll_ctl(3, EPOLL_CTL_ADD, 1, NULL) = -1 EFAULT (Bad address)");
}

Test(decode, iovecs)
{
	struct trace_syscall s = sys("writev", 5, 3, 2, 0x1000, 1);
	pay(&s, 1, TPAY_IOVEC, 0, "hello", 5, 5);
	EXPECT(s, "writev(2, [{iov_base=\"hello\", iov_len=5}], 1) = 5");

	/* several elements: the recorder keeps the joined data only */
	s = sys("writev", 12, 3, 2, 0x7ffc1000, 2);
	pay(&s, 1, TPAY_IOVEC, 0, "hello world\n", 12, 12);
	EXPECT(s, "writev(2, 0x7ffc1000 /* 2 iovecs, 12 bytes: \"hello world\\n\" */, 2) = 12");
	s = sys("readv", 10, 3, 18, 0x7ffc1000, 2);
	pay(&s, 1, TPAY_IOVEC, TPAYF_AT_EXIT, "abcdefghij", 10, 10);
	EXPECT(s, "readv(18, 0x7ffc1000 /* 2 iovecs, 10 bytes: \"abcdefghij\" */, 2) = 10");
	s = sys("readv", -EBADF_, 3, 99, 0x7ffc1000, 2);
	EXPECT(s, "readv(99, 0x7ffc1000, 2) = -1 EBADF (Bad file descriptor)");
}

/* A TPAY_IOV payload as the recorder writes it: per element base, length,
 * bytes kept, then the bytes. */
static size_t iov_elem(uint8_t *buf, size_t off, uint64_t base, uint64_t len, const char *data)
{
	uint32_t kept = (uint32_t)strlen(data);

	memcpy(buf + off, &base, 8);
	memcpy(buf + off + 8, &len, 8);
	memcpy(buf + off + 16, &kept, 4);
	memcpy(buf + off + 20, data, kept);
	return off + 20 + kept;
}

Test(decode, iovec_elements)
{
	uint8_t b[1024];
	size_t n = iov_elem(b, 0, 0x5000, 4, "hell");
	n = iov_elem(b, n, 0x6000, 8, "o world\n");
	n = iov_elem(b, n, 0x7000, 10, "");
	struct trace_syscall s = sys("readv", 12, 3, 3, 0x7ffc1000, 3);
	pay(&s, 1, TPAY_IOV, TPAYF_AT_EXIT, b, n, n);
	EXPECT(s, "readv(3, [{iov_base=\"hell\", iov_len=4}, {iov_base=\"o world\\n\", iov_len=8}, "
	          "{iov_base=\"\", iov_len=10}], 3) = 12");
	/* a failed call: the elements by address */
	n = iov_elem(b, 0, 0x5000, 4, "");
	n = iov_elem(b, n, 0x6000, 8, "");
	n = iov_elem(b, n, 0x7000, 10, "");
	s = sys("readv", -EBADF_, 3, 3, 0x7ffc1000, 3);
	pay(&s, 1, TPAY_IOV, TPAYF_AT_EXIT, b, n, n);
	EXPECT(s, "readv(3, [{iov_base=0x5000, iov_len=4}, {iov_base=0x6000, iov_len=8}, "
	          "{iov_base=0x7000, iov_len=10}], 3) = -1 EBADF (Bad file descriptor)");
	/* an element longer than -s, an unreadable base, more elements than recorded */
	char x[33];
	memset(x, 'x', 32);
	x[32] = 0;
	n = iov_elem(b, 0, 0x5000, 100, x);
	n = iov_elem(b, n, 0x10, 3, "");
	s = sys("writev", 2, 3, 3, 0x7ffc1000, 40);
	pay(&s, 1, TPAY_IOV, 0, b, n, n + 1);
	EXPECT(s, "writev(3, [{iov_base=\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"..., iov_len=100}, "
	          "{iov_base=0x10, iov_len=3}, ...], 40) = 2");
	/* a count whose array size overflows: the address, as strace */
	s = sys("writev", 5, 3, 3, 0x7ffc1000, 0xdeadbeef00000002ull);
	pay(&s, 1, TPAY_IOV, 0, b, n, n);
	EXPECT(s, "writev(3, 0x7ffc1000, 16045690981097406466) = 5");
	s = sys("writev", 0, 3, 3, 0x7ffc1000, 0);
	pay(&s, 1, TPAY_IOV, 0, b, 0, 0);
	EXPECT(s, "writev(3, [], 0) = 0");
	/* another process's array: addresses only */
	n = iov_elem(b, 0, 0x7f0000001000ull, 4, "");
	s = sys("process_vm_writev", 4, 6, 55, 0x7ffc1000, 1, 0x7ffc2000, 1, 0);
	pay(&s, 1, TPAY_IOV, 0, b, iov_elem(b + 100, 0, 0x5000, 4, "tail"), 24);
	memmove((uint8_t *)s.payloads[0].data, b + 100, 24);
	pay(&s, 3, TPAY_IOV, 0, b, n, n);
	EXPECT(s, "process_vm_writev(55, [{iov_base=\"tail\", iov_len=4}], 1, "
	          "[{iov_base=0x7f0000001000, iov_len=4}], 1, 0) = 4");
	/* preadv2: pos_h is not shown */
	s = sys("preadv2", 0, 6, 3, 0x7ffc1000, 1, 5, 0, 0x18);
	pay(&s, 1, TPAY_IOV, TPAYF_AT_EXIT, b, n, n);
	EXPECT(s, "preadv2(3, [{iov_base=\"\", iov_len=4}], 1, 5, RWF_NOWAIT|RWF_APPEND) = 0");
}

Test(decode, ioctl)
{
	struct trace_syscall s = sys("ioctl", -25, 3, 1, 0x5401, 0x7fff2b7818c0);
	EXPECT(s, "ioctl(1, TCGETS, 0x7fff2b7818c0) = -1 ENOTTY (Inappropriate ioctl for device)");
	s = sys("ioctl", -25, 3, 1, 0x5413, 0x7ffec33e6160);
	EXPECT(s, "ioctl(1, TIOCGWINSZ, 0x7ffec33e6160) = -1 ENOTTY (Inappropriate ioctl for "
	          "device)");
	s = sys("ioctl", -25, 3, 1, 0x12345678, 0);
	EXPECT(s, "ioctl(1, _IOC(_IOC_NONE, 0x56, 0x78, 0x1234), 0) = -1 ENOTTY (Inappropriate "
	          "ioctl for device)");
	s = sys("ioctl", -25, 3, 1, 0xc0105400, 0);
	EXPECT(s, "ioctl(1, _IOC(_IOC_READ|_IOC_WRITE, 0x54, 0, 0x10), 0) = -1 ENOTTY "
	          "(Inappropriate ioctl for device)");
	s = sys("ioctl", -25, 3, 1, 0x80045430, 0x7ffec33e6160);
	EXPECT(s, "ioctl(1, TIOCGPTN, 0x7ffec33e6160) = -1 ENOTTY (Inappropriate ioctl for "
	          "device)");
}

Test(decode, time_and_futex)
{
	uint8_t ts[16] = {0};
	int64_t nsec = 1000;
	memcpy(ts + 8, &nsec, 8);
	struct trace_syscall s = sys("nanosleep", 0, 2, 0x1000, 0);
	pay(&s, 0, TPAY_STRUCT, 0, ts, 16, 16);
	EXPECT(s, "nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0");
	s = sys("nanosleep", -14, 2, 0, 0);
	EXPECT(s, "nanosleep(NULL, NULL) = -1 EFAULT (Bad address)");

	int64_t sec = 1514;
	nsec = 564718434;
	memcpy(ts, &sec, 8);
	memcpy(ts + 8, &nsec, 8);
	s = sys("clock_gettime", 0, 2, 4, 0x1000);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, ts, 16, 16);
	EXPECT(s, "clock_gettime(CLOCK_MONOTONIC_RAW, {tv_sec=1514, tv_nsec=564718434}) = 0");
	s = sys("clock_gettime", -EINVAL_, 2, 99, 0x7fff0b20b450);
	EXPECT(s, "clock_gettime(0x63 /* CLOCK_??? */, 0x7fff0b20b450) = -1 EINVAL (Invalid "
	          "argument)");
	sec = 0;
	nsec = 5;
	memcpy(ts, &sec, 8);
	memcpy(ts + 8, &nsec, 8);
	s = sys("clock_nanosleep", 0, 4, 1, 1, 0x1000, 0);
	pay(&s, 2, TPAY_STRUCT, 0, ts, 16, 16);
	EXPECT(s,
	       "clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=0, tv_nsec=5}, NULL) = 0");

	s = sys("futex", 0, 6, 0x7fff0b20b4e0, 129, 1, 0, 0, 0);
	EXPECT(s, "futex(0x7fff0b20b4e0, FUTEX_WAKE_PRIVATE, 1) = 0");
	s = sys("futex", -11, 6, 0x7fff0b20b4e0, 9 | 128 | 256, 1, 0, 0, 0xffffffffu);
	EXPECT(s, "futex(0x7fff0b20b4e0, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 1, NULL, "
	          "FUTEX_BITSET_MATCH_ANY) = -1 EAGAIN (Resource temporarily unavailable)");

	s = sys("arch_prctl", 0, 2, 0x1001, 0x7fff0b20b4e0);
	EXPECT(s, "arch_prctl(ARCH_SET_GS, 0x7fff0b20b4e0) = 0");
	s = sys("arch_prctl", -EINVAL_, 2, 0x3001, 0);
	EXPECT(s, "arch_prctl(0x3001 /* ARCH_??? */, 0) = -1 EINVAL (Invalid argument)");
	s = sys("prctl", 1, 5, 3, 0, 0, 0, 0);
	EXPECT(s, "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
	s = sys("getpid", 7036, 0);
	EXPECT(s, "getpid() = 7036");
	s = sys("sched_yield", 0, 0);
	EXPECT(s, "sched_yield() = 0");
	s = sys("ftruncate", 0, 2, 1, 100);
	EXPECT(s, "ftruncate(1, 100) = 0");
}
