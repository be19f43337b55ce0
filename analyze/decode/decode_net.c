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

#define XLAT_SET DECODE_XLAT_SET

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

static const struct decode_xlat ip_protos[] = {
    {0, "IPPROTO_IP"},        {1, "IPPROTO_ICMP"},    {2, "IPPROTO_IGMP"},
    {4, "IPPROTO_IPIP"},      {6, "IPPROTO_TCP"},     {8, "IPPROTO_EGP"},
    {12, "IPPROTO_PUP"},      {17, "IPPROTO_UDP"},    {22, "IPPROTO_IDP"},
    {29, "IPPROTO_TP"},       {33, "IPPROTO_DCCP"},   {41, "IPPROTO_IPV6"},
    {46, "IPPROTO_RSVP"},     {47, "IPPROTO_GRE"},    {50, "IPPROTO_ESP"},
    {51, "IPPROTO_AH"},       {58, "IPPROTO_ICMPV6"}, {92, "IPPROTO_MTP"},
    {94, "IPPROTO_BEETPH"},   {98, "IPPROTO_ENCAP"},  {103, "IPPROTO_PIM"},
    {108, "IPPROTO_COMP"},    {115, "IPPROTO_L2TP"},  {132, "IPPROTO_SCTP"},
    {136, "IPPROTO_UDPLITE"}, {137, "IPPROTO_MPLS"},  {143, "IPPROTO_ETHERNET"},
    {255, "IPPROTO_RAW"},     {262, "IPPROTO_MPTCP"},
};
static const struct decode_xlat_set xl_ip_protos = XLAT_SET(ip_protos, "IPPROTO_???");

static const struct decode_xlat netlink_protos[] = {
    {0, "NETLINK_ROUTE"},       {1, "NETLINK_UNUSED"},
    {2, "NETLINK_USERSOCK"},    {3, "NETLINK_FIREWALL"},
    {4, "NETLINK_SOCK_DIAG"},   {5, "NETLINK_NFLOG"},
    {6, "NETLINK_XFRM"},        {7, "NETLINK_SELINUX"},
    {8, "NETLINK_ISCSI"},       {9, "NETLINK_AUDIT"},
    {10, "NETLINK_FIB_LOOKUP"}, {11, "NETLINK_CONNECTOR"},
    {12, "NETLINK_NETFILTER"},  {13, "NETLINK_IP6_FW"},
    {14, "NETLINK_DNRTMSG"},    {15, "NETLINK_KOBJECT_UEVENT"},
    {16, "NETLINK_GENERIC"},    {18, "NETLINK_SCSITRANSPORT"},
    {19, "NETLINK_ECRYPTFS"},   {20, "NETLINK_RDMA"},
    {21, "NETLINK_CRYPTO"},     {22, "NETLINK_SMC"},
};
static const struct decode_xlat_set xl_netlink_protos = XLAT_SET(netlink_protos, "NETLINK_???");

static const struct decode_xlat eth_protos[] = {
    {0x0003, "ETH_P_ALL"},    {0x0800, "ETH_P_IP"},    {0x0806, "ETH_P_ARP"},
    {0x8035, "ETH_P_RARP"},   {0x8100, "ETH_P_8021Q"}, {0x86dd, "ETH_P_IPV6"},
    {0x88a8, "ETH_P_8021AD"}, {0x888e, "ETH_P_PAE"},   {0x88cc, "ETH_P_LLDP"},
};
static const struct decode_xlat_set xl_eth_protos = XLAT_SET(eth_protos, "ETH_P_???");

static const struct decode_xlat sol_socket_opts[] = {
    {1, "SO_DEBUG"},         {2, "SO_REUSEADDR"},      {3, "SO_TYPE"},
    {4, "SO_ERROR"},         {5, "SO_DONTROUTE"},      {6, "SO_BROADCAST"},
    {7, "SO_SNDBUF"},        {8, "SO_RCVBUF"},         {9, "SO_KEEPALIVE"},
    {10, "SO_OOBINLINE"},    {11, "SO_NO_CHECK"},      {12, "SO_PRIORITY"},
    {13, "SO_LINGER"},       {14, "SO_BSDCOMPAT"},     {15, "SO_REUSEPORT"},
    {16, "SO_PASSCRED"},     {17, "SO_PEERCRED"},      {18, "SO_RCVLOWAT"},
    {19, "SO_SNDLOWAT"},     {20, "SO_RCVTIMEO_OLD"},  {21, "SO_SNDTIMEO_OLD"},
    {25, "SO_BINDTODEVICE"}, {26, "SO_ATTACH_FILTER"}, {29, "SO_TIMESTAMP_OLD"},
    {30, "SO_ACCEPTCONN"},   {31, "SO_PEERSEC"},       {32, "SO_SNDBUFFORCE"},
    {33, "SO_RCVBUFFORCE"},  {34, "SO_PASSSEC"},       {36, "SO_MARK"},
    {38, "SO_PROTOCOL"},     {39, "SO_DOMAIN"},        {40, "SO_RXQ_OVFL"},
    {46, "SO_BUSY_POLL"},    {49, "SO_INCOMING_CPU"},  {60, "SO_ZEROCOPY"},
};
static const struct decode_xlat tcp_opts[] = {
    {1, "TCP_NODELAY"},        {2, "TCP_MAXSEG"},        {3, "TCP_CORK"},
    {4, "TCP_KEEPIDLE"},       {5, "TCP_KEEPINTVL"},     {6, "TCP_KEEPCNT"},
    {7, "TCP_SYNCNT"},         {8, "TCP_LINGER2"},       {9, "TCP_DEFER_ACCEPT"},
    {10, "TCP_WINDOW_CLAMP"},  {11, "TCP_INFO"},         {12, "TCP_QUICKACK"},
    {13, "TCP_CONGESTION"},    {18, "TCP_USER_TIMEOUT"}, {23, "TCP_FASTOPEN"},
    {25, "TCP_NOTSENT_LOWAT"},
};
static const struct decode_xlat ip_opts[] = {
    {1, "IP_TOS"},
    {2, "IP_TTL"},
    {3, "IP_HDRINCL"},
    {4, "IP_OPTIONS"},
    {8, "IP_PKTINFO"},
    {10, "IP_MTU_DISCOVER"},
    {11, "IP_RECVERR"},
    {32, "IP_MULTICAST_IF"},
    {33, "IP_MULTICAST_TTL"},
    {34, "IP_MULTICAST_LOOP"},
    {35, "IP_ADD_MEMBERSHIP"},
    {36, "IP_DROP_MEMBERSHIP"},
};
static const struct decode_xlat ipv6_opts[] = {
    {16, "IPV6_UNICAST_HOPS"}, {17, "IPV6_MULTICAST_IF"}, {23, "IPV6_MTU_DISCOVER"},
    {25, "IPV6_RECVERR"},      {26, "IPV6_V6ONLY"},       {49, "IPV6_RECVPKTINFO"},
    {67, "IPV6_TCLASS"},
};
static const struct {
	uint64_t level;
	struct decode_xlat_set names;
} sockopt_names[] = {
    {1, XLAT_SET(sol_socket_opts, "SO_???")},
    {6, XLAT_SET(tcp_opts, "TCP_???")},
    {0, XLAT_SET(ip_opts, "IP_???")},
    {41, XLAT_SET(ipv6_opts, "IPV6_???")},
};

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
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
		sb_printf(sb, ", sin6_scope_id=%u", get_le32(a + 24));
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
		sb_printf(sb, ", nl_pid=%u, nl_groups=%#08x", get_le32(a + 4), get_le32(a + 8));
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
		decode_put_enum(sb, &xl_ip_protos, proto);
		break;
	case FAM_NETLINK:
		decode_put_enum(sb, &xl_netlink_protos, proto);
		break;
	case FAM_PACKET: {
		uint16_t be = (uint16_t)proto;
		sb_puts(sb, "htons(");
		decode_put_enum(sb, &xl_eth_protos, (uint16_t)(be >> 8 | be << 8));
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

void decode_put_socklen_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                            unsigned addr_arg)
{
	uint64_t v = c->s->args[arg];
	const struct trace_payload *p = decode_payload(c->s, arg);
	const struct trace_payload *addr = decode_payload(c->s, addr_arg);

	if (!v) {
		sb_puts(sb, "NULL");
		return;
	}
	if (p && p->kind == TPAY_STRUCT && p->len >= 4 && !(p->flags & TPAYF_UNREADABLE)) {
		sb_printf(sb, "[%u]", get_le32(p->data));
		return;
	}
	if (decode_succeeded(c->s) && addr && addr->kind == TPAY_SOCKADDR &&
	    !(addr->flags & TPAYF_UNREADABLE)) {
		sb_printf(sb, "[%" PRIu64 "]", addr->full_len);
		return;
	}
	decode_put_ptr(sb, v);
}

void decode_put_sockopt_name(struct strbuf *sb, uint64_t level, uint64_t name)
{
	level &= 0xffffffffu;
	name &= 0xffffffffu;
	for (unsigned i = 0; i < sizeof(sockopt_names) / sizeof(sockopt_names[0]); i++) {
		if (sockopt_names[i].level == level) {
			decode_put_enum_dec(sb, &sockopt_names[i].names, name);
			return;
		}
	}
	sb_printf(sb, "%" PRIu64, name);
}
