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

static void put_inet6(struct strbuf *sb, const uint8_t *a, size_t len)
{
	char text[INET6_ADDRSTRLEN];

	if (!inet_ntop(AF_INET6, a + 8, text, sizeof(text)))
		strcpy(text, "?");
	sb_printf(sb, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u)", get_be16(a + 2),
	          get_be32(a + 4));
	sb_printf(sb, ", inet_pton(AF_INET6, \"%s\", &sin6_addr)", text);
	if (len >= SIN6_LEN)
		sb_printf(sb, ", sin6_scope_id=%u", decode_le32(a + 24));
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
	decode_put_sockaddr(sb, p->data, p->len);
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

enum { SOL_SOCKET_ = 1, SO_LINGER_ = 13 };

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
