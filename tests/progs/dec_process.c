/* dec_process.c - fork, wait4 and waitid statuses, ids, execve. See dec_common.h. */
#include "dec_common.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/wait.h>

/* SIGCHLD stays blocked so that it is delivered at a fixed point (after
 * the wait, when chld_deliver unblocks it), whatever the scheduler does. */
static sigset_t chld;

static void chld_deliver(void)
{
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &chld, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &chld, NULL, 8);
}

/* Copies between this process and itself: local arrays with data, remote
 * arrays as addresses. */
static void dec_vm_copies(void)
{
	static char src[8] = "abcdefgh", dst[8];
	struct iovec local = {dst, sizeof(dst)}, out = {"tail", 4};
	struct iovec remote[2] = {{src, 4}, {src + 4, 4}};
	pid_t self = (pid_t)syscall(SYS_getpid);

	syscall(SYS_process_vm_readv, self, &local, 1, remote, 2, 0);
	syscall(SYS_process_vm_writev, self, &out, 1, remote, 1, 0);
	syscall(SYS_process_vm_readv, self, &local, 1, BAD, 1, 0);
}

int main(int argc, char **argv)
{
	int st;
	siginfo_t si;
	char *args[] = {"dec-none", "one", NULL};
	char *env[] = {"A=1", "B=2", NULL};

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	dec_begin(argc, argv);
	dec_vm_copies();
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &chld, NULL, 8);
	pid_t c = fork();
	if (c == 0)
		_exit(3);
	syscall(SYS_wait4, HI(-1), &st, HI(0), NULL);
	chld_deliver();
	c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	memset(&si, 0xff, sizeof(si));
	/* no child changed state: nothing written, waitid's siginfo zeroed */
	syscall(SYS_wait4, c, &st, WNOHANG, &ru);
	syscall(SYS_waitid, P_PID, c, &si, WNOHANG | WEXITED, &ru);
	kill(c, SIGTERM);
	syscall(SYS_wait4, HI(c), &st, HI(__WALL), NULL);
	chld_deliver();
	c = fork();
	if (c == 0)
		_exit(0);
	syscall(SYS_waitid, HI(P_PID), HI(c), &si, HI(WEXITED), NULL);
	chld_deliver();
	syscall(SYS_wait4, -1, &st, WNOHANG, NULL);
	syscall(SYS_wait4, -1, &st, WNOHANG | __WALL | __WCLONE, NULL);
	syscall(SYS_waitid, P_ALL, 0, &si, WNOHANG | WEXITED | WSTOPPED, NULL);
	syscall(SYS_wait4, -1, BAD, 0, NULL);
	syscall(SYS_getpgid, HI(0));
	syscall(SYS_setpgid, HI(0), HI(0));
	syscall(SYS_getsid, HI(0));
	syscall(SYS_getpriority, HI(PRIO_PROCESS), HI(0));
	syscall(SYS_setpriority, PRIO_PROCESS, 0, HI(0));
	syscall(SYS_setuid, HI(0));
	syscall(SYS_setresuid, HI(-1), HI(-1), HI(-1));
	syscall(SYS_kill, HI(0x7fffffff), HI(0));
	syscall(SYS_tgkill, HI(0x7fffffff), HI(0x7fffffff), HI(SIGUSR1));
	syscall(SYS_execve, "/nonexistent-prog", args, env);
	syscall(SYS_execve, BAD, args, env);
	syscall(SYS_execve, "/nonexistent-prog", BAD, BAD);
	dec_end();
	return 0;
}
