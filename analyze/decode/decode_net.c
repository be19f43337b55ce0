/*
 * decode_net.c - socket addresses, socket protocols, socklen_t pointers and
 * socket option names in strace's notation. Addresses are decoded from the
 * recorded bytes with the x86_64 layouts (network byte order for ports and
 * IPv4/IPv6 addresses), independent of the machine running the report.
 */
#include "analyze/decode/decode_net.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "analyze/decode/decode_flags.h"
#include "analyze/decode/decode_struct.h"
#include "libtrace/trace_errno.h"

enum {
	FAM_UNIX = 1,
	FAM_INET = 2,
	FAM_INET6 = 10,
	FAM_NETLINK = 16,
	FAM_PACKET = 17,
	SIN_LEN = 16,       /* struct sockaddr_in */
	SIN6_LEN_MIN = 24,  /* struct sockaddr_in6 without sin6_scope_id (RFC 2133) */
	SIN6_LEN = 28,      /* struct sockaddr_in6 */
	SUN_PATH_MAX = 108, /* sizeof(sun_path) */
	SNL_LEN = 12,       /* struct sockaddr_nl */
	SA_DATA_MAX = 128,
	MH_SIZE = 56,  /* struct msghdr */
	CMSG_HDR = 16, /* struct cmsghdr: cmsg_len (u64), cmsg_level, cmsg_type */
	SOL_SOCKET_ = 1,
	SCM_RIGHTS_ = 1,
	SCM_CREDENTIALS_ = 2,
	UCRED_SIZE = 12,
};

static const struct {
	uint64_t level;
	const struct decode_xlat_set *names;
} sockopt_names[] = {
    {1, &decode_xl_sol_socket_opts},
    {6, &decode_xl_tcp_opts},
    {0, &decode_xl_ip_opts},
    {41, &decode_xl_ipv6_opts},
};

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_inet(struct strbuf *sb, const uint8_t *a)
{
	sb_printf(sb, ", sin_port=htons(%u), sin_addr=inet_addr(\"%u.%u.%u.%u\")", get_be16(a + 2),
	          a[4], a[5], a[6], a[7]);
}

/* The recording host's interfaces ("1=lo 2=eth0"), from the trace's metadata. */
static const char *host_ifnames;

void decode_set_ifnames(const char *list)
{
	host_ifnames = list;
}

/* A scope id as strace shows it for link-local addresses: the interface's
 * name on the recording host when it had one, else the number. */
static void put_scope_id(struct strbuf *sb, uint32_t id)
{
	char key[16];
	int klen = snprintf(key, sizeof(key), "%u=", id);

	for (const char *w = host_ifnames; w && *w; w += strcspn(w, " "), w += *w == ' ') {
		if (strncmp(w, key, (size_t)klen) != 0)
			continue;
		const char *name = w + klen;
		sb_puts(sb, "if_nametoindex(");
		decode_put_quoted(sb, (const uint8_t *)name, strcspn(name, " "), 16, false);
		sb_putc(sb, ')');
		return;
	}
	sb_printf(sb, "%u", id);
}

static void put_inet6(struct strbuf *sb, const uint8_t *a, size_t len)
{
	char text[INET6_ADDRSTRLEN];

	if (!inet_ntop(AF_INET6, a + 8, text, sizeof(text)))
		strcpy(text, "?");
	sb_printf(sb, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u)", get_be16(a + 2),
	          get_be32(a + 4));
	sb_printf(sb, ", inet_pton(AF_INET6, \"%s\", &sin6_addr)", text);
	if (len < SIN6_LEN)
		return;
	sb_puts(sb, ", sin6_scope_id=");
	/* fe80::/10 and ff02::/16 (link-local unicast and multicast): by name */
	if ((a[8] == 0xfe && (a[9] & 0xc0) == 0x80) || (a[8] == 0xff && (a[9] & 0x0f) == 2))
		put_scope_id(sb, decode_le32(a + 24));
	else
		sb_printf(sb, "%u", decode_le32(a + 24));
}

static void put_unix(struct strbuf *sb, const uint8_t *a, size_t len)
{
	size_t n = len - 2;

	if (n > SUN_PATH_MAX)
		n = SUN_PATH_MAX;
	if (n == 0)
		return;
	sb_puts(sb, ", sun_path=");
	if (a[2] == 0 && n > 1) {
		/* abstract name: every byte counts, NULs included */
		sb_putc(sb, '@');
		decode_put_quoted(sb, a + 3, n - 1, n - 1, false);
		return;
	}
	const uint8_t *nul = memchr(a + 2, 0, n);
	decode_put_quoted(sb, a + 2, nul ? (size_t)(nul - (a + 2)) : n, SUN_PATH_MAX, false);
}

void decode_put_sockaddr(struct strbuf *sb, const uint8_t *a, size_t len)
{
	if (len < 2) {
		sb_puts(sb, "{}");
		return;
	}
	unsigned family = (unsigned)a[0] | (unsigned)a[1] << 8;

	sb_puts(sb, "{sa_family=");
	decode_put_enum(sb, &decode_xl_sock_domains, family);
	if (family == FAM_INET && len >= SIN_LEN)
		put_inet(sb, a);
	else if (family == FAM_INET6 && len >= SIN6_LEN_MIN)
		put_inet6(sb, a, len);
	else if (family == FAM_UNIX)
		put_unix(sb, a, len);
	else if (family == FAM_NETLINK && len >= SNL_LEN)
		sb_printf(sb, ", nl_pid=%u, nl_groups=%#08x", decode_le32(a + 4),
		          decode_le32(a + 8));
	else if (len > 2) {
		size_t n = len - 2 < SA_DATA_MAX ? len - 2 : SA_DATA_MAX;
		sb_puts(sb, ", sa_data=");
		decode_put_quoted(sb, a + 2, n, n, len - 2 > n);
	}
	sb_putc(sb, '}');
}

void decode_put_sock_proto(struct strbuf *sb, uint64_t domain, uint64_t proto)
{
	proto &= 0xffffffffu;
	switch (domain & 0xffffffffu) {
	case FAM_INET:
	case FAM_INET6:
		decode_put_enum(sb, &decode_xl_ip_protos, proto);
		break;
	case FAM_NETLINK:
		decode_put_enum(sb, &decode_xl_netlink_protos, proto);
		break;
	case FAM_PACKET: {
		uint16_t be = (uint16_t)proto;
		sb_puts(sb, "htons(");
		decode_put_enum(sb, &decode_xl_eth_protos, (uint16_t)(be >> 8 | be << 8));
		sb_putc(sb, ')');
		break;
	}
	default:
		sb_printf(sb, "%d", (int)proto);
		break;
	}
}

void decode_put_sockaddr_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                             bool output)
{
	uint64_t v = c->s->args[arg];
	const struct trace_payload *p = decode_payload(c->s, arg);

	if (!v) {
		sb_puts(sb, "NULL");
		return;
	}
	if ((output && !decode_succeeded(c->s)) || !p || p->kind != TPAY_SOCKADDR ||
	    (p->flags & TPAYF_UNREADABLE) || p->len == 0) {
		decode_put_ptr(sb, v);
		return;
	}
	size_t len = p->len;
	if (output && c->d && c->d->args[arg].len_arg < c->d->nargs) {
		/* the kernel writes at most the buffer's size (the socklen_t at entry) */
		const struct trace_payload *in =
		    decode_struct_at(c->s, c->d->args[arg].len_arg, 4, false);
		if (in && decode_le32(in->data) < len)
			len = decode_le32(in->data);
	}
	if (len == 0) {
		decode_put_ptr(sb, v);
		return;
	}
	decode_put_sockaddr(sb, p->data, len);
}

void decode_put_socklen_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	uint64_t v = c->s->args[arg];
	const struct trace_payload *in = decode_struct_at(c->s, arg, 4, false);
	const struct trace_payload *out = decode_struct_at(c->s, arg, 4, true);

	if (!v) {
		sb_puts(sb, "NULL");
		return;
	}
	if (!in) { /* traces written before socklen_t was recorded: the address's length */
		for (unsigned i = 0; c->d && i < c->d->nargs; i++) {
			const struct trace_payload *a = decode_payload(c->s, i);
			if (c->d->args[i].kind == TA_SOCKADDR_OUT && c->d->args[i].len_arg == arg &&
			    decode_succeeded(c->s) && a && a->kind == TPAY_SOCKADDR &&
			    !(a->flags & TPAYF_UNREADABLE)) {
				sb_printf(sb, "[%" PRIu64 "]", a->full_len);
				return;
			}
		}
		decode_put_ptr(sb, v);
		return;
	}
	uint32_t before = decode_le32(in->data);
	if (out && decode_succeeded(c->s) && decode_le32(out->data) != before)
		sb_printf(sb, "[%u => %u]", before, decode_le32(out->data));
	else
		sb_printf(sb, "[%u]", before);
}

enum { SO_ERROR_ = 4, SO_LINGER_ = 13, SOL_NETLINK_ = 270 };

/* The SOL_SOCKET options strace shows as an int (when the length holds one). */
static bool sockopt_int_like(uint64_t name)
{
	static const uint8_t names[] = {1,  2,  5,  6,  7,  8,  9,  10, 11, 12, 14, 15, 16, 18, 19,
	                                27, 29, 30, 32, 33, 34, 35, 36, 37, 40, 41, 42, 43, 44, 45,
	                                46, 49, 53, 56, 60, 63, 64, 65, 68, 69, 70, 73, 75};

	for (size_t i = 0; i < sizeof(names); i++)
		if (names[i] == name)
			return true;
	return false;
}

/* getsockopt's value by strace's rules for the lengths: an address when a
 * length is not positive, SO_ERROR by its errno name, the int-like options
 * shorter than an int in hex; false when the general rule applies. */
static bool put_getsockopt_special(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                                   const struct trace_payload *p, uint64_t level, uint64_t name)
{
	const struct trace_payload *in = decode_struct_at(c->s, arg + 1, 4, false);
	const struct trace_payload *out = decode_struct_at(c->s, arg + 1, 4, true);
	int32_t ulen = in ? (int32_t)decode_le32(in->data) : 1;
	int32_t rlen = out ? (int32_t)decode_le32(out->data) : (int32_t)p->len;

	if (ulen <= 0 || rlen <= 0) {
		decode_put_ptr(sb, c->s->args[arg]);
		return true;
	}
	if (level != SOL_SOCKET_ || (name != SO_ERROR_ && !sockopt_int_like(name)))
		return false;
	size_t n = (size_t)rlen < p->len ? (size_t)rlen : p->len;
	if (rlen < 4) {
		decode_put_quoted_hex(sb, p->data, n, n, false);
		return true;
	}
	if (name != SO_ERROR_ || p->len < 4)
		return false;
	int32_t err = (int32_t)decode_le32(p->data);
	const char *e = err > 0 ? trace_errno_name(err) : NULL;
	if (e)
		sb_printf(sb, "[%s]", e);
	else
		sb_printf(sb, "[%d]", err);
	return true;
}

void decode_put_sockopt_val(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                            bool output)
{
	const struct trace_payload *p =
	    output ? decode_struct_at(c->s, arg, 0, true) : decode_payload(c->s, arg);
	uint64_t level = c->s->args[1] & 0xffffffffu, name = c->s->args[2] & 0xffffffffu;

	if (!c->s->args[arg] || !p || (p->flags & TPAYF_UNREADABLE) ||
	    (output && !decode_succeeded(c->s))) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	if (output && put_getsockopt_special(sb, c, arg, p, level, name))
		return;
	if (!output && (int32_t)c->s->args[arg + 1] < 4 &&
	    ((level == SOL_SOCKET_ && sockopt_int_like(name)) || level == SOL_NETLINK_)) {
		decode_put_ptr(sb, c->s->args[arg]); /* no room for the int it takes */
		return;
	}
	if (level == SOL_SOCKET_ && name == SO_LINGER_ && p->len >= 8) {
		sb_printf(sb, "{l_onoff=%d, l_linger=%d}", (int32_t)decode_le32(p->data),
		          (int32_t)decode_le32(p->data + 4));
	} else if (p->len == 4) {
		sb_printf(sb, "[%d]", (int32_t)decode_le32(p->data));
	} else {
		decode_put_quoted(sb, p->data, p->len, c->strsize, p->full_len > p->len);
	}
}

void decode_put_sockopt_name(struct strbuf *sb, uint64_t level, uint64_t name)
{
	level &= 0xffffffffu;
	name &= 0xffffffffu;
	for (unsigned i = 0; i < sizeof(sockopt_names) / sizeof(sockopt_names[0]); i++) {
		if (sockopt_names[i].level == level) {
			decode_put_enum_dec(sb, sockopt_names[i].names, name);
			return;
		}
	}
	sb_printf(sb, "%" PRIu64, name);
}

/* --- struct msghdr: sendmsg, recvmsg ----------------------------------------- */

/* A SOL_SOCKET message's data strace decodes: descriptors (at most strsize,
 * then "..."), credentials. Other types show none. */
static void put_cmsg_data(struct strbuf *sb, const struct decode_ctx *c, uint32_t type,
                          const uint8_t *d, size_t len)
{
	if (type == SCM_RIGHTS_ && len >= 4) {
		sb_puts(sb, ", cmsg_data=[");
		for (size_t i = 0; i < len / 4; i++) {
			if (i)
				sb_puts(sb, ", ");
			if (i == c->strsize) {
				sb_puts(sb, "...");
				break;
			}
			sb_put_i64(sb, (int32_t)decode_le32(d + 4 * i));
		}
		sb_putc(sb, ']');
	} else if (type == SCM_CREDENTIALS_ && len >= UCRED_SIZE) {
		sb_printf(sb, ", cmsg_data={pid=%d, uid=%u, gid=%u}", (int32_t)decode_le32(d),
		          decode_le32(d + 4), decode_le32(d + 8));
	}
}

/* The control messages of p (the control data kept, controllen the length
 * the msghdr gave) as strace walks them: each header, its data within what
 * is left, the next header at the length rounded up to 8. */
static void put_cmsgs(struct strbuf *sb, const struct decode_ctx *c, const struct trace_payload *p,
                      uint64_t addr, uint64_t controllen)
{
	size_t left = p->len, off = 0;

	sb_putc(sb, '[');
	while (left >= CMSG_HDR) {
		const uint8_t *m = p->data + off;
		uint64_t clen = decode_le64(m), step = (clen + 7) & ~(uint64_t)7;
		uint32_t level = decode_le32(m + 8), type = decode_le32(m + 12);
		size_t dlen = clen > CMSG_HDR ? (size_t)(clen - CMSG_HDR) : 0;

		if (dlen > left - CMSG_HDR)
			dlen = left - CMSG_HDR;
		sb_puts(sb, off ? ", {cmsg_len=" : "{cmsg_len=");
		sb_put_u64(sb, clen);
		sb_puts(sb, ", cmsg_level=");
		decode_put_enum(sb, &decode_xl_sockopt_levels, level);
		sb_puts(sb, ", cmsg_type=");
		if (level == SOL_SOCKET_) {
			decode_put_enum(sb, &decode_xl_scm_types, type);
			put_cmsg_data(sb, c, type, m + CMSG_HDR, dlen);
		} else {
			decode_put_hex(sb, type);
		}
		sb_putc(sb, '}');
		if (clen < CMSG_HDR) {
			left -= CMSG_HDR;
			break;
		}
		if (step < clen ||
		    step >= left) { /* the last message, or one running past the data */
			left = 0;
			break;
		}
		off += (size_t)step;
		left -= (size_t)step;
	}
	if (left)
		sb_printf(sb, ", ... /* %#" PRIx64 " */", addr + (p->len - left));
	else if (p->len < controllen)
		sb_puts(sb, ", ...");
	sb_putc(sb, ']');
}

/* msg_name: the address of namelen bytes (the smaller of the lengths given
 * and returned, for recvmsg), from its payload; else the pointer. */
static void put_msg_name(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, bool output,
                         uint64_t addr, int32_t namelen)
{
	const struct trace_payload *p = decode_payload_kind(c->s, arg, TPAY_SOCKADDR, output);

	if (namelen < 2 || !p || (p->flags & TPAYF_UNREADABLE) || p->len < 2) {
		decode_put_ptr(sb, addr);
		return;
	}
	decode_put_sockaddr(sb, p->data, p->len < (uint32_t)namelen ? p->len : (size_t)namelen);
}

/* msg_iov: its elements, the data up to the bytes a recvmsg returned. */
static void put_msg_iov(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, bool output,
                        uint64_t addr, uint64_t count)
{
	const struct trace_payload *p = decode_payload_kind(c->s, arg, TPAY_IOV, output);

	if (!addr || !p || (p->flags & TPAYF_UNREADABLE) || count > UINT64_MAX / 16) {
		decode_put_ptr(sb, addr);
		return;
	}
	decode_put_iov_elems(sb, c, p, count, output ? (uint64_t)c->s->ret : UINT64_MAX, true);
}

/* The struct at mh (at exit for recvmsg), in with the struct as given (recvmsg
 * at entry, or NULL). */
static void put_msghdr(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, bool output,
                       const uint8_t *mh, const uint8_t *in)
{
	int32_t namelen = (int32_t)decode_le32(mh + 8);
	int32_t given = in ? (int32_t)decode_le32(in + 8) : namelen;
	uint64_t controllen = decode_le64(mh + 40), control = decode_le64(mh + 32);

	sb_puts(sb, "{msg_name=");
	put_msg_name(sb, c, arg, output, decode_le64(mh), namelen > given ? given : namelen);
	sb_puts(sb, ", msg_namelen=");
	if (given != namelen)
		sb_printf(sb, "%d => ", given);
	sb_printf(sb, "%d, msg_iov=", namelen);
	put_msg_iov(sb, c, arg, output, decode_le64(mh + 16), decode_le64(mh + 24));
	sb_printf(sb, ", msg_iovlen=%" PRIu64, decode_le64(mh + 24));
	if (controllen) {
		const struct trace_payload *p = decode_payload_kind(c->s, arg, TPAY_BUFFER, output);
		sb_puts(sb, ", msg_control=");
		if (!control || !p || (p->flags & TPAYF_UNREADABLE) || p->len < CMSG_HDR)
			decode_put_ptr(sb, control);
		else
			put_cmsgs(sb, c, p, control, controllen);
	}
	sb_printf(sb, ", msg_controllen=%" PRIu64 ", msg_flags=", controllen);
	decode_put_flags(sb, &decode_xl_msg_flags, decode_le32(mh + 48));
	sb_putc(sb, '}');
}

void decode_put_msghdr_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, bool output)
{
	uint64_t v = c->s->args[arg];
	const struct trace_payload *in = decode_struct_at(c->s, arg, MH_SIZE, false);
	const struct trace_payload *mh = output ? decode_struct_at(c->s, arg, MH_SIZE, true) : in;

	if (output && !decode_succeeded(c->s)) { /* recvmsg failed: the length it was given */
		if (v && in)
			sb_printf(sb, "{msg_namelen=%d}", (int32_t)decode_le32(in->data + 8));
		else
			decode_put_ptr(sb, v);
		return;
	}
	if (!v || !mh) {
		decode_put_ptr(sb, v);
		return;
	}
	put_msghdr(sb, c, arg, output, mh->data, output && in ? in->data : NULL);
}
