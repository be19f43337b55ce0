/* rec_captures.c - calls whose argument bytes the recorder keeps by the rarer
 * capture rules, at their limits, for test_ebpf_captures.sh (both backends
 * must keep the same bytes): mincore vectors (one byte per page; more pages
 * than kept), fd_sets (whole longs of nfds bits; more than kept; nfds with a
 * garbage upper half; more captures than a call keeps payloads), members followed through a msghdr
 * (the name, the iovec array with its count from the struct, the control data: bad, longer than
 * kept, more elements than kept), pselect6's {sigmask, sigsetsize} pair (a NULL set, a bad set, a
 * long size, a bad pair) and length arguments of C type int with a garbage upper half. The calls
 * are made between the markers of dec_common.h; every buffer is static, so that nothing but
 * addresses differs from run to run. Usage: rec_captures DIR */
#include "dec_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define PAGE      4096
#define BIG_PAGES 5000 /* more pages than a mincore vector keeps */

static unsigned char vec[BIG_PAGES];
static unsigned long bigset[2048 / (8 * sizeof(unsigned long))];
static char data[2048];
static struct sockaddr_in sin_buf[16]; /* a name followed by zeros: 256 bytes */
static struct iovec many[40];
static struct iovec one_bad[2];
static char rbuf[40];
static struct iovec rmany[40];
static struct msghdr mh;

static void dec_mincore(void)
{
	char *m = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *big = mmap(NULL, (size_t)BIG_PAGES * PAGE, PROT_NONE,
	                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (m == MAP_FAILED || big == MAP_FAILED)
		exit(1);
	m[2 * PAGE] = 1;
	syscall(SYS_mincore, m, 3 * PAGE + 1, vec); /* 4 pages */
	syscall(SYS_mincore, big, (size_t)BIG_PAGES * PAGE, vec);
}

static void dec_select(int rd)
{
	fd_set s;

	FD_ZERO(&s);
	FD_SET(rd, &s);
	syscall(SYS_select, HI(rd + 1), &s, NULL, NULL, NULL);
	memset(bigset, 0, sizeof(bigset));
	bigset[rd / (8 * sizeof(unsigned long))] |= 1ul << (rd % (8 * sizeof(unsigned long)));
	syscall(SYS_select, 1500, bigset, NULL, NULL, NULL);
	syscall(SYS_select, -1, bigset, NULL, NULL, NULL); /* EINVAL */
	/* two sets and a timeout, in and out: six payloads of eight captures */
	fd_set x;
	struct timeval zero = {0, 0};
	FD_ZERO(&x);
	FD_SET(rd, &x);
	syscall(SYS_select, rd + 1, &s, NULL, &x, &zero);
}

static void dec_pselect(int rd)
{
	static sigset_t ss;
	static struct {
		void *set;
		size_t size;
	} pair;
	fd_set s;

	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR2);
	FD_ZERO(&s);
	FD_SET(rd, &s);
	pair.set = &ss;
	pair.size = 8;
	syscall(SYS_pselect6, rd + 1, &s, NULL, NULL, NULL, &pair);
	pair.set = NULL;
	syscall(SYS_pselect6, rd + 1, &s, NULL, NULL, NULL, &pair);
	pair.set = BAD;
	syscall(SYS_pselect6, rd + 1, &s, NULL, NULL, NULL, &pair);
	pair.set = &ss;
	pair.size = 200;
	syscall(SYS_pselect6, rd + 1, &s, NULL, NULL, NULL, &pair);
	syscall(SYS_pselect6, rd + 1, &s, NULL, NULL, NULL, BAD);
}

static void dec_msghdr(int tx, int rx)
{
	for (int i = 0; i < 40; i++) {
		many[i] = (struct iovec){"ab", 2};
		rmany[i] = (struct iovec){rbuf + i, 1};
	}
	one_bad[0] = (struct iovec){"cd", 2};
	one_bad[1] = (struct iovec){BAD, 3};
	/* more elements than kept, sent and received (1 byte each) */
	mh = (struct msghdr){.msg_iov = many, .msg_iovlen = 40};
	syscall(SYS_sendmsg, tx, &mh, 0);
	mh = (struct msghdr){.msg_iov = rmany, .msg_iovlen = 40};
	syscall(SYS_recvmsg, rx, &mh, 0);
	/* a bad name, a bad array, a bad element, a bad header */
	mh = (struct msghdr){.msg_name = BAD, .msg_namelen = 16, .msg_iov = many, .msg_iovlen = 1};
	syscall(SYS_sendmsg, tx, &mh, 0);
	mh = (struct msghdr){.msg_iov = BAD, .msg_iovlen = 2};
	syscall(SYS_sendmsg, tx, &mh, 0);
	mh = (struct msghdr){.msg_iov = one_bad, .msg_iovlen = 2};
	syscall(SYS_sendmsg, tx, &mh, 0);
	syscall(SYS_sendmsg, tx, BAD, 0);
	/* control data longer than kept (zeros: refused), and a name longer than
	 * a sockaddr_storage */
	memset(data, 0, sizeof(data));
	mh = (struct msghdr){
	    .msg_iov = many, .msg_iovlen = 1, .msg_control = data, .msg_controllen = 2000};
	syscall(SYS_sendmsg, tx, &mh, 0);
	mh = (struct msghdr){
	    .msg_name = sin_buf, .msg_namelen = sizeof(sin_buf), .msg_iov = many, .msg_iovlen = 1};
	syscall(SYS_sendmsg, tx, &mh, 0);
}

static void dec_lengths(void)
{
	static int val = 4096;
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	syscall(SYS_setsockopt, HI(s), SOL_SOCKET, SO_RCVBUF, &val, HI(sizeof(val)));
	memset(data, 'z', 64);
	/* a string option: shown as bytes, 32 of them (SO_RCVBUF, an int, would show the address) */
	syscall(SYS_setsockopt, s, SOL_SOCKET, SO_BINDTODEVICE, data, -1); /* EINVAL */
	sin_buf[0] = (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons(9)};
	sin_buf[0].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	syscall(SYS_connect, s, sin_buf, HI(sizeof(sin_buf[0])));
	syscall(SYS_bind, s, sin_buf, -1); /* EINVAL */
	close(s);
}

int main(int argc, char **argv)
{
	int p[2], sv[2];

	dec_begin(argc, argv);
	dec_mincore();
	if (pipe(p) != 0 || write(p[1], "x", 1) != 1)
		return 1;
	dec_select(p[0]);
	dec_pselect(p[0]);
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0)
		return 1;
	dec_msghdr(sv[0], sv[1]);
	dec_lengths();
	dec_end();
	return 0;
}
