/* dec_signals.c - sigaction, masks, pending, delivered siginfo, sigtimedwait. See dec_common.h. */
#include "dec_common.h"

#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>

static void handler(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct sigaction sa, old;
	sigset_t set, oset;
	siginfo_t si;
	struct timespec ts = {0, 1000};
	stack_t stk = {.ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0};

	dec_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, &old);
	sigaction(SIGUSR1, NULL, &old);
	syscall(SYS_rt_sigaction, HI(SIGUSR2), BAD, NULL, 8);
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER; /* strace's order: SA_RESTORER first */
	sigaction(SIGUSR2, &sa, &old);
	sigaction(SIGUSR2, &old, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	syscall(SYS_rt_sigprocmask, HI(SIG_BLOCK), &set, &oset, 8);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oset, 16); /* not the kernel's size */
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4);
	kill(getpid(), SIGUSR1);
	syscall(SYS_rt_sigpending, &oset, 8);
	syscall(SYS_rt_sigpending, &oset, 4); /* a shorter set is allowed here */
	syscall(SYS_rt_sigpending, &oset, 16);
	syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 8);
	syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 8);
	kill(getpid(), SIGUSR1);
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	sigfillset(&set);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &oset, 8);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &oset, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, BAD, NULL, 8);
	syscall(SYS_sigaltstack, &stk, NULL);
	syscall(SYS_sigaltstack, NULL, &stk);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	int sfd = syscall(SYS_signalfd4, -1, &set, 8, HI(SFD_CLOEXEC));
	close(sfd);
	syscall(SYS_alarm, HI(0));
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), HI(0));
	dec_end();
	return 0;
}
