/*
 * decode_signal.c - signal sets, sigaction, stack_t and siginfo_t in
 * strace's notation. Layouts are the x86_64 kernel's: struct sigaction
 * {handler, flags, restorer, mask} (8 bytes each), stack_t {sp, int flags,
 * size}, siginfo_t {int signo, errno, code; union at 16}.
 */
#include "analyze/decode/decode_signal.h"

#include <inttypes.h>
#include <string.h>

#include "analyze/decode/decode_flags.h"
#include "analyze/decode/decode_proc.h"
#include "libtrace/trace_errno.h"

enum {
	SIGINFO_SIZE = 128,
	SA_SIZE = 32,
	STACK_SIZE = 24,
	USER_HZ_ = 100, /* clock_t ticks a second */
	KERNEL_SIGSET_BYTES = 8,
	SYS_rt_sigpending_ = 127, /* the kernel's sigset_t on x86_64 */
	SIG_ILL_ = 4,
	SIG_TRAP_ = 5,
	SIG_BUS_ = 7,
	SIG_FPE_ = 8,
	SIG_SEGV_ = 11,
	SIG_CHLD_ = 17,
	SIG_IO_ = 29,
	SIG_SYS_ = 31,
	SI_KERNEL_ = 0x80,
	SI_USER_ = 0,
	SI_TIMER_ = -2,
};

/* The si_code table of signals whose positive codes are their own. */
static const struct decode_xlat_set *signal_codes(int signo)
{
	switch (signo) {
	case SIG_CHLD_:
		return &decode_xl_cld_codes;
	case SIG_SEGV_:
		return &decode_xl_segv_codes;
	case SIG_BUS_:
		return &decode_xl_bus_codes;
	case SIG_FPE_:
		return &decode_xl_fpe_codes;
	case SIG_ILL_:
		return &decode_xl_ill_codes;
	case SIG_TRAP_:
		return &decode_xl_trap_codes;
	case SIG_IO_:
		return &decode_xl_poll_codes;
	case SIG_SYS_:
		return &decode_xl_sys_codes;
	default:
		return NULL;
	}
}

const char *decode_si_code_name(int signo, int code)
{
	const struct decode_xlat_set *own = signal_codes(signo);

	if (code > 0 && code < SI_KERNEL_)
		return own ? decode_xlat_name(own, (uint64_t)code) : NULL;
	return decode_xlat_name(&decode_xl_si_codes, (uint64_t)(int64_t)code);
}

void decode_siginfo_from_bytes(struct decode_siginfo *si, const uint8_t *p, size_t len)
{
	memset(si, 0, sizeof(*si));
	if (len < SIGINFO_SIZE)
		return;
	si->signo = (int32_t)decode_le32(p);
	si->code = (int32_t)decode_le32(p + 8);
	si->pid = (int32_t)decode_le32(p + 16);
	si->uid = decode_le32(p + 20);
	si->status = (int32_t)decode_le32(p + 24);
	si->utime = (int64_t)decode_le64(p + 32);
	si->stime = (int64_t)decode_le64(p + 40);
	si->addr = decode_le64(p + 16);
	si->timerid = (int32_t)decode_le32(p + 16);
	si->overrun = (int32_t)decode_le32(p + 20);
	si->value = decode_le64(p + 24);
}

static bool is_fault(int signo)
{
	return signo == SIG_SEGV_ || signo == SIG_BUS_ || signo == SIG_FPE_ || signo == SIG_ILL_ ||
	       signo == SIG_TRAP_;
}

/* The union part of siginfo, after si_code. */
/* A clock_t in ticks as strace shows it: unsigned, and when not 0 the
 * seconds, at x86_64's USER_HZ of 100 ticks a second ("5 /\* 0.05 s *\/"). */
static void put_clock_t(struct strbuf *sb, uint64_t ticks)
{
	sb_printf(sb, "%" PRIu64, ticks);
	if (ticks)
		sb_printf(sb, " /* %" PRIu64 ".%02u s */", ticks / USER_HZ_,
		          (unsigned)(ticks % USER_HZ_));
}

static void put_siginfo_fields(struct strbuf *sb, const struct decode_siginfo *si)
{
	if (si->code == SI_TIMER_) {
		sb_printf(sb, ", si_timerid=%#x, si_overrun=%d, si_int=%d, si_ptr=", si->timerid,
		          si->overrun, (int32_t)si->value);
		decode_put_ptr(sb, si->value);
		return;
	}
	if (si->code <= SI_USER_ || si->code == SI_KERNEL_ || si->signo == SIG_CHLD_) {
		if (si->code == SI_KERNEL_ && si->signo != SIG_CHLD_)
			return;
		sb_printf(sb, ", si_pid=%d, si_uid=%u", si->pid, si->uid);
		if (si->signo == SIG_CHLD_ && si->code > 0) {
			sb_puts(sb, ", si_status=");
			if (si->code == 1) /* CLD_EXITED: an exit code, else a signal */
				sb_printf(sb, "%d", si->status);
			else
				decode_put_signal(sb, si->status);
			sb_puts(sb, ", si_utime=");
			put_clock_t(sb, (uint64_t)si->utime);
			sb_puts(sb, ", si_stime=");
			put_clock_t(sb, (uint64_t)si->stime);
		} else if (si->code < SI_USER_ && si->value) {
			/* a sent value (sigqueue, mq_notify...): shown when not 0, as strace does
			 */
			sb_printf(sb, ", si_int=%d, si_ptr=", (int32_t)si->value);
			decode_put_ptr(sb, si->value);
		}
		return;
	}
	if (is_fault(si->signo)) {
		sb_puts(sb, ", si_addr=");
		decode_put_ptr(sb, si->addr);
	}
}

void decode_put_siginfo(struct strbuf *sb, const struct decode_siginfo *si)
{
	const char *code = decode_si_code_name(si->signo, si->code);

	sb_puts(sb, "{si_signo=");
	decode_put_signal(sb, si->signo);
	if (code)
		sb_printf(sb, ", si_code=%s", code);
	else
		sb_printf(sb, ", si_code=%d", si->code);
	if (si->partial && si->pid)
		sb_printf(sb, ", si_pid=%d", si->pid);
	else if (!si->partial)
		put_siginfo_fields(sb, si);
	sb_putc(sb, '}');
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

void decode_put_sigset(struct strbuf *sb, const uint8_t *p, size_t len)
{
	unsigned nbits = (unsigned)len * 8, count = 0;

	for (unsigned b = 0; b < nbits; b++)
		count += (p[b / 8] >> (b % 8)) & 1;
	bool invert = count > nbits / 2;
	if (invert)
		sb_putc(sb, '~');
	put_sig_list(sb, p, nbits, invert);
}

static void put_handler(struct strbuf *sb, uint64_t h)
{
	if (h == 0)
		sb_puts(sb, "SIG_DFL");
	else if (h == 1)
		sb_puts(sb, "SIG_IGN");
	else
		decode_put_hex(sb, h);
}

/* "{sa_handler=..., sa_mask=[...], sa_flags=SA_RESTORER|..., sa_restorer=...}" */
static void put_sigaction(struct strbuf *sb, const uint8_t *p)
{
	uint64_t flags = decode_le64(p + 8);

	sb_puts(sb, "{sa_handler=");
	put_handler(sb, decode_le64(p));
	sb_puts(sb, ", sa_mask=");
	decode_put_sigset(sb, p + 24, 8);
	sb_puts(sb, ", sa_flags=");
	decode_put_flags(sb, &decode_xl_sa_flags, flags);
	if (flags & 0x4000000) { /* SA_RESTORER */
		sb_puts(sb, ", sa_restorer=");
		decode_put_ptr(sb, decode_le64(p + 16));
	}
	sb_putc(sb, '}');
}

static void put_stack(struct strbuf *sb, const uint8_t *p)
{
	sb_puts(sb, "{ss_sp=");
	decode_put_ptr(sb, decode_le64(p));
	sb_puts(sb, ", ss_flags=");
	decode_put_flags(sb, &decode_xl_ss_flags, decode_le32(p + 8));
	sb_printf(sb, ", ss_size=%" PRIu64 "}", decode_le64(p + 16));
}

/* Whether the size argument of sigset argument arg is the kernel's sigset
 * size: strace shows the set only then (8 bytes on x86_64: neither fewer
 * than a word nor more than the kernel's set), else its address. */
static bool sigset_size_ok(const struct decode_ctx *c, unsigned arg)
{
	if (!c->d || arg >= c->d->nargs)
		return true;
	unsigned len_arg = c->d->args[arg].len_arg;
	if (len_arg >= c->d->nargs)
		return true;
	uint64_t size = c->s->args[len_arg];
	if (c->d->nr == SYS_rt_sigpending_) /* the one call that takes a shorter set */
		return size >= 1 && size <= KERNEL_SIGSET_BYTES;
	return size == KERNEL_SIGSET_BYTES;
}

bool decode_put_signal_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                           unsigned kind)
{
	bool out = kind == TA_SIGSET_OUT || kind == TA_SIGACTION_OUT || kind == TA_STACK_OUT ||
	           kind == TA_SIGINFO_OUT;
	size_t min = kind == TA_SIGACTION_IN || kind == TA_SIGACTION_OUT ? SA_SIZE
	             : kind == TA_STACK_IN || kind == TA_STACK_OUT       ? STACK_SIZE
	             : kind == TA_SIGINFO_OUT || kind == TA_SIGINFO_IN   ? SIGINFO_SIZE
	                                                                 : 1;

	if (kind != TA_SIGSET_IN && kind != TA_SIGSET_OUT && kind != TA_SIGACTION_IN &&
	    kind != TA_SIGACTION_OUT && kind != TA_STACK_IN && kind != TA_STACK_OUT &&
	    kind != TA_SIGINFO_OUT && kind != TA_SIGINFO_IN)
		return false;
	bool set = kind == TA_SIGSET_IN || kind == TA_SIGSET_OUT;
	if (set) /* rt_sigpending may take a shorter set */
		min = c->d && c->d->nr == SYS_rt_sigpending_ ? 1 : KERNEL_SIGSET_BYTES;
	const struct trace_payload *p = decode_struct_at(c->s, arg, min, out);
	if (!c->s->args[arg] || !p || (out && !decode_succeeded(c->s)) ||
	    (set && !sigset_size_ok(c, arg))) {
		decode_put_ptr(sb, c->s->args[arg]);
		return true;
	}
	if (kind == TA_SIGSET_IN || kind == TA_SIGSET_OUT) {
		decode_put_sigset(sb, p->data, p->len);
	} else if (kind == TA_SIGACTION_IN || kind == TA_SIGACTION_OUT) {
		put_sigaction(sb, p->data);
	} else if (kind == TA_STACK_IN || kind == TA_STACK_OUT) {
		put_stack(sb, p->data);
	} else {
		struct decode_siginfo si;
		decode_siginfo_from_bytes(&si, p->data, p->len);
		if (si.signo == 0 && kind == TA_SIGINFO_OUT)
			sb_puts(sb, "{}"); /* waitid(WNOHANG) with no child to report */
		else
			decode_put_siginfo(sb, &si);
	}
	return true;
}
