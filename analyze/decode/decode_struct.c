/*
 * decode_struct.c - structured arguments (struct stat, timespec, fd pairs,
 * wait statuses, signal sets, argv/envp, iovecs) decoded from the payload
 * bytes with the x86_64 layouts, in strace's notation.
 */
#include "analyze/decode/decode_struct.h"

#include <inttypes.h>
#include <string.h>

#include "analyze/decode/decode_flags.h"
#include "analyze/decode/decode_proc.h"
#include "libtrace/trace_errno.h"

enum {
	STAT_MODE_OFF = 24, /* struct stat on x86_64 */
	STAT_RDEV_OFF = 40,
	STAT_SIZE_OFF = 48,
	STAT_SIZE = 144,
	STATX_MASK_OFF = 0, /* struct statx */
	STATX_ATTR_OFF = 8,
	STATX_MODE_OFF = 28,
	STATX_SIZE_OFF = 40,
	STATX_MIN = 48,
	TIMESPEC_SIZE = 16,
	S_IFMT_ = 0170000,
	S_IFCHR_ = 020000,
	S_IFBLK_ = 060000,
};

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The struct payload of arg when it holds at least size readable bytes, else NULL. */
static const struct trace_payload *struct_payload(const struct decode_ctx *c, unsigned arg,
                                                  size_t size)
{
	const struct trace_payload *p = decode_payload(c->s, arg);

	if (!p || p->kind != TPAY_STRUCT || (p->flags & TPAYF_UNREADABLE) || p->len < size)
		return NULL;
	return p;
}

void decode_put_stat_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = struct_payload(c, arg, STAT_SIZE);

	if (!p || !decode_succeeded(c->s)) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	uint32_t mode = get_le32(p->data + STAT_MODE_OFF);
	sb_puts(sb, "{st_mode=");
	decode_put_mode_symbolic(sb, mode);
	if ((mode & S_IFMT_) == S_IFCHR_ || (mode & S_IFMT_) == S_IFBLK_) {
		sb_puts(sb, ", st_rdev=");
		decode_put_dev(sb, get_le64(p->data + STAT_RDEV_OFF));
	} else {
		sb_printf(sb, ", st_size=%" PRId64, (int64_t)get_le64(p->data + STAT_SIZE_OFF));
	}
	sb_puts(sb, ", ...}");
}

void decode_put_statx_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = struct_payload(c, arg, STATX_MIN);

	if (!p || !decode_succeeded(c->s)) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	sb_puts(sb, "{stx_mask=");
	decode_put_flags(sb, &decode_xl_statx_mask, get_le32(p->data + STATX_MASK_OFF));
	sb_puts(sb, ", stx_attributes=");
	decode_put_flags(sb, &decode_xl_statx_attrs, get_le64(p->data + STATX_ATTR_OFF));
	sb_puts(sb, ", stx_mode=");
	decode_put_mode_symbolic(
	    sb, (uint16_t)(p->data[STATX_MODE_OFF] | p->data[STATX_MODE_OFF + 1] << 8));
	sb_printf(sb, ", stx_size=%" PRIu64 ", ...}", get_le64(p->data + STATX_SIZE_OFF));
}

void decode_put_timespec_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                             bool output)
{
	const struct trace_payload *p = struct_payload(c, arg, TIMESPEC_SIZE);
	uint64_t v = c->s->args[arg];

	if (!v || !p || (output && !decode_succeeded(c->s))) {
		decode_put_ptr(sb, v);
		return;
	}
	sb_printf(sb, "{tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}", (int64_t)get_le64(p->data),
	          (int64_t)get_le64(p->data + 8));
}

void decode_put_fdpair_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = struct_payload(c, arg, 8);

	if (!p || !decode_succeeded(c->s)) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	sb_printf(sb, "[%d, %d]", (int32_t)get_le32(p->data), (int32_t)get_le32(p->data + 4));
}

void decode_put_wstatus(struct strbuf *sb, uint32_t st)
{
	uint32_t low = st & 0x7f;

	if ((st & 0xffff) == 0xffff) {
		sb_puts(sb, "{WIFCONTINUED(s)}");
	} else if ((st & 0xff) == 0x7f) {
		sb_puts(sb, "{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		decode_put_signal(sb, (st >> 8) & 0xff);
		sb_putc(sb, '}');
	} else if (low == 0) {
		sb_printf(sb, "{WIFEXITED(s) && WEXITSTATUS(s) == %u}", (st >> 8) & 0xff);
	} else {
		sb_puts(sb, "{WIFSIGNALED(s) && WTERMSIG(s) == ");
		decode_put_signal(sb, low);
		if (st & 0x80)
			sb_puts(sb, " && WCOREDUMP(s)");
		sb_putc(sb, '}');
	}
}

void decode_put_wstatus_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = struct_payload(c, arg, 4);

	if (!p || !decode_succeeded(c->s) || c->s->ret == 0) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	sb_putc(sb, '[');
	decode_put_wstatus(sb, get_le32(p->data));
	sb_putc(sb, ']');
}

/* Appends the signals whose bits are (set != invert) in mask of nbits bits. */
static void put_sig_list(struct strbuf *sb, const uint8_t *mask, unsigned nbits, bool invert)
{
	bool first = true;

	sb_putc(sb, '[');
	for (unsigned b = 0; b < nbits; b++) {
		bool set = (mask[b / 8] >> (b % 8)) & 1;
		if (set == invert)
			continue;
		if (!first)
			sb_putc(sb, ' ');
		first = false;
		const char *name = trace_signal_name((int)b + 1);
		if (name && strncmp(name, "SIG", 3) == 0)
			sb_puts(sb, name + 3);
		else
			sb_printf(sb, "%u", b + 1);
	}
	sb_putc(sb, ']');
}

void decode_put_sigset_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, bool output)
{
	const struct trace_payload *p = decode_payload(c->s, arg);
	uint64_t v = c->s->args[arg];

	if (!v || !p || p->kind != TPAY_STRUCT || (p->flags & TPAYF_UNREADABLE) || p->len == 0 ||
	    (output && !decode_succeeded(c->s))) {
		decode_put_ptr(sb, v);
		return;
	}
	unsigned nbits = p->len * 8, count = 0;
	for (unsigned b = 0; b < nbits; b++)
		count += (p->data[b / 8] >> (b % 8)) & 1;
	bool invert = count > nbits / 2;
	if (invert)
		sb_putc(sb, '~');
	put_sig_list(sb, p->data, nbits, invert);
}

/* The argv payload of arg (readable), or NULL. */
static const struct trace_payload *argv_payload(const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = decode_payload(c->s, arg);

	if (!p || p->kind != TPAY_ARGV || (p->flags & TPAYF_UNREADABLE))
		return NULL;
	return p;
}

void decode_put_argv_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = argv_payload(c, arg);
	uint64_t v = c->s->args[arg];

	if (!v || !p) {
		decode_put_ptr(sb, v);
		return;
	}
	bool truncated = p->flags & TPAYF_TRUNCATED;
	size_t off = 0;
	unsigned shown = 0;

	sb_putc(sb, '[');
	while (off < p->len) {
		const uint8_t *str = p->data + off;
		const uint8_t *nul = memchr(str, 0, p->len - off);
		size_t len = nul ? (size_t)(nul - str) : p->len - off;

		if (shown)
			sb_puts(sb, ", ");
		if (shown == c->strsize) {
			sb_puts(sb, "...");
			break;
		}
		bool more = len > c->strsize || (truncated && len == c->strsize);
		decode_put_quoted(sb, str, len, c->strsize, more);
		shown++;
		off += len + 1;
	}
	sb_putc(sb, ']');
}

void decode_put_envp_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = argv_payload(c, arg);
	uint64_t v = c->s->args[arg];

	decode_put_ptr(sb, v);
	if (!v || !p)
		return;
	unsigned n = 0;
	for (size_t i = 0; i < p->len; i++)
		n += p->data[i] == 0;
	sb_printf(sb, " /* %u var%s */", n, n == 1 ? "" : "s");
}

void decode_put_iovec_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                          unsigned count_arg, bool output)
{
	const struct trace_payload *p = decode_payload(c->s, arg);
	uint64_t v = c->s->args[arg];
	uint64_t count = count_arg < TRACE_MAX_ARGS ? c->s->args[count_arg] : 0;

	if (!v || !p || p->kind != TPAY_IOVEC || (p->flags & TPAYF_UNREADABLE) ||
	    (output && !decode_succeeded(c->s))) {
		decode_put_ptr(sb, v);
		return;
	}
	bool more = p->full_len > p->len;
	if (count == 1 && !output) {
		/* one element: its length is the whole captured length */
		sb_puts(sb, "[{iov_base=");
		decode_put_quoted(sb, p->data, p->len, c->strsize, more);
		sb_printf(sb, ", iov_len=%" PRIu64 "}]", p->full_len);
		return;
	}
	/* The recorder keeps the data of all elements back to back, not where
	 * each element ends: show the address and the joined data. */
	decode_put_ptr(sb, v);
	sb_printf(sb, " /* %" PRIu64 " iovec%s, %" PRIu64 " bytes: ", count & 0xffffffffu,
	          count == 1 ? "" : "s", p->full_len);
	decode_put_quoted(sb, p->data, p->len, c->strsize, more);
	sb_puts(sb, " */");
}
