/*
 * sc_ownfilter.c - a program that installs a seccomp filter of its own, for
 * tests/e2e/test_record_ownfilter.sh (the recorder must neither hide the calls
 * the filter fails nor change what the filter's rules do).
 *
 *   sc_ownfilter MODE N
 *
 * N getppid and N getpgrp calls run first with no filter of the program's own,
 * then the filter goes in and N more of each run. The filter fails getppid
 * with EPERM (SECCOMP_RET_ERRNO), answers getpgrp with SECCOMP_RET_TRACE
 * (which fails with ENOSYS when no tracer asked for seccomp events) and allows
 * everything else. MODE:
 *   seccomp  installed with seccomp(SECCOMP_SET_MODE_FILTER)
 *   prctl    installed with prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)
 *   fork     installed, then a child (which inherits it) makes the calls too
 *   tsync    a second thread installs it for the whole process (TSYNC); the
 *            main thread makes the filtered calls
 *   kill     a child installs getppid -> SECCOMP_RET_KILL_PROCESS and calls it
 *   trap     getppid -> SECCOMP_RET_TRAP, counted by a SIGSYS handler
 * Prints one line per process that made filtered calls, e.g.
 *   getppid: 5 ok, 5 EPERM, 0 other; getpgrp: 5 ok, 5 ENOSYS, 0 other
 * (the same untraced and traced) and exits 0.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define TRACE_DATA 0x77 /* the filter's own SECCOMP_RET_DATA */

static volatile sig_atomic_t sigsys_seen;

/* ERRNO (or KILL/TRAP, from action) for getppid, TRACE for getpgrp. */
static int install(int how, unsigned getppid_action, unsigned flags)
{
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, getppid_action),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpgrp, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | TRACE_DATA),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = sizeof(f) / sizeof(f[0]), .filter = f};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		perror("PR_SET_NO_NEW_PRIVS");
		return -1;
	}
	long rc = how == 'p' ? prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0)
	                     : syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (rc != 0) {
		perror("installing the filter");
		return -1;
	}
	return 0;
}

struct tally {
	unsigned ok, fail, other;
};

static void count(struct tally *t, long rc, int want_errno)
{
	if (rc >= 0)
		t->ok++;
	else if (errno == want_errno)
		t->fail++;
	else
		t->other++;
}

/* n calls of each; adds to the tallies. */
static void calls(unsigned n, struct tally *ppid, struct tally *pgrp)
{
	for (unsigned i = 0; i < n; i++) {
		errno = 0;
		count(ppid, syscall(SYS_getppid), EPERM);
		errno = 0;
		count(pgrp, syscall(SYS_getpgrp), ENOSYS);
	}
}

static void print(const struct tally *ppid, const struct tally *pgrp)
{
	printf("getppid: %u ok, %u EPERM, %u other; getpgrp: %u ok, %u ENOSYS, %u other\n",
	       ppid->ok, ppid->fail, ppid->other, pgrp->ok, pgrp->fail, pgrp->other);
	fflush(stdout);
}

static void *tsync_thread(void *arg)
{
	(void)arg;
	return (void *)(long)install('s', SECCOMP_RET_ERRNO | EPERM, SECCOMP_FILTER_FLAG_TSYNC);
}

static int run_kill(void)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return 1;
	if (pid == 0) {
		struct rlimit none = {0, 0};
		setrlimit(RLIMIT_CORE, &none); /* no core file from SIGSYS */
		if (install('s', SECCOMP_RET_KILL_PROCESS, 0) != 0)
			_exit(2);
		syscall(SYS_getppid); /* killed here */
		_exit(3);
	}
	if (waitpid(pid, &st, 0) != pid)
		return 1;
	if (WIFSIGNALED(st))
		printf("child: killed by signal %d\n", WTERMSIG(st));
	else
		printf("child: exit %d\n", WEXITSTATUS(st));
	return 0;
}

static void on_sigsys(int sig)
{
	(void)sig;
	sigsys_seen++;
}

static int run_trap(unsigned n)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigsys;
	sigaction(SIGSYS, &sa, NULL);
	if (install('s', SECCOMP_RET_TRAP, 0) != 0)
		return 1;
	for (unsigned i = 0; i < n; i++)
		syscall(SYS_getppid);
	printf("getppid: %d SIGSYS\n", (int)sigsys_seen);
	return 0;
}

int main(int argc, char **argv)
{
	struct tally ppid = {0}, pgrp = {0};
	const char *mode = argc > 1 ? argv[1] : "seccomp";
	unsigned n = argc > 2 ? (unsigned)atoi(argv[2]) : 5;

	if (!strcmp(mode, "kill"))
		return run_kill();
	if (!strcmp(mode, "trap"))
		return run_trap(n);
	calls(n, &ppid, &pgrp);
	if (!strcmp(mode, "tsync")) {
		pthread_t th;
		void *ret = NULL;
		if (pthread_create(&th, NULL, tsync_thread, NULL) != 0 ||
		    pthread_join(th, &ret) != 0 || ret != NULL)
			return 1;
	} else if (install(mode[0] == 'p' ? 'p' : 's', SECCOMP_RET_ERRNO | EPERM, 0) != 0) {
		return 1;
	}
	if (!strcmp(mode, "fork")) {
		pid_t pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			struct tally cp = {0}, cg = {0};
			calls(n, &cp, &cg);
			printf("child ");
			print(&cp, &cg);
			_exit(0);
		}
		int st;
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			return 1;
	}
	calls(n, &ppid, &pgrp);
	print(&ppid, &pgrp);
	return 0;
}
