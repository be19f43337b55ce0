/*
 * decode_calls.c - per-syscall layouts (clone, fcntl, futex, prctl,
 * setsockopt/getsockopt): the calls whose shown arguments depend on another
 * argument, by the layout name the syscall table gives them. Everything else
 * is decoded from the argument kinds of the syscall table.
 */
#include "analyze/decode/decode_calls.h"

#include <inttypes.h>
#include <string.h>

#include "analyze/decode/decode_flags.h"
#include "analyze/decode/decode_proc.h"
#include "analyze/decode/decode_net.h"
#include "analyze/decode/decode_struct.h"
#include "analyze/decode/decode_time.h"

/* --- clone: child_stack=, flags=, then the pointers the flags use --------- */

enum {
	CLONE_PIDFD_ = 0x1000,
	CLONE_SETTLS_ = 0x80000,
	CLONE_PARENT_SETTID_ = 0x100000,
	CLONE_CHILD_CLEARTID_ = 0x200000,
	CLONE_CHILD_SETTID_ = 0x1000000,
};

/* x86_64 clone(flags, stack, parent_tid, child_tid, tls): the shown fields in
 * strace's order, each with its raw argument. */
struct clone_field {
	const char *label;
	unsigned arg;
	uint64_t needs; /* shown when any of these flags is set; 0 = always */
};
static const struct clone_field clone_fields[] = {
    {"child_stack=", 1, 0},
    {"flags=", 0, 0},
    {"parent_tid=", 2, CLONE_PARENT_SETTID_ | CLONE_PIDFD_},
    {"tls=", 4, CLONE_SETTLS_},
    {"child_tidptr=", 3, CLONE_CHILD_SETTID_ | CLONE_CHILD_CLEARTID_},
};
#define NCLONE_FIELDS (sizeof(clone_fields) / sizeof(clone_fields[0]))

static const struct clone_field *clone_field(const struct decode_ctx *c, unsigned i)
{
	uint64_t flags = c->s->args[0];

	for (unsigned f = 0; f < NCLONE_FIELDS; f++) {
		if (clone_fields[f].needs && !(flags & clone_fields[f].needs))
			continue;
		if (i-- == 0)
			return &clone_fields[f];
	}
	return NULL;
}

static unsigned clone_nargs(const struct decode_ctx *c)
{
	unsigned n = 0;

	while (clone_field(c, n))
		n++;
	return n;
}

static void clone_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned i)
{
	const struct clone_field *f = clone_field(c, i);

	if (!f)
		return;
	sb_puts(sb, f->label);
	if (f->arg == 0)
		decode_put_clone_flags(sb, c->s->args[0], true);
	else
		decode_put_ptr(sb, c->s->args[f->arg]);
}

/* --- fcntl: the third argument and the result depend on the command ------- */

enum fcntl_arg {
	FA_NONE,   /* no third argument */
	FA_INT,    /* decimal */
	FA_PTR,    /* struct pointer */
	FA_SETLK,  /* struct flock read by the kernel */
	FA_GETLK,  /* struct flock read and written back (l_pid) */
	FA_FDFL,   /* FD_CLOEXEC */
	FA_OPENFL, /* O_* with access mode */
	FA_SIGNAL,
	FA_LEASE,
	FA_NOTIFY,
	FA_SEALS,
};
enum fcntl_ret {
	FR_PLAIN,
	FR_FDFL,   /* 0x1 (flags FD_CLOEXEC) */
	FR_OPENFL, /* 0x8002 (flags O_RDWR|O_LARGEFILE) */
	FR_SIGNAL, /* 29 (SIGIO) */
	FR_LEASE,  /* 0x2 (F_UNLCK) */
	FR_SEALS,  /* 0x1 (seals F_SEAL_SEAL) */
};
static const struct {
	unsigned cmd;
	uint8_t arg;
	uint8_t ret;
} fcntl_cmds[] = {
    {0, FA_INT, FR_PLAIN},       /* F_DUPFD */
    {1, FA_NONE, FR_FDFL},       /* F_GETFD */
    {2, FA_FDFL, FR_PLAIN},      /* F_SETFD */
    {3, FA_NONE, FR_OPENFL},     /* F_GETFL */
    {4, FA_OPENFL, FR_PLAIN},    /* F_SETFL */
    {5, FA_GETLK, FR_PLAIN},     /* F_GETLK */
    {6, FA_SETLK, FR_PLAIN},     /* F_SETLK */
    {7, FA_SETLK, FR_PLAIN},     /* F_SETLKW */
    {8, FA_INT, FR_PLAIN},       /* F_SETOWN */
    {9, FA_NONE, FR_PLAIN},      /* F_GETOWN */
    {10, FA_SIGNAL, FR_PLAIN},   /* F_SETSIG */
    {11, FA_NONE, FR_SIGNAL},    /* F_GETSIG */
    {15, FA_PTR, FR_PLAIN},      /* F_SETOWN_EX */
    {16, FA_PTR, FR_PLAIN},      /* F_GETOWN_EX */
    {17, FA_PTR, FR_PLAIN},      /* F_GETOWNER_UIDS */
    {36, FA_GETLK, FR_PLAIN},    /* F_OFD_GETLK */
    {37, FA_SETLK, FR_PLAIN},    /* F_OFD_SETLK */
    {38, FA_SETLK, FR_PLAIN},    /* F_OFD_SETLKW */
    {1024, FA_LEASE, FR_PLAIN},  /* F_SETLEASE */
    {1025, FA_NONE, FR_LEASE},   /* F_GETLEASE */
    {1026, FA_NOTIFY, FR_PLAIN}, /* F_NOTIFY */
    {1029, FA_INT, FR_PLAIN},    /* F_CANCELLK */
    {1030, FA_INT, FR_PLAIN},    /* F_DUPFD_CLOEXEC */
    {1031, FA_INT, FR_PLAIN},    /* F_SETPIPE_SZ */
    {1032, FA_NONE, FR_PLAIN},   /* F_GETPIPE_SZ */
    {1033, FA_SEALS, FR_PLAIN},  /* F_ADD_SEALS */
    {1034, FA_NONE, FR_SEALS},   /* F_GET_SEALS */
};

/* The table row of fcntl's command, or -1 when unknown. */
static int fcntl_row(const struct decode_ctx *c)
{
	uint64_t cmd = c->s->args[1] & 0xffffffffu;

	for (unsigned i = 0; i < sizeof(fcntl_cmds) / sizeof(fcntl_cmds[0]); i++)
		if (fcntl_cmds[i].cmd == cmd)
			return (int)i;
	return -1;
}

static unsigned fcntl_nargs(const struct decode_ctx *c)
{
	int row = fcntl_row(c);

	return row >= 0 && fcntl_cmds[row].arg == FA_NONE ? 2 : 3;
}

/* struct flock (x86_64): the input of the set commands as read at entry (or
 * at exit, when only that was recorded), the result of the get commands
 * after success with its l_pid; else the address. */
static void put_flock(struct strbuf *sb, const struct decode_ctx *c, bool get)
{
	enum { FLOCK_SIZE = 32, L_WHENCE = 2, L_START = 8, L_LEN = 16, L_PID = 24 };
	const struct trace_payload *p = decode_struct_at(c->s, 2, FLOCK_SIZE, get);

	if (!get && !p)
		p = decode_struct_at(c->s, 2, FLOCK_SIZE, true);
	if (!p || (get && !decode_succeeded(c->s))) {
		decode_put_ptr(sb, c->s->args[2]);
		return;
	}
	const uint8_t *b = p->data;
	sb_puts(sb, "{l_type=");
	decode_put_enum(sb, &decode_xl_lock_types, (uint16_t)(b[0] | b[1] << 8));
	sb_puts(sb, ", l_whence=");
	decode_put_enum(sb, &decode_xl_whence, (uint16_t)(b[L_WHENCE] | b[L_WHENCE + 1] << 8));
	sb_printf(sb, ", l_start=%" PRId64 ", l_len=%" PRId64, (int64_t)decode_le64(b + L_START),
	          (int64_t)decode_le64(b + L_LEN));
	if (get)
		sb_printf(sb, ", l_pid=%" PRId32, (int32_t)decode_le32(b + L_PID));
	sb_putc(sb, '}');
}

static void fcntl_third(struct strbuf *sb, const struct decode_ctx *c)
{
	int row = fcntl_row(c);
	uint64_t v = c->s->args[2];

	switch (row < 0 ? FA_NONE : fcntl_cmds[row].arg) {
	case FA_INT: /* an unsigned long in the kernel, shown signed as strace does */
		sb_put_i64(sb, (int64_t)v);
		break;
	case FA_PTR:
		decode_put_ptr(sb, v);
		break;
	case FA_SETLK:
	case FA_GETLK:
		put_flock(sb, c, fcntl_cmds[row].arg == FA_GETLK);
		break;
	case FA_FDFL:
		decode_put_flags(sb, &decode_xl_fd_flags, v & 0xffffffffu);
		break;
	case FA_OPENFL:
		decode_put_open_flags(sb, v, true);
		break;
	case FA_SIGNAL:
		decode_put_signal(sb, (int64_t)v);
		break;
	case FA_LEASE:
		decode_put_enum(sb, &decode_xl_lease_types, v & 0xffffffffu);
		break;
	case FA_NOTIFY:
		decode_put_flags(sb, &decode_xl_dnotify, v & 0xffffffffu);
		break;
	case FA_SEALS:
		decode_put_flags(sb, &decode_xl_seals, v & 0xffffffffu);
		break;
	default: /* unknown command */
		decode_put_hex(sb, v);
		break;
	}
}

static void fcntl_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned i)
{
	if (i == 0)
		sb_printf(sb, "%d", (int)c->s->args[0]);
	else if (i == 1)
		decode_put_enum(sb, &decode_xl_fcntl_cmds, c->s->args[1] & 0xffffffffu);
	else if (i == 2)
		fcntl_third(sb, c);
}

static bool fcntl_ret(struct strbuf *sb, const struct decode_ctx *c)
{
	int row = fcntl_row(c);
	uint64_t v = (uint64_t)c->s->ret;

	if (row < 0 || (v == 0 && fcntl_cmds[row].ret != FR_OPENFL))
		return false;
	switch (fcntl_cmds[row].ret) {
	case FR_FDFL:
		sb_printf(sb, "%#" PRIx64 " (flags ", v);
		decode_put_flags(sb, &decode_xl_fd_flags, v);
		break;
	case FR_OPENFL:
		sb_printf(sb, "%#" PRIx64 " (flags ", v);
		decode_put_open_flags(sb, v, true);
		break;
	case FR_SIGNAL:
		sb_printf(sb, "%" PRIu64 " (", v);
		decode_put_signal(sb, (int64_t)v);
		break;
	case FR_LEASE:
		sb_printf(sb, "%#" PRIx64 " (", v);
		decode_put_enum(sb, &decode_xl_lease_types, v);
		break;
	case FR_SEALS:
		sb_printf(sb, "%#" PRIx64 " (seals ", v);
		decode_put_flags(sb, &decode_xl_seals, v);
		break;
	default:
		return false;
	}
	sb_putc(sb, ')');
	return true;
}

/* --- futex: which arguments are shown depends on the operation ----------- */

enum futex_shown {
	FS_UADDR,   /* arg 0, pointer */
	FS_OP,      /* arg 1 */
	FS_VAL,     /* arg 2, int */
	FS_TIMEOUT, /* arg 3, timespec */
	FS_VAL2,    /* arg 3 as an int */
	FS_UADDR2,  /* arg 4, pointer */
	FS_VAL3,    /* arg 5, int */
	FS_BITSET,  /* arg 5, FUTEX_BITSET_MATCH_ANY or hex */
	FS_HEX3,    /* arg 5 in hex (FUTEX_WAKE_OP's encoded operation) */
};
static const struct {
	unsigned cmd;
	uint8_t n;
	uint8_t shown[6];
} futex_layouts[] = {
    {0, 4, {FS_UADDR, FS_OP, FS_VAL, FS_TIMEOUT}},                   /* WAIT */
    {1, 3, {FS_UADDR, FS_OP, FS_VAL}},                               /* WAKE */
    {2, 3, {FS_UADDR, FS_OP, FS_VAL}},                               /* FD */
    {3, 5, {FS_UADDR, FS_OP, FS_VAL, FS_VAL2, FS_UADDR2}},           /* REQUEUE */
    {4, 6, {FS_UADDR, FS_OP, FS_VAL, FS_VAL2, FS_UADDR2, FS_VAL3}},  /* CMP_REQUEUE */
    {5, 6, {FS_UADDR, FS_OP, FS_VAL, FS_VAL2, FS_UADDR2, FS_HEX3}},  /* WAKE_OP */
    {6, 3, {FS_UADDR, FS_OP, FS_TIMEOUT}},                           /* LOCK_PI */
    {7, 2, {FS_UADDR, FS_OP}},                                       /* UNLOCK_PI */
    {8, 2, {FS_UADDR, FS_OP}},                                       /* TRYLOCK_PI */
    {9, 5, {FS_UADDR, FS_OP, FS_VAL, FS_TIMEOUT, FS_BITSET}},        /* WAIT_BITSET */
    {10, 4, {FS_UADDR, FS_OP, FS_VAL, FS_BITSET}},                   /* WAKE_BITSET */
    {11, 5, {FS_UADDR, FS_OP, FS_VAL, FS_TIMEOUT, FS_UADDR2}},       /* WAIT_REQUEUE_PI */
    {12, 6, {FS_UADDR, FS_OP, FS_VAL, FS_VAL2, FS_UADDR2, FS_VAL3}}, /* CMP_REQUEUE_PI */
    {13, 3, {FS_UADDR, FS_OP, FS_TIMEOUT}},                          /* LOCK_PI2 */
};

static int futex_row(const struct decode_ctx *c)
{
	uint64_t cmd = c->s->args[1] & 127;

	for (unsigned i = 0; i < sizeof(futex_layouts) / sizeof(futex_layouts[0]); i++)
		if (futex_layouts[i].cmd == cmd)
			return (int)i;
	return -1;
}

static unsigned futex_nargs(const struct decode_ctx *c)
{
	int row = futex_row(c);

	return row < 0 ? 6 : futex_layouts[row].n;
}

/* One field of FUTEX_WAKE_OP's encoded operation: its name or hex, "<<SHIFT",
 * and the table's unknown comment when it has no name. */
static void put_wake_op_field(struct strbuf *sb, const struct decode_xlat_set *t, uint32_t v,
                              unsigned shift)
{
	const char *name = decode_xlat_name(t, v);

	if (name)
		sb_puts(sb, name);
	else
		decode_put_hex(sb, v);
	sb_printf(sb, "<<%u", shift);
	if (!name)
		sb_printf(sb, " /* %s */", t->unknown);
}

/* FUTEX_WAKE_OP's val3 as strace spells it:
 * "FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_EQ<<24|0" */
static void put_futex_wake_op(struct strbuf *sb, uint32_t v)
{
	if ((v >> 28) & 8)
		sb_puts(sb, "FUTEX_OP_OPARG_SHIFT<<28|");
	put_wake_op_field(sb, &decode_xl_futex_wake_ops, (v >> 28) & 7, 28);
	sb_putc(sb, '|');
	decode_put_hex(sb, (v >> 12) & 0xfff);
	sb_puts(sb, "<<12|");
	put_wake_op_field(sb, &decode_xl_futex_wake_cmps, (v >> 24) & 0xf, 24);
	sb_putc(sb, '|');
	decode_put_hex(sb, v & 0xfff);
}

static void futex_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned i)
{
	int row = futex_row(c);
	const uint64_t *a = c->s->args;

	if (row < 0) { /* unknown operation: every argument by its C type */
		if (i == 1)
			decode_put_futex_op(sb, a[1]);
		else if (i == 0 || i == 3 || i == 4)
			decode_put_ptr(sb, a[i]);
		else if (i == 5)
			decode_put_hex(sb, a[i] & 0xffffffffu);
		else
			sb_put_u64(sb, a[i] & 0xffffffffu);
		return;
	}
	switch (futex_layouts[row].shown[i]) {
	case FS_UADDR:
		decode_put_ptr(sb, a[0]);
		break;
	case FS_OP:
		decode_put_futex_op(sb, a[1]);
		break;
	case FS_VAL: /* u32 */
		sb_put_u64(sb, a[2] & 0xffffffffu);
		break;
	case FS_TIMEOUT:
		decode_put_time_arg(sb, c, 3, TA_TIMESPEC_IN);
		break;
	case FS_VAL2: /* u32 */
		sb_put_u64(sb, a[3] & 0xffffffffu);
		break;
	case FS_UADDR2:
		decode_put_ptr(sb, a[4]);
		break;
	case FS_VAL3: /* u32 */
		sb_put_u64(sb, a[5] & 0xffffffffu);
		break;
	case FS_BITSET:
		if ((a[5] & 0xffffffffu) == 0xffffffffu)
			sb_puts(sb, "FUTEX_BITSET_MATCH_ANY");
		else
			decode_put_hex(sb, a[5] & 0xffffffffu);
		break;
	default: /* FS_HEX3 */
		put_futex_wake_op(sb, (uint32_t)a[5]);
		break;
	}
}

/* --- prctl: the option decides how many arguments follow ----------------- */

static void decode_put_signal_or_int(struct strbuf *sb, int32_t v, bool signal);

enum prctl_arg {
	PA_ALL,      /* unknown option: the four other arguments in hex */
	PA_NONE,     /* the option alone */
	PA_ZEROS,    /* four arguments the kernel wants 0, in hex */
	PA_ULONG,    /* an unsigned long */
	PA_ULONG4,   /* an unsigned long, then three arguments the kernel wants 0, in hex */
	PA_INT,      /* an int */
	PA_SIGNAL,   /* a signal number, decimal when not one */
	PA_INT_OUT,  /* int* written by the kernel: "[0]" */
	PA_STR_IN,   /* the task name to set */
	PA_STR_OUT,  /* the task name written by the kernel */
	PA_DUMPABLE, /* SUID_DUMP_* */
	PA_CAP,      /* CAP_* */
};
static const struct {
	unsigned op;
	uint8_t arg; /* how arg 1 is shown */
	bool ret_dumpable;
} prctl_ops[] = {
    {1, PA_SIGNAL, false},   /* PR_SET_PDEATHSIG */
    {2, PA_INT_OUT, false},  /* PR_GET_PDEATHSIG */
    {3, PA_NONE, true},      /* PR_GET_DUMPABLE */
    {4, PA_DUMPABLE, false}, /* PR_SET_DUMPABLE */
    {7, PA_NONE, false},     /* PR_GET_KEEPCAPS */
    {8, PA_ULONG, false},    /* PR_SET_KEEPCAPS */
    {13, PA_NONE, false},    /* PR_GET_TIMING */
    {14, PA_ULONG, false},   /* PR_SET_TIMING */
    {15, PA_STR_IN, false},  /* PR_SET_NAME */
    {16, PA_STR_OUT, false}, /* PR_GET_NAME */
    {21, PA_NONE, false},    /* PR_GET_SECCOMP */
    {23, PA_CAP, false},     /* PR_CAPBSET_READ */
    {24, PA_CAP, false},     /* PR_CAPBSET_DROP */
    {27, PA_NONE, false},    /* PR_GET_SECUREBITS */
    {29, PA_ULONG, false},   /* PR_SET_TIMERSLACK */
    {30, PA_NONE, false},    /* PR_GET_TIMERSLACK */
    {31, PA_NONE, false},    /* PR_TASK_PERF_EVENTS_DISABLE */
    {32, PA_NONE, false},    /* PR_TASK_PERF_EVENTS_ENABLE */
    {34, PA_NONE, false},    /* PR_MCE_KILL_GET */
    {36, PA_ULONG, false},   /* PR_SET_CHILD_SUBREAPER */
    {37, PA_INT_OUT, false}, /* PR_GET_CHILD_SUBREAPER */
    {38, PA_ULONG4, false},  /* PR_SET_NO_NEW_PRIVS */
    {39, PA_ZEROS, false},   /* PR_GET_NO_NEW_PRIVS */
    {42, PA_ZEROS, false},   /* PR_GET_THP_DISABLE */
    {46, PA_NONE, false},    /* PR_GET_FP_MODE */
    {58, PA_NONE, false},    /* PR_GET_IO_FLUSHER */
};

static int prctl_row(const struct decode_ctx *c)
{
	uint64_t op = c->s->args[0] & 0xffffffffu;

	for (unsigned i = 0; i < sizeof(prctl_ops) / sizeof(prctl_ops[0]); i++)
		if (prctl_ops[i].op == op)
			return (int)i;
	return -1;
}

static unsigned prctl_nargs(const struct decode_ctx *c)
{
	int row = prctl_row(c);

	if (row < 0 || prctl_ops[row].arg == PA_ZEROS || prctl_ops[row].arg == PA_ULONG4)
		return 5;
	return prctl_ops[row].arg == PA_NONE ? 1 : 2;
}

/* The task name (16 bytes at most) recorded at entry or exit, as a string. */
static void prctl_name(struct strbuf *sb, const struct decode_ctx *c, bool out)
{
	const struct trace_payload *p = decode_struct_at(c->s, 1, 1, out);

	if (!p || (out && !decode_succeeded(c->s))) {
		decode_put_ptr(sb, c->s->args[1]);
		return;
	}
	const uint8_t *nul = memchr(p->data, 0, p->len);
	decode_put_quoted(sb, p->data, nul ? (size_t)(nul - p->data) : p->len, c->strsize, false);
}

static void prctl_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned i)
{
	int row = prctl_row(c);
	uint64_t v = c->s->args[i];
	const struct trace_payload *p;

	if (i == 0) {
		decode_put_kind(sb, c, 0, TA_PRCTL_OP);
		return;
	}
	if (i > 1) { /* the arguments after the first that prctl_nargs shows */
		decode_put_hex(sb, v);
		return;
	}
	switch (row < 0 ? PA_ALL : prctl_ops[row].arg) {
	case PA_ULONG:
	case PA_ULONG4:
		sb_put_u64(sb, v);
		break;
	case PA_INT:
		sb_put_i64(sb, (int32_t)v);
		break;
	case PA_SIGNAL:
		if (v < 65)
			decode_put_signal(sb, (int64_t)v);
		else
			sb_put_u64(sb, v);
		break;
	case PA_INT_OUT:
		p = decode_struct_at(c->s, 1, 4, true);
		if (p && decode_succeeded(c->s)) {
			sb_putc(sb, '[');
			decode_put_signal_or_int(sb, (int32_t)decode_le32(p->data),
			                         prctl_ops[row].op == 2);
			sb_putc(sb, ']');
		} else {
			decode_put_ptr(sb, v);
		}
		break;
	case PA_STR_IN:
	case PA_STR_OUT:
		prctl_name(sb, c, prctl_ops[row].arg == PA_STR_OUT);
		break;
	case PA_DUMPABLE:
		decode_put_enum(sb, &decode_xl_prctl_dumpable, v);
		break;
	case PA_CAP:
		decode_put_enum(sb, &decode_xl_capabilities, v);
		break;
	default:
		decode_put_hex(sb, v);
		break;
	}
}

/* A signal number by name ("SIGTERM") when named, else decimal ("0"). */
static void decode_put_signal_or_int(struct strbuf *sb, int32_t v, bool signal)
{
	if (signal && v > 0)
		decode_put_signal(sb, v);
	else
		sb_put_i64(sb, v);
}

static bool prctl_ret(struct strbuf *sb, const struct decode_ctx *c)
{
	int row = prctl_row(c);

	if (row < 0 || !prctl_ops[row].ret_dumpable)
		return false;
	sb_printf(sb, "%" PRId64 " (", c->s->ret);
	decode_put_enum(sb, &decode_xl_prctl_dumpable, (uint64_t)c->s->ret);
	sb_putc(sb, ')');
	return true;
}

/* --- arch_prctl: ARCH_GET_* write an unsigned long ------------------------ */

enum {
	ARCH_GET_FS_ = 0x1003,
	ARCH_GET_GS_ = 0x1004,
	ARCH_GET_CPUID_ = 0x1011,
	ARCH_GET_XCOMP_SUPP_ = 0x1021,
	ARCH_GET_XCOMP_PERM_ = 0x1022,
	ARCH_REQ_XCOMP_PERM_ = 0x1023,
	ARCH_GET_XCOMP_GUEST_PERM_ = 0x1024,
	ARCH_REQ_XCOMP_GUEST_PERM_ = 0x1025,
};

static unsigned arch_prctl_nargs(const struct decode_ctx *c)
{
	return (uint32_t)c->s->args[0] == ARCH_GET_CPUID_ ? 1 : 2; /* GET_CPUID has none */
}

/* An XSAVE feature mask as strace shows it: "0x207 /\* XFEATURE_MASK_FPSSE|... *\/". */
static void put_xfeatures(struct strbuf *sb, uint64_t v)
{
	const struct decode_xlat_set *t = &decode_xl_xfeatures;
	bool named = false;

	for (unsigned i = 0; i < t->n; i++)
		named |= t->items[i].val && (v & t->items[i].val) == t->items[i].val;
	if (!named) {
		decode_put_flags(sb, t, v);
		return;
	}
	decode_put_hex(sb, v);
	sb_puts(sb, " /* ");
	decode_put_flags(sb, t, v);
	sb_puts(sb, " */");
}

static void arch_prctl_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned i)
{
	uint32_t code = (uint32_t)c->s->args[0];
	const struct trace_payload *p = decode_struct_at(c->s, 1, 8, true);
	bool written = p && decode_succeeded(c->s);

	if (i == 0) {
		decode_put_kind(sb, c, 0, TA_ARCH_PRCTL);
	} else if (code == ARCH_GET_FS_ || code == ARCH_GET_GS_ || code == ARCH_GET_XCOMP_SUPP_ ||
	           code == ARCH_GET_XCOMP_PERM_ || code == ARCH_GET_XCOMP_GUEST_PERM_) {
		/* the unsigned long written: an address (FS, GS) or a feature mask */
		if (!written) {
			decode_put_ptr(sb, c->s->args[1]);
			return;
		}
		sb_putc(sb, '[');
		if (code == ARCH_GET_FS_ || code == ARCH_GET_GS_)
			decode_put_ptr(sb, decode_le64(p->data));
		else
			put_xfeatures(sb, decode_le64(p->data));
		sb_putc(sb, ']');
	} else if (code == ARCH_REQ_XCOMP_PERM_ || code == ARCH_REQ_XCOMP_GUEST_PERM_) {
		/* a feature number, verbose: "0x12 /\* XFEATURE_XTILE_DATA *\/" */
		const char *name = decode_xlat_name(&decode_xl_xfeature_bits, c->s->args[1]);
		decode_put_hex(sb, c->s->args[1]);
		sb_printf(sb, " /* %s */", name ? name : decode_xl_xfeature_bits.unknown);
	} else {
		decode_put_hex(sb, c->s->args[1]);
	}
}

/* --- setsockopt / getsockopt ---------------------------------------------- */

static unsigned sockopt_nargs(const struct decode_ctx *c)
{
	return 5;
}

static void sockopt_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned i)
{
	const uint64_t *a = c->s->args;

	if (i == 2)
		decode_put_sockopt_name(sb, a[1], a[2]);
	else if (i == 3 && c->d && c->d->args[3].kind == TA_BUF_IN)
		decode_put_sockopt_val(sb, c, 3, false);
	else
		decode_put_kind(sb, c, i, c->d ? c->d->args[i].kind : TA_HEX);
}

static const struct {
	const char *name;
	struct decode_layout layout;
} layouts[] = {
    {"clone", {clone_nargs, clone_arg, NULL}},
    {"fcntl", {fcntl_nargs, fcntl_arg, fcntl_ret}},
    {"futex", {futex_nargs, futex_arg, NULL}},
    {"prctl", {prctl_nargs, prctl_arg, prctl_ret}},
    {"arch_prctl", {arch_prctl_nargs, arch_prctl_arg, NULL}},
    {"sockopt", {sockopt_nargs, sockopt_arg, NULL}},
};

const struct decode_layout *decode_layout_find(const char *name)
{
	for (unsigned i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (strcmp(layouts[i].name, name) == 0)
			return &layouts[i].layout;
	return NULL;
}
