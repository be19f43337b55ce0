/* dec_fatal.c - queued signal values, then the program's own seccomp filter
 * kills it with SIGSYS (no signal-delivery stop: strace prints only the
 * "+++ killed by SIGSYS +++" line). The region runs to the end of the
 * output: there is no end marker. See dec_common.h. */
#include "dec_common.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>

static void handler(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct sock_filter code[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};
	struct sigaction sa;
	union sigval v;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL); /* before the marker: not compared */
	dec_begin(argc, argv);
	pid_t pid = (pid_t)syscall(SYS_getpid);
	v.sival_ptr = NULL;
	sigqueue(pid, SIGUSR1, v); /* a value of 0: strace shows no si_int/si_ptr */
	v.sival_int = 5;
	sigqueue(pid, SIGUSR1, v);
	syscall(SYS_tgkill, pid, pid, SIGUSR1);
	syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
	syscall(SYS_getppid); /* killed here */
	dec_end();
	return 0;
}
