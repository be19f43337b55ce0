/*
 * trace_syscalls.c - lookups over the generated syscall table (numbers, names,
 * classes, argument kinds). The table itself is data: syscalls_<arch>.tbl,
 * turned into syscalls_gen.h by gen_syscalls.awk at build time.
 */
#include "libtrace/trace_syscalls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/syscalls_gen.h"
#include "libtrace/trace_event.h"
#include "libtrace/trace_fdkind.h"

/* Largest number "syscall_N" may name: the filter's bitmap size. */
#define SYSCALL_NR_LIMIT 1024

struct class_name {
	const char *name;
	uint32_t bit;
};

/* strace's class names ("%%stat": every stat variant). Bare names (without '%')
 * are accepted for the classes whose name is not also a syscall's name. */
static const struct class_name class_names[] = {
    {"%desc", TC_DESC},
    {"%file", TC_FILE},
    {"%network", TC_NETWORK},
    {"%net", TC_NETWORK},
    {"%memory", TC_MEMORY},
    {"%process", TC_PROCESS},
    {"%signal", TC_SIGNAL},
    {"%ipc", TC_IPC},
    {"%creds", TC_CREDS},
    {"%clock", TC_CLOCK},
    {"%stat", TC_STAT},
    {"%lstat", TC_LSTAT},
    {"%fstat", TC_FSTAT},
    {"%%stat", TC_STAT_LIKE},
    {"%statfs", TC_STATFS},
    {"%fstatfs", TC_FSTATFS},
    {"%%statfs", TC_STATFS_LIKE},
    {"%pure", TC_PURE},
    {"desc", TC_DESC},
    {"file", TC_FILE},
    {"network", TC_NETWORK},
    {"net", TC_NETWORK},
    {"memory", TC_MEMORY},
    {"process", TC_PROCESS},
    {"signal", TC_SIGNAL},
    {"ipc", TC_IPC},
    {"creds", TC_CREDS},
    {"clock", TC_CLOCK},
    {"pure", TC_PURE},
};

/* Canonical name per class bit, in bit order: strace's spelling without its first '%'. */
static const char *const class_canonical[] = {
    "desc", "file",  "network", "memory", "process", "signal",  "ipc",     "creds", "clock",
    "stat", "lstat", "fstat",   "%stat",  "statfs",  "fstatfs", "%statfs", "pure",  "fdio",
};

/* What the tools need to know about each argument kind. */
struct arg_kind_info {
	const char *name; /* as written in the table */
	uint8_t basic;    /* the kind up to TA_STAT_OUT that shows it */
	uint8_t output;   /* filled by the kernel: capture at exit */
	uint8_t has_len;  /* uses len_arg */
	uint16_t size;    /* fixed struct size on x86_64 (element size for pollfd) */
};

static const struct arg_kind_info arg_kinds[TA_KIND_COUNT] = {
    [TA_NONE] = {"none", TA_NONE, 0, 0, 0},
    [TA_INT] = {"int", TA_INT, 0, 0, 0},
    [TA_UINT] = {"uint", TA_UINT, 0, 0, 0},
    [TA_HEX] = {"hex", TA_HEX, 0, 0, 0},
    [TA_PTR] = {"ptr", TA_PTR, 0, 0, 0},
    [TA_FD] = {"fd", TA_FD, 0, 0, 0},
    [TA_DIRFD] = {"dirfd", TA_DIRFD, 0, 0, 0},
    [TA_PATH] = {"path", TA_PATH, 0, 0, 0},
    [TA_STR] = {"str", TA_STR, 0, 0, 0},
    [TA_BUF_IN] = {"buf_in", TA_BUF_IN, 0, 1, 0},
    [TA_BUF_OUT] = {"buf_out", TA_BUF_OUT, 1, 1, 0},
    [TA_IOV_IN] = {"iov_in", TA_IOV_IN, 0, 1, 0},
    [TA_IOV_OUT] = {"iov_out", TA_IOV_OUT, 1, 1, 0},
    [TA_SOCKADDR_IN] = {"sockaddr_in", TA_SOCKADDR_IN, 0, 1, 0},
    [TA_SOCKADDR_OUT] = {"sockaddr_out", TA_SOCKADDR_OUT, 1, 1, 0},
    [TA_ARGV] = {"argv", TA_ARGV, 0, 0, 0},
    [TA_OPEN_FLAGS] = {"open_flags", TA_OPEN_FLAGS, 0, 0, 0},
    [TA_AT_FLAGS] = {"at_flags", TA_AT_FLAGS, 0, 0, 0},
    [TA_MODE] = {"mode", TA_MODE, 0, 0, 0},
    [TA_MMAP_PROT] = {"mmap_prot", TA_MMAP_PROT, 0, 0, 0},
    [TA_MMAP_FLAGS] = {"mmap_flags", TA_MMAP_FLAGS, 0, 0, 0},
    [TA_SOCK_DOMAIN] = {"sock_domain", TA_SOCK_DOMAIN, 0, 0, 0},
    [TA_SOCK_TYPE] = {"sock_type", TA_SOCK_TYPE, 0, 0, 0},
    [TA_SIGNAL] = {"signal", TA_SIGNAL, 0, 0, 0},
    [TA_WHENCE] = {"whence", TA_WHENCE, 0, 0, 0},
    [TA_CLONE_FLAGS] = {"clone_flags", TA_CLONE_FLAGS, 0, 0, 0},
    [TA_FCNTL_CMD] = {"fcntl_cmd", TA_FCNTL_CMD, 0, 0, 0},
    [TA_IOCTL_CMD] = {"ioctl_cmd", TA_IOCTL_CMD, 0, 0, 0},
    [TA_ACCESS_MODE] = {"access_mode", TA_ACCESS_MODE, 0, 0, 0},
    [TA_MSG_FLAGS] = {"msg_flags", TA_MSG_FLAGS, 0, 0, 0},
    [TA_STAT_OUT] = {"stat_out", TA_STAT_OUT, 1, 0, 144},
    [TA_PATH_OUT] = {"path_out", TA_PTR, 1, 0, 0},
    [TA_FDPAIR_OUT] = {"fdpair_out", TA_PTR, 1, 0, 8},
    [TA_STATX_OUT] = {"statx_out", TA_PTR, 1, 0, 256},
    [TA_STATFS_OUT] = {"statfs_out", TA_PTR, 1, 0, 120},
    [TA_TIMESPEC_IN] = {"timespec_in", TA_PTR, 0, 0, 16},
    [TA_TIMESPEC_OUT] = {"timespec_out", TA_PTR, 1, 0, 16},
    [TA_WSTATUS_OUT] = {"wstatus_out", TA_PTR, 1, 0, 4},
    [TA_SIGSET_IN] = {"sigset_in", TA_PTR, 0, 1, 0},
    [TA_SIGSET_OUT] = {"sigset_out", TA_PTR, 1, 1, 0},
    [TA_SIGPROCMASK_HOW] = {"sigprocmask_how", TA_INT, 0, 0, 0},
    [TA_CLOCK_ID] = {"clock_id", TA_INT, 0, 0, 0},
    [TA_FUTEX_OP] = {"futex_op", TA_INT, 0, 0, 0},
    [TA_MADVISE] = {"madvise", TA_INT, 0, 0, 0},
    [TA_MREMAP_FLAGS] = {"mremap_flags", TA_HEX, 0, 0, 0},
    [TA_ARCH_PRCTL] = {"arch_prctl", TA_HEX, 0, 0, 0},
    [TA_PRCTL_OP] = {"prctl_op", TA_INT, 0, 0, 0},
    [TA_SHUTDOWN_HOW] = {"shutdown_how", TA_INT, 0, 0, 0},
    [TA_EPOLL_OP] = {"epoll_op", TA_INT, 0, 0, 0},
    [TA_POLLFD] = {"pollfd", TA_PTR, 1, 1, 8},
    [TA_SOCKOPT_LEVEL] = {"sockopt_level", TA_INT, 0, 0, 0},
    [TA_RLIMIT_RESOURCE] = {"rlimit_resource", TA_INT, 0, 0, 0},
    [TA_DEV] = {"dev", TA_HEX, 0, 0, 0},
    [TA_WAIT_OPTIONS] = {"wait_options", TA_HEX, 0, 0, 0},
    [TA_ENVP] = {"envp", TA_PTR, 0, 0, 0},
    [TA_MSGHDR_IN] = {"msghdr_in", TA_PTR, 0, 0, 0},
    [TA_MSGHDR_OUT] = {"msghdr_out", TA_PTR, 1, 0, 0},
    [TA_SOCK_PROTO] = {"sock_proto", TA_INT, 0, 0, 0},
    [TA_LONG] = {"long", TA_INT, 0, 0, 0},
    [TA_ULONG] = {"ulong", TA_UINT, 0, 0, 0},
    [TA_ENUM] = {"enum", TA_HEX, 0, 0, 0},
    [TA_ENUMD] = {"enumd", TA_INT, 0, 0, 0},
    [TA_FLAGS] = {"flags", TA_HEX, 0, 0, 0},
    [TA_RLIMIT_IN] = {"rlimit_in", TA_PTR, 0, 0, 16},
    [TA_RLIMIT_OUT] = {"rlimit_out", TA_PTR, 1, 0, 16},
    [TA_TIMEVAL_IN] = {"timeval_in", TA_PTR, 0, 0, 16},
    [TA_TIMEVAL_OUT] = {"timeval_out", TA_PTR, 1, 0, 16},
    [TA_TIMEVAL_INOUT] = {"timeval_inout", TA_PTR, 1, 0, 16},
    [TA_TIMESPEC_INOUT] = {"timespec_inout", TA_PTR, 1, 0, 16},
    [TA_ITIMERSPEC_IN] = {"itimerspec_in", TA_PTR, 0, 0, 32},
    [TA_ITIMERSPEC_OUT] = {"itimerspec_out", TA_PTR, 1, 0, 32},
    [TA_ITIMERVAL_IN] = {"itimerval_in", TA_PTR, 0, 0, 32},
    [TA_ITIMERVAL_OUT] = {"itimerval_out", TA_PTR, 1, 0, 32},
    [TA_TIMESPEC2_IN] = {"timespec2_in", TA_PTR, 0, 0, 32},
    [TA_SIGINFO_OUT] = {"siginfo_out", TA_PTR, 1, 0, 128},
    [TA_SIGACTION_IN] = {"sigaction_in", TA_PTR, 0, 0, 32},
    [TA_SIGACTION_OUT] = {"sigaction_out", TA_PTR, 1, 0, 32},
    [TA_STACK_IN] = {"stack_in", TA_PTR, 0, 0, 24},
    [TA_STACK_OUT] = {"stack_out", TA_PTR, 1, 0, 24},
    [TA_SOCKLEN] = {"socklen", TA_PTR, 1, 0, 4},
    [TA_SOCKOPT_OUT] = {"sockopt_out", TA_PTR, 1, 1, 0},
    [TA_OPEN_HOW] = {"open_how", TA_PTR, 0, 1, 0},
    [TA_EPOLL_EVENT_IN] = {"epoll_event_in", TA_PTR, 0, 0, 12},
    [TA_EPOLL_EVENTS_OUT] = {"epoll_events_out", TA_PTR, 1, 0, 12},
    [TA_MINCORE_VEC] = {"mincore_vec", TA_PTR, 1, 1, 0},
    [TA_FDSET_INOUT] = {"fdset_inout", TA_PTR, 1, 0, 0},
    [TA_PRCTL_ARG] = {"prctl_arg", TA_HEX, 1, 0, 16},
    [TA_ARCH_PRCTL_ARG] = {"arch_prctl_arg", TA_HEX, 1, 0, 8},
    [TA_URING_PARAMS] = {"uring_params", TA_PTR, 1, 0, 120},
    [TA_DIRENTS_OUT] = {"dirents_out", TA_PTR, 1, 0, 0},
    [TA_PTR_OUT] = {"ptr_out", TA_PTR, 1, 0, 8},
    [TA_ULONG_OUT] = {"ulong_out", TA_PTR, 1, 0, 8},
    [TA_IOV_REMOTE] = {"iov_remote", TA_PTR, 0, 1, 0},
    [TA_HIDDEN] = {"hidden", TA_HEX, 0, 0, 0},
    [TA_OPEN_FDFLAGS] = {"open_fdflags", TA_OPEN_FLAGS, 0, 0, 0},
    [TA_STATX_FLAGS] = {"statx_flags", TA_AT_FLAGS, 0, 0, 0},
    [TA_BUF_HEX_OUT] = {"buf_hex_out", TA_BUF_OUT, 1, 1, 0},
    [TA_ID] = {"id", TA_UINT, 0, 0, 0},
    [TA_MODE_TYPE] = {"mode_type", TA_MODE, 0, 0, 0},
    [TA_IOCTL_ARG] = {"ioctl_arg", TA_HEX, 1, 0, 40},
    [TA_FCNTL_ARG] = {"fcntl_arg", TA_INT, 1, 0, 32},
    [TA_SIGINFO_IN] = {"siginfo_in", TA_PTR, 0, 0, 128},
    [TA_SOCK_FPROG] = {"sock_fprog", TA_PTR, 0, 0, 16},
    [TA_PSELECT_SIG] = {"pselect_sig", TA_PTR, 0, 0, 0},
    [TA_UTSNAME_OUT] = {"utsname_out", TA_PTR, 1, 0, 390},
    [TA_SYSINFO_OUT] = {"sysinfo_out", TA_PTR, 1, 0, 112},
    [TA_RUSAGE_OUT] = {"rusage_out", TA_PTR, 1, 0, 144},
    [TA_TIME_OUT] = {"time_out", TA_PTR, 1, 0, 8},
    [TA_MEMFD_FLAGS] = {"memfd_flags", TA_HEX, 0, 0, 0},
};

unsigned trace_syscall_count(void)
{
	return TRACE_SYSCALL_TABLE_SIZE;
}

const struct trace_syscall_desc *trace_syscall_desc(long nr)
{
	if (nr < 0 || nr >= TRACE_SYSCALL_TABLE_SIZE || !trace_syscall_table[nr].name)
		return NULL;
	return &trace_syscall_table[nr];
}

const char *trace_syscall_name(long nr)
{
	const struct trace_syscall_desc *d = trace_syscall_desc(nr);
	return d ? d->name : NULL;
}

const char *trace_syscall_name_r(long nr, char *buf, unsigned len)
{
	const char *name = trace_syscall_name(nr);

	if (len == 0)
		return name ? name : "";
	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "syscall_%#lx", (unsigned long)nr);
	return buf;
}

static int compare_name_to_entry(const void *key, const void *elem)
{
	const uint16_t *nr = elem;
	return strcmp(key, trace_syscall_table[*nr].name);
}

/* "syscall_N" with N decimal or 0x-hex, as printed for unknown numbers; -1 if not. */
static long parse_syscall_n(const char *name)
{
	const char *digits;
	char *end;
	unsigned long n;

	if (strncmp(name, "syscall_", 8) != 0)
		return -1;
	digits = name + 8;
	if (*digits < '0' || *digits > '9')
		return -1;
	errno = 0;
	n = strtoul(digits, &end, 0);
	if (errno || *end || n >= SYSCALL_NR_LIMIT)
		return -1;
	return (long)n;
}

long trace_syscall_by_name(const char *name)
{
	const uint16_t *hit;

	if (!name || !*name)
		return -1;
	hit = bsearch(name, trace_syscall_name_order, TRACE_SYSCALL_NAMED,
	              sizeof(trace_syscall_name_order[0]), compare_name_to_entry);
	if (hit)
		return *hit;
	return parse_syscall_n(name);
}

uint32_t trace_class_by_name(const char *name)
{
	size_t i;

	if (!name)
		return 0;
	for (i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++)
		if (strcmp(name, class_names[i].name) == 0)
			return class_names[i].bit;
	return 0;
}

unsigned trace_class_io(const char *name)
{
	if (strcmp(name, "file") == 0)
		return TIO_FILE;
	if (strcmp(name, "network") == 0 || strcmp(name, "net") == 0)
		return TIO_NET;
	return 0;
}

const char *trace_class_name(uint32_t class_bit)
{
	unsigned i;

	for (i = 0; i < sizeof(class_canonical) / sizeof(class_canonical[0]); i++)
		if (class_bit == (1u << i))
			return class_canonical[i];
	return NULL;
}

const char *trace_syscall_arch(void)
{
	return TRACE_SYSCALL_ARCH;
}

const char *trace_arg_kind_name(unsigned kind)
{
	if (kind >= TA_KIND_COUNT || !arg_kinds[kind].name)
		return "?";
	return arg_kinds[kind].name;
}

unsigned trace_arg_kind_basic(unsigned kind)
{
	if (kind >= TA_KIND_COUNT)
		return TA_HEX;
	return arg_kinds[kind].basic;
}

int trace_arg_is_output(unsigned kind)
{
	return kind < TA_KIND_COUNT && arg_kinds[kind].output;
}

unsigned trace_arg_struct_size(unsigned kind)
{
	return kind < TA_KIND_COUNT ? arg_kinds[kind].size : 0;
}

int trace_arg_has_len(unsigned kind)
{
	return kind < TA_KIND_COUNT && arg_kinds[kind].has_len;
}

unsigned trace_syscall_named_count(void)
{
	return TRACE_SYSCALL_NAMED;
}

const struct trace_syscall_desc *trace_syscall_by_index(unsigned i)
{
	if (i >= TRACE_SYSCALL_NAMED)
		return NULL;
	return &trace_syscall_table[trace_syscall_name_order[i]];
}

bool trace_syscall_never_returns(long nr)
{
	const struct trace_syscall_desc *d = trace_syscall_desc(nr);

	return d && d->ret_kind == TR_NONE;
}

bool trace_syscall_returned(const struct trace_syscall *s)
{
	if (s->flags & (TSYS_UNFINISHED | TSYS_DETACHED | TSYS_NORETURN))
		return false;
	return !trace_syscall_never_returns(s->nr);
}
