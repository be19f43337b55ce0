/*
 * decode_io.c - io_uring_params, getdents entry counts and pointed-to
 * output values, decoded from their payloads with the x86_64 layouts.
 */
#include "analyze/decode/decode_io.h"

#include <inttypes.h>
#include <string.h>

#include "analyze/decode/decode_flags.h"

enum {
	URING_PARAMS_SIZE = 120, /* struct io_uring_params */
	URING_SQ_ENTRIES = 0,
	URING_CQ_ENTRIES = 4,
	URING_FLAGS = 8,
	URING_SQ_THREAD_CPU = 12,
	URING_SQ_THREAD_IDLE = 16,
	URING_FEATURES = 20,
	URING_WQ_FD = 24,
	URING_RESV = 28, /* __u32 resv[3] */
	URING_SQ_OFF = 40,
	URING_CQ_OFF = 80,
	IORING_SETUP_ATTACH_WQ_ = 0x20,
	DIRENT_RECLEN = 16, /* d_reclen in linux_dirent and linux_dirent64 */
	DIRENT_MIN = 18,
};

/* "name=N" fields of consecutive u32s of a ring offsets struct. */
static void put_u32_fields(struct strbuf *sb, const uint8_t *p, const char *const *names,
                           unsigned n)
{
	sb_putc(sb, '{');
	for (unsigned i = 0; i < n; i++)
		sb_printf(sb, "%s%s=%" PRIu32, i ? ", " : "", names[i], decode_le32(p + 4 * i));
	sb_putc(sb, '}');
}

/* The fields the caller sets: flags, the SQ thread, wq_fd with
 * IORING_SETUP_ATTACH_WQ, resv when not zero. */
static void put_uring_input(struct strbuf *sb, const uint8_t *p)
{
	uint32_t flags = decode_le32(p + URING_FLAGS);

	sb_puts(sb, "{flags=");
	decode_put_flags(sb, &decode_xl_uring_setup_flags, flags);
	sb_printf(sb, ", sq_thread_cpu=%" PRIu32 ", sq_thread_idle=%" PRIu32,
	          decode_le32(p + URING_SQ_THREAD_CPU), decode_le32(p + URING_SQ_THREAD_IDLE));
	if (flags & IORING_SETUP_ATTACH_WQ_)
		sb_printf(sb, ", wq_fd=%" PRId32, (int32_t)decode_le32(p + URING_WQ_FD));
	const uint8_t *r = p + URING_RESV;
	if (decode_le32(r) || decode_le32(r + 4) || decode_le32(r + 8)) {
		sb_puts(sb, ", resv=[");
		for (unsigned i = 0; i < 3; i++) {
			if (i)
				sb_puts(sb, ", ");
			decode_put_hex(sb, decode_le32(r + 4 * i));
		}
		sb_putc(sb, ']');
	}
}

/* The fields the kernel fills in on success. */
static void put_uring_output(struct strbuf *sb, const uint8_t *p)
{
	static const char *const sq[] = {"head",  "tail",    "ring_mask", "ring_entries",
	                                 "flags", "dropped", "array"};
	static const char *const cq[] = {"head",     "tail", "ring_mask", "ring_entries",
	                                 "overflow", "cqes", "flags"};

	sb_printf(sb, ", sq_entries=%" PRIu32 ", cq_entries=%" PRIu32 ", features=",
	          decode_le32(p + URING_SQ_ENTRIES), decode_le32(p + URING_CQ_ENTRIES));
	decode_put_flags(sb, &decode_xl_uring_features, decode_le32(p + URING_FEATURES));
	sb_puts(sb, ", sq_off=");
	put_u32_fields(sb, p + URING_SQ_OFF, sq, 7);
	sb_puts(sb, ", cq_off=");
	put_u32_fields(sb, p + URING_CQ_OFF, cq, 7);
}

/* io_uring_setup's params: the input fields as read at entry (or at exit
 * when only that was recorded), then after success what the kernel wrote. */
static void put_uring_params(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *in = decode_struct_at(c->s, arg, URING_PARAMS_SIZE, false);
	const struct trace_payload *out = decode_struct_at(c->s, arg, URING_PARAMS_SIZE, true);

	if (!decode_succeeded(c->s))
		out = NULL;
	if (!in)
		in = out;
	if (!c->s->args[arg] || !in) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	put_uring_input(sb, in->data);
	if (out)
		put_uring_output(sb, out->data);
	sb_putc(sb, '}');
}

/* getdents: the address and the "N entries" comment when every returned byte was
 * recorded (the count walks the d_reclen chain); the address alone else. */
static void put_dirents(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = decode_struct_at(c->s, arg, 0, true);
	unsigned n = 0;

	decode_put_ptr(sb, c->s->args[arg]);
	if (!decode_succeeded(c->s))
		return;
	if (c->s->ret > 0) {
		if (!p || p->len != (uint64_t)c->s->ret)
			return;
		for (size_t off = 0; off + DIRENT_MIN <= p->len; n++) {
			unsigned reclen = p->data[off + DIRENT_RECLEN] |
			                  (unsigned)p->data[off + DIRENT_RECLEN + 1] << 8;
			if (!reclen)
				return; /* not a chain of entries: no count */
			off += reclen;
		}
	}
	sb_printf(sb, " /* %u entries */", n);
}

/* "[0x7f...]" / "[24]": the value written, after success. */
static void put_out_value(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, bool hex)
{
	const struct trace_payload *p = decode_struct_at(c->s, arg, 8, true);

	if (!p || !decode_succeeded(c->s)) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	sb_putc(sb, '[');
	if (hex)
		decode_put_ptr(sb, decode_le64(p->data));
	else
		sb_put_u64(sb, decode_le64(p->data));
	sb_putc(sb, ']');
}

/* --- ioctl: the argument of the requests rec_policy copies ------------------ */

enum {
	TCGETS_ = 0x5401,
	TCSETS_ = 0x5402,
	TCSETSW_ = 0x5403,
	TCSETSF_ = 0x5404,
	TIOCGPGRP_ = 0x540f,
	TIOCSPGRP_ = 0x5410,
	TIOCGWINSZ_ = 0x5413,
	TIOCSWINSZ_ = 0x5414,
	FIONREAD_ = 0x541b,
	FIONBIO_ = 0x5421,
	SIOCGIFNAME_ = 0x8910,
	SIOCGIFFLAGS_ = 0x8913,
	SIOCGIFMTU_ = 0x8921,
	SIOCGIFINDEX_ = 0x8933,
	IFNAMSIZ_ = 16, /* struct ifreq: the name, then the union at 16 */
};

static void put_ifr_name(struct strbuf *sb, const uint8_t *p, const struct decode_ctx *c)
{
	const uint8_t *nul = memchr(p, 0, IFNAMSIZ_);

	sb_puts(sb, "ifr_name=");
	decode_put_quoted(sb, p, nul ? (size_t)(nul - p) : IFNAMSIZ_, c->strsize, false);
}

/* struct ifreq: the name (or the index for SIOCGIFNAME) the caller set, then
 * after success the field the kernel filled. */
static void put_ifreq(struct strbuf *sb, const struct decode_ctx *c, uint32_t req,
                      const uint8_t *in, const uint8_t *out)
{
	sb_putc(sb, '{');
	if (req == SIOCGIFNAME_) {
		sb_printf(sb, "ifr_ifindex=%" PRId32, (int32_t)decode_le32(in + IFNAMSIZ_));
		if (out) {
			sb_puts(sb, ", ");
			put_ifr_name(sb, out, c);
		}
		sb_putc(sb, '}');
		return;
	}
	put_ifr_name(sb, in, c);
	if (out && req == SIOCGIFINDEX_)
		sb_printf(sb, ", ifr_ifindex=%" PRId32, (int32_t)decode_le32(out + IFNAMSIZ_));
	else if (out && req == SIOCGIFMTU_)
		sb_printf(sb, ", ifr_mtu=%" PRId32, (int32_t)decode_le32(out + IFNAMSIZ_));
	else if (out && req == SIOCGIFFLAGS_) {
		sb_puts(sb, ", ifr_flags=");
		decode_put_flags(sb, &decode_xl_iff_flags,
		                 (uint16_t)(out[IFNAMSIZ_] | out[IFNAMSIZ_ + 1] << 8));
	}
	sb_putc(sb, '}');
}

/* struct termios (the kernel's, x86_64) as strace shows it without -v:
 * "{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|...|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD,
 * c_lflag=ISIG|..., ...}"; a flag word of 0 prints nothing, as strace does. */
static void put_termios(struct strbuf *sb, const uint8_t *p)
{
	static const char *const cr[] = {"CR0", "CR1", "CR2", "CR3"};
	static const char *const tab[] = {"TAB0", "TAB1", "TAB2", "XTABS"};
	uint32_t o = decode_le32(p + 4), cf = decode_le32(p + 8);
	const uint32_t cbaud = 010017, csize = 060;

	sb_puts(sb, "{c_iflag=");
	decode_put_flags_nz(sb, &decode_xl_termios_iflags, decode_le32(p));
	sb_printf(sb, ", c_oflag=%s|%s|%s|%s|%s|%s|", o & 0400 ? "NL1" : "NL0", cr[(o >> 9) & 3],
	          tab[(o >> 11) & 3], o & 020000 ? "BS1" : "BS0", o & 040000 ? "VT1" : "VT0",
	          o & 0100000 ? "FF1" : "FF0");
	decode_put_flags_nz(sb, &decode_xl_termios_oflags, o & ~(uint32_t)0177400);
	sb_puts(sb, ", c_cflag=");
	decode_put_enum(sb, &decode_xl_termios_bauds, cf & cbaud);
	sb_putc(sb, '|');
	if ((cf >> 16) & cbaud) {
		decode_put_enum(sb, &decode_xl_termios_bauds, (cf >> 16) & cbaud);
		sb_puts(sb, "<<IBSHIFT|");
	}
	sb_printf(sb, "CS%u|", 5 + ((cf & csize) >> 4));
	decode_put_flags_nz(sb, &decode_xl_termios_cflags, cf & ~(cbaud | cbaud << 16 | csize));
	sb_puts(sb, ", c_lflag=");
	decode_put_flags_nz(sb, &decode_xl_termios_lflags, decode_le32(p + 12));
	sb_puts(sb, ", ...}");
}

static void put_winsize(struct strbuf *sb, const uint8_t *p)
{
	sb_printf(sb, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", p[0] | p[1] << 8,
	          p[2] | p[3] << 8, p[4] | p[5] << 8, p[6] | p[7] << 8);
}

/* ioctl's third argument: "[4084]", "{ws_row=24, ...}", "{ifr_name=\"lo\", ...}"
 * for the requests whose argument was recorded; the number in hex else. */
static void put_ioctl_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	uint32_t req = (uint32_t)c->s->args[1];
	const struct trace_payload *in = decode_struct_at(c->s, arg, 16, false);
	const struct trace_payload *out = decode_struct_at(c->s, arg, 16, true);
	bool ok = decode_succeeded(c->s);

	if (!in && ok)
		in = out; /* only the exit copy was recorded (the eBPF backend) */
	bool get = req == FIONREAD_ || req == TIOCGPGRP_ || req == TIOCGWINSZ_ || req == TCGETS_;
	const struct trace_payload *p = get ? (ok ? out : NULL) : in ? in : out;

	if (!ok)
		out = NULL;
	if (!p && !(in && (req == SIOCGIFINDEX_ || req == SIOCGIFFLAGS_ || req == SIOCGIFMTU_ ||
	                   req == SIOCGIFNAME_))) {
		decode_put_hex(sb, c->s->args[arg]);
		return;
	}
	switch (req) {
	case FIONREAD_:
	case FIONBIO_:
	case TIOCGPGRP_:
	case TIOCSPGRP_:
		sb_printf(sb, "[%" PRId32 "]", (int32_t)decode_le32(p->data));
		return;
	case TIOCGWINSZ_:
	case TIOCSWINSZ_:
		put_winsize(sb, p->data);
		return;
	case TCGETS_:
	case TCSETS_:
	case TCSETSW_:
	case TCSETSF_:
		put_termios(sb, p->data);
		return;
	default:
		if (!in || in->len < 20 || (out && out->len < 20)) {
			decode_put_hex(sb, c->s->args[arg]);
			return;
		}
		put_ifreq(sb, c, req, in->data, out ? out->data : NULL);
		return;
	}
}

bool decode_put_io_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, unsigned kind)
{
	switch (kind) {
	case TA_URING_PARAMS:
		put_uring_params(sb, c, arg);
		return true;
	case TA_DIRENTS_OUT:
		put_dirents(sb, c, arg);
		return true;
	case TA_PTR_OUT:
	case TA_ULONG_OUT:
		put_out_value(sb, c, arg, kind == TA_PTR_OUT);
		return true;
	case TA_IOCTL_ARG:
		put_ioctl_arg(sb, c, arg);
		return true;
	default:
		return false;
	}
}
