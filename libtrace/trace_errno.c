/*
 * trace_errno.c - errno and signal names as data, with Linux x86_64 numbering,
 * so a trace decodes the same on any machine. Messages are glibc's strerror()
 * texts, which strace prints; the kernel-internal restart codes (512..) read as
 * strace shows them.
 */
#include "libtrace/trace_errno.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct errno_entry {
	const char *name;
	const char *message;
};

#define ERRNO_USER_MAX   133
#define ERRNO_KERNEL_MIN 512

/* errno values a program can see, 1..133 (41 and 58 are unused). */
static const struct errno_entry user_errnos[ERRNO_USER_MAX + 1] = {
    [1] = {"EPERM", "Operation not permitted"},
    [2] = {"ENOENT", "No such file or directory"},
    [3] = {"ESRCH", "No such process"},
    [4] = {"EINTR", "Interrupted system call"},
    [5] = {"EIO", "Input/output error"},
    [6] = {"ENXIO", "No such device or address"},
    [7] = {"E2BIG", "Argument list too long"},
    [8] = {"ENOEXEC", "Exec format error"},
    [9] = {"EBADF", "Bad file descriptor"},
    [10] = {"ECHILD", "No child processes"},
    [11] = {"EAGAIN", "Resource temporarily unavailable"},
    [12] = {"ENOMEM", "Cannot allocate memory"},
    [13] = {"EACCES", "Permission denied"},
    [14] = {"EFAULT", "Bad address"},
    [15] = {"ENOTBLK", "Block device required"},
    [16] = {"EBUSY", "Device or resource busy"},
    [17] = {"EEXIST", "File exists"},
    [18] = {"EXDEV", "Invalid cross-device link"},
    [19] = {"ENODEV", "No such device"},
    [20] = {"ENOTDIR", "Not a directory"},
    [21] = {"EISDIR", "Is a directory"},
    [22] = {"EINVAL", "Invalid argument"},
    [23] = {"ENFILE", "Too many open files in system"},
    [24] = {"EMFILE", "Too many open files"},
    [25] = {"ENOTTY", "Inappropriate ioctl for device"},
    [26] = {"ETXTBSY", "Text file busy"},
    [27] = {"EFBIG", "File too large"},
    [28] = {"ENOSPC", "No space left on device"},
    [29] = {"ESPIPE", "Illegal seek"},
    [30] = {"EROFS", "Read-only file system"},
    [31] = {"EMLINK", "Too many links"},
    [32] = {"EPIPE", "Broken pipe"},
    [33] = {"EDOM", "Numerical argument out of domain"},
    [34] = {"ERANGE", "Numerical result out of range"},
    [35] = {"EDEADLK", "Resource deadlock avoided"},
    [36] = {"ENAMETOOLONG", "File name too long"},
    [37] = {"ENOLCK", "No locks available"},
    [38] = {"ENOSYS", "Function not implemented"},
    [39] = {"ENOTEMPTY", "Directory not empty"},
    [40] = {"ELOOP", "Too many levels of symbolic links"},
    [42] = {"ENOMSG", "No message of desired type"},
    [43] = {"EIDRM", "Identifier removed"},
    [44] = {"ECHRNG", "Channel number out of range"},
    [45] = {"EL2NSYNC", "Level 2 not synchronized"},
    [46] = {"EL3HLT", "Level 3 halted"},
    [47] = {"EL3RST", "Level 3 reset"},
    [48] = {"ELNRNG", "Link number out of range"},
    [49] = {"EUNATCH", "Protocol driver not attached"},
    [50] = {"ENOCSI", "No CSI structure available"},
    [51] = {"EL2HLT", "Level 2 halted"},
    [52] = {"EBADE", "Invalid exchange"},
    [53] = {"EBADR", "Invalid request descriptor"},
    [54] = {"EXFULL", "Exchange full"},
    [55] = {"ENOANO", "No anode"},
    [56] = {"EBADRQC", "Invalid request code"},
    [57] = {"EBADSLT", "Invalid slot"},
    [59] = {"EBFONT", "Bad font file format"},
    [60] = {"ENOSTR", "Device not a stream"},
    [61] = {"ENODATA", "No data available"},
    [62] = {"ETIME", "Timer expired"},
    [63] = {"ENOSR", "Out of streams resources"},
    [64] = {"ENONET", "Machine is not on the network"},
    [65] = {"ENOPKG", "Package not installed"},
    [66] = {"EREMOTE", "Object is remote"},
    [67] = {"ENOLINK", "Link has been severed"},
    [68] = {"EADV", "Advertise error"},
    [69] = {"ESRMNT", "Srmount error"},
    [70] = {"ECOMM", "Communication error on send"},
    [71] = {"EPROTO", "Protocol error"},
    [72] = {"EMULTIHOP", "Multihop attempted"},
    [73] = {"EDOTDOT", "RFS specific error"},
    [74] = {"EBADMSG", "Bad message"},
    [75] = {"EOVERFLOW", "Value too large for defined data type"},
    [76] = {"ENOTUNIQ", "Name not unique on network"},
    [77] = {"EBADFD", "File descriptor in bad state"},
    [78] = {"EREMCHG", "Remote address changed"},
    [79] = {"ELIBACC", "Can not access a needed shared library"},
    [80] = {"ELIBBAD", "Accessing a corrupted shared library"},
    [81] = {"ELIBSCN", ".lib section in a.out corrupted"},
    [82] = {"ELIBMAX", "Attempting to link in too many shared libraries"},
    [83] = {"ELIBEXEC", "Cannot exec a shared library directly"},
    [84] = {"EILSEQ", "Invalid or incomplete multibyte or wide character"},
    [85] = {"ERESTART", "Interrupted system call should be restarted"},
    [86] = {"ESTRPIPE", "Streams pipe error"},
    [87] = {"EUSERS", "Too many users"},
    [88] = {"ENOTSOCK", "Socket operation on non-socket"},
    [89] = {"EDESTADDRREQ", "Destination address required"},
    [90] = {"EMSGSIZE", "Message too long"},
    [91] = {"EPROTOTYPE", "Protocol wrong type for socket"},
    [92] = {"ENOPROTOOPT", "Protocol not available"},
    [93] = {"EPROTONOSUPPORT", "Protocol not supported"},
    [94] = {"ESOCKTNOSUPPORT", "Socket type not supported"},
    [95] = {"EOPNOTSUPP", "Operation not supported"},
    [96] = {"EPFNOSUPPORT", "Protocol family not supported"},
    [97] = {"EAFNOSUPPORT", "Address family not supported by protocol"},
    [98] = {"EADDRINUSE", "Address already in use"},
    [99] = {"EADDRNOTAVAIL", "Cannot assign requested address"},
    [100] = {"ENETDOWN", "Network is down"},
    [101] = {"ENETUNREACH", "Network is unreachable"},
    [102] = {"ENETRESET", "Network dropped connection on reset"},
    [103] = {"ECONNABORTED", "Software caused connection abort"},
    [104] = {"ECONNRESET", "Connection reset by peer"},
    [105] = {"ENOBUFS", "No buffer space available"},
    [106] = {"EISCONN", "Transport endpoint is already connected"},
    [107] = {"ENOTCONN", "Transport endpoint is not connected"},
    [108] = {"ESHUTDOWN", "Cannot send after transport endpoint shutdown"},
    [109] = {"ETOOMANYREFS", "Too many references: cannot splice"},
    [110] = {"ETIMEDOUT", "Connection timed out"},
    [111] = {"ECONNREFUSED", "Connection refused"},
    [112] = {"EHOSTDOWN", "Host is down"},
    [113] = {"EHOSTUNREACH", "No route to host"},
    [114] = {"EALREADY", "Operation already in progress"},
    [115] = {"EINPROGRESS", "Operation now in progress"},
    [116] = {"ESTALE", "Stale file handle"},
    [117] = {"EUCLEAN", "Structure needs cleaning"},
    [118] = {"ENOTNAM", "Not a XENIX named type file"},
    [119] = {"ENAVAIL", "No XENIX semaphores available"},
    [120] = {"EISNAM", "Is a named type file"},
    [121] = {"EREMOTEIO", "Remote I/O error"},
    [122] = {"EDQUOT", "Disk quota exceeded"},
    [123] = {"ENOMEDIUM", "No medium found"},
    [124] = {"EMEDIUMTYPE", "Wrong medium type"},
    [125] = {"ECANCELED", "Operation canceled"},
    [126] = {"ENOKEY", "Required key not available"},
    [127] = {"EKEYEXPIRED", "Key has expired"},
    [128] = {"EKEYREVOKED", "Key has been revoked"},
    [129] = {"EKEYREJECTED", "Key was rejected by service"},
    [130] = {"EOWNERDEAD", "Owner died"},
    [131] = {"ENOTRECOVERABLE", "State not recoverable"},
    [132] = {"ERFKILL", "Operation not possible due to RF-kill"},
    [133] = {"EHWPOISON", "Memory page has hardware error"},
};

/* Kernel-internal codes a tracer can see while a call is interrupted or restarted,
 * indexed from 512 (520 is unused). */
static const struct errno_entry kernel_errnos[] = {
    [0] = {"ERESTARTSYS", "To be restarted if SA_RESTART is set"},
    [1] = {"ERESTARTNOINTR", "To be restarted"},
    [2] = {"ERESTARTNOHAND", "To be restarted if no handler"},
    [3] = {"ENOIOCTLCMD", "No ioctl command"},
    [4] = {"ERESTART_RESTARTBLOCK", "Interrupted by signal"},
    [5] = {"EPROBE_DEFER", "Driver requests probe retry"},
    [6] = {"EOPENSTALE", "Open found a stale dentry"},
    [7] = {"ENOPARAM", "Parameter not supported"},
    [9] = {"EBADHANDLE", "Illegal NFS file handle"},
    [10] = {"ENOTSYNC", "Update synchronization mismatch"},
    [11] = {"EBADCOOKIE", "Cookie is stale"},
    [12] = {"ENOTSUPP", "Operation is not supported"},
    [13] = {"ETOOSMALL", "Buffer or request is too small"},
    [14] = {"ESERVERFAULT", "An untranslatable error occurred"},
    [15] = {"EBADTYPE", "Type not supported by server"},
    [16] = {"EJUKEBOX", "Request initiated, but will not complete before timeout"},
    [17] = {"EIOCBQUEUED", "iocb queued, will get completion event"},
    [18] = {"ERECALLCONFLICT", "Conflict with recalled state"},
    [19] = {"ENOGRACE", "NFS file lock reclaim refused"},
};

#define KERNEL_ERRNO_COUNT ((int)(sizeof(kernel_errnos) / sizeof(kernel_errnos[0])))

/* Other spellings of a number, accepted by trace_errno_by_name. */
static const struct {
	const char *name;
	int err;
} errno_aliases[] = {
    {"EWOULDBLOCK", 11},
    {"EDEADLOCK", 35},
    {"ENOTSUP", 95},
};

/* Signals 1..31; 32 is SIGRTMIN, 33..64 are SIGRT_1..SIGRT_32 (strace's names). */
#define SIGNAL_CLASSIC_MAX 31
#define SIGNAL_RTMIN       32
#define SIGNAL_MAX         64

static const char *const signal_names[SIGNAL_CLASSIC_MAX + 1] = {
    [1] = "SIGHUP",     [2] = "SIGINT",   [3] = "SIGQUIT",   [4] = "SIGILL",   [5] = "SIGTRAP",
    [6] = "SIGABRT",    [7] = "SIGBUS",   [8] = "SIGFPE",    [9] = "SIGKILL",  [10] = "SIGUSR1",
    [11] = "SIGSEGV",   [12] = "SIGUSR2", [13] = "SIGPIPE",  [14] = "SIGALRM", [15] = "SIGTERM",
    [16] = "SIGSTKFLT", [17] = "SIGCHLD", [18] = "SIGCONT",  [19] = "SIGSTOP", [20] = "SIGTSTP",
    [21] = "SIGTTIN",   [22] = "SIGTTOU", [23] = "SIGURG",   [24] = "SIGXCPU", [25] = "SIGXFSZ",
    [26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH", [29] = "SIGIO",   [30] = "SIGPWR",
    [31] = "SIGSYS",
};

static const struct {
	const char *name;
	int sig;
} signal_aliases[] = {
    {"SIGIOT", 6},
    {"SIGCLD", 17},
    {"SIGPOLL", 29},
    {"SIGUNUSED", 31},
};

/* 32..64 as strace names them. */
static const char *const rt_signal_names[SIGNAL_MAX - SIGNAL_RTMIN + 1] = {
    "SIGRTMIN", "SIGRT_1",  "SIGRT_2",  "SIGRT_3",  "SIGRT_4",  "SIGRT_5",  "SIGRT_6",
    "SIGRT_7",  "SIGRT_8",  "SIGRT_9",  "SIGRT_10", "SIGRT_11", "SIGRT_12", "SIGRT_13",
    "SIGRT_14", "SIGRT_15", "SIGRT_16", "SIGRT_17", "SIGRT_18", "SIGRT_19", "SIGRT_20",
    "SIGRT_21", "SIGRT_22", "SIGRT_23", "SIGRT_24", "SIGRT_25", "SIGRT_26", "SIGRT_27",
    "SIGRT_28", "SIGRT_29", "SIGRT_30", "SIGRT_31", "SIGRT_32",
};

static const struct errno_entry *errno_entry(int err)
{
	if (err >= 1 && err <= ERRNO_USER_MAX)
		return user_errnos[err].name ? &user_errnos[err] : NULL;
	if (err >= ERRNO_KERNEL_MIN && err < ERRNO_KERNEL_MIN + KERNEL_ERRNO_COUNT)
		return kernel_errnos[err - ERRNO_KERNEL_MIN].name
		           ? &kernel_errnos[err - ERRNO_KERNEL_MIN]
		           : NULL;
	return NULL;
}

const char *trace_errno_name(int err)
{
	const struct errno_entry *e = errno_entry(err);
	return e ? e->name : NULL;
}

const char *trace_errno_message(int err)
{
	const struct errno_entry *e = errno_entry(err);
	return e ? e->message : NULL;
}

int trace_errno_by_name(const char *name)
{
	int i;

	if (!name)
		return -1;
	for (i = 1; i <= ERRNO_USER_MAX; i++)
		if (user_errnos[i].name && strcmp(name, user_errnos[i].name) == 0)
			return i;
	for (i = 0; i < KERNEL_ERRNO_COUNT; i++)
		if (kernel_errnos[i].name && strcmp(name, kernel_errnos[i].name) == 0)
			return ERRNO_KERNEL_MIN + i;
	for (i = 0; i < (int)(sizeof(errno_aliases) / sizeof(errno_aliases[0])); i++)
		if (strcmp(name, errno_aliases[i].name) == 0)
			return errno_aliases[i].err;
	return -1;
}

const char *trace_signal_name(int sig)
{
	if (sig >= 1 && sig <= SIGNAL_CLASSIC_MAX)
		return signal_names[sig];
	if (sig >= SIGNAL_RTMIN && sig <= SIGNAL_MAX)
		return rt_signal_names[sig - SIGNAL_RTMIN];
	return NULL;
}

/* "SIGRTMIN+N", "SIGRTMAX-N" (with or without SIG): the realtime number, or -1. */
static int rt_signal_by_offset(const char *name)
{
	const char *p;
	char *end;
	long off;
	int base, sign;

	if (strncmp(name, "RTMIN", 5) == 0) {
		base = SIGNAL_RTMIN;
		sign = 1;
	} else if (strncmp(name, "RTMAX", 5) == 0) {
		base = SIGNAL_MAX;
		sign = -1;
	} else {
		return -1;
	}
	p = name + 5;
	if (*p == '\0')
		return base;
	if ((sign > 0 && *p != '+') || (sign < 0 && *p != '-') || p[1] < '0' || p[1] > '9')
		return -1;
	off = strtol(p + 1, &end, 10);
	if (*end || off > SIGNAL_MAX - SIGNAL_RTMIN)
		return -1;
	return base + sign * (int)off;
}

int trace_signal_by_name(const char *name)
{
	char full[32];
	int i;

	if (!name || !*name)
		return -1;
	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	if (snprintf(full, sizeof(full), "SIG%s", name) >= (int)sizeof(full))
		return -1;
	for (i = 1; i <= SIGNAL_CLASSIC_MAX; i++)
		if (strcmp(full, signal_names[i]) == 0)
			return i;
	for (i = 0; i <= SIGNAL_MAX - SIGNAL_RTMIN; i++)
		if (strcmp(full, rt_signal_names[i]) == 0)
			return SIGNAL_RTMIN + i;
	for (i = 0; i < (int)(sizeof(signal_aliases) / sizeof(signal_aliases[0])); i++)
		if (strcmp(full, signal_aliases[i].name) == 0)
			return signal_aliases[i].sig;
	return rt_signal_by_offset(name);
}
