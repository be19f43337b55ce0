/*
 * decode_net.h - socket arguments as strace prints them: socket addresses
 * ({sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")},
 * AF_INET6, AF_UNIX with abstract names, AF_NETLINK, any other family as
 * sa_data), the protocol of socket(2) by domain, socklen_t pointers ([16]),
 * the struct msghdr of sendmsg/recvmsg with its control messages, and
 * setsockopt option names and values.
 */
#ifndef RENACER_DECODE_NET_H
#define RENACER_DECODE_NET_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/decode/decode.h"

/* The interfaces of the host that recorded the trace being decoded (the
 * metadata key ifnames, "1=lo 2=eth0", kept by the caller; NULL: unknown):
 * IPv6 link-local scope ids are shown as if_nametoindex("lo") with them, as
 * strace shows them on that host. A process decodes one trace at a time. */
void decode_set_ifnames(const char *list);
/* Appends the len bytes of a struct sockaddr in strace's notation. */
void decode_put_sockaddr(struct strbuf *sb, const uint8_t *addr, size_t len);
/* Appends socket(2)'s protocol as named for domain: IPPROTO_TCP, NETLINK_ROUTE,
 * htons(ETH_P_ALL), or a number. */
void decode_put_sock_proto(struct strbuf *sb, uint64_t domain, uint64_t proto);
/* Appends a sockaddr argument (raw argument arg, input or output). */
void decode_put_sockaddr_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                             bool output);
/* Appends sendmsg's (input) / recvmsg's (output) struct msghdr argument arg:
 * "{msg_name=..., msg_namelen=128 => 16, msg_iov=[...], msg_iovlen=2,
 * msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS,
 * cmsg_data=[3]}], msg_controllen=24, msg_flags=0}"; a failed recvmsg shows
 * the name length it was given ("{msg_namelen=16}"). */
void decode_put_msghdr_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                           bool output);
/* Appends the socklen_t* argument arg: "[16]", "[110 => 16]" when the kernel
 * changed it, the pointer when it could not be read. */
void decode_put_socklen_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg);
/* Appends the option value of setsockopt (input) / getsockopt (output, after
 * success): "[1]", "{l_onoff=1, l_linger=5}", else the bytes as a string. */
void decode_put_sockopt_val(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                            bool output);
/* Appends setsockopt/getsockopt's option name for level ("SO_REUSEADDR"). */
void decode_put_sockopt_name(struct strbuf *sb, uint64_t level, uint64_t name);

#endif
