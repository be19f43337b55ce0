/*
 * trace_event.h - the event model: what the recorder produces, what the trace
 * file stores and what the report consumes. One struct per record type and a
 * tagged union, struct trace_record, that travels between the modules.
 *
 * Pointers inside a record (strings, buffers, stack PCs) are borrowed: they
 * stay valid only until the producer hands out the next record.
 */
#ifndef RENACER_TRACE_EVENT_H
#define RENACER_TRACE_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACE_MAX_ARGS     6
#define TRACE_MAX_PAYLOADS 6 /* at most one per argument */
#define TRACE_BUILD_ID_MAX 64
#define TRACE_COMM_LEN     16
#define TRACE_MAX_STACK    256 /* deepest stack a record can hold */

enum trace_rec_type {
	TREC_THREAD = 1,       /* a thread or process appeared (fork/clone/attach) */
	TREC_EXEC = 2,         /* a process executed a new program */
	TREC_EXIT = 3,         /* a thread or process ended (or was detached) */
	TREC_MODULE_MAP = 4,   /* an executable mapping appeared in a process */
	TREC_MODULE_UNMAP = 5, /* an executable mapping went away */
	TREC_SYSCALL = 6,      /* one system call, with its payloads */
	TREC_PAYLOAD = 7,      /* file-level only: data attached to the syscall before it */
	TREC_STACK = 8,        /* stack definition: interned id -> return addresses */
	TREC_SIGNAL = 9,       /* a signal reached a thread */
	TREC_LOST = 10,        /* events that could not be recorded */
	TREC_IMAGE = 11,       /* a whole file image kept in the trace (the vDSO) */
	TREC_TRAILER = 12,     /* totals, written once at the end */
	TREC_RENAME = 13,      /* a known thread's name changed (not by exec) */
};

/* struct trace_thread.flags */
#define TTHREAD_IS_THREAD                                                                          \
	0x1 /* shares the address space of pid (clone with CLONE_VM|CLONE_THREAD) */
#define TTHREAD_ATTACHED 0x2 /* already running when the recorder attached (-p) */
#define TTHREAD_VFORK    0x4 /* created by vfork */

struct trace_thread {
	uint64_t ts;    /* CLOCK_MONOTONIC ns */
	int32_t tid;    /* the new thread */
	int32_t pid;    /* its thread-group id */
	int32_t ppid;   /* the tid that created it (0 for the first / attached ones) */
	uint32_t flags; /* TTHREAD_* */
	char comm[TRACE_COMM_LEN];
};

/* A thread took a new name (prctl(PR_SET_NAME), pthread_setname_np, a write
 * to /proc/PID/task/TID/comm): the kernel's task comm from now on. */
struct trace_rename {
	uint64_t ts;
	int32_t tid;
	int32_t pid;
	char comm[TRACE_COMM_LEN];
};

struct trace_exec {
	uint64_t ts;
	int32_t tid; /* tid after the exec (the thread-group leader) */
	int32_t pid;
	int32_t old_tid; /* the thread that called execve (differs for a non-leader exec) */
	const char *filename;
	const char *argv;  /* argc NUL-terminated strings, back to back */
	uint32_t argv_len; /* bytes in argv, including the NULs */
	uint32_t argc;
	char comm[TRACE_COMM_LEN];
};

/* struct trace_exit.flags */
#define TEXIT_DETACHED 0x1 /* the recorder detached; the thread lives on */
#define TEXIT_PROCESS  0x2 /* the last thread of its process: status is the process's */
#define TEXIT_SUPERSEDED                                                                           \
	0x4 /* a leader replaced by another thread's execve (by names it); status is 0 */

struct trace_exit {
	uint64_t ts;
	int32_t tid;
	int32_t pid;
	int32_t status; /* wait(2) status word: WIFEXITED/WIFSIGNALED apply */
	uint32_t flags; /* TEXIT_* */
	int32_t by;     /* TEXIT_SUPERSEDED: the tid the execing thread had, else 0 */
};

struct trace_module {
	uint64_t ts;
	int32_t pid;
	uint32_t prot;        /* PROT_* of the mapping */
	uint64_t start, end;  /* [start, end) in the process */
	uint64_t offset;      /* file offset of start */
	uint64_t dev, inode;  /* st_dev (makedev form) and st_ino of the file */
	const char *path;     /* "/usr/lib/x86_64-linux-gnu/libc.so.6", "[vdso]" */
	uint8_t build_id_len; /* 0 when the file has none or could not be read */
	uint8_t build_id[TRACE_BUILD_ID_MAX];
};

struct trace_unmap {
	uint64_t ts;
	int32_t pid;
	uint64_t start, end;
};

/* struct trace_payload.kind: what the bytes are */
enum trace_payload_kind {
	TPAY_STRING = 1,   /* NUL-terminated string (path, name), without the NUL */
	TPAY_BUFFER = 2,   /* raw bytes of a buffer argument */
	TPAY_SOCKADDR = 3, /* struct sockaddr bytes */
	TPAY_ARGV = 4,     /* string array: strings back to back, each NUL-terminated */
	TPAY_IOVEC = 5,    /* the bytes of an iovec array, concatenated */
	TPAY_STRUCT = 6,   /* a fixed-size struct argument (struct stat, timespec...) */
	TPAY_IOV = 7,      /* iovec elements: per element its iov_base and iov_len (u64 each),
	                      the u32 count of data bytes kept, then those bytes */
};

/* Bytes of one element header in a TPAY_IOV payload. */
#define TRACE_IOV_HDR 20

/* struct trace_payload.flags */
#define TPAYF_TRUNCATED  0x1 /* data holds only the first len of full_len bytes */
#define TPAYF_UNREADABLE 0x2 /* the tracee memory could not be read; len is 0 */
#define TPAYF_AT_EXIT    0x4 /* captured at syscall exit (output argument) */

struct trace_payload {
	uint8_t arg;       /* argument index 0..5 */
	uint8_t kind;      /* enum trace_payload_kind */
	uint8_t flags;     /* TPAYF_* */
	uint32_t len;      /* bytes in data */
	uint64_t full_len; /* bytes the argument had in the tracee (>= len) */
	const uint8_t *data;
};

/* struct trace_syscall.flags */
#define TSYS_UNFINISHED 0x1  /* no return was seen: ret and duration are not meaningful */
#define TSYS_NORETURN   0x2  /* the call never returns (exit, exit_group); with UNFINISHED */
#define TSYS_DETACHED   0x4  /* the recorder detached while the call was in progress */
#define TSYS_SECCOMP    0x8  /* entry was reported by a seccomp stop */
#define TSYS_EXECED     0x10 /* a successful execve: it returned 0 in a new image */

struct trace_syscall {
	int32_t tid;
	int32_t pid;
	uint16_t nr;       /* syscall number of the recorded arch */
	uint16_t flags;    /* TSYS_* */
	uint32_t stack_id; /* 0 = no stack recorded; else a TREC_STACK id */
	uint64_t args[TRACE_MAX_ARGS];
	int64_t ret;       /* raw return value; -4095..-1 is -errno */
	uint64_t ts;       /* entry time, CLOCK_MONOTONIC ns */
	uint64_t duration; /* exit - entry as the tracer observed it, ns */
	uint64_t wait;     /* ns of duration spent waiting for a CPU (the thread after its
	                      resume, the tracer after the exit stop; ptrace recorder), 0 when
	                      none or not measured; never above duration */
	uint32_t fd_kinds; /* kind (enum trace_fd_kind) of each fd/dirfd argument at the call,
	                      5 bits per argument (trace_fdk_get); 0 when unknown */
	uint8_t npayloads;
	struct trace_payload payloads[TRACE_MAX_PAYLOADS];
};

struct trace_stack {
	uint32_t id;         /* >= 1 */
	uint32_t depth;      /* number of pcs */
	const uint64_t *pcs; /* pcs[0] = the syscall site (user-space PC), then return addresses */
};

/* struct trace_signal.flags */
#define TSIG_DELIVERED 0x1 /* re-injected into the tracee */
#define TSIG_STOP      0x2 /* a group-stop signal */
#define TSIG_FATAL     0x4 /* the thread died of it */
#define TSIG_SIGINFO   0x8 /* the siginfo fields below uid were recorded */

struct trace_signal {
	uint64_t ts;
	int32_t tid;
	int32_t pid;
	int32_t signo;
	int32_t code;   /* si_code */
	int32_t sender; /* si_pid when the kernel reports one, else 0 */
	uint32_t flags; /* TSIG_* */
	/* With TSIG_SIGINFO (PTRACE_GETSIGINFO), the rest of what strace shows: */
	uint32_t uid;         /* si_uid (kill, queued, SIGCHLD) */
	int32_t status;       /* si_status (SIGCHLD) */
	int64_t utime, stime; /* si_utime, si_stime (SIGCHLD), clock ticks */
	uint64_t addr;        /* si_addr (fault signals); si_value (queued, timer) */
	int32_t timerid;      /* si_timerid (SI_TIMER) */
	int32_t overrun;      /* si_overrun (SI_TIMER) */
};

struct trace_lost {
	uint64_t ts;
	int32_t tid; /* 0 when not tied to one thread */
	uint64_t count;
};

struct trace_image {
	int32_t pid;
	uint64_t addr;    /* where it was mapped in pid when saved */
	const char *name; /* "[vdso]" */
	uint8_t build_id_len;
	uint8_t build_id[TRACE_BUILD_ID_MAX];
	uint64_t size;
	const uint8_t *data;
};

struct trace_trailer {
	uint64_t ts_end;
	uint64_t events; /* syscall records */
	uint64_t lost;   /* lost events */
	uint64_t stacks; /* distinct stacks */
	uint64_t signals;
	uint64_t processes;
	uint64_t threads;
};

struct trace_record {
	enum trace_rec_type type;
	union {
		struct trace_thread thread;
		struct trace_exec exec;
		struct trace_exit exit;
		struct trace_module map;
		struct trace_unmap unmap;
		struct trace_syscall sys;
		struct trace_stack stack;
		struct trace_signal sig;
		struct trace_lost lost;
		struct trace_image image;
		struct trace_trailer trailer;
		struct trace_rename rename;
	} u;
};

/* Metadata in the trace header. Strings may be NULL when unknown. */
struct trace_meta {
	const char *hostname;
	const char *kernel; /* uname -r */
	const char *arch;   /* "x86_64" */
	uint32_t page_size;
	const char *recorder_version;
	const char *cmdline;    /* the recorder's own argv, shell-quoted, space-separated */
	const char *options;    /* recording options, e.g. "stack_depth=64 strsize=32 follow=1" */
	uint64_t start_wall_ns; /* CLOCK_REALTIME at start */
	uint64_t start_mono_ns; /* CLOCK_MONOTONIC at start: event ts are on this clock */
	uint64_t overhead_ns;   /* calibrated tracing overhead per traced syscall (median) */
	uint64_t overhead_stack_ns; /* extra per syscall when stacks are recorded */
	uint32_t overhead_samples;  /* calls in the calibration burst (0 = not calibrated) */
	const char *backend;        /* recorder backend: "ptrace" or "ebpf" (NULL: not said) */
	uint32_t fd_kinds;          /* 1: the recorder stored descriptor kinds with calls */
	uint64_t overhead_floor_ns; /* untraced cost of the cheapest call (getppid), ns: the
	                             * least a corrected duration can be (0 = unknown) */
	uint64_t overhead_call_ns;  /* how much longer the program runs per recorded call
	                             * (whole traced call minus untraced), 0 = unknown */
	const char *ifnames;        /* the recording host's network interfaces, "1=lo 2=eth0" (NULL:
	                             * not said): IPv6 scope ids are shown by name */
};

/* A sink receives records in order (recorder -> writer, recorder -> live report). */
struct trace_sink {
	/* Takes one record. 0, or -errno; an error stops the producer. */
	int (*emit)(struct trace_sink *s, const struct trace_record *rec);
	/* Called about every 100 ms of recorder time and when idle (may be NULL). */
	int (*tick)(struct trace_sink *s, uint64_t now_ns);
	void *ctx;
};

/* Helpers on syscall returns: true when ret is a -errno value (-4095..-1). */
static inline bool trace_ret_is_error(int64_t ret)
{
	return ret < 0 && ret >= -4095;
}

#endif
