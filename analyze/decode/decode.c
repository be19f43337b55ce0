/*
 * decode.c - a recorded syscall as strace's text line: dispatch of every
 * argument by its kind in libtrace's syscall table, strings and buffers from
 * the payloads, and the return value ("= 3", "= -1 ENOENT (...)", "= ?").
 * Syscalls that need more than their kinds are described in decode_calls.c.
 */
#include "analyze/decode/decode.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>

#include "analyze/decode/decode_calls.h"
#include "analyze/decode/decode_flags.h"
#include "analyze/decode/decode_io.h"
#include "analyze/decode/decode_proc.h"
#include "analyze/decode/decode_net.h"
#include "analyze/decode/decode_poll.h"
#include "analyze/decode/decode_signal.h"
#include "analyze/decode/decode_struct.h"
#include "analyze/decode/decode_sys.h"
#include "analyze/decode/decode_time.h"
#include "libtrace/trace_errno.h"
#include "libtrace/trace_syscalls.h"

#define DEFAULT_STRSIZE 32
#define AT_FDCWD_       (-100)
#define O_CREAT_        0100
#define O_TMPFILE_BIT   020000000 /* __O_TMPFILE */

/* Kernel-internal restart codes: strace shows the call as "= ? ERESTARTSYS (...)". */
static const int restart_errnos[] = {512, 513, 514, 516};

/* What decode_calls.c says about one syscall number, looked up once. */
struct call_info {
	const struct decode_layout *layout;
	const struct decode_xlat_set *xlat[TRACE_MAX_ARGS]; /* enum=/flags= tables */
	bool fixed_nargs; /* table arguments, none of which hides the rest: */
	unsigned nargs;   /* the shown count, the same for every call */
};

static bool kind_may_hide_rest(unsigned kind);

static struct call_info *call_infos;
static unsigned ncall_infos;
static pthread_once_t call_infos_once = PTHREAD_ONCE_INIT;

static void fill_call_info(struct call_info *ci, const struct trace_syscall_desc *d)
{
	unsigned n = d->nargs < TRACE_MAX_ARGS ? d->nargs : TRACE_MAX_ARGS;

	ci->layout = d->layout ? decode_layout_find(d->layout) : NULL;
	ci->fixed_nargs = !ci->layout;
	ci->nargs = n;
	for (unsigned a = 0; a < n; a++) {
		ci->xlat[a] = decode_xlat_find(d->args[a].xlat);
		ci->nargs -= d->args[a].kind == TA_HIDDEN;
		if (a + 1 < n && kind_may_hide_rest(d->args[a].kind))
			ci->fixed_nargs = false;
	}
}

static void build_call_infos(void)
{
	unsigned n = trace_syscall_count();
	struct call_info *infos = n ? calloc(n, sizeof(*infos)) : NULL;

	if (!infos)
		return; /* generic decoding only */
	for (unsigned i = 0; i < n; i++) {
		const char *name = trace_syscall_name(i);
		if (!name)
			continue;
		fill_call_info(&infos[i], trace_syscall_desc(i));
	}
	call_infos = infos;
	ncall_infos = n;
}

static const struct call_info *call_info(long nr)
{
	static const struct call_info none;

	pthread_once(&call_infos_once, build_call_infos);
	return nr >= 0 && (unsigned long)nr < ncall_infos ? &call_infos[nr] : &none;
}

static void ctx_init(struct decode_ctx *c, const struct trace_syscall *s,
                     const struct decode_opts *o)
{
	c->s = s;
	c->d = trace_syscall_desc(s->nr);
	c->strsize = o && o->strsize ? o->strsize : DEFAULT_STRSIZE;
}

/* --- shared helpers --------------------------------------------------------- */

const struct trace_payload *decode_payload(const struct trace_syscall *s, unsigned arg)
{
	unsigned n = s->npayloads < TRACE_MAX_PAYLOADS ? s->npayloads : TRACE_MAX_PAYLOADS;

	for (unsigned i = 0; i < n; i++)
		if (s->payloads[i].arg == arg)
			return &s->payloads[i];
	return NULL;
}

const struct trace_payload *decode_payload_kind(const struct trace_syscall *s, unsigned arg,
                                                unsigned kind, bool at_exit)
{
	unsigned n = s->npayloads < TRACE_MAX_PAYLOADS ? s->npayloads : TRACE_MAX_PAYLOADS;

	for (unsigned i = 0; i < n; i++) {
		const struct trace_payload *p = &s->payloads[i];
		if (p->arg == arg && p->kind == kind && !!(p->flags & TPAYF_AT_EXIT) == at_exit)
			return p;
	}
	return NULL;
}

const struct trace_payload *decode_struct_at(const struct trace_syscall *s, unsigned arg,
                                             size_t min, bool at_exit)
{
	unsigned n = s->npayloads < TRACE_MAX_PAYLOADS ? s->npayloads : TRACE_MAX_PAYLOADS;

	for (unsigned i = 0; i < n; i++) {
		const struct trace_payload *p = &s->payloads[i];
		if (p->arg == arg && p->kind == TPAY_STRUCT &&
		    !!(p->flags & TPAYF_AT_EXIT) == at_exit)
			return (p->flags & TPAYF_UNREADABLE) || p->len < min ? NULL : p;
	}
	return NULL;
}

bool decode_succeeded(const struct trace_syscall *s)
{
	return !(s->flags & (TSYS_UNFINISHED | TSYS_DETACHED)) && !trace_ret_is_error(s->ret);
}

/* Numbers are the bulk of every line: formatted here without printf. */
void decode_put_hex(struct strbuf *sb, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[20];
	char *p = buf + sizeof(buf);

	if (v == 0) {
		sb_putc(sb, '0');
		return;
	}
	while (v) {
		*--p = digits[v & 0xf];
		v >>= 4;
	}
	*--p = 'x';
	*--p = '0';
	sb_put(sb, p, (size_t)(buf + sizeof(buf) - p));
}

void decode_put_ptr(struct strbuf *sb, uint64_t v)
{
	if (v)
		decode_put_hex(sb, v);
	else
		sb_puts(sb, "NULL");
}

void decode_put_quoted(struct strbuf *sb, const uint8_t *data, size_t len, size_t max, bool more)
{
	sb_put_cstring(sb, data, len, max, more);
}

void decode_put_quoted_hex(struct strbuf *sb, const uint8_t *data, size_t len, size_t max,
                           bool more)
{
	size_t n = len < max ? len : max;

	sb_putc(sb, '"');
	for (size_t i = 0; i < n; i++)
		sb_printf(sb, "\\x%02x", data[i]);
	sb_putc(sb, '"');
	if (more || len > max)
		sb_puts(sb, "...");
}

/* --- strings and buffers ---------------------------------------------------- */

/* The usable payload of a string or buffer argument, or NULL. */
static const struct trace_payload *data_payload(const struct decode_ctx *c, unsigned arg,
                                                unsigned kind)
{
	const struct trace_payload *p = decode_payload(c->s, arg);

	if (!p || p->kind != kind || (p->flags & TPAYF_UNREADABLE))
		return NULL;
	return p;
}

/* A NUL-terminated input string; paths are shown whole, other strings cut. */
enum { PATH_SHOWN_MAX = 4095 };

static void put_string_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                           bool is_path)
{
	const struct trace_payload *p = data_payload(c, arg, TPAY_STRING);
	uint64_t v = c->s->args[arg];

	if (!v || !p) {
		decode_put_ptr(sb, v);
		return;
	}
	/* a path whole up to strace's PATH_MAX - 1 bytes, another string to -s */
	size_t max = !is_path ? c->strsize : p->len < PATH_SHOWN_MAX ? p->len : PATH_SHOWN_MAX;
	decode_put_quoted(sb, p->data, p->len, max, p->full_len > p->len);
}

/* An output string (getcwd): shown after success. */
static void put_string_out_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = data_payload(c, arg, TPAY_STRING);

	if (!decode_succeeded(c->s) || !p) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	decode_put_quoted(sb, p->data, p->len, p->len, p->full_len > p->len);
}

static void put_buffer_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, bool output)
{
	const struct trace_payload *p = data_payload(c, arg, TPAY_BUFFER);
	uint64_t v = c->s->args[arg];

	if (!v || (output && !decode_succeeded(c->s))) {
		decode_put_ptr(sb, v);
		return;
	}
	if (!p) {
		if (output && c->s->ret == 0)
			sb_puts(sb, "\"\"");
		else
			decode_put_ptr(sb, v);
		return;
	}
	decode_put_quoted(sb, p->data, p->len, c->strsize, p->full_len > p->len);
}

/* An output buffer strace always shows in hex (getrandom's random bytes). */
static void put_hex_buffer_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg)
{
	const struct trace_payload *p = data_payload(c, arg, TPAY_BUFFER);

	if (!decode_succeeded(c->s) || !p || !c->s->args[arg]) {
		decode_put_ptr(sb, c->s->args[arg]);
		return;
	}
	decode_put_quoted_hex(sb, p->data, p->len, c->strsize, p->full_len > p->len);
}

/* --- arguments by kind ------------------------------------------------------- */

/* The value of the argument of kind kind in c's syscall (the socket domain
 * for socket's protocol), or def. */
static uint64_t arg_of_kind(const struct decode_ctx *c, unsigned kind, uint64_t def)
{
	if (!c->d)
		return def;
	for (unsigned i = 0; i < c->d->nargs && i < TRACE_MAX_ARGS; i++)
		if (c->d->args[i].kind == kind)
			return c->s->args[i];
	return def;
}

static unsigned len_arg_of(const struct decode_ctx *c, unsigned arg)
{
	return c->d && arg < TRACE_MAX_ARGS ? c->d->args[arg].len_arg : TRACE_MAX_ARGS;
}

/* Kinds named by one table (decode_flags.c); false when kind is not one. */
static bool put_table_kind(struct strbuf *sb, unsigned kind, uint64_t v)
{
	enum decode_xlat_style style;
	const struct decode_xlat_set *t = decode_kind_xlat(kind, &style);

	if (!t)
		return false;
	if (style == DXS_FLAGS)
		decode_put_flags(sb, t, v);
	else if (style == DXS_ENUM_DEC)
		decode_put_enum_dec(sb, t, v);
	else
		decode_put_enum(sb, t, v);
	return true;
}

/* Pointer kinds whose memory is a struct or an array. */
static bool put_memory_kind(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                            unsigned kind)
{
	switch (kind) {
	case TA_BUF_IN:
		put_buffer_arg(sb, c, arg, false);
		return true;
	case TA_BUF_OUT:
		put_buffer_arg(sb, c, arg, true);
		return true;
	case TA_BUF_HEX_OUT:
		put_hex_buffer_arg(sb, c, arg);
		return true;
	case TA_STATX_OUT:
		decode_put_statx_arg(sb, c, arg);
		return true;
	case TA_IOV_IN:
	case TA_IOV_OUT:
	case TA_IOV_REMOTE:
		decode_put_iovec_arg(sb, c, arg, len_arg_of(c, arg), kind);
		return true;
	case TA_SOCKADDR_IN:
	case TA_SOCKADDR_OUT:
		decode_put_sockaddr_arg(sb, c, arg, kind == TA_SOCKADDR_OUT);
		return true;
	case TA_MSGHDR_IN:
	case TA_MSGHDR_OUT:
		decode_put_msghdr_arg(sb, c, arg, kind == TA_MSGHDR_OUT);
		return true;
	case TA_ARGV:
		decode_put_argv_arg(sb, c, arg);
		return true;
	case TA_ENVP:
		decode_put_envp_arg(sb, c, arg);
		return true;
	case TA_STAT_OUT:
		decode_put_stat_arg(sb, c, arg);
		return true;
	case TA_FDPAIR_OUT:
		decode_put_fdpair_arg(sb, c, arg);
		return true;
	case TA_WSTATUS_OUT:
		decode_put_wstatus_arg(sb, c, arg);
		return true;
	case TA_SOCKLEN:
		decode_put_socklen_arg(sb, c, arg);
		return true;
	case TA_SOCKOPT_OUT:
		decode_put_sockopt_val(sb, c, arg, true);
		return true;
	default:
		return decode_put_time_arg(sb, c, arg, kind) ||
		       decode_put_poll_arg(sb, c, arg, kind) ||
		       decode_put_signal_arg(sb, c, arg, kind) ||
		       decode_put_struct_arg(sb, c, arg, kind) ||
		       decode_put_sys_arg(sb, c, arg, kind) || decode_put_io_arg(sb, c, arg, kind);
	}
}

/* enum=NAME / enumd=NAME / flags=NAME: the table the syscall table names. */
static bool put_named_table(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                            unsigned kind, uint64_t v)
{
	const struct decode_xlat_set *t =
	    arg < TRACE_MAX_ARGS ? call_info(c->s->nr)->xlat[arg] : NULL;

	if (kind != TA_ENUM && kind != TA_ENUMD && kind != TA_FLAGS)
		return false;
	if (!t)
		decode_put_hex(sb, v);
	else if (kind == TA_FLAGS)
		decode_put_flags(sb, t, v);
	else if (kind == TA_ENUMD)
		decode_put_enum_dec(sb, t, v);
	else
		decode_put_enum(sb, t, v);
	return true;
}

/* Integer-valued kinds with their own printer. */
static bool put_value_kind(struct strbuf *sb, const struct decode_ctx *c, unsigned kind, uint64_t v)
{
	switch (kind) {
	case TA_OPEN_FLAGS:
	case TA_OPEN_FDFLAGS:
		decode_put_open_flags(sb, v, kind == TA_OPEN_FLAGS);
		return true;
	case TA_STATX_FLAGS:
		decode_put_statx_flags(sb, v);
		return true;
	case TA_MODE_TYPE:
		decode_put_mode_symbolic(sb, v);
		return true;
	case TA_MEMFD_FLAGS:
		decode_put_memfd_flags(sb, v);
		return true;
	case TA_ID: /* uid_t/gid_t: -1 ("unchanged") as strace shows it */
		if (v == UINT32_MAX)
			sb_puts(sb, "-1");
		else
			sb_put_u64(sb, v);
		return true;
	case TA_MODE: /* the kernel's umode_t: an unsigned short, as strace shows it */
		decode_put_mode(sb, (uint16_t)v);
		return true;
	case TA_MMAP_FLAGS:
		decode_put_mmap_flags(sb, v);
		return true;
	case TA_SOCK_TYPE:
		decode_put_sock_type(sb, v);
		return true;
	case TA_SOCK_PROTO:
		decode_put_sock_proto(sb, arg_of_kind(c, TA_SOCK_DOMAIN, 0), v);
		return true;
	case TA_SIGNAL:
		decode_put_signal(sb, (int64_t)v);
		return true;
	case TA_CLONE_FLAGS:
		decode_put_clone_flags(sb, v, false);
		return true;
	case TA_IOCTL_CMD:
		decode_put_ioctl_cmd(sb, v);
		return true;
	case TA_FUTEX_OP:
		decode_put_futex_op(sb, v);
		return true;
	case TA_DEV:
		decode_put_dev(sb, v);
		return true;
	default:
		return put_table_kind(sb, kind, v);
	}
}

uint64_t decode_arg_value(const struct decode_ctx *c, unsigned arg)
{
	unsigned ctype = c->d && arg < c->d->nargs ? c->d->args[arg].ctype : TCT_ULONG;

	return arg < TRACE_MAX_ARGS ? trace_arg_value(ctype, c->s->args[arg]) : 0;
}

void decode_put_kind(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, unsigned kind)
{
	uint64_t v = decode_arg_value(c, arg);
	unsigned ctype = c->d && arg < c->d->nargs ? c->d->args[arg].ctype : TCT_ULONG;

	switch (kind) {
	case TA_INT:
	case TA_UINT:
	case TA_LONG:
	case TA_ULONG:
		if (trace_ctype_signed(ctype))
			sb_put_i64(sb, (int64_t)v);
		else
			sb_put_u64(sb, v);
		return;
	case TA_HEX:
		decode_put_hex(sb, v);
		return;
	case TA_FD:
		sb_put_i64(sb, (int)v);
		return;
	case TA_DIRFD:
		if ((int)v == AT_FDCWD_)
			sb_puts(sb, "AT_FDCWD");
		else
			sb_put_i64(sb, (int)v);
		return;
	case TA_PTR:
		decode_put_ptr(sb, v);
		return;
	case TA_PATH:
	case TA_STR:
		put_string_arg(sb, c, arg, kind == TA_PATH);
		return;
	case TA_PATH_OUT:
		put_string_out_arg(sb, c, arg);
		return;
	default:
		break;
	}
	if (ctype == TCT_INT)
		v &= 0xffffffffu; /* named constants of an int: its 32 bits */
	if (put_memory_kind(sb, c, arg, kind) || put_named_table(sb, c, arg, kind, v) ||
	    put_value_kind(sb, c, kind, v))
		return;
	unsigned basic = trace_arg_kind_basic(kind);
	if (basic != kind && basic != TA_NONE)
		decode_put_kind(sb, c, arg, basic);
	else
		decode_put_hex(sb, v);
}

/* --- shown arguments ----------------------------------------------------------- */

enum {
	S_IFMT_ = 0170000,
	S_IFCHR_ = 020000,
	S_IFBLK_ = 060000,
	MREMAP_FIXED_ = 2,
};

/* ioctl requests without an argument (FIOCLEX, TIOCNOTTY...). */
static bool ioctl_takes_no_arg(uint64_t cmd)
{
	static const uint32_t none[] = {0x5451, 0x5450, 0x5422, 0x540c, 0x540d, 0x5427, 0x5428};

	for (unsigned i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		if ((uint32_t)cmd == none[i])
			return true;
	return false;
}

/* The kinds of argument after which generic_nargs may stop. */
static bool kind_may_hide_rest(unsigned kind)
{
	return kind == TA_OPEN_FLAGS || kind == TA_MODE || kind == TA_MODE_TYPE ||
	       kind == TA_MREMAP_FLAGS || kind == TA_IOCTL_CMD;
}

/* Argument count from the table, without the arguments strace leaves out
 * (open's mode when no file is created, mknod's device for other files...). */
static unsigned generic_nargs(const struct decode_ctx *c)
{
	const struct trace_syscall_desc *d = c->d;

	if (!d)
		return TRACE_MAX_ARGS;
	unsigned n = d->nargs < TRACE_MAX_ARGS ? d->nargs : TRACE_MAX_ARGS;
	for (unsigned i = 0; i + 1 < n; i++) {
		uint64_t v = c->s->args[i];
		unsigned next = d->args[i + 1].kind;
		if (d->args[i].kind == TA_OPEN_FLAGS && next == TA_MODE &&
		    !(v & (O_CREAT_ | O_TMPFILE_BIT)))
			return i + 1; /* the mode only matters when a file is created */
		if ((d->args[i].kind == TA_MODE || d->args[i].kind == TA_MODE_TYPE) &&
		    next == TA_DEV && (v & S_IFMT_) != S_IFCHR_ && (v & S_IFMT_) != S_IFBLK_)
			return i + 1; /* mknod's device only for device files */
		if (d->args[i].kind == TA_MREMAP_FLAGS && !(v & MREMAP_FIXED_))
			return i + 1; /* mremap's new address only with MREMAP_FIXED */
		if (d->args[i].kind == TA_IOCTL_CMD && ioctl_takes_no_arg(v))
			return i + 1;
	}
	return n;
}

/* The raw index of generic shown argument i: the table's arguments without
 * the hidden ones. */
static unsigned raw_index(const struct decode_ctx *c, unsigned i)
{
	for (unsigned r = 0; c->d && r < c->d->nargs && r < TRACE_MAX_ARGS; r++)
		if (c->d->args[r].kind != TA_HIDDEN && i-- == 0)
			return r;
	return i;
}

static void put_shown_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned i)
{
	const struct call_info *ci = call_info(c->s->nr);

	if (ci->layout) {
		ci->layout->arg(sb, c, i);
		return;
	}
	i = raw_index(c, i);
	decode_put_kind(sb, c, i, c->d ? c->d->args[i].kind : TA_HEX);
}

static unsigned shown_nargs(const struct decode_ctx *c, const struct call_info *ci)
{
	if (ci->fixed_nargs)
		return ci->nargs;
	unsigned n = ci->layout ? ci->layout->nargs(c) : generic_nargs(c);

	if (n > TRACE_MAX_ARGS)
		n = TRACE_MAX_ARGS;
	for (unsigned r = 0, raw = n; !ci->layout && c->d && r < raw; r++)
		n -= c->d->args[r].kind == TA_HIDDEN;
	return n;
}

unsigned decode_nargs(const struct trace_syscall *s)
{
	struct decode_ctx c;

	ctx_init(&c, s, NULL);
	return shown_nargs(&c, call_info(s->nr));
}

void decode_arg(struct strbuf *sb, const struct trace_syscall *s, unsigned i,
                const struct decode_opts *o)
{
	struct decode_ctx c;

	ctx_init(&c, s, o);
	if (i < shown_nargs(&c, call_info(s->nr)))
		put_shown_arg(sb, &c, i);
}

/* Appends the shown arguments, sep between them (NULL: none), ends[i] set to
 * sb's length after argument i when ends is given; returns their count. The
 * generic case walks the table's arguments once, the hidden ones skipped. */
static unsigned put_args(struct strbuf *sb, const struct decode_ctx *c, const char *sep,
                         size_t *ends)
{
	const struct call_info *ci = call_info(c->s->nr);
	unsigned n = shown_nargs(c, ci);
	unsigned raw = 0, lim = 0; /* the table's arguments, when no layout shows them */

	if (!ci->layout && c->d)
		lim = c->d->nargs < TRACE_MAX_ARGS ? c->d->nargs : TRACE_MAX_ARGS;
	for (unsigned i = 0; i < n; i++, raw++) {
		if (i && sep)
			sb_puts(sb, sep);
		while (raw < lim && c->d->args[raw].kind == TA_HIDDEN)
			raw++;
		if (raw < lim)
			decode_put_kind(sb, c, raw, c->d->args[raw].kind);
		else /* a layout, no table entry, or past the table */
			put_shown_arg(sb, c, i);
		if (ends)
			ends[i] = sb->len;
	}
	return n;
}

unsigned decode_args_split(struct strbuf *sb, const struct trace_syscall *s,
                           const struct decode_opts *o, size_t ends[TRACE_MAX_ARGS])
{
	struct decode_ctx c;

	ctx_init(&c, s, o);
	return put_args(sb, &c, NULL, ends);
}

void decode_args(struct strbuf *sb, const struct trace_syscall *s, const struct decode_opts *o)
{
	struct decode_ctx c;

	ctx_init(&c, s, o);
	put_args(sb, &c, ", ", NULL);
}

/* --- return value ---------------------------------------------------------------- */

static bool is_restart_errno(int err)
{
	for (unsigned i = 0; i < sizeof(restart_errnos) / sizeof(restart_errnos[0]); i++)
		if (restart_errnos[i] == err)
			return true;
	return false;
}

static void put_error(struct strbuf *sb, int err)
{
	const char *name = trace_errno_name(err);
	const char *msg = trace_errno_message(err);

	sb_puts(sb, is_restart_errno(err) ? "? " : "-1 ");
	if (name) {
		sb_puts(sb, name);
		sb_puts(sb, " (");
		sb_puts(sb, msg ? msg : name);
		sb_putc(sb, ')');
	} else {
		sb_puts(sb, "(errno ");
		sb_put_i64(sb, err);
		sb_putc(sb, ')');
	}
}

void decode_ret(struct strbuf *sb, const struct trace_syscall *s)
{
	struct decode_ctx c;

	ctx_init(&c, s, NULL);
	if (!trace_syscall_returned(s)) {
		sb_putc(sb, '?');
		return;
	}
	if (trace_ret_is_error(s->ret)) {
		put_error(sb, (int)-s->ret);
		return;
	}
	const struct call_info *ci = call_info(s->nr);
	if (ci->layout && ci->layout->ret && ci->layout->ret(sb, &c))
		return;
	switch (c.d ? c.d->ret_kind : TR_INT) {
	case TR_HEX:
		decode_put_hex(sb, (uint64_t)s->ret);
		break;
	case TR_OCTAL:
		sb_printf(sb, "%#03" PRIo64, (uint64_t)s->ret);
		break;
	case TR_POLL:
	case TR_SELECT:
		decode_put_poll_ret(sb, &c, c.d->ret_kind == TR_SELECT);
		break;
	case TR_SIGNO:
		sb_put_i64(sb, s->ret);
		sb_puts(sb, " (");
		decode_put_signal(sb, s->ret);
		sb_putc(sb, ')');
		break;
	case TR_TIME:
		decode_put_time_ret(sb, s->ret);
		break;
	default:
		sb_put_i64(sb, s->ret);
		break;
	}
}

const char *decode_errno(const struct trace_syscall *s)
{
	if ((s->flags & (TSYS_UNFINISHED | TSYS_DETACHED)) || !trace_ret_is_error(s->ret))
		return NULL;
	return trace_errno_name((int)-s->ret);
}

void decode_call(struct strbuf *sb, const struct trace_syscall *s, const struct decode_opts *o)
{
	char buf[48];
	const char *name = trace_syscall_name(s->nr); /* in place: no copy for a known number */

	sb_puts(sb, name ? name : trace_syscall_name_r(s->nr, buf, sizeof(buf)));
	sb_putc(sb, '(');
	decode_args(sb, s, o);
	sb_puts(sb, ") = ");
	decode_ret(sb, s);
}
