/*
 * test_decode_net.c - socket calls, protocols and socket addresses against
 * strace 6.1 (see decode_fixture.h).
 */
#include "decode_fixture.h"
#include "analyze/decode/decode_net.h"

static const uint8_t sin_80[16] = {2, 0, 0, 80, 127, 0, 0, 1};

Test(decode, socket_args)
{
	struct trace_syscall s = sys("socket", 7, 3, 2, 1 | 02000000, 6);
	EXPECT(s, "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 7");
	s = sys("socket", 8, 3, 2, 2, 0);
	EXPECT(s, "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 8");
	s = sys("socket", 9, 3, 10, 2 | 04000, 17);
	EXPECT(s, "socket(AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK, IPPROTO_UDP) = 9");
	s = sys("socket", 11, 3, 1, 1 | 04000 | 02000000, 0);
	EXPECT(s, "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 11");
	s = sys("socket", 12, 3, 16, 3, 0);
	EXPECT(s, "socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 12");
	s = sys("socket", 13, 3, 16, 3, 15);
	EXPECT(s, "socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT) = 13");
	s = sys("socket", 9, 3, 17, 3, 0x0300);
	EXPECT(s, "socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) = 9");
	s = sys("socket", -94, 3, 17, 5, 0);
	EXPECT(s,
	       "socket(AF_PACKET, SOCK_SEQPACKET, htons(0 /* ETH_P_??? */)) = -1 ESOCKTNOSUPPORT "
	       "(Socket type not supported)");
	s = sys("socket", -EINVAL_, 3, 99, 77, 5);
	EXPECT(s, "socket(0x63 /* AF_??? */, 0x4d /* SOCK_??? */, 5) = -1 EINVAL (Invalid "
	          "argument)");
	s = sys("socket", -EINVAL_, 3, 2, 0xffffffffu, 0);
	EXPECT(s, "socket(AF_INET, SOCK_CLOEXEC|SOCK_NONBLOCK|0xfff7f7ff, IPPROTO_IP) = -1 EINVAL "
	          "(Invalid argument)");
	s = sys("socket", -EINVAL_, 3, 2, 3 | 0x10000, 255);
	EXPECT(s, "socket(AF_INET, SOCK_RAW|0x10000 /* SOCK_??? */, IPPROTO_RAW) = -1 EINVAL "
	          "(Invalid argument)");
	s = sys("socket", 8, 3, 2, 3, 200);
	EXPECT(s, "socket(AF_INET, SOCK_RAW, 0xc8 /* IPPROTO_??? */) = 8");
	s = sys("socket", 7, 3, 10, 3, 58);
	EXPECT(s, "socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6) = 7");

	uint8_t fds[8] = {14, 0, 0, 0, 15, 0, 0, 0};
	s = sys("socketpair", 0, 4, 1, 1, 0, 0x1000);
	pay(&s, 3, TPAY_STRUCT, TPAYF_AT_EXIT, fds, 8, 8);
	EXPECT(s, "socketpair(AF_UNIX, SOCK_STREAM, 0, [14, 15]) = 0");
	s = sys("shutdown", -107, 2, 3, 2);
	EXPECT(s, "shutdown(3, SHUT_RDWR) = -1 ENOTCONN (Transport endpoint is not connected)");
	s = sys("listen", 0, 2, 3, 128);
	EXPECT(s, "listen(3, 128) = 0");
}

Test(decode, sockaddr_inet)
{
	struct trace_syscall s = sys("connect", -111, 3, 7, 0x1000, 16);
	pay(&s, 1, TPAY_SOCKADDR, 0, sin_80, 16, 16);
	EXPECT(s, "connect(7, {sa_family=AF_INET, sin_port=htons(80), "
	          "sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 ECONNREFUSED (Connection refused)");

	uint8_t any[16] = {2, 0};
	s = sys("bind", 0, 3, 16, 0x1000, 16);
	pay(&s, 1, TPAY_SOCKADDR, 0, any, 16, 16);
	EXPECT(s, "bind(16, {sa_family=AF_INET, sin_port=htons(0), "
	          "sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0");

	/* too short for sockaddr_in: raw sa_data */
	uint8_t short_in[8] = {2, 0, 'a', 'b', 'c'};
	s = sys("connect", -EINVAL_, 3, 3, 0x1000, 8);
	pay(&s, 1, TPAY_SOCKADDR, 0, short_in, 8, 8);
	EXPECT(s,
	       "connect(3, {sa_family=AF_INET, sa_data=\"abc\\0\\0\\0\"}, 8) = -1 EINVAL (Invalid "
	       "argument)");

	s = sys("connect", -EINVAL_, 3, 3, 0, 0);
	EXPECT(s, "connect(3, NULL, 0) = -1 EINVAL (Invalid argument)");
	s = sys("connect", -EINVAL_, 3, 3, 0x7ffebe318530, 0);
	pay(&s, 1, TPAY_SOCKADDR, 0, "", 0, 0);
	EXPECT(s, "connect(3, 0x7ffebe318530, 0) = -1 EINVAL (Invalid argument)");
	s = sys("connect", -14, 3, 3, 0x10, 16);
	pay(&s, 1, TPAY_SOCKADDR, TPAYF_UNREADABLE, "", 0, 16);
	EXPECT(s, "connect(3, 0x10, 16) = -1 EFAULT (Bad address)");
}

Test(decode, sockaddr_inet6)
{
	uint8_t a[28] = {10, 0, 0x1f, 0x90, 0, 0, 0, 3};
	a[8 + 15] = 1; /* ::1 */
	struct trace_syscall s = sys("connect", -111, 3, 13, 0x1000, 28);
	pay(&s, 1, TPAY_SOCKADDR, 0, a, 28, 28);
	EXPECT(s,
	       "connect(13, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(3), "
	       "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED "
	       "(Connection refused)");

	uint8_t m[28] = {10, 0, 0x1f, 0x90, 0, 0, 0, 3};
	m[8 + 10] = m[8 + 11] = 0xff;
	m[8 + 12] = 10;
	m[8 + 15] = 1;
	m[24] = 1;
	s = sys("connect", -110, 3, 13, 0x1000, 28);
	pay(&s, 1, TPAY_SOCKADDR, 0, m, 28, 28);
	EXPECT(s,
	       "connect(13, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(3), "
	       "inet_pton(AF_INET6, \"::ffff:10.0.0.1\", &sin6_addr), sin6_scope_id=1}, 28) = -1 "
	       "ETIMEDOUT (Connection timed out)");

	uint8_t z[24] = {10, 0};
	s = sys("connect", -97, 3, 3, 0x1000, 24);
	pay(&s, 1, TPAY_SOCKADDR, 0, z, 24, 24);
	EXPECT(s, "connect(3, {sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(0), "
	          "inet_pton(AF_INET6, \"::\", &sin6_addr)}, 24) = -1 EAFNOSUPPORT (Address family "
	          "not supported by protocol)");

	s = sys("connect", -97, 3, 3, 0x1000, 20);
	pay(&s, 1, TPAY_SOCKADDR, 0, z, 20, 20);
	EXPECT(
	    s,
	    "connect(3, {sa_family=AF_INET6, sa_data=\"\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"
	    "\\0\\0\\0\\0\"}, 20) = -1 EAFNOSUPPORT (Address family not supported by protocol)");
}

Test(decode, sockaddr_unix_netlink_other)
{
	uint8_t u[110] = {1, 0};
	strcpy((char *)u + 2, "/run/nope.sock");
	struct trace_syscall s = sys("connect", -ENOENT_, 3, 14, 0x1000, 110);
	pay(&s, 1, TPAY_SOCKADDR, 0, u, 110, 110);
	EXPECT(s, "connect(14, {sa_family=AF_UNIX, sun_path=\"/run/nope.sock\"}, 110) = -1 ENOENT "
	          "(No such file or directory)");
	s = sys("connect", -ENOENT_, 3, 14, 0x1000, 17);
	pay(&s, 1, TPAY_SOCKADDR, 0, u, 17, 17);
	EXPECT(s, "connect(14, {sa_family=AF_UNIX, sun_path=\"/run/nope.sock\"}, 17) = -1 ENOENT "
	          "(No such file or directory)");

	uint8_t ab[12] = {1, 0, 0, 'a', 'b', 's', 't', 'r', 'a', 'c', 't', '\n'};
	s = sys("connect", -111, 3, 14, 0x1000, 12);
	pay(&s, 1, TPAY_SOCKADDR, 0, ab, 12, 12);
	EXPECT(s,
	       "connect(14, {sa_family=AF_UNIX, sun_path=@\"abstract\\n\"}, 12) = -1 ECONNREFUSED "
	       "(Connection refused)");
	s = sys("connect", -EINVAL_, 3, 14, 0x1000, 2);
	pay(&s, 1, TPAY_SOCKADDR, 0, ab, 2, 2);
	EXPECT(s, "connect(14, {sa_family=AF_UNIX}, 2) = -1 EINVAL (Invalid argument)");

	/* a full sun_path without NUL is shown whole (108 bytes) */
	uint8_t full[110] = {1, 0};
	memset(full + 2, 'a', 108);
	s = sys("connect", -97, 3, 3, 0x1000, 110);
	pay(&s, 1, TPAY_SOCKADDR, 0, full, 110, 110);
	char want[300];
	snprintf(want, sizeof(want),
	         "connect(3, {sa_family=AF_UNIX, sun_path=\"%.108s\"}, 110) = -1 EAFNOSUPPORT "
	         "(Address family not supported by protocol)",
	         (const char *)full + 2);
	EXPECT(s, want);

	uint8_t nl[12] = {16, 0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0};
	s = sys("connect", -EINVAL_, 3, 3, 0x1000, 12);
	pay(&s, 1, TPAY_SOCKADDR, 0, nl, 12, 12);
	EXPECT(s,
	       "connect(3, {sa_family=AF_NETLINK, nl_pid=5, nl_groups=0x000003}, 12) = -1 EINVAL "
	       "(Invalid argument)");

	uint8_t other[16] = {200, 0, 'a', 'b', 'c'};
	s = sys("connect", -97, 3, 3, 0x1000, 16);
	pay(&s, 1, TPAY_SOCKADDR, 0, other, 16, 16);
	EXPECT(
	    s,
	    "connect(3, {sa_family=0xc8 /* AF_??? */, sa_data=\"abc\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"
	    "\\0\"}, 16) = -1 EAFNOSUPPORT (Address family not supported by protocol)");
	other[0] = 0;
	s = sys("connect", 0, 3, 3, 0x1000, 2);
	pay(&s, 1, TPAY_SOCKADDR, 0, other, 2, 2);
	EXPECT(s, "connect(3, {sa_family=AF_UNSPEC}, 2) = 0");
}

Test(decode, sendto_recvfrom_accept)
{
	uint8_t sin9[16] = {2, 0, 0, 9, 127, 0, 0, 1};
	struct trace_syscall s = sys("sendto", 4, 6, 15, 0x1000, 4, 0x40 | 0x4000, 0x2000, 16);
	pay(&s, 1, TPAY_BUFFER, 0, "ping", 4, 4);
	pay(&s, 4, TPAY_SOCKADDR, 0, sin9, 16, 16);
	EXPECT(s, "sendto(15, \"ping\", 4, MSG_DONTWAIT|MSG_NOSIGNAL, {sa_family=AF_INET, "
	          "sin_port=htons(9), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 4");

	s = sys("sendto", -89, 6, 15, 0x1000, 4, 0, 0, 0);
	pay(&s, 1, TPAY_BUFFER, 0, "ping", 4, 4);
	EXPECT(s, "sendto(15, \"ping\", 4, 0, NULL, 0) = -1 EDESTADDRREQ (Destination address "
	          "required)");

	s = sys("sendto", -EBADF_, 6, 999, 0x1000, 1, 0xffffffffu, 0, 0);
	pay(&s, 1, TPAY_BUFFER, 0, "x", 1, 1);
	EXPECT(s,
	       "sendto(999, \"x\", 1, MSG_OOB|MSG_PEEK|MSG_DONTROUTE|MSG_CTRUNC|MSG_PROBE|"
	       "MSG_TRUNC|MSG_DONTWAIT|MSG_EOR|MSG_WAITALL|MSG_FIN|MSG_SYN|MSG_CONFIRM|MSG_RST|"
	       "MSG_ERRQUEUE|MSG_NOSIGNAL|MSG_MORE|MSG_WAITFORONE|MSG_SENDPAGE_NOTLAST|MSG_BATCH|"
	       "MSG_NO_SHARED_FRAGS|MSG_ZEROCOPY|MSG_FASTOPEN|MSG_CMSG_CLOEXEC|MSG_CMSG_COMPAT|"
	       "0x1bf00000, NULL, 0) = -1 EBADF (Bad file descriptor)");
	s = sys("sendto", -EBADF_, 6, 999, 0x1000, 1, 0x1bf00000, 0, 0);
	pay(&s, 1, TPAY_BUFFER, 0, "x", 1, 1);
	EXPECT(s, "sendto(999, \"x\", 1, 0x1bf00000 /* MSG_??? */, NULL, 0) = -1 EBADF (Bad file "
	          "descriptor)");

	s = sys("recvfrom", -11, 6, 15, 0x7fff2b7818c0, 100, 0x2 | 0x20 | 0x40, 0, 0);
	EXPECT(s, "recvfrom(15, 0x7fff2b7818c0, 100, MSG_PEEK|MSG_TRUNC|MSG_DONTWAIT, NULL, NULL) "
	          "= -1 EAGAIN (Resource temporarily unavailable)");

	uint8_t peer[16] = {2, 0, 0x8e, 0x42, 127, 0, 0, 1};
	s = sys("accept", 18, 3, 16, 0x1000, 0x2000);
	pay(&s, 1, TPAY_SOCKADDR, TPAYF_AT_EXIT, peer, 16, 16);
	EXPECT(s, "accept(16, {sa_family=AF_INET, sin_port=htons(36418), "
	          "sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 18");

	uint8_t local[16] = {2, 0, 0xa3, 0x0e};
	s = sys("getsockname", 0, 3, 15, 0x1000, 0x2000);
	pay(&s, 1, TPAY_SOCKADDR, TPAYF_AT_EXIT, local, 16, 16);
	EXPECT(s, "getsockname(15, {sa_family=AF_INET, sin_port=htons(41742), "
	          "sin_addr=inet_addr(\"0.0.0.0\")}, [16]) = 0");
	s = sys("getsockname", -14, 3, 3, 0x7ffebe3183b0, 0);
	EXPECT(s, "getsockname(3, 0x7ffebe3183b0, NULL) = -1 EFAULT (Bad address)");

	s = sys("accept4", -88, 4, 5, 0, 0, 0);
	EXPECT(s, "accept4(5, NULL, NULL, 0) = -1 ENOTSOCK (Socket operation on non-socket)");
	s = sys("accept4", 5, 4, 16, 0, 0, 02000000 | 04000);
	EXPECT(s, "accept4(16, NULL, NULL, SOCK_CLOEXEC|SOCK_NONBLOCK) = 5");
}

Test(decode, sockopts)
{
	struct trace_syscall s = sys("setsockopt", 0, 5, 3, 1, 2, 0x1000, 4);
	pay(&s, 3, TPAY_BUFFER, 0, "\1\0\0\0", 4, 4);
	EXPECT(s, "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
	s = sys("setsockopt", 0, 5, 3, 6, 1, 0x1000, 4);
	pay(&s, 3, TPAY_BUFFER, 0, "\1\0\0\0", 4, 4);
	EXPECT(s, "setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0");
}

/* Control data as a program may leave it: a length running past the data,
 * a length below the header's, more messages than were kept. */
Test(decode, msghdr_hostile_control)
{
	uint8_t mh[56] = {0}, cm[40] = {0};

	mh[32] = 0x40, mh[33] = 0x12; /* msg_control=0x1240 */
	mh[40] = 40;                  /* msg_controllen=40 */
	memset(cm, 0xff, 8);          /* cmsg_len = 2^64 - 1 */
	cm[8] = 1, cm[12] = 1;        /* SOL_SOCKET, SCM_RIGHTS */
	struct trace_syscall s = sys("sendmsg", -22, 3, 3, 0x1000, 0);
	pay(&s, 1, TPAY_STRUCT, 0, mh, sizeof(mh), sizeof(mh));
	pay(&s, 1, TPAY_BUFFER, 0, cm, sizeof(cm), sizeof(cm));
	EXPECT(s, "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, msg_iovlen=0, "
	          "msg_control=[{cmsg_len=18446744073709551615, cmsg_level=SOL_SOCKET, "
	          "cmsg_type=SCM_RIGHTS, cmsg_data=[0, 0, 0, 0, 0, 0]}], msg_controllen=40, "
	          "msg_flags=0}, 0) = -1 EINVAL (Invalid argument)");
	memset(cm, 0, sizeof(cm));
	cm[0] = 8; /* below the header: the walk stops, the rest is an address */
	s = sys("sendmsg", -22, 3, 3, 0x1000, 0);
	pay(&s, 1, TPAY_STRUCT, 0, mh, sizeof(mh), sizeof(mh));
	pay(&s, 1, TPAY_BUFFER, 0, cm, sizeof(cm), sizeof(cm));
	EXPECT(s, "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, msg_iovlen=0, "
	          "msg_control=[{cmsg_len=8, cmsg_level=SOL_IP, cmsg_type=0}, ... /* 0x1250 */], "
	          "msg_controllen=40, msg_flags=0}, 0) = -1 EINVAL (Invalid argument)");
	/* kept only 16 of 40 bytes: "..." */
	cm[0] = 16;
	s = sys("sendmsg", 1, 3, 3, 0x1000, 0);
	pay(&s, 1, TPAY_STRUCT, 0, mh, sizeof(mh), sizeof(mh));
	pay(&s, 1, TPAY_BUFFER, 0, cm, 16, 40);
	EXPECT(s, "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, msg_iovlen=0, "
	          "msg_control=[{cmsg_len=16, cmsg_level=SOL_IP, cmsg_type=0}, ...], "
	          "msg_controllen=40, msg_flags=0}, 0) = 1");
}

/* Link-local scope ids by the recording host's interface names (the trace's
 * ifnames metadata); other addresses, and unknown indexes, by number. */
Test(decode, ipv6_scope_names)
{
	uint8_t ll[28] = {10, 0, 0, 9};
	ll[8] = 0xfe, ll[9] = 0x80, ll[8 + 15] = 1; /* fe80::1 */
	ll[24] = 12;
	decode_set_ifnames("1=lo 12=wlp3s0 3=eth0");
	struct trace_syscall s = sys("connect", -101, 3, 3, 0x1000, 28);
	pay(&s, 1, TPAY_SOCKADDR, 0, ll, 28, 28);
	EXPECT(s, "connect(3, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), "
	          "inet_pton(AF_INET6, \"fe80::1\", &sin6_addr), "
	          "sin6_scope_id=if_nametoindex(\"wlp3s0\")}, 28) = -1 ENETUNREACH (Network is "
	          "unreachable)");
	ll[24] = 2; /* "12=" must not match index 2 */
	s = sys("connect", -101, 3, 3, 0x1000, 28);
	pay(&s, 1, TPAY_SOCKADDR, 0, ll, 28, 28);
	EXPECT(s, "connect(3, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), "
	          "inet_pton(AF_INET6, \"fe80::1\", &sin6_addr), sin6_scope_id=2}, 28) = -1 "
	          "ENETUNREACH (Network is unreachable)");
	ll[8] = 0xff, ll[9] = 0x02, ll[24] = 1; /* ff02::1, link-local multicast */
	s = sys("connect", -101, 3, 3, 0x1000, 28);
	pay(&s, 1, TPAY_SOCKADDR, 0, ll, 28, 28);
	EXPECT(s,
	       "connect(3, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), "
	       "inet_pton(AF_INET6, \"ff02::1\", &sin6_addr), sin6_scope_id=if_nametoindex(\"lo\")}"
	       ", 28) = -1 ENETUNREACH (Network is unreachable)");
	ll[8] = 0x20, ll[9] = 0x01; /* 2001::1: a global address keeps the number */
	s = sys("connect", -101, 3, 3, 0x1000, 28);
	pay(&s, 1, TPAY_SOCKADDR, 0, ll, 28, 28);
	EXPECT(s, "connect(3, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), "
	          "inet_pton(AF_INET6, \"2001::1\", &sin6_addr), sin6_scope_id=1}, 28) = -1 "
	          "ENETUNREACH (Network is unreachable)");
	decode_set_ifnames(NULL); /* a trace without the names: numbers */
	ll[8] = 0xfe, ll[9] = 0x80;
	s = sys("connect", -101, 3, 3, 0x1000, 28);
	pay(&s, 1, TPAY_SOCKADDR, 0, ll, 28, 28);
	EXPECT(s, "connect(3, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), "
	          "inet_pton(AF_INET6, \"fe80::1\", &sin6_addr), sin6_scope_id=1}, 28) = -1 "
	          "ENETUNREACH (Network is unreachable)");
}
