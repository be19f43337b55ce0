/* dec_poll.c - poll, ppoll, select, pselect6, epoll. See dec_common.h. */
#include "dec_common.h"

#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>

int main(int argc, char **argv)
{
	int p[2];
	struct pollfd fds[2];
	struct timespec ts = {0, 1000};
	struct timeval tv = {0, 1000};
	fd_set rd, wr;
	sigset_t ss;

	dec_begin(argc, argv);
	pipe(p);
	write(p[1], "x", 1);
	fds[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
	fds[1] = (struct pollfd){.fd = p[1], .events = POLLOUT | POLLPRI};
	syscall(SYS_poll, fds, HI(2), HI(0));
	fds[0].fd = 100;
	syscall(SYS_poll, fds, 1, 0);
	syscall(SYS_poll, BAD, 1, 0);
	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR1);
	syscall(SYS_ppoll, fds, 2, &ts, &ss, 8);
	syscall(SYS_ppoll, fds, HI(1), &ts, &ss, 8); /* nfds is an unsigned int */
	struct pollfd neg[2] = {{.fd = -1, .events = POLLIN}, {.fd = p[1], .events = POLLOUT}};
	syscall(SYS_poll, neg, 2, 0); /* a negative fd's events are not shown */
	syscall(SYS_poll, neg, 0, 0);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	syscall(SYS_select, HI(p[1] + 1), &rd, &wr, NULL, &tv);
	FD_ZERO(&rd);
	FD_SET(p[1], &rd);
	syscall(SYS_select, p[1] + 1, &rd, NULL, NULL, &tv);
	syscall(SYS_select, HI(0), NULL, NULL, NULL, &tv);
	struct {
		const sigset_t *ss;
		size_t len;
	} sigarg = {&ss, 8};
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	syscall(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &ts, &sigarg);
	int ep = syscall(SYS_epoll_create1, HI(EPOLL_CLOEXEC));
	struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 7};
	syscall(SYS_epoll_ctl, HI(ep), HI(EPOLL_CTL_ADD), HI(p[0]), &ev);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, p[0], NULL);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], &ev);
	syscall(SYS_epoll_ctl, ep, HI(EPOLL_CTL_DEL), p[0], &ev);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], &ev);
	struct epoll_event out[4];
	syscall(SYS_epoll_wait, HI(ep), out, HI(4), HI(0));
	syscall(SYS_epoll_pwait, ep, out, 4, 0, &ss, 8);
	syscall(SYS_epoll_pwait, ep, out, 4, 0, &ss, 16); /* not the kernel's sigset size */
	syscall(SYS_epoll_wait, ep, BAD, 4, 0);
	close(ep);
	close(p[0]);
	close(p[1]);
	dec_end();
	return 0;
}
