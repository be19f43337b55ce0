/*
 * test_rec_parts.c - unit tests of the recorder's building blocks: the tid
 * table (rec_threads), the seccomp-bpf filter (rec_seccomp), tracee memory
 * reads and the capture policy (rec_payload, rec_policy) and command lookup
 * (rec_meta), whether a program ignores a signal (rec_signal).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze/decode/decode.h"
#include "libtrace/trace_filter.h"
#include "record/rec.h"
#include "record/rec_payload.h"
#include "record/rec_signal.h"
#include "record/ptrace/rec_schedwait.h"
#include "record/ptrace/rec_seccomp.h"
#include "record/ptrace/rec_threads.h"

Test(rec_threads, add_find_remove_rekey)
{
	struct rec_threads t;

	rec_threads_init(&t);
	for (pid_t tid = 1; tid <= 1000; tid++)
		cr_assert_not_null(rec_threads_add(&t, tid, tid / 10, tid % 3 ? 0 : 64));
	cr_expect_eq(t.count, 1000);
	for (pid_t tid = 1; tid <= 1000; tid += 2)
		rec_threads_remove(&t, tid);
	cr_expect_eq(t.count, 500);
	for (pid_t tid = 1; tid <= 1000; tid++) {
		struct rec_thread *th = rec_threads_find(&t, tid);
		if (tid % 2)
			cr_expect_null(th, "tid %d should be gone", tid);
		else
			cr_expect(th && th->tid == tid && th->pid == tid / 10, "tid %d lost", tid);
	}
	cr_expect_eq(rec_threads_count_pid(&t, 5), 5); /* 50, 52, ..., 58 */
	rec_threads_rekey(&t, 500, 5000);
	cr_expect_null(rec_threads_find(&t, 500));
	cr_expect_eq(rec_threads_find(&t, 5000)->pid, 50);
	unsigned pos = 0, n = 0;
	while (rec_threads_next(&t, &pos))
		n++;
	cr_expect_eq(n, 500);
	rec_threads_free(&t);
}

Test(rec_seccomp, filter_stops_only_selected_calls)
{
	uint64_t set[TRACE_FILTER_NR_MAX / 64] = {0};

	set[SYS_getppid / 64] |= 1ull << (SYS_getppid % 64);
	struct rec_seccomp_prog *p = rec_seccomp_build(set);
	cr_expect_eq(rec_seccomp_len(p), 9); /* 6 fixed + 2 per call + allow */
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		if (rec_seccomp_install(p) < 0)
			_exit(10);
		/* No tracer: a call the filter sends to one fails with ENOSYS. */
		long r = syscall(SYS_getppid);
		if (r != -1 || errno != ENOSYS)
			_exit(11);
		if (syscall(SYS_getpid) != getpid())
			_exit(12);
		_exit(0);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	rec_seccomp_free(p);
}

Test(rec_seccomp, tells_our_stops_and_filter_installs)
{
	uint64_t set[TRACE_FILTER_NR_MAX / 64] = {0};
	uint64_t a[6] = {0};
	bool all;

	set[SYS_getppid / 64] |= 1ull << (SYS_getppid % 64);
	cr_expect(rec_seccomp_is_ours(set, AUDIT_ARCH_X86_64, SYS_getppid, REC_SECCOMP_DATA));
	/* Another filter's data, or a call ours lets run: the program's own rule. */
	cr_expect(!rec_seccomp_is_ours(set, AUDIT_ARCH_X86_64, SYS_getppid, 0));
	cr_expect(!rec_seccomp_is_ours(set, AUDIT_ARCH_X86_64, SYS_getpgrp, REC_SECCOMP_DATA));
	cr_expect(rec_seccomp_is_ours(set, AUDIT_ARCH_I386, SYS_getpgrp, REC_SECCOMP_DATA));
	cr_expect(rec_seccomp_is_ours(set, AUDIT_ARCH_X86_64, 0x40000000u | 39, REC_SECCOMP_DATA));

	a[0] = SECCOMP_SET_MODE_FILTER;
	cr_expect(rec_seccomp_installed(SYS_seccomp, a, 0, &all) && !all);
	cr_expect(rec_seccomp_installed(SYS_seccomp, a, 5, &all)); /* NEW_LISTENER: an fd */
	cr_expect(!rec_seccomp_installed(SYS_seccomp, a, -EINVAL, &all));
	a[1] = SECCOMP_FILTER_FLAG_TSYNC;
	cr_expect(rec_seccomp_installed(SYS_seccomp, a, 0, &all) && all);
	cr_expect(!rec_seccomp_installed(SYS_seccomp, a, 1234, &all)); /* a thread not synced */
	a[0] = SECCOMP_SET_MODE_STRICT;
	cr_expect(!rec_seccomp_installed(SYS_seccomp, a, 0, &all));
	uint64_t p[6] = {PR_SET_SECCOMP, SECCOMP_MODE_FILTER};
	cr_expect(rec_seccomp_installed(SYS_prctl, p, 0, &all) && !all);
	p[0] = PR_GET_SECCOMP;
	cr_expect(!rec_seccomp_installed(SYS_prctl, p, 0, &all));
}

Test(rec_payload, reads_stop_at_unmapped_pages)
{
	long page = sysconf(_SC_PAGESIZE);
	char *area = aligned_alloc((size_t)page, (size_t)page * 2);
	char out[64];

	cr_assert_not_null(area);
	memset(area, 'a', (size_t)page * 2);
	cr_expect_eq(rec_mem_read(getpid(), (uint64_t)(uintptr_t)(area + page - 8), out, 16), 16);
	cr_expect_eq(rec_mem_read(getpid(), 8, out, 16), 0);
	free(area);
}

Test(rec_meta, find_command_through_path)
{
	char *p = rec_find_command("sh");

	cr_assert_not_null(p);
	cr_expect(p[0] == '/' && strstr(p, "/sh"), "got %s", p);
	free(p);
	p = rec_find_command("no-such-command-renacer");
	int err = errno;
	cr_expect_null(p);
	cr_expect_eq(err, ENOENT);
	const char *plain = TEST_BINARY_DIR "/rec_parts_not_executable";
	FILE *f = fopen(plain, "w");
	cr_assert_not_null(f);
	fclose(f);
	chmod(plain, 0644);
	p = rec_find_command(plain);
	err = errno;
	cr_expect_null(p);
	cr_expect_eq(err, EACCES);
}

Test(rec_meta, attach_messages)
{
	char msg[512];

	rec_attach_errmsg(123, ESRCH, msg, sizeof(msg));
	cr_expect_str_eq(msg, "cannot attach to pid 123: no such process");
	rec_attach_errmsg(123, EPERM, msg, sizeof(msg));
	cr_expect(strstr(msg, "CAP_SYS_PTRACE") &&
	              strstr(msg, "/proc/sys/kernel/yama/ptrace_scope"),
	          "%s", msg);
	pid_t none = 999999999;
	cr_expect_eq(rec_check_attach(&none, 1, msg, sizeof(msg)), -ESRCH);
}

/* A call the test's memory already holds the result of. */
static void kernel_nothing(void)
{
}

/* Entry payloads of sys, then (after the caller's change of the memory, as
 * the kernel would make it) the exit ones with ret, decoded. */
static void entry_exit_decode(struct trace_syscall *sys, void (*kernel)(void), int64_t ret,
                              char *line, size_t len)
{
	const struct trace_syscall_desc *d = trace_syscall_desc(sys->nr);
	size_t cap = rec_policy_bufsize(32), used = 0, used2 = 0;
	uint8_t *buf = malloc(cap), *buf2 = malloc(cap);
	struct strbuf sb = STRBUF_INIT;

	cr_assert(d && buf && buf2);
	rec_payload_entry(getpid(), sys, d, 32, buf, cap, &used);
	kernel();
	sys->ret = ret;
	rec_payload_exit(getpid(), sys, d, 32, buf2, cap, &used2);
	decode_call(&sb, sys, NULL);
	snprintf(line, len, "%s", sb_str(&sb));
	sb_free(&sb);
	free(buf);
	free(buf2);
}

/* The payloads the capture policy takes of call sys in this process (entry,
 * then exit with ret), decoded as renacer-report prints the call. */
static void capture_and_decode(struct trace_syscall *sys, int64_t ret, char *line, size_t len)
{
	entry_exit_decode(sys, kernel_nothing, ret, line, len);
}

Test(rec_payload, iovecs_locks_and_ioctl_arguments)
{
	static char big[40], r1[4], r2[8];
	struct iovec w[2] = {{big, sizeof(big)}, {"tail", 4}}, r[2] = {{r1, 4}, {r2, 8}};
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1, .l_len = 2};
	struct trace_syscall s;
	char line[1024], want[1024];

	memset(big, 'x', sizeof(big));
	memset(&s, 0, sizeof(s));
	s.nr = SYS_writev, s.args[0] = 1, s.args[1] = (uintptr_t)w, s.args[2] = 2;
	capture_and_decode(&s, 44, line, sizeof(line));
	cr_expect_str_eq(line, "writev(1, [{iov_base=\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"..., "
	                       "iov_len=40}, {iov_base=\"tail\", iov_len=4}], 2) = 44");
	memcpy(r1, "abcd", 4);
	memcpy(r2, "efghijkl", 8);
	memset(&s, 0, sizeof(s));
	s.nr = SYS_readv, s.args[0] = 3, s.args[1] = (uintptr_t)r, s.args[2] = 2;
	capture_and_decode(&s, 6, line, sizeof(line)); /* the data ends after 6 bytes */
	cr_expect_str_eq(line, "readv(3, [{iov_base=\"abcd\", iov_len=4}, {iov_base=\"ef\", "
	                       "iov_len=8}], 2) = 6");
	memset(&s, 0, sizeof(s));
	s.nr = SYS_readv, s.args[0] = 3, s.args[1] = (uintptr_t)r, s.args[2] = 2;
	capture_and_decode(&s, -9, line, sizeof(line)); /* failed: the elements by address */
	snprintf(want, sizeof(want),
	         "readv(3, [{iov_base=%p, iov_len=4}, {iov_base=%p, iov_len=8}], 2) = -1 EBADF "
	         "(Bad file descriptor)",
	         (void *)r1, (void *)r2);
	cr_expect_str_eq(line, want);
	memset(&s, 0, sizeof(s));
	s.nr = SYS_fcntl, s.args[0] = 3, s.args[1] = F_SETLK, s.args[2] = (uintptr_t)&fl;
	capture_and_decode(&s, 0, line, sizeof(line));
	cr_expect_str_eq(
	    line, "fcntl(3, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=1, l_len=2}) = 0");
	/* not a lock command: the third argument is not read as memory */
	memset(&s, 0, sizeof(s));
	s.nr = SYS_fcntl, s.args[0] = 3, s.args[1] = F_SETFD, s.args[2] = (uintptr_t)&fl;
	capture_and_decode(&s, 0, line, sizeof(line));
	cr_expect_eq(s.npayloads, 0);
	/* ioctl: the requests whose argument is decoded, and only those */
	int avail = 7;
	memset(&s, 0, sizeof(s));
	s.nr = SYS_ioctl, s.args[0] = 3, s.args[1] = 0x541b /* FIONREAD */,
	s.args[2] = (uintptr_t)&avail;
	capture_and_decode(&s, 0, line, sizeof(line));
	cr_expect_str_eq(line, "ioctl(3, FIONREAD, [7]) = 0");
	memset(&s, 0, sizeof(s));
	s.nr = SYS_ioctl, s.args[0] = 3, s.args[1] = 0x80045430 /* TIOCGPTN */,
	s.args[2] = (uintptr_t)&avail;
	capture_and_decode(&s, 0, line, sizeof(line));
	cr_expect_eq(s.npayloads, 0);
}

static struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = 0x5000};
static char got[8];
static struct iovec rio = {got, sizeof(got)};
static union {
	struct cmsghdr h;
	char b[CMSG_SPACE(2 * sizeof(int))];
} ctl;
static struct msghdr rmh = {.msg_name = &peer,
                            .msg_namelen = 128,
                            .msg_iov = &rio,
                            .msg_iovlen = 1,
                            .msg_control = &ctl,
                            .msg_controllen = sizeof(ctl)};

/* What a recvmsg writes: the peer's name and its length, 3 bytes of data,
 * two descriptors, the control length, a flag. */
static void kernel_recvmsg(void)
{
	int fds[2] = {7, 8};

	peer.sin_addr.s_addr = htonl(0x7f000001);
	rmh.msg_namelen = sizeof(peer);
	memcpy(got, "abc", 3);
	ctl.h.cmsg_len = CMSG_LEN(sizeof(fds));
	ctl.h.cmsg_level = SOL_SOCKET;
	ctl.h.cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(&ctl.h), fds, sizeof(fds));
	rmh.msg_controllen = CMSG_LEN(sizeof(fds));
	rmh.msg_flags = MSG_CMSG_CLOEXEC;
}

Test(rec_payload, msghdr_members_and_pselect_sigmask)
{
	struct iovec w[2] = {{"ab", 2}, {"cd", 2}};
	struct ucred uc = {1234, 0, 0};
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct ucred))];
	} cred;
	struct msghdr mh = {
	    .msg_iov = w, .msg_iovlen = 2, .msg_control = &cred, .msg_controllen = sizeof(cred)};
	struct trace_syscall s;
	char line[2048];

	memset(&cred, 0, sizeof(cred));
	cred.h.cmsg_len = CMSG_LEN(sizeof(uc));
	cred.h.cmsg_level = SOL_SOCKET;
	cred.h.cmsg_type = SCM_CREDENTIALS;
	memcpy(CMSG_DATA(&cred.h), &uc, sizeof(uc));
	memset(&s, 0, sizeof(s));
	s.nr = SYS_sendmsg, s.args[0] = 3, s.args[1] = (uintptr_t)&mh;
	entry_exit_decode(&s, kernel_nothing, 4, line, sizeof(line));
	cr_expect_str_eq(line,
	                 "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"ab\", "
	                 "iov_len=2}, {iov_base=\"cd\", iov_len=2}], msg_iovlen=2, "
	                 "msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, "
	                 "cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=1234, uid=0, gid=0}}], "
	                 "msg_controllen=32, msg_flags=0}, 0) = 4");
	/* recvmsg: the struct at entry and exit, the members at exit */
	memset(&s, 0, sizeof(s));
	s.nr = SYS_recvmsg, s.args[0] = 4, s.args[1] = (uintptr_t)&rmh;
	entry_exit_decode(&s, kernel_recvmsg, 3, line, sizeof(line));
	cr_expect_str_eq(line, "recvmsg(4, {msg_name={sa_family=AF_INET, sin_port=htons(80), "
	                       "sin_addr=inet_addr(\"127.0.0.1\")}, msg_namelen=128 => 16, "
	                       "msg_iov=[{iov_base=\"abc\", iov_len=8}], msg_iovlen=1, "
	                       "msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, "
	                       "cmsg_type=SCM_RIGHTS, cmsg_data=[7, 8]}], msg_controllen=24, "
	                       "msg_flags=MSG_CMSG_CLOEXEC}, 0) = 3");
	/* a failed recvmsg: the name length it was given */
	rmh.msg_namelen = 16;
	memset(&s, 0, sizeof(s));
	s.nr = SYS_recvmsg, s.args[0] = 4, s.args[1] = (uintptr_t)&rmh;
	entry_exit_decode(&s, kernel_nothing, -11, line, sizeof(line));
	cr_expect_str_eq(line, "recvmsg(4, {msg_namelen=16}, 0) = -1 EAGAIN (Resource temporarily "
	                       "unavailable)");
	/* unreadable members: their addresses */
	mh.msg_iov = (void *)0x10;
	mh.msg_control = (void *)0x20;
	memset(&s, 0, sizeof(s));
	s.nr = SYS_sendmsg, s.args[0] = 3, s.args[1] = (uintptr_t)&mh;
	entry_exit_decode(&s, kernel_nothing, -14, line, sizeof(line));
	cr_expect_str_eq(line, "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=0x10, "
	                       "msg_iovlen=2, msg_control=0x20, msg_controllen=32, msg_flags=0}, "
	                       "0) = -1 EFAULT (Bad address)");
	/* pselect6's sigmask pair with its set; a NULL set */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	uint64_t pair[2] = {(uintptr_t)&set, 8};
	memset(&s, 0, sizeof(s));
	s.nr = SYS_pselect6, s.args[5] = (uintptr_t)pair;
	entry_exit_decode(&s, kernel_nothing, 0, line, sizeof(line));
	cr_expect_str_eq(line,
	                 "pselect6(0, NULL, NULL, NULL, NULL, {sigmask=[USR1], sigsetsize=8}) "
	                 "= 0 (Timeout)");
	pair[0] = 0;
	memset(&s, 0, sizeof(s));
	s.nr = SYS_pselect6, s.args[5] = (uintptr_t)pair;
	entry_exit_decode(&s, kernel_nothing, 0, line, sizeof(line));
	cr_expect_str_eq(line, "pselect6(0, NULL, NULL, NULL, NULL, {sigmask=NULL, sigsetsize=8}) "
	                       "= 0 (Timeout)");
}

/* The schedstat parser takes three decimal fields and nothing else; a delta
 * is 0 when a side is unknown or the counter went back. */
Test(rec_schedwait, parse_and_delta)
{
	static const char *bad[] = {"",          "1 2\n",
	                            "1  2 3\n",  "1 -2 3\n",
	                            "1 2 3 4\n", "1 99999999999999999999 3\n" /* 20 digits */};
	struct rec_sw_stat st;

	cr_assert_eq(rec_sw_parse("393165635 574980302 105\n", &st), 0);
	cr_assert_eq(st.cpu, 393165635ull);
	cr_assert_eq(st.delay, 574980302ull);
	cr_assert_eq(rec_sw_parse("1 2 3", &st), 0);
	cr_assert_eq(st.delay, 2);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(rec_sw_parse(bad[i], &st), -1, "%s", bad[i]);
		cr_assert_eq(st.delay, REC_SW_UNKNOWN);
		cr_assert_eq(st.cpu, REC_SW_UNKNOWN);
	}
	cr_assert_eq(rec_sw_delta(10, 25), 15);
	cr_assert_eq(rec_sw_delta(25, 10), 0);
	cr_assert_eq(rec_sw_delta(REC_SW_UNKNOWN, 10), 0);
	cr_assert_eq(rec_sw_delta(10, REC_SW_UNKNOWN), 0);
	cr_assert_eq(rec_sw_read(-1).delay, REC_SW_UNKNOWN);
}

/* A call's wait: the thread's own, the tracer's wake-up, and the tracer's
 * wait after the resume only when the exit stop was already there when the
 * tracer got to its waitpid; never so much that less than the thread's CPU
 * time in the call remains. */
Test(rec_schedwait, call_wait_parts)
{
	struct rec_sw_call c = {
	    .entry = {.cpu = 1000, .delay = 5000},
	    .exit = {.cpu = 1500, .delay = 7000}, /* waited 2000, ran 500 */
	    .tracer_entry = 100,
	    .tracer_before = 400,                     /* preempted 300 after the resume */
	    .tracer_wake = 1400,                      /* woken 1000 late */
	    .waitpid_ns = 1000 + REC_SW_SLEPT_NS / 2, /* no sleep: the stop was there */
	    .duration = 50000,
	    .adjacent = true,
	};
	cr_assert_eq(rec_sw_call_wait(&c), 2000 + 1000 + 300);
	c.waitpid_ns = 1000 + REC_SW_SLEPT_NS * 2; /* slept: the call ran meanwhile */
	cr_assert_eq(rec_sw_call_wait(&c), 2000 + 1000);
	c.waitpid_ns = 1000;
	c.adjacent = false; /* other stops came between: only the wake-up is surely ours */
	cr_assert_eq(rec_sw_call_wait(&c), 2000 + 1000);
	c.adjacent = true;
	c.duration = 3000; /* at most duration - CPU time (500) */
	cr_assert_eq(rec_sw_call_wait(&c), 2500);
	c.duration = 400;
	cr_assert_eq(rec_sw_call_wait(&c), 0);
	c.duration = 50000;
	c.exit.delay = REC_SW_UNKNOWN; /* the thread unread: the tracer's parts only */
	cr_assert_eq(rec_sw_call_wait(&c), 1300);
	c.tracer_wake = REC_SW_UNKNOWN;
	c.tracer_before = REC_SW_UNKNOWN;
	cr_assert_eq(rec_sw_call_wait(&c), 0);
}

/* Two processes spinning on one CPU take turns: each waits for it about half
 * of the time, and the waiter's run_delay, read through a descriptor opened
 * once, shows it, and its CPU time grows (no time is asserted: the spinners
 * run until both show, or 30 s). The spinners are killed before any check, so
 * a failure cannot leave them running. A thread that has gone reads as
 * unknown. */
Test(rec_schedwait, a_thread_waiting_for_the_cpu_is_seen, .timeout = 60)
{
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
	pid_t kids[2];
	for (int i = 0; i < 2; i++) {
		kids[i] = fork();
		cr_assert_geq(kids[i], 0);
		if (kids[i] == 0) {
			(void)prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlives the test */
			if (sched_setaffinity(0, sizeof(one), &one) != 0)
				_exit(1);
			for (;;)
				;
		}
	}
	struct rec_sw_thread w = {0};
	int fd = rec_sw_thread_fd(&w, kids[0]);
	bool once = fd >= 0 && rec_sw_thread_fd(&w, kids[0]) == fd;
	struct rec_sw_stat first = rec_sw_read(fd), now = first;
	/* Until it has both waited 1 ms for the CPU and run (the scheduler may
	 * keep it waiting for a whole slice before it runs again), at most 30 s. */
	for (int i = 0; i < 30000 && first.delay != REC_SW_UNKNOWN && now.delay != REC_SW_UNKNOWN &&
	                (rec_sw_delta(first.delay, now.delay) < 1000000 || now.cpu <= first.cpu);
	     i++) {
		usleep(1000);
		now = rec_sw_read(fd);
	}
	for (int i = 0; i < 2; i++) { /* before any assertion: they spin forever */
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	cr_assert(once, "opened once (fd %d)", fd);
	cr_assert_neq(first.delay, REC_SW_UNKNOWN);
	cr_assert_neq(now.delay, REC_SW_UNKNOWN);
	cr_assert_geq(rec_sw_delta(first.delay, now.delay), 1000000, "it waited");
	cr_assert_gt(now.cpu, first.cpu, "it ran too");
	cr_assert_eq(rec_sw_read(fd).delay, REC_SW_UNKNOWN, "the thread is gone");
	rec_sw_thread_close(&w);
	cr_assert_eq(w.fd1, 0);
	int self = rec_sw_open(0);
	cr_assert_neq(rec_sw_read(self).delay, REC_SW_UNKNOWN, "the tracer's own");
	close(self);
}

/* A status text with a Groups line of n groups before SigIgn (SIGINT and
 * SIGTERM ignored), in a file open for reading at its start. */
static int status_file(unsigned ngroups)
{
	FILE *f = tmpfile();

	cr_assert_not_null(f);
	fprintf(f, "Name:\tapp\nUmask:\t0022\nState:\tS (sleeping)\nGroups:\t");
	for (unsigned i = 0; i < ngroups; i++)
		fprintf(f, "%u ", 100000 + i);
	fprintf(f, "\nSigQ:\t0/63455\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
	           "SigBlk:\t0000000000000000\nSigIgn:\t0000000000004002\n"
	           "SigCgt:\t0000000000000000\n");
	fflush(f);
	int fd = dup(fileno(f));
	fclose(f);
	cr_assert_geq(fd, 0);
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

Test(rec_signal, sigign_found_past_a_long_groups_line)
{
	const unsigned sizes[] = {0, 3, 400, 5000};

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int fd = status_file(sizes[i]);
		cr_expect(rec_status_ignores(fd, SIGINT), "%u groups", sizes[i]);
		close(fd);
		fd = status_file(sizes[i]);
		cr_expect(rec_status_ignores(fd, SIGTERM), "%u groups", sizes[i]);
		close(fd);
		fd = status_file(sizes[i]);
		cr_expect(!rec_status_ignores(fd, SIGHUP), "%u groups", sizes[i]);
		close(fd);
	}
}

Test(rec_signal, the_program_s_own_ignored_signals)
{
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;

	cr_assert_eq(sigaction(SIGUSR1, &ign, &old), 0);
	cr_expect(rec_program_ignores(getpid(), SIGUSR1));
	cr_expect(!rec_program_ignores(getpid(), SIGUSR2));
	(void)sigaction(SIGUSR1, &old, NULL);
	cr_expect(!rec_program_ignores(getpid(), SIGUSR1));
}

Test(rec_signal, after_the_program_ended_only_remaining_children_are_killed)
{
	enum rec_kill_why why = REC_KILL_IGNORED;
	struct rec_sigstate st = {.exited = true, .others = true, .main_pid = getpid()};

	cr_expect_eq(rec_signal_decide(&st, SIGINT, true, &why), REC_STOP_KILL);
	cr_expect_eq(why, REC_KILL_ENDED);
	/* the signal came as the program's end was seen, nothing else runs:
	 * the recording ends with the program's status (a Ctrl+C race) */
	st.others = false;
	cr_expect_eq(rec_signal_decide(&st, SIGINT, true, &why), REC_STOP_NONE);
	cr_expect_eq(rec_signal_decide(&st, SIGINT, false, &why), REC_STOP_NONE);
	st.attach = true;
	cr_expect_eq(rec_signal_decide(&st, SIGINT, true, &why), REC_STOP_DETACH);
}

Test(rec_schedwait, a_thread_beyond_the_limit_gets_its_descriptor_once_one_closes)
{
	static struct rec_sw_thread w[REC_SW_MAX_FDS + 1];
	pid_t self = getpid();

	for (unsigned i = 0; i < REC_SW_MAX_FDS; i++)
		cr_assert_geq(rec_sw_thread_fd(&w[i], self), 0, "thread %u", i);
	cr_assert_eq(rec_sw_thread_fd(&w[REC_SW_MAX_FDS], self), -1, "over the limit");
	rec_sw_thread_close(&w[0]);
	int fd = rec_sw_thread_fd(&w[REC_SW_MAX_FDS], self);
	cr_assert_geq(fd, 0, "a descriptor was closed: tried again");
	cr_assert_neq(rec_sw_read(fd).delay, REC_SW_UNKNOWN);
	for (unsigned i = 1; i <= REC_SW_MAX_FDS; i++)
		rec_sw_thread_close(&w[i]);
}
