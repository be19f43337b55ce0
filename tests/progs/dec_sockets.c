/* dec_sockets.c - socket calls: options, addresses, accept lengths, msghdr. See dec_common.h. */
#include "dec_common.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

int main(int argc, char **argv)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6, .sin6_port = htons(9)};
	struct sockaddr_storage ss;
	struct linger lg = {1, 5};
	socklen_t len;
	int one = 1, val;
	char buf[64];

	dec_begin(argc, argv);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int ls = syscall(SYS_socket, HI(AF_INET), HI(SOCK_STREAM | SOCK_CLOEXEC), HI(IPPROTO_TCP));
	syscall(SYS_setsockopt, HI(ls), HI(SOL_SOCKET), HI(SO_REUSEADDR), &one, HI(sizeof(one)));
	syscall(SYS_setsockopt, ls, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	syscall(SYS_setsockopt, ls, SOL_TCP, TCP_NODELAY, &one, sizeof(one));
	syscall(SYS_setsockopt, ls, SOL_IP, IP_TOS, &one, sizeof(one));
	syscall(SYS_setsockopt, ls, SOL_SOCKET, SO_RCVBUF, BAD, sizeof(one));
	syscall(SYS_setsockopt, ls, SOL_SOCKET, SO_RCVBUF, &one, 2); /* no room for the int */
	syscall(SYS_setsockopt, ls, SOL_SOCKET, SO_BINDTODEVICE, "lo", -1);
	syscall(SYS_setsockopt, ls, SOL_SOCKET, SO_DETACH_FILTER, &one, sizeof(one));
	int soerr = -1;
	socklen_t soerr_len = sizeof(soerr);
	syscall(SYS_getsockopt, ls, SOL_SOCKET, SO_ERROR, &soerr, &soerr_len);
	soerr_len = 2;
	syscall(SYS_getsockopt, ls, SOL_SOCKET, SO_RCVBUF, &soerr, &soerr_len); /* hex bytes */
	len = sizeof(val);
	syscall(SYS_getsockopt, ls, SOL_SOCKET, SO_TYPE, &val, &len);
	len = sizeof(val);
	syscall(SYS_getsockopt, ls, SOL_TCP, TCP_MAXSEG, &val, &len);
	len = sizeof(lg);
	syscall(SYS_getsockopt, ls, SOL_SOCKET, SO_LINGER, &lg, &len);
	syscall(SYS_bind, HI(ls), &sin, HI(sizeof(sin)));
	syscall(SYS_listen, HI(ls), HI(5));
	len = sizeof(sin);
	syscall(SYS_getsockname, ls, &sin, &len);
	int cs = socket(AF_INET, SOCK_STREAM, 0);
	syscall(SYS_connect, HI(cs), &sin, HI(sizeof(sin)));
	len = 110;
	int as = syscall(SYS_accept, HI(ls), &ss, &len);
	syscall(SYS_sendto, HI(cs), "ping", 4, HI(MSG_NOSIGNAL), NULL, 0);
	syscall(SYS_recvfrom, HI(as), buf, sizeof(buf), HI(MSG_DONTWAIT), NULL, NULL);
	struct iovec iov[2] = {{"ab", 2}, {"cd", 2}};
	struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 2};
	syscall(SYS_sendmsg, cs, &mh, HI(0));
	char r1[3], r2[8];
	struct iovec riov[2] = {{r1, sizeof(r1)}, {r2, sizeof(r2)}};
	struct msghdr rh = {.msg_iov = riov, .msg_iovlen = 2};
	syscall(SYS_recvmsg, as, &rh, HI(0));
	syscall(SYS_shutdown, HI(cs), HI(SHUT_WR));
	len = sizeof(ss);
	syscall(SYS_getpeername, as, &ss, &len);
	syscall(SYS_fcntl, ls, F_SETFL, O_NONBLOCK);
	syscall(SYS_accept4, ls, NULL, NULL, SOCK_NONBLOCK);
	close(as);
	close(cs);
	close(ls);

	int sv[2];
	syscall(SYS_socketpair, HI(AF_UNIX), HI(SOCK_STREAM), 0, sv);
	len = sizeof(ss);
	syscall(SYS_getsockname, sv[0], &ss, &len);
	syscall(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, BAD);
	close(sv[0]);
	close(sv[1]);

	int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
	inet_pton(AF_INET6, "fe80::1", &sin6.sin6_addr);
	sin6.sin6_scope_id = if_nametoindex("lo");
	syscall(SYS_connect, s6, &sin6, sizeof(sin6));
	inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
	sin6.sin6_scope_id = 0;
	syscall(SYS_connect, s6, &sin6, sizeof(sin6));
	syscall(SYS_connect, s6, BAD, sizeof(sin6));
	struct ifreq ifr = {.ifr_name = "lo"};
	syscall(SYS_ioctl, s6, SIOCGIFFLAGS, &ifr);
	syscall(SYS_ioctl, s6, SIOCGIFMTU, &ifr);
	ifr.ifr_ifindex = 1;
	syscall(SYS_ioctl, s6, SIOCGIFNAME, &ifr);
	struct ifreq none = {.ifr_name = "nope0"};
	syscall(SYS_ioctl, s6, SIOCGIFINDEX, &none);
	syscall(SYS_ioctl, s6, SIOCGIFINDEX, BAD);
	close(s6);
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	strcpy(sun.sun_path, "/nonexistent-decode.sock");
	int us = socket(AF_UNIX, SOCK_STREAM, 0);
	syscall(SYS_connect, us, &sun, sizeof(sun));
	/* a buffer shorter than the name: only what the kernel wrote is shown */
	struct sockaddr_un bound = {.sun_family = AF_UNIX};
	snprintf(bound.sun_path, sizeof(bound.sun_path), "%.90s/u.sock", dec_dir);
	int bs = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(bs, (struct sockaddr *)&bound, sizeof(bound));
	struct sockaddr_un got;
	socklen_t glen = 2;
	syscall(SYS_getsockname, bs, &got, &glen);
	close(bs);
	close(us);
	dec_end();
	return 0;
}
