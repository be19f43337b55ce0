/* dec_msg.c - sendmsg/recvmsg: names, iovecs, control messages (SCM_RIGHTS,
 * SCM_CREDENTIALS), the values recvmsg writes back, bad pointers. See dec_common.h. */
#include "dec_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

int main(int argc, char **argv)
{
	struct sockaddr_in sin = {.sin_family = AF_INET}, from;
	socklen_t len = sizeof(sin);
	char r1[3], r2[8], ctl[64];
	int one = 1, sv[2];

	dec_begin(argc, argv);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* UDP on loopback: a name sent, the sender's name received */
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	syscall(SYS_bind, u, &sin, sizeof(sin));
	syscall(SYS_getsockname, u, &sin, &len);
	struct iovec iov[2] = {{"ab", 2}, {"cdef", 4}};
	struct msghdr mh = {
	    .msg_name = &sin, .msg_namelen = sizeof(sin), .msg_iov = iov, .msg_iovlen = 2};
	syscall(SYS_sendmsg, u, &mh, HI(MSG_DONTWAIT));
	struct iovec riov[2] = {{r1, sizeof(r1)}, {r2, sizeof(r2)}};
	struct msghdr rh = {
	    .msg_name = &from, .msg_namelen = 128, .msg_iov = riov, .msg_iovlen = 2};
	syscall(SYS_recvmsg, u, &rh, HI(0));
	/* nothing left: EAGAIN, the structure shown as at entry */
	rh.msg_namelen = sizeof(from);
	syscall(SYS_recvmsg, u, &rh, MSG_DONTWAIT);
	close(u);

	/* a descriptor and credentials over a unix socket pair */
	syscall(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv);
	syscall(SYS_setsockopt, sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(int) * 2)];
	} rights;
	memset(&rights, 0, sizeof(rights));
	rights.h.cmsg_len = CMSG_LEN(sizeof(int) * 2);
	rights.h.cmsg_level = SOL_SOCKET;
	rights.h.cmsg_type = SCM_RIGHTS;
	int fds[2] = {0, 1};
	memcpy(CMSG_DATA(&rights.h), fds, sizeof(fds));
	struct iovec one_iov = {"x", 1};
	struct msghdr sm = {.msg_iov = &one_iov,
	                    .msg_iovlen = 1,
	                    .msg_control = &rights,
	                    .msg_controllen = sizeof(rights)};
	syscall(SYS_sendmsg, sv[0], &sm, 0);
	char rb[4];
	struct iovec rb_iov = {rb, sizeof(rb)};
	struct msghdr rm = {
	    .msg_iov = &rb_iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof(ctl)};
	syscall(SYS_recvmsg, sv[1], &rm, MSG_CMSG_CLOEXEC);
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct ucred))];
	} cred;
	memset(&cred, 0, sizeof(cred));
	cred.h.cmsg_len = CMSG_LEN(sizeof(struct ucred));
	cred.h.cmsg_level = SOL_SOCKET;
	cred.h.cmsg_type = SCM_CREDENTIALS;
	struct ucred uc = {getpid(), getuid(), getgid()};
	memcpy(CMSG_DATA(&cred.h), &uc, sizeof(uc));
	sm.msg_control = &cred;
	sm.msg_controllen = sizeof(cred);
	syscall(SYS_sendmsg, sv[0], &sm, 0);
	rm.msg_controllen = sizeof(ctl);
	syscall(SYS_recvmsg, sv[1], &rm, 0);
	/* a control buffer too small for the descriptors: MSG_CTRUNC */
	sm.msg_control = &rights;
	sm.msg_controllen = sizeof(rights);
	syscall(SYS_sendmsg, sv[0], &sm, 0);
	rm.msg_controllen = CMSG_LEN(0);
	syscall(SYS_recvmsg, sv[1], &rm, 0);
	/* bad pointers: the msghdr, its iovec array, its control data */
	syscall(SYS_sendmsg, sv[0], BAD, 0);
	sm.msg_iov = BAD;
	syscall(SYS_sendmsg, sv[0], &sm, 0);
	sm.msg_iov = &one_iov;
	sm.msg_control = BAD;
	syscall(SYS_sendmsg, sv[0], &sm, 0);
	syscall(SYS_recvmsg, sv[1], BAD, MSG_DONTWAIT);
	close(sv[0]);
	close(sv[1]);
	dec_end();
	return 0;
}
