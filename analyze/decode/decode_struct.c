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
	uint32_t mode = decode_le32(p->data + STAT_MODE_OFF);
	sb_puts(sb, "{st_mode=");
	decode_put_mode_symbolic(sb, mode);
	if ((mode & S_IFMT_) == S_IFCHR_ || (mode & S_IFMT_) == S_IFBLK_) {
		sb_puts(sb, ", st_rdev=");
		decode_put_dev(sb, decode_le64(p->data + STAT_RDEV_OFF));
	} else {
		sb_printf(sb, ", st_size=%" PRId64, (int64_t)decode_le64(p->data + STAT_SIZE_OFF));
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
	decode_put_flags(sb, &decode_xl_statx_mask, decode_le32(p->data + STATX_MASK_OFF));
	sb_puts(sb, ", stx_attributes=");
	decode_put_flags(sb, &decode_xl_statx_attrs, decode_le64(p->data + STATX_ATTR_OFF));
	sb_puts(sb, ", stx_mode=");
	decode_put_mode_symbolic(
	    sb, (uint16_t)(p->data[STATX_MODE_OFF] | p->data[STATX_MODE_OFF + 1] << 8));
	sb_printf(sb, ", stx_size=%" PRIu64 ", ...}", decode_le64(p->data + STATX_SIZE_OFF));
}

/* "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}" */
static void put_rlim(struct strbuf *sb, uint64_t v)
{
	if (v == UINT64_MAX)
		sb_puts(sb, "RLIM64_INFINITY");
	else if (v > 0 && v % 1024 == 0)
		sb_printf(sb, "%" PRIu64 "*1024", v / 1024);
	else
		sb_printf(sb, "%" PRIu64, v);
}

static void put_rlimit(struct strbuf *sb, const uint8_t *p)
{
	sb_puts(sb, "{rlim_cur=");
	put_rlim(sb, decode_le64(p));
	sb_puts(sb, ", rlim_max=");
	put_rlim(sb, decode_le64(p + 8));
	sb_putc(sb, '}');
}

/* "{flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS}" (mode only with O_CREAT/O_TMPFILE) */
static void put_open_how(struct strbuf *sb, const uint8_t *p)
{
	uint64_t flags = decode_le64(p), mode = decode_le64(p + 8), resolve = decode_le64(p + 16);

	sb_puts(sb, "{flags=");
	decode_put_open_flags(sb, flags, true);
	if (flags & (0100 | 020000000) || mode)
		sb_printf(sb, ", mode=%#03" PRIo64, mode);
	if (resolve) {
		sb_puts(sb, ", resolve=");
		decode_put_flags(sb, &decode_xl_resolve_flags, resolve);
	}
	sb_putc(sb, '}');
}

/* "[1, 0, 1]": the low bit of each page's byte, cut at max elements. */
static void put_mincore(struct strbuf *sb, const struct trace_payload *p, unsigned max)
{
	sb_putc(sb, '[');
	for (unsigned i = 0; i < p->len; i++) {
		if (i)
			sb_puts(sb, ", ");
		if (i == max) {
			sb_puts(sb, "...");
			break;
		}
		sb_putc(sb, (char)('0' + (p->data[i] & 1)));
	}
	sb_putc(sb, ']');
}

/* seccomp's struct sock_fprog, shown for SECCOMP_SET_MODE_FILTER (the other
 * operations' argument is not a filter). */
static void put_sock_fprog(struct strbuf *sb, const uint8_t *p)
{
	sb_printf(sb, "{len=%u, filter=", (unsigned)(p[0] | p[1] << 8));
	decode_put_ptr(sb, decode_le64(p + 8));
	sb_putc(sb, '}');
}

bool decode_put_struct_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                           unsigned kind)
{
	bool out = kind == TA_RLIMIT_OUT || kind == TA_MINCORE_VEC;
	size_t min = kind == TA_OPEN_HOW ? 24 : kind == TA_MINCORE_VEC ? 1 : 16;

	if (kind != TA_RLIMIT_IN && kind != TA_RLIMIT_OUT && kind != TA_OPEN_HOW &&
	    kind != TA_MINCORE_VEC && kind != TA_SOCK_FPROG)
		return false;
	const struct trace_payload *p = decode_struct_at(c->s, arg, min, out);
	if (!c->s->args[arg] || !p || (out && !decode_succeeded(c->s)) ||
	    (kind == TA_SOCK_FPROG && (c->s->args[0] & 0xffffffffu) != 1))
		decode_put_ptr(sb, c->s->args[arg]);
	else if (kind == TA_SOCK_FPROG)
		put_sock_fprog(sb, p->data);
	else if (kind == TA_OPEN_HOW)
		put_open_how(sb, p->data);
	else if (kind == TA_MINCORE_VEC)
		put_mincore(sb, p, c->strsize);
	else
		put_rlimit(sb, p->data);
	return true;
}

void decode_put_fdpair_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = struct_payload(c, arg, 8);

	if (!p || !decode_succeeded(c->s)) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	sb_printf(sb, "[%d, %d]", (int32_t)decode_le32(p->data), (int32_t)decode_le32(p->data + 4));
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
	decode_put_wstatus(sb, decode_le32(p->data));
	sb_putc(sb, ']');
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

void decode_put_iov_elems(struct strbuf *sb, const struct decode_ctx *c,
                          const struct trace_payload *p, uint64_t count, uint64_t total, bool data)
{
	uint64_t done = 0, i = 0;
	size_t off = 0;

	sb_putc(sb, '[');
	for (; off + TRACE_IOV_HDR <= p->len; i++) {
		uint64_t base = decode_le64(p->data + off), len = decode_le64(p->data + off + 8);
		uint32_t kept = decode_le32(p->data + off + 16);
		if (kept > p->len - off - TRACE_IOV_HDR)
			break; /* malformed: show what was whole */
		if (i == c->strsize)
			break;
		uint64_t shown = done >= total ? 0 : len > total - done ? total - done : len;
		sb_puts(sb, i ? ", {iov_base=" : "{iov_base=");
		if (!data || (shown && !kept))
			decode_put_ptr(sb, base);
		else
			decode_put_quoted(sb, p->data + off + TRACE_IOV_HDR, kept, c->strsize,
			                  shown > kept);
		sb_printf(sb, ", iov_len=%" PRIu64 "}", len);
		done = len > UINT64_MAX - done ? UINT64_MAX : done + len;
		off += TRACE_IOV_HDR + kept;
	}
	if (i < count)
		sb_puts(sb, i ? ", ..." : "...");
	sb_putc(sb, ']');
}

/* A recording before TPAY_IOV: the data of all elements back to back, the
 * element boundaries unknown; one element is shown whole, more joined. */
static void put_iov_joined(struct strbuf *sb, const struct decode_ctx *c,
                           const struct trace_payload *p, uint64_t count, bool output)
{
	bool more = p->full_len > p->len;

	if (count == 1 && !output) {
		sb_puts(sb, "[{iov_base=");
		decode_put_quoted(sb, p->data, p->len, c->strsize, more);
		sb_printf(sb, ", iov_len=%" PRIu64 "}]", p->full_len);
		return;
	}
	decode_put_ptr(sb, c->s->args[p->arg]);
	sb_printf(sb, " /* %" PRIu64 " iovec%s, %" PRIu64 " bytes: ", count & 0xffffffffu,
	          count == 1 ? "" : "s", p->full_len);
	decode_put_quoted(sb, p->data, p->len, c->strsize, more);
	sb_puts(sb, " */");
}

void decode_put_iovec_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                          unsigned count_arg, unsigned kind)
{
	const struct trace_payload *p = decode_payload(c->s, arg);
	uint64_t v = c->s->args[arg];
	uint64_t count = count_arg < TRACE_MAX_ARGS ? decode_arg_value(c, count_arg) : 0;
	bool output = kind == TA_IOV_OUT;

	bool ok = decode_succeeded(c->s);

	/* strace shows the address when the array's size overflows (count * 16) */
	if (!v || !p || (p->flags & TPAYF_UNREADABLE) || count > UINT64_MAX / 16) {
		decode_put_ptr(sb, v);
		return;
	}
	/* an output array of a failed call: its elements, by address */
	if (p->kind == TPAY_IOV)
		decode_put_iov_elems(sb, c, p, count, output ? (uint64_t)c->s->ret : UINT64_MAX,
		                     kind != TA_IOV_REMOTE && (ok || !output));
	else if (p->kind == TPAY_IOVEC && (ok || !output))
		put_iov_joined(sb, c, p, count, output);
	else
		decode_put_ptr(sb, v);
}
