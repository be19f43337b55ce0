/*
 * test_decode_structs.c - structures decoded from recorded payloads, by
 * family (time, poll, signals, resources, sockets), against strace 6.1 on
 * x86_64: the entry payload shown among the arguments, the exit payload
 * after success, the address when the memory was unreadable.
 */
#include "decode_fixture.h"

static void pay_u64s(struct trace_syscall *s, unsigned arg, unsigned flags, const uint64_t *v,
                     unsigned n)
{
	pay(s, arg, TPAY_STRUCT, flags, v, n * 8, n * 8);
}

Test(decode_structs, time)
{
	uint64_t ts[2] = {0, 1000}, it[4] = {0, 0, 100, 0};
	struct trace_syscall s = sys("clock_gettime", 0, 2, 1, 0x7ffd0000);
	pay_u64s(&s, 1, TPAYF_AT_EXIT, ts, 2);
	EXPECT(s, "clock_gettime(CLOCK_MONOTONIC, {tv_sec=0, tv_nsec=1000}) = 0");
	s = sys("clock_gettime", -14, 2, 0, 0x10);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT | TPAYF_UNREADABLE, "", 0, 16);
	EXPECT(s, "clock_gettime(CLOCK_REALTIME, 0x10) = -1 EFAULT (Bad address)");
	s = sys("timerfd_settime", 0, 4, 3, 0, 0x7ffd0000, 0);
	pay_u64s(&s, 2, 0, it, 4);
	EXPECT(s, "timerfd_settime(3, 0, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=100, "
	          "tv_nsec=0}}, NULL) = 0");
	s = sys("time", 1796112110, 1, 0);
	EXPECT(s, "time(NULL) = 1796112110 (2026-12-01T08:01:50+0000)");
}

Test(decode_structs, poll_and_select)
{
	uint8_t fds[16] = {3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 6, 0, 0, 0};
	uint8_t rfds[16] = {3, 0, 0, 0, 1, 0, 1, 0, 4, 0, 0, 0, 6, 0, 4, 0};
	struct trace_syscall s = sys("poll", 2, 3, 0x7ffd0000, 2, 0);
	pay(&s, 0, TPAY_STRUCT, 0, fds, 16, 16);
	pay(&s, 0, TPAY_STRUCT, TPAYF_AT_EXIT, rfds, 16, 16);
	EXPECT(s,
	       "poll([{fd=3, events=POLLIN}, {fd=4, events=POLLPRI|POLLOUT}], 2, 0) = 2 ([{fd=3, "
	       "revents=POLLIN}, {fd=4, revents=POLLOUT}])");
	uint64_t in = 1 << 3, out = 0, tv[2] = {0, 1000}, left[2] = {0, 998};
	s = sys("select", 1, 5, 5, 0x7ffd0000, 0x7ffd0100, 0, 0x7ffd0200);
	pay_u64s(&s, 1, 0, &in, 1);
	pay_u64s(&s, 2, 0, &in, 1);
	pay_u64s(&s, 4, 0, tv, 2);
	pay_u64s(&s, 1, TPAYF_AT_EXIT, &in, 1);
	pay_u64s(&s, 2, TPAYF_AT_EXIT, &out, 1);
	pay_u64s(&s, 4, TPAYF_AT_EXIT, left, 2);
	EXPECT(s,
	       "select(5, [3], [3], NULL, {tv_sec=0, tv_usec=1000}) = 1 (in [3], left {tv_sec=0, "
	       "tv_usec=998})");
	s = sys("select", 0, 5, 0, 0, 0, 0, 0x7ffd0200);
	pay_u64s(&s, 4, 0, tv, 2);
	EXPECT(s, "select(0, NULL, NULL, NULL, {tv_sec=0, tv_usec=1000}) = 0 (Timeout)");
	uint8_t ev[12] = {1, 0, 0, 0x80, 7, 0, 0, 0, 0, 0, 0, 0};
	s = sys("epoll_ctl", 0, 4, 5, 1, 3, 0x7ffd0000);
	pay(&s, 3, TPAY_STRUCT, 0, ev, 12, 12);
	EXPECT(s,
	       "epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN|EPOLLET, data={u32=7, u64=7}}) = 0");
	s = sys("epoll_wait", 0, 4, 5, 0x10, 4, 0);
	EXPECT(s, "epoll_wait(5, [], 4, 0) = 0");
}

Test(decode_structs, signals)
{
	uint64_t sa[4] = {0x401000, 0x14000000, 0x7f0000001000, 1 << 11};
	struct trace_syscall s = sys("rt_sigaction", 0, 4, 10, 0x7ffd0000, 0, 8);
	pay_u64s(&s, 1, 0, sa, 4);
	EXPECT(s, "rt_sigaction(SIGUSR1, {sa_handler=0x401000, sa_mask=[USR2], "
	          "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f0000001000}, NULL, 8) = 0");
	uint64_t set = 1 << 9;
	s = sys("rt_sigprocmask", 0, 4, 0, 0x7ffd0000, 0x7ffd0100, 8);
	pay_u64s(&s, 1, 0, &set, 1);
	set = 0;
	pay_u64s(&s, 2, TPAYF_AT_EXIT, &set, 1);
	EXPECT(s, "rt_sigprocmask(SIG_BLOCK, [USR1], [], 8) = 0");
	uint8_t si[128] = {10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x39, 0x30};
	s = sys("rt_sigtimedwait", 10, 4, 0, 0x7ffd0000, 0, 8);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, si, 128, 128);
	EXPECT(s,
	       "rt_sigtimedwait(NULL, {si_signo=SIGUSR1, si_code=SI_USER, si_pid=12345, si_uid=0}, "
	       "NULL, 8) = 10 (SIGUSR1)");
	uint8_t chld[128] = {17, 0, 0, 0,    0,    0, 0, 0, 2, 0, 0, 0, 0,
	                     0,  0, 0, 0x39, 0x30, 0, 0, 0, 0, 0, 0, 15};
	s = sys("waitid", 0, 5, 1, 12345, 0x7ffd0000, 4, 0);
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, chld, 128, 128);
	EXPECT(s, "waitid(P_PID, 12345, {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=12345, "
	          "si_uid=0, si_status=SIGTERM, si_utime=0, si_stime=0}, WEXITED, NULL) = 0");
}

Test(decode_structs, resources_and_sockets)
{
	uint64_t rl[2] = {8192 * 1024, UINT64_MAX};
	struct trace_syscall s = sys("prlimit64", 0, 4, 0, 3, 0, 0x7ffd0000);
	pay_u64s(&s, 3, TPAYF_AT_EXIT, rl, 2);
	EXPECT(
	    s,
	    "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0");
	uint32_t in = 110, out = 16;
	uint8_t sin[16] = {2, 0, 0x1f, 0x90, 127, 0, 0, 1};
	s = sys("accept", 5, 3, 3, 0x7ffd0000, 0x7ffd0100);
	pay(&s, 1, TPAY_SOCKADDR, TPAYF_AT_EXIT, sin, 16, 16);
	pay(&s, 2, TPAY_STRUCT, 0, &in, 4, 4);
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, &out, 4, 4);
	EXPECT(s, "accept(3, {sa_family=AF_INET, sin_port=htons(8080), "
	          "sin_addr=inet_addr(\"127.0.0.1\")}, [110 => 16]) = 5");
	uint32_t linger[2] = {1, 5};
	s = sys("setsockopt", 0, 5, 3, 1, 13, 0x7ffd0000, 0xdeadbeef00000008ull);
	pay(&s, 3, TPAY_BUFFER, 0, linger, 8, 8);
	EXPECT(s, "setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0");
	uint32_t mss = 536, four = 4;
	s = sys("getsockopt", 0, 5, 3, 6, 2, 0x7ffd0000, 0x7ffd0100);
	pay(&s, 3, TPAY_STRUCT, TPAYF_AT_EXIT, &mss, 4, 4);
	pay(&s, 4, TPAY_STRUCT, 0, &four, 4, 4);
	pay(&s, 4, TPAY_STRUCT, TPAYF_AT_EXIT, &four, 4, 4);
	EXPECT(s, "getsockopt(3, SOL_TCP, TCP_MAXSEG, [536], [4]) = 0");
}

Test(decode_structs, io_uring_dirents_out_values)
{
	uint8_t p[120] = {0}, out[120] = {0};
	p[8] = 0x20; /* IORING_SETUP_ATTACH_WQ */
	p[24] = 99;  /* wq_fd */
	struct trace_syscall s = sys("io_uring_setup", -6, 2, 4, 0x7ffd0000);
	pay(&s, 1, TPAY_STRUCT, 0, p, 120, 120);
	EXPECT(s, "io_uring_setup(4, {flags=IORING_SETUP_ATTACH_WQ, sq_thread_cpu=0, "
	          "sq_thread_idle=0, wq_fd=99}) = -1 ENXIO (No such device or address)");
	out[0] = 4;                /* sq_entries */
	out[4] = 8;                /* cq_entries */
	out[20] = 3;               /* features */
	out[44] = 4, out[84] = 12; /* sq_off.tail, cq_off.tail */
	memset(p, 0, sizeof(p));
	s = sys("io_uring_setup", 3, 2, 4, 0x7ffd0000);
	pay(&s, 1, TPAY_STRUCT, 0, p, 120, 120);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, out, 120, 120);
	EXPECT(s, "io_uring_setup(4, {flags=0, sq_thread_cpu=0, sq_thread_idle=0, sq_entries=4, "
	          "cq_entries=8, features=IORING_FEAT_SINGLE_MMAP|IORING_FEAT_NODROP, "
	          "sq_off={head=0, tail=4, ring_mask=0, ring_entries=0, flags=0, dropped=0, "
	          "array=0}, cq_off={head=0, tail=12, ring_mask=0, ring_entries=0, overflow=0, "
	          "cqes=0, flags=0}}) = 3");
	/* only the exit copy (the eBPF backend): the inputs from it */
	s = sys("io_uring_setup", 3, 2, 4, 0x7ffd0000);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, out, 120, 120);
	cr_expect(strstr(line(&s), "{flags=0, sq_thread_cpu=0, sq_thread_idle=0, sq_entries=4"));

	/* two entries of 24 bytes: d_reclen at offset 16 */
	uint8_t d[48] = {0};
	d[16] = 24, d[24 + 16] = 24;
	s = sys("getdents64", 48, 3, 3, 0x5000, 4096);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, d, 48, 48);
	EXPECT(s, "getdents64(3, 0x5000 /* 2 entries */, 4096) = 48");
	s = sys("getdents64", 9000, 3, 3, 0x5000, 16384); /* more than recorded: no count */
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, d, 48, 9000);
	EXPECT(s, "getdents64(3, 0x5000, 16384) = 9000");
	s = sys("getdents64", 0, 3, 3, 0x10, 4096);
	EXPECT(s, "getdents64(3, 0x10 /* 0 entries */, 4096) = 0");
	s = sys("getdents64", -14, 3, 3, 0x10, 0xdeadbeef00001000ull);
	EXPECT(s, "getdents64(3, 0x10, 4096) = -1 EFAULT (Bad address)");

	uint64_t head = 0x7f0000001000ull, len = 24;
	s = sys("get_robust_list", 0, 3, 0, 0x7ffd0000, 0x7ffd0008);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, &head, 8, 8);
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, &len, 8, 8);
	EXPECT(s, "get_robust_list(0, [0x7f0000001000], [24]) = 0");
	s = sys("get_robust_list", -14, 3, 0, 0x10, 0x7ffd0008);
	EXPECT(s, "get_robust_list(0, 0x10, 0x7ffd0008) = -1 EFAULT (Bad address)");
}

Test(decode_structs, flock)
{
	uint8_t fl[32] = {1, 0, 1, 0}; /* F_WRLCK, SEEK_CUR */
	fl[8] = 5, fl[16] = 10;
	struct trace_syscall s = sys("fcntl", 0, 3, 3, 6, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, 0, fl, 32, 32);
	EXPECT(s,
	       "fcntl(3, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_CUR, l_start=5, l_len=10}) = 0");
	s = sys("fcntl", -11, 3, 3, 37, 0x7ffd0000); /* the input even when it failed */
	pay(&s, 2, TPAY_STRUCT, 0, fl, 32, 32);
	EXPECT(s,
	       "fcntl(3, F_OFD_SETLK, {l_type=F_WRLCK, l_whence=SEEK_CUR, l_start=5, l_len=10}) = "
	       "-1 EAGAIN (Resource temporarily unavailable)");
	uint8_t out[32] = {2, 0, 0, 0};
	out[24] = 0x2c, out[25] = 1; /* l_pid 300 */
	s = sys("fcntl", 0, 3, 3, 5, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, 0, fl, 32, 32);
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, out, 32, 32);
	EXPECT(s, "fcntl(3, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=0, "
	          "l_pid=300}) = 0");
	s = sys("fcntl", -22, 3, 3, 5, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, 0, fl, 32, 32);
	EXPECT(s, "fcntl(3, F_GETLK, 0x7ffd0000) = -1 EINVAL (Invalid argument)");
	fl[0] = 7;
	s = sys("fcntl", -22, 3, 3, 6, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, 0, fl, 32, 32);
	EXPECT(s, "fcntl(3, F_SETLK, {l_type=0x7 /* F_??? */, l_whence=SEEK_CUR, l_start=5, "
	          "l_len=10}) = -1 EINVAL (Invalid argument)");
}

Test(decode_structs, ioctl_arguments)
{
	uint8_t v[40] = {0xf4, 0x0f}; /* 4084 */
	struct trace_syscall s = sys("ioctl", 0, 3, 3, 0x541b, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, v, 40, 40);
	EXPECT(s, "ioctl(3, FIONREAD, [4084]) = 0");
	s = sys("ioctl", -25, 3, 3, 0x5414, 0x7ffd0000); /* the input even when it failed */
	uint8_t ws[40] = {24, 0, 80, 0};
	pay(&s, 2, TPAY_STRUCT, 0, ws, 40, 40);
	EXPECT(s, "ioctl(3, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = -1 "
	          "ENOTTY (Inappropriate ioctl for device)");
	s = sys("ioctl", -25, 3, 3, 0x5413, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, 0, ws, 40, 40);
	EXPECT(s, "ioctl(3, TIOCGWINSZ, 0x7ffd0000) = -1 ENOTTY (Inappropriate ioctl for device)");
	uint8_t in[40] = "lo", out[40] = "lo";
	out[16] = 1;
	s = sys("ioctl", 0, 3, 4, 0x8933, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, 0, in, 40, 40);
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, out, 40, 40);
	EXPECT(s, "ioctl(4, SIOCGIFINDEX, {ifr_name=\"lo\", ifr_ifindex=1}) = 0");
	out[16] = 0x49; /* IFF_UP|IFF_LOOPBACK|IFF_RUNNING */
	s = sys("ioctl", 0, 3, 4, 0x8913, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, out, 40, 40); /* only the exit copy (eBPF) */
	EXPECT(
	    s,
	    "ioctl(4, SIOCGIFFLAGS, {ifr_name=\"lo\", ifr_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING}) "
	    "= 0");
	s = sys("ioctl", -19, 3, 4, 0x8933, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, 0, in, 40, 40);
	EXPECT(s, "ioctl(4, SIOCGIFINDEX, {ifr_name=\"lo\"}) = -1 ENODEV (No such device)");
	s = sys("ioctl", 0, 3, 4, 0x5401, 0x7ffd0000); /* not recorded: the number */
	EXPECT(s, "ioctl(4, TCGETS, 0x7ffd0000) = 0");
}

Test(decode_structs, termios)
{
	uint8_t t[40] = {0};
	uint32_t w[4] = {02400 /* ICRNL|IXON */, 05 /* OPOST|ONLCR */, 0277 /* B38400|CS8|CREAD */,
	                 0105073 /* ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE */};
	memcpy(t, w, sizeof(w));
	struct trace_syscall s = sys("ioctl", 0, 3, 0, 0x5401, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, t, 40, 40);
	EXPECT(
	    s,
	    "ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
	    "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|"
	    "ECHOKE, ...}) = 0");
	uint32_t raw[4] = {0, 014000, 015 | 040 | (010002u << 16), 0};
	memcpy(t, raw, sizeof(raw));
	s = sys("ioctl", 0, 3, 0, 0x5402, 0x7ffd0000);
	pay(&s, 2, TPAY_STRUCT, 0, t, 40, 40);
	EXPECT(
	    s,
	    "ioctl(0, SNDCTL_TMR_START or TCSETS, {c_iflag=, c_oflag=NL0|CR0|XTABS|BS0|VT0|FF0|, "
	    "c_cflag=B9600|B115200<<IBSHIFT|CS7|, c_lflag=, ...}) = 0");
}
