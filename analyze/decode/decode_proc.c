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

#define XLAT_SET DECODE_XLAT_SET

/* --- processes, signals, clocks ----------------------------------------- */

static const struct decode_xlat clone_flags[] = {
    {0x100, "CLONE_VM"},
    {0x200, "CLONE_FS"},
    {0x400, "CLONE_FILES"},
    {0x800, "CLONE_SIGHAND"},
    {0x1000, "CLONE_PIDFD"},
    {0x2000, "CLONE_PTRACE"},
    {0x4000, "CLONE_VFORK"},
    {0x8000, "CLONE_PARENT"},
    {0x10000, "CLONE_THREAD"},
    {0x20000, "CLONE_NEWNS"},
    {0x40000, "CLONE_SYSVSEM"},
    {0x80000, "CLONE_SETTLS"},
    {0x100000, "CLONE_PARENT_SETTID"},
    {0x200000, "CLONE_CHILD_CLEARTID"},
    {0x800000, "CLONE_UNTRACED"},
    {0x1000000, "CLONE_CHILD_SETTID"},
    {0x2000000, "CLONE_NEWCGROUP"},
    {0x4000000, "CLONE_NEWUTS"},
    {0x8000000, "CLONE_NEWIPC"},
    {0x10000000, "CLONE_NEWUSER"},
    {0x20000000, "CLONE_NEWPID"},
    {0x40000000, "CLONE_NEWNET"},
    {0x80000000, "CLONE_IO"},
};
static const struct decode_xlat_set xl_clone_flags = XLAT_SET(clone_flags, "CLONE_???");

static const struct decode_xlat wait_options[] = {
    {1, "WNOHANG"},         {2, "WSTOPPED"},          {4, "WEXITED"},
    {8, "WCONTINUED"},      {0x1000000, "WNOWAIT"},   {0x20000000, "__WNOTHREAD"},
    {0x40000000, "__WALL"}, {0x80000000, "__WCLONE"},
};
static const struct decode_xlat_set xl_wait_options = XLAT_SET(wait_options, "W???");

static const struct decode_xlat sigprocmask_how[] = {
    {0, "SIG_BLOCK"},
    {1, "SIG_UNBLOCK"},
    {2, "SIG_SETMASK"},
};
static const struct decode_xlat_set xl_sigprocmask_how = XLAT_SET(sigprocmask_how, "SIG_???");

static const struct decode_xlat clock_ids[] = {
    {0, "CLOCK_REALTIME"},          {1, "CLOCK_MONOTONIC"},     {2, "CLOCK_PROCESS_CPUTIME_ID"},
    {3, "CLOCK_THREAD_CPUTIME_ID"}, {4, "CLOCK_MONOTONIC_RAW"}, {5, "CLOCK_REALTIME_COARSE"},
    {6, "CLOCK_MONOTONIC_COARSE"},  {7, "CLOCK_BOOTTIME"},      {8, "CLOCK_REALTIME_ALARM"},
    {9, "CLOCK_BOOTTIME_ALARM"},    {10, "CLOCK_SGI_CYCLE"},    {11, "CLOCK_TAI"},
};
static const struct decode_xlat_set xl_clock_ids = XLAT_SET(clock_ids, "CLOCK_???");

static const struct decode_xlat futex_cmds[] = {
    {0, "FUTEX_WAIT"},
    {1, "FUTEX_WAKE"},
    {2, "FUTEX_FD"},
    {3, "FUTEX_REQUEUE"},
    {4, "FUTEX_CMP_REQUEUE"},
    {5, "FUTEX_WAKE_OP"},
    {6, "FUTEX_LOCK_PI"},
    {7, "FUTEX_UNLOCK_PI"},
    {8, "FUTEX_TRYLOCK_PI"},
    {9, "FUTEX_WAIT_BITSET"},
    {10, "FUTEX_WAKE_BITSET"},
    {11, "FUTEX_WAIT_REQUEUE_PI"},
    {12, "FUTEX_CMP_REQUEUE_PI"},
    {13, "FUTEX_LOCK_PI2"},
};
static const struct decode_xlat_set xl_futex_cmds = XLAT_SET(futex_cmds, "FUTEX_???");

static const struct decode_xlat arch_prctl_codes[] = {
    {0x1001, "ARCH_SET_GS"},
    {0x1002, "ARCH_SET_FS"},
    {0x1003, "ARCH_GET_FS"},
    {0x1004, "ARCH_GET_GS"},
    {0x1011, "ARCH_GET_CPUID"},
    {0x1012, "ARCH_SET_CPUID"},
    {0x1021, "ARCH_GET_XCOMP_SUPP"},
    {0x1022, "ARCH_GET_XCOMP_PERM"},
    {0x1023, "ARCH_REQ_XCOMP_PERM"},
    {0x1024, "ARCH_GET_XCOMP_GUEST_PERM"},
    {0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"},
    {0x2001, "ARCH_MAP_VDSO_X32"},
    {0x2002, "ARCH_MAP_VDSO_32"},
    {0x2003, "ARCH_MAP_VDSO_64"},
};
static const struct decode_xlat_set xl_arch_prctl = XLAT_SET(arch_prctl_codes, "ARCH_???");

static const struct decode_xlat prctl_ops[] = {
    {1, "PR_SET_PDEATHSIG"},
    {2, "PR_GET_PDEATHSIG"},
    {3, "PR_GET_DUMPABLE"},
    {4, "PR_SET_DUMPABLE"},
    {5, "PR_GET_UNALIGN"},
    {6, "PR_SET_UNALIGN"},
    {7, "PR_GET_KEEPCAPS"},
    {8, "PR_SET_KEEPCAPS"},
    {9, "PR_GET_FPEMU"},
    {10, "PR_SET_FPEMU"},
    {11, "PR_GET_FPEXC"},
    {12, "PR_SET_FPEXC"},
    {13, "PR_GET_TIMING"},
    {14, "PR_SET_TIMING"},
    {15, "PR_SET_NAME"},
    {16, "PR_GET_NAME"},
    {19, "PR_GET_ENDIAN"},
    {20, "PR_SET_ENDIAN"},
    {21, "PR_GET_SECCOMP"},
    {22, "PR_SET_SECCOMP"},
    {23, "PR_CAPBSET_READ"},
    {24, "PR_CAPBSET_DROP"},
    {25, "PR_GET_TSC"},
    {26, "PR_SET_TSC"},
    {27, "PR_GET_SECUREBITS"},
    {28, "PR_SET_SECUREBITS"},
    {29, "PR_SET_TIMERSLACK"},
    {30, "PR_GET_TIMERSLACK"},
    {31, "PR_TASK_PERF_EVENTS_DISABLE"},
    {32, "PR_TASK_PERF_EVENTS_ENABLE"},
    {33, "PR_MCE_KILL"},
    {34, "PR_MCE_KILL_GET"},
    {35, "PR_SET_MM"},
    {36, "PR_SET_CHILD_SUBREAPER"},
    {37, "PR_GET_CHILD_SUBREAPER"},
    {38, "PR_SET_NO_NEW_PRIVS"},
    {39, "PR_GET_NO_NEW_PRIVS"},
    {40, "PR_GET_TID_ADDRESS"},
    {41, "PR_SET_THP_DISABLE"},
    {42, "PR_GET_THP_DISABLE"},
    {43, "PR_MPX_ENABLE_MANAGEMENT"},
    {44, "PR_MPX_DISABLE_MANAGEMENT"},
    {45, "PR_SET_FP_MODE"},
    {46, "PR_GET_FP_MODE"},
    {47, "PR_CAP_AMBIENT"},
    {50, "PR_SVE_SET_VL"},
    {51, "PR_SVE_GET_VL"},
    {52, "PR_GET_SPECULATION_CTRL"},
    {53, "PR_SET_SPECULATION_CTRL"},
    {54, "PR_PAC_RESET_KEYS"},
    {55, "PR_SET_TAGGED_ADDR_CTRL"},
    {56, "PR_GET_TAGGED_ADDR_CTRL"},
    {57, "PR_SET_IO_FLUSHER"},
    {58, "PR_GET_IO_FLUSHER"},
    {59, "PR_SET_SYSCALL_USER_DISPATCH"},
    {0x59616d61, "PR_SET_PTRACER"},
    {0x53564d41, "PR_SET_VMA"},
};
static const struct decode_xlat_set xl_prctl_ops = XLAT_SET(prctl_ops, "PR_???");

static const struct decode_xlat prctl_dumpable[] = {
    {0, "SUID_DUMP_DISABLE"},
    {1, "SUID_DUMP_USER"},
    {2, "SUID_DUMP_ROOT"},
};
const struct decode_xlat_set decode_xl_prctl_dumpable = XLAT_SET(prctl_dumpable, "SUID_DUMP_???");

static const struct decode_xlat epoll_ops[] = {
    {1, "EPOLL_CTL_ADD"},
    {2, "EPOLL_CTL_DEL"},
    {3, "EPOLL_CTL_MOD"},
};
static const struct decode_xlat_set xl_epoll_ops = XLAT_SET(epoll_ops, "EPOLL_CTL_???");

static const struct decode_xlat rlimits[] = {
    {0, "RLIMIT_CPU"},       {1, "RLIMIT_FSIZE"}, {2, "RLIMIT_DATA"},    {3, "RLIMIT_STACK"},
    {4, "RLIMIT_CORE"},      {5, "RLIMIT_RSS"},   {6, "RLIMIT_NPROC"},   {7, "RLIMIT_NOFILE"},
    {8, "RLIMIT_MEMLOCK"},   {9, "RLIMIT_AS"},    {10, "RLIMIT_LOCKS"},  {11, "RLIMIT_SIGPENDING"},
    {12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"}, {14, "RLIMIT_RTPRIO"}, {15, "RLIMIT_RTTIME"},
};
static const struct decode_xlat_set xl_rlimits = XLAT_SET(rlimits, "RLIMIT_???");

/* --- ioctl --------------------------------------------------------------- */

static const struct decode_xlat ioctl_cmds[] = {
    {0x5401, "TCGETS"},
    {0x5402, "TCSETS"},
    {0x5403, "TCSETSW"},
    {0x5404, "TCSETSF"},
    {0x5405, "TCGETA"},
    {0x5406, "TCSETA"},
    {0x5407, "TCSETAW"},
    {0x5408, "TCSETAF"},
    {0x5409, "TCSBRK"},
    {0x540a, "TCXONC"},
    {0x540b, "TCFLSH"},
    {0x540c, "TIOCEXCL"},
    {0x540d, "TIOCNXCL"},
    {0x540e, "TIOCSCTTY"},
    {0x540f, "TIOCGPGRP"},
    {0x5410, "TIOCSPGRP"},
    {0x5411, "TIOCOUTQ"},
    {0x5412, "TIOCSTI"},
    {0x5413, "TIOCGWINSZ"},
    {0x5414, "TIOCSWINSZ"},
    {0x5415, "TIOCMGET"},
    {0x5416, "TIOCMBIS"},
    {0x5417, "TIOCMBIC"},
    {0x5418, "TIOCMSET"},
    {0x5419, "TIOCGSOFTCAR"},
    {0x541a, "TIOCSSOFTCAR"},
    {0x541b, "FIONREAD"},
    {0x541c, "TIOCLINUX"},
    {0x541d, "TIOCCONS"},
    {0x541e, "TIOCGSERIAL"},
    {0x541f, "TIOCSSERIAL"},
    {0x5420, "TIOCPKT"},
    {0x5421, "FIONBIO"},
    {0x5422, "TIOCNOTTY"},
    {0x5423, "TIOCSETD"},
    {0x5424, "TIOCGETD"},
    {0x5425, "TCSBRKP"},
    {0x5427, "TIOCSBRK"},
    {0x5428, "TIOCCBRK"},
    {0x5429, "TIOCGSID"},
    {0x802c542a, "TCGETS2"},
    {0x402c542b, "TCSETS2"},
    {0x80045430, "TIOCGPTN"},
    {0x40045431, "TIOCSPTLCK"},
    {0x5441, "TIOCGPTPEER"},
    {0x5450, "FIONCLEX"},
    {0x5451, "FIOCLEX"},
    {0x5452, "FIOASYNC"},
    {0x5460, "FIOQSIZE"},
    {0x1, "FIBMAP"},
    {0x2, "FIGETBSZ"},
    {0x80086601, "FS_IOC_GETFLAGS"},
    {0x40086602, "FS_IOC_SETFLAGS"},
    {0xc020660b, "FS_IOC_FIEMAP"},
    {0x40049409, "FICLONE"},
    {0x80081272, "BLKGETSIZE64"},
    {0x1260, "BLKGETSIZE"},
    {0x8910, "SIOCGIFNAME"},
    {0x8912, "SIOCGIFCONF"},
    {0x8913, "SIOCGIFFLAGS"},
    {0x8914, "SIOCSIFFLAGS"},
    {0x8915, "SIOCGIFADDR"},
    {0x8921, "SIOCGIFMTU"},
    {0x8927, "SIOCGIFHWADDR"},
    {0x8933, "SIOCGIFINDEX"},
};
static const struct decode_xlat_set xl_ioctl_cmds = XLAT_SET(ioctl_cmds, "_IOC_???");

static const struct decode_xlat ioc_dirs[] = {
    {0, "_IOC_NONE"},
    {1, "_IOC_WRITE"},
    {2, "_IOC_READ"},
    {3, "_IOC_READ|_IOC_WRITE"},
};
static const struct decode_xlat_set xl_ioc_dirs = XLAT_SET(ioc_dirs, "_IOC_???");

static const struct {
	unsigned kind;
	const struct decode_xlat_set *set;
	enum decode_xlat_style style;
} kind_tables[] = {
    {TA_SIGPROCMASK_HOW, &xl_sigprocmask_how, DXS_ENUM},
    {TA_CLOCK_ID, &xl_clock_ids, DXS_ENUM},
    {TA_ARCH_PRCTL, &xl_arch_prctl, DXS_ENUM},
    {TA_PRCTL_OP, &xl_prctl_ops, DXS_ENUM},
    {TA_EPOLL_OP, &xl_epoll_ops, DXS_ENUM},
    {TA_RLIMIT_RESOURCE, &xl_rlimits, DXS_ENUM},
    {TA_WAIT_OPTIONS, &xl_wait_options, DXS_FLAGS},
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
	bool printed = decode_put_flags_nz(sb, &xl_clone_flags, v & ~sig);

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
	const char *name = decode_xlat_name(&xl_ioctl_cmds, cmd);

	if (name) {
		sb_puts(sb, name);
		return;
	}
	sb_puts(sb, "_IOC(");
	sb_puts(sb, decode_xlat_name(&xl_ioc_dirs, (cmd >> 30) & 3));
	sb_printf(sb, ", %#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ")", (cmd >> 8) & 0xff, cmd & 0xff,
	          (cmd >> 16) & 0x3fff);
}

#define FUTEX_PRIVATE_FLAG_  128u
#define FUTEX_CLOCK_RT_FLAG_ 256u

void decode_put_futex_op(struct strbuf *sb, uint64_t op)
{
	op &= 0xffffffffu;
	uint64_t cmd = op & ~(uint64_t)(FUTEX_PRIVATE_FLAG_ | FUTEX_CLOCK_RT_FLAG_);
	const char *name = decode_xlat_name(&xl_futex_cmds, cmd);

	if (!name) {
		sb_printf(sb, "%#" PRIx64 " /* FUTEX_??? */", op);
		return;
	}
	sb_puts(sb, name);
	if (op & FUTEX_PRIVATE_FLAG_)
		sb_puts(sb, "_PRIVATE");
	if (op & FUTEX_CLOCK_RT_FLAG_)
		sb_puts(sb, "|FUTEX_CLOCK_REALTIME");
}
