/*
 * trace_syscalls.h - what renacer knows about each system call: number, name,
 * argument count, strace's classes, and the kind of every argument. The table
 * lives in syscalls_x86_64.tbl and is turned into C by gen_syscalls.awk at
 * build time. The recorder uses argument kinds to decide what to copy out of
 * the tracee; the report uses them to print strace-style lines.
 */
#ifndef RENACER_TRACE_SYSCALLS_H
#define RENACER_TRACE_SYSCALLS_H

#include <stdbool.h>
#include <stdint.h>

/* Syscall classes (strace's %class sets); a syscall may be in several. */
enum trace_class {
	TC_DESC = 1u << 0,         /* takes or returns a file descriptor */
	TC_FILE = 1u << 1,         /* takes a file name */
	TC_NETWORK = 1u << 2,      /* network */
	TC_MEMORY = 1u << 3,       /* memory mapping */
	TC_PROCESS = 1u << 4,      /* process management */
	TC_SIGNAL = 1u << 5,       /* signals */
	TC_IPC = 1u << 6,          /* SysV IPC */
	TC_CREDS = 1u << 7,        /* user/group ids and capabilities */
	TC_CLOCK = 1u << 8,        /* read or change clocks */
	TC_STAT = 1u << 9,         /* stat(2) variants taking a name */
	TC_LSTAT = 1u << 10,       /* lstat(2) variants */
	TC_FSTAT = 1u << 11,       /* fstat(2) variants */
	TC_STAT_LIKE = 1u << 12,   /* %%stat: every stat variant */
	TC_STATFS = 1u << 13,      /* statfs variants taking a name */
	TC_FSTATFS = 1u << 14,     /* fstatfs variants */
	TC_STATFS_LIKE = 1u << 15, /* %%statfs */
	TC_PURE = 1u << 16,        /* no arguments, always succeeds (getpid...) */
	TC_FDIO = 1u << 17,        /* not strace's: a descriptor call, in `file` or `network`
	                              by the kind of its descriptor (trace_filter.h) */
};

/* How an argument is interpreted. */
enum trace_arg_kind {
	TA_NONE = 0,
	TA_INT,          /* signed integer (C int unless the table says otherwise) */
	TA_UINT,         /* unsigned integer (C unsigned int unless the table says otherwise) */
	TA_HEX,          /* integer best shown in hex */
	TA_PTR,          /* pointer shown as hex, NULL when 0 */
	TA_FD,           /* file descriptor */
	TA_DIRFD,        /* fd or AT_FDCWD */
	TA_PATH,         /* NUL-terminated path name (input) */
	TA_STR,          /* NUL-terminated string (input), not a path */
	TA_BUF_IN,       /* input buffer, length in argument len_arg */
	TA_BUF_OUT,      /* output buffer, length = return value, capacity in len_arg */
	TA_IOV_IN,       /* struct iovec array (input), count in len_arg */
	TA_IOV_OUT,      /* struct iovec array (output), bytes = return value, count in len_arg */
	TA_SOCKADDR_IN,  /* struct sockaddr (input), length in len_arg */
	TA_SOCKADDR_OUT, /* struct sockaddr (output), socklen_t* in len_arg */
	TA_ARGV,         /* NULL-terminated array of strings (execve) */
	TA_OPEN_FLAGS,   /* O_* */
	TA_AT_FLAGS,     /* AT_* flags */
	TA_MODE,         /* file mode, octal */
	TA_MMAP_PROT,    /* PROT_* */
	TA_MMAP_FLAGS,   /* MAP_* */
	TA_SOCK_DOMAIN,  /* AF_* */
	TA_SOCK_TYPE,    /* SOCK_* | SOCK_NONBLOCK | SOCK_CLOEXEC */
	TA_SIGNAL,       /* signal number */
	TA_WHENCE,       /* SEEK_* */
	TA_CLONE_FLAGS,  /* CLONE_* */
	TA_FCNTL_CMD,    /* F_* */
	TA_IOCTL_CMD,    /* ioctl request, hex */
	TA_ACCESS_MODE,  /* F_OK / R_OK|W_OK|X_OK */
	TA_MSG_FLAGS,    /* MSG_* */
	TA_STAT_OUT,     /* struct stat* filled on success */
	/* Kinds below refine the ones above; trace_arg_kind_basic() maps each to
	 * one of the kinds above for a consumer that does not decode it. */
	TA_PATH_OUT,        /* NUL-terminated path written by the kernel (getcwd) */
	TA_FDPAIR_OUT,      /* int[2] of new descriptors (pipe, socketpair) */
	TA_STATX_OUT,       /* struct statx* filled on success */
	TA_STATFS_OUT,      /* struct statfs* filled on success */
	TA_TIMESPEC_IN,     /* const struct timespec* (NULL allowed) */
	TA_TIMESPEC_OUT,    /* struct timespec* filled on success */
	TA_WSTATUS_OUT,     /* int* wait status (wait4) */
	TA_SIGSET_IN,       /* const sigset_t*, size in len_arg */
	TA_SIGSET_OUT,      /* sigset_t* filled on success, size in len_arg */
	TA_SIGPROCMASK_HOW, /* SIG_BLOCK / SIG_UNBLOCK / SIG_SETMASK */
	TA_CLOCK_ID,        /* CLOCK_* */
	TA_FUTEX_OP,        /* FUTEX_* | FUTEX_PRIVATE_FLAG ... */
	TA_MADVISE,         /* MADV_* */
	TA_MREMAP_FLAGS,    /* MREMAP_* */
	TA_ARCH_PRCTL,      /* ARCH_* code */
	TA_PRCTL_OP,        /* PR_* option */
	TA_SHUTDOWN_HOW,    /* SHUT_RD / SHUT_WR / SHUT_RDWR */
	TA_EPOLL_OP,        /* EPOLL_CTL_* */
	TA_POLLFD,          /* struct pollfd array (in and out), count in len_arg */
	TA_SOCKOPT_LEVEL,   /* SOL_* */
	TA_RLIMIT_RESOURCE, /* RLIMIT_* */
	TA_DEV,             /* dev_t, shown as makedev(major, minor) */
	TA_WAIT_OPTIONS,    /* WNOHANG | WUNTRACED ... */
	TA_ENVP,            /* environment array: strace shows its address and count */
	TA_MSGHDR_IN,       /* const struct msghdr* (sendmsg) */
	TA_MSGHDR_OUT,      /* struct msghdr* filled on success (recvmsg) */
	TA_SOCK_PROTO,      /* protocol of socket(): IPPROTO_* for AF_INET/AF_INET6 */
	TA_LONG,            /* signed 64-bit integer (off_t, loff_t, long) */
	TA_ULONG,           /* unsigned 64-bit integer (size_t, unsigned long) */
	TA_ENUM,            /* one constant of the table xlat names ("enum=NAME"), else hex */
	TA_ENUMD,           /* the same, unknown values in decimal ("enumd=NAME") */
	TA_FLAGS,           /* a set of the flags of table xlat ("flags=NAME") */
	/* Structures read from the tracee: "_in" at entry, "_out" at exit of a
	 * successful call, "_inout" both (strace shows the result after "="). */
	TA_RLIMIT_IN,        /* const struct rlimit* */
	TA_RLIMIT_OUT,       /* struct rlimit* filled on success */
	TA_TIMEVAL_IN,       /* const struct timeval* */
	TA_TIMEVAL_OUT,      /* struct timeval* filled on success */
	TA_TIMEVAL_INOUT,    /* struct timeval* read and updated (select's timeout) */
	TA_TIMESPEC_INOUT,   /* struct timespec* read and updated (ppoll's timeout) */
	TA_ITIMERSPEC_IN,    /* const struct itimerspec* */
	TA_ITIMERSPEC_OUT,   /* struct itimerspec* filled on success */
	TA_ITIMERVAL_IN,     /* const struct itimerval* */
	TA_ITIMERVAL_OUT,    /* struct itimerval* filled on success */
	TA_TIMESPEC2_IN,     /* const struct timespec[2] (utimensat) */
	TA_SIGINFO_OUT,      /* siginfo_t* filled on success */
	TA_SIGACTION_IN,     /* const struct sigaction* (the kernel's layout) */
	TA_SIGACTION_OUT,    /* struct sigaction* filled on success */
	TA_STACK_IN,         /* const stack_t* */
	TA_STACK_OUT,        /* stack_t* filled on success */
	TA_SOCKLEN,          /* socklen_t* read at entry and at exit ("[110 => 16]") */
	TA_SOCKOPT_OUT,      /* getsockopt's value, length in the socklen_t* of len_arg */
	TA_OPEN_HOW,         /* const struct open_how*, size in len_arg */
	TA_EPOLL_EVENT_IN,   /* const struct epoll_event* */
	TA_EPOLL_EVENTS_OUT, /* struct epoll_event array, as many as returned */
	TA_MINCORE_VEC,      /* unsigned char vector, one byte per page of len_arg */
	TA_FDSET_INOUT,      /* fd_set* of nfds (argument 0) bits, read and updated */
	TA_PRCTL_ARG,        /* prctl arg 2: 16 bytes at entry and exit when it is a pointer */
	TA_ARCH_PRCTL_ARG,   /* arch_prctl arg 2: the unsigned long ARCH_GET_* write */
	TA_URING_PARAMS,     /* struct io_uring_params* read and updated (io_uring_setup) */
	TA_DIRENTS_OUT,      /* directory entries written by getdents, as many bytes as returned */
	TA_PTR_OUT,          /* a pointer written by the kernel: "[0x7f...]" */
	TA_ULONG_OUT,        /* an unsigned long (size_t) written by the kernel: "[24]" */
	TA_IOV_REMOTE,       /* struct iovec array of another process: bases shown as addresses */
	TA_HIDDEN,           /* an argument strace does not show (preadv2's pos_h) */
	TA_OPEN_FDFLAGS,     /* O_* flags without an access mode (dup3, pipe2): 0 is "0" */
	TA_STATX_FLAGS,      /* statx's flags: the AT_STATX_* sync type, then AT_* flags */
	TA_BUF_HEX_OUT,      /* output buffer shown as \x hex escapes (getrandom), len in len_arg */
	TA_ID,               /* uid_t / gid_t: -1 ("unchanged") shown as -1, others unsigned */
	TA_MODE_TYPE,        /* mode_t with its file type: S_IFCHR|0644 (mknod) */
	TA_IOCTL_ARG,        /* ioctl's third argument: the int, struct winsize or struct ifreq
	                        of the requests renacer decodes (40 bytes at entry and exit) */
	TA_FCNTL_ARG,        /* fcntl's third argument: a struct flock* for the lock commands
	                        (read at entry and exit), else a number the command names */
	TA_SIGINFO_IN,       /* const siginfo_t* (rt_sigqueueinfo) */
	TA_SOCK_FPROG,       /* const struct sock_fprog* (seccomp's filter): {len=N, filter=...} */
	TA_PSELECT_SIG, /* pselect6's const {const sigset_t *ss; size_t ss_len}*, and the set */
	TA_UTSNAME_OUT, /* struct utsname* filled on success (uname) */
	TA_SYSINFO_OUT, /* struct sysinfo* filled on success */
	TA_RUSAGE_OUT,  /* struct rusage* filled on success (getrusage, wait4, waitid) */
	TA_TIME_OUT,    /* time_t* filled on success (time) */
	TA_MEMFD_FLAGS, /* memfd_create's MFD_* flags and hugetlb size: "30<<MFD_HUGE_SHIFT" */
	TA_KIND_COUNT
};

/* How the return value is shown. */
enum trace_ret_kind {
	TR_INT = 0, /* signed decimal, -errno on failure */
	TR_FD,      /* a new file descriptor */
	TR_HEX,     /* address (mmap, brk) */
	TR_NONE,    /* does not return (exit, exit_group) */
	TR_OCTAL,   /* octal, like a file mode (umask) */
	TR_POLL,    /* poll/ppoll: the count, then the revents and the time left */
	TR_SELECT,  /* select/pselect6: the count, then the ready sets and the time left */
	TR_SIGNO,   /* a signal number: "10 (SIGUSR1)" */
	TR_TIME,    /* seconds since the epoch: "1796... (2026-12-01T08:41:50+0000)" */
};

/* The C type of an argument: how much of its 64-bit register the kernel reads
 * and whether the value is signed. Pointers are TCT_ULONG. */
enum trace_ctype {
	TCT_ULONG = 0, /* unsigned long, size_t, pointers: the whole register */
	TCT_LONG,      /* long, off_t, loff_t */
	TCT_INT,       /* int, pid_t: the low 32 bits, signed */
	TCT_UINT,      /* unsigned int, mode_t, uid_t: the low 32 bits */
};

struct trace_arg_desc {
	uint8_t kind;     /* enum trace_arg_kind */
	uint8_t len_arg;  /* for kinds with trace_arg_has_len(): index of the length argument */
	uint8_t ctype;    /* enum trace_ctype */
	const char *xlat; /* TA_ENUM / TA_ENUMD / TA_FLAGS: the constant table's name, else NULL */
};

/* The value the kernel sees in a register holding an argument of C type
 * ctype: the low 32 bits sign- or zero-extended for int / unsigned int. */
static inline uint64_t trace_arg_value(unsigned ctype, uint64_t reg)
{
	if (ctype == TCT_INT)
		return (uint64_t)(int64_t)(int32_t)(uint32_t)reg;
	if (ctype == TCT_UINT)
		return reg & 0xffffffffu;
	return reg;
}
/* True for the signed C types. */
static inline int trace_ctype_signed(unsigned ctype)
{
	return ctype == TCT_INT || ctype == TCT_LONG;
}

struct trace_syscall_desc {
	const char *name; /* NULL for an unused number */
	uint16_t nr;
	uint8_t nargs;
	uint8_t ret_kind; /* enum trace_ret_kind */
	uint32_t classes; /* enum trace_class bits */
	struct trace_arg_desc args[6];
	const char *layout; /* the decoder of the arguments as a whole, when what one
	                     * argument shows depends on another ("fcntl": the
	                     * command decides the third); NULL: argument by argument */
};

/* Number of entries in the table (highest syscall number + 1). */
unsigned trace_syscall_count(void);
/* The descriptor of syscall nr, or NULL when nr is out of range or unused. */
const struct trace_syscall_desc *trace_syscall_desc(long nr);
/* The name of syscall nr, or NULL when the number is unknown. */
const char *trace_syscall_name(long nr);
/* The name of syscall nr into buf ("syscall_0x1cc" for unknown numbers, like strace). */
const char *trace_syscall_name_r(long nr, char *buf, unsigned len);
/* The number of the syscall named name, or -1 (binary search over the names).
 * Also accepts "syscall_N" (decimal or 0x-hex, N < 1024). */
long trace_syscall_by_name(const char *name);
/* The class bit for "file", "%file", "%net"..., or 0 when unknown. */
uint32_t trace_class_by_name(const char *name);
/* For the plain class names decided per call by descriptor kind ("file",
 * "network", "net": not their '%' forms), the I/O class (TIO_FILE, TIO_NET of
 * trace_fdkind.h); 0 for every other name. */
unsigned trace_class_io(const char *name);
/* The canonical name of one class bit: strace's spelling without its first '%'
 * ("file", "stat", "%stat" for TC_STAT_LIKE), or NULL. */
const char *trace_class_name(uint32_t class_bit);
/* The architecture the table describes ("x86_64"). */
const char *trace_syscall_arch(void);

/* The table's name of an argument kind ("buf_in"), or "?" when out of range. */
const char *trace_arg_kind_name(unsigned kind);
/* For any kind, the kind up to TA_STAT_OUT that shows it acceptably (TA_STATX_OUT ->
 * TA_PTR, TA_CLOCK_ID -> TA_INT, ...); kinds up to TA_STAT_OUT map to themselves. */
unsigned trace_arg_kind_basic(unsigned kind);
/* True when the argument's memory is filled by the kernel: capture it at syscall exit
 * (TA_POLLFD is read at entry and written at exit: true). */
int trace_arg_is_output(unsigned kind);
/* Bytes of the fixed-size struct a pointer kind points to on x86_64 (struct stat: 144,
 * statx: 256, statfs: 120, timespec: 16, wait status: 4, fd pair: 8); for TA_POLLFD the
 * size of one element (8); 0 for every other kind. */
unsigned trace_arg_struct_size(unsigned kind);
/* True when the kind has a len_arg (buffers, iovecs, sockaddrs, sigsets, pollfds). */
int trace_arg_has_len(unsigned kind);
/* True when syscall nr never returns to its caller (RET none: exit, exit_group). */
bool trace_syscall_never_returns(long nr);
struct trace_syscall;
/* True when the recorded call s returned a value: neither unfinished nor detached
 * nor a call that never returns (TSYS_NORETURN, or RET none in the table, so that
 * a trace whose exit_group lacks the flag is still read right). A successful
 * execve returned (0, in its new image: TSYS_EXECED). */
bool trace_syscall_returned(const struct trace_syscall *s);
/* Number of known (named) syscalls, and the i-th of them in name order (0 <= i < count). */
unsigned trace_syscall_named_count(void);
const struct trace_syscall_desc *trace_syscall_by_index(unsigned i);

#endif
