/*
 * decode_proc.c - the constants of processes, signals, clocks, futexes, prctl,
 * resource limits and ioctl requests, as tables in strace's order, and their
 * printers (clone flags with the exit signal, signal numbers, futex
 * operations, ioctl requests decoded as _IOC(...) when unnamed).
 */
#include "analyze/decode/decode_proc.h"

#include <inttypes.h>

#include "libtrace/trace_errno.h"
#include "libtrace/trace_syscalls.h"

/* --- processes, signals, clocks ----------------------------------------- */

/* --- ioctl --------------------------------------------------------------- */

static const struct {
	unsigned kind;
	const struct decode_xlat_set *set;
	enum decode_xlat_style style;
} kind_tables[] = {
    {TA_SIGPROCMASK_HOW, &decode_xl_sigprocmask_how, DXS_ENUM},
    {TA_CLOCK_ID, &decode_xl_clock_ids, DXS_ENUM},
    {TA_ARCH_PRCTL, &decode_xl_arch_prctl_codes, DXS_ENUM},
    {TA_PRCTL_OP, &decode_xl_prctl_ops, DXS_ENUM},
    {TA_EPOLL_OP, &decode_xl_epoll_ops, DXS_ENUM},
    {TA_RLIMIT_RESOURCE, &decode_xl_rlimits, DXS_ENUM},
    {TA_WAIT_OPTIONS, &decode_xl_wait_options, DXS_FLAGS},
};

const struct decode_xlat_set *decode_proc_kind_xlat(unsigned kind, enum decode_xlat_style *style)
{
	for (unsigned i = 0; i < sizeof(kind_tables) / sizeof(kind_tables[0]); i++) {
		if (kind_tables[i].kind == kind) {
			*style = kind_tables[i].style;
			return kind_tables[i].set;
		}
	}
	return NULL;
}

void decode_put_clone_flags(struct strbuf *sb, uint64_t v, bool with_signal)
{
	uint64_t sig = with_signal ? v & 0xff : 0;
	bool printed = decode_put_flags_nz(sb, &decode_xl_clone_flags, v & ~sig);

	if (sig) {
		if (printed)
			sb_putc(sb, '|');
		decode_put_signal(sb, (int64_t)sig);
	} else if (!printed) {
		sb_putc(sb, '0');
	}
}

void decode_put_signal(struct strbuf *sb, int64_t sig)
{
	int s = (int)sig;
	const char *name = s > 0 ? trace_signal_name(s) : NULL;

	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%d", s);
}

void decode_put_ioctl_cmd(struct strbuf *sb, uint64_t cmd)
{
	cmd &= 0xffffffffu;
	const char *name = decode_xlat_name(&decode_xl_ioctl_cmds, cmd);

	if (name) {
		sb_puts(sb, name);
		return;
	}
	sb_puts(sb, "_IOC(");
	sb_puts(sb, decode_xlat_name(&decode_xl_ioc_dirs, (cmd >> 30) & 3));
	sb_printf(sb, ", %#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ")", (cmd >> 8) & 0xff, cmd & 0xff,
	          (cmd >> 16) & 0x3fff);
}

#define FUTEX_PRIVATE_FLAG_    128u
#define FUTEX_CLOCK_RT_FLAG_   256u
#define FUTEX_WAIT_            0u
#define FUTEX_FD_              2u
#define FUTEX_WAIT_BITSET_     9u
#define FUTEX_WAIT_REQUEUE_PI_ 11u

void decode_put_futex_op(struct strbuf *sb, uint64_t op)
{
	op &= 0xffffffffu;
	uint64_t cmd = op & ~(uint64_t)(FUTEX_PRIVATE_FLAG_ | FUTEX_CLOCK_RT_FLAG_);
	const char *name = decode_xlat_name(&decode_xl_futex_cmds, cmd);

	/* strace names FUTEX_CLOCK_REALTIME only with the waits that take it */
	bool clock_ok =
	    cmd == FUTEX_WAIT_ || cmd == FUTEX_WAIT_BITSET_ || cmd == FUTEX_WAIT_REQUEUE_PI_;
	if (!name || ((op & FUTEX_CLOCK_RT_FLAG_) && !clock_ok)) {
		sb_printf(sb, "%#" PRIx64 " /* FUTEX_??? */", op);
		return;
	}
	sb_puts(sb, name);
	if ((op & FUTEX_PRIVATE_FLAG_) && cmd == FUTEX_FD_)
		sb_puts(sb, "|FUTEX_PRIVATE_FLAG"); /* strace's spelling for FUTEX_FD */
	else if (op & FUTEX_PRIVATE_FLAG_)
		sb_puts(sb, "_PRIVATE");
	if (op & FUTEX_CLOCK_RT_FLAG_)
		sb_puts(sb, "|FUTEX_CLOCK_REALTIME");
}
