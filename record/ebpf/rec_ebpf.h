/*
 * rec_ebpf.h - what the eBPF backend's BPF program (rec_ebpf.bpf.c) and its
 * user-space side (rec_ebpf.c) share: the events the program writes into the
 * ring buffer, the capture table it follows (rec_policy's captures, per
 * syscall number), and the states of a traced process in its filter map.
 * Included by both sides: fixed-width kernel types only.
 */
#ifndef RENACER_REC_EBPF_H
#define RENACER_REC_EBPF_H

#ifndef __bpf__
#include <linux/types.h>
#endif

#define RB_NR_MAX    1024  /* syscall numbers covered (TRACE_FILTER_NR_MAX) */
#define RB_CAPS_MAX  12    /* captures per syscall (REC_CAPS_MAX) */
#define RB_CAPS_ROOM 16    /* entries of rb_caps.c: a power of two the BPF side masks with */
#define RB_PAY_MAX   6     /* payloads one call keeps, entry ones first (TRACE_MAX_PAYLOADS) */
#define RB_SCRATCH   65536 /* per-CPU room an event is built in */
#define RB_HALF      32768 /* largest single copy into it (offsets are masked to it) */
#define RB_STACK_MAX 16384 /* largest stack window */
#define RB_PATH_MAX  4096  /* REC_PATH_MAX */
#define RB_BYTES_MAX 16384 /* bytes kept of one buffer or iovec payload at most (-s above it) */
#define RB_ARGV_MAX  256   /* REC_ARGV_MAX */
#define RB_IOV_MAX   32    /* iovec elements looked at (REC_IOV_MAX) */
#define RB_IOV_HDR   20    /* bytes of one element header (TRACE_IOV_HDR) */
#define RB_NREGS     21    /* struct pt_regs words, the prefix of user_regs_struct */
#define RB_COMM_LEN  16
#define RB_FILENAME  4096  /* REC_PATH_MAX */
#define RB_EXEC_ARGV 16384 /* bytes of the new program's argument strings sent with its exec */

/* Event types (struct rb_hdr.type). */
enum rb_type {
	RB_SYS = 1,    /* a system call (struct rb_sys), then payloads, then a stack */
	RB_FORK = 2,   /* a thread or (with -f) a process was created (struct rb_fork) */
	RB_EXEC = 3,   /* a traced process executed a program (struct rb_exec) */
	RB_EXIT = 4,   /* a traced thread ended (struct rb_exit) */
	RB_SIGNAL = 5, /* a signal was delivered to a traced thread (struct rb_signal) */
	RB_RENAME = 6, /* a traced thread took a new name, not by exec (struct rb_rename) */
};

/* struct rb_sys.flags */
#define RBF_ENTRY    0x1 /* sent at entry: the entry payloads (all of an exec's) and the stack */
#define RBF_COMPLETE 0x2 /* the exit of the call an RBF_ENTRY event began: its exit payloads */
#define RBF_NORETURN 0x4 /* exit / exit_group: there is no exit to wait for */
#define RBF_DYING    0x8 /* the thread is being killed: a tracer would see no exit */

struct rb_hdr {
	__u32 type;
	__u32 size; /* bytes of the whole event */
	__u32 tid;
	__u32 pid;
	__u64 ts; /* CLOCK_MONOTONIC ns (bpf_ktime_get_ns) */
};

struct rb_sys {
	struct rb_hdr h; /* ts: entry time */
	__u64 args[6];
	__s64 ret;
	__u64 dur; /* exit - entry, in the kernel */
	__u32 nr;
	__u16 flags; /* RBF_* */
	__u8 npay;
	__u8 has_stack;
	__u32 pay_bytes; /* bytes of payload blocks after this struct */
	__u32 stack_len; /* bytes of stack after the registers (when has_stack) */
	__u32 ret_kind;  /* a call returning a new descriptor: its kind (trace_fd_kind), at exit */
	__u32 pad;
};

/* One payload block: then len data bytes, padded to 8. */
struct rb_pay {
	__u8 arg, kind, flags, pad;
	__u32 len;
	__u64 full_len;
};

struct rb_fork {
	struct rb_hdr h; /* tid, pid: the creating thread */
	__u32 child_tid, child_pid;
	__u32 is_thread;
	__u32 share_files; /* the child shares the creator's descriptor table (CLONE_FILES) */
	char comm[RB_COMM_LEN];
};

/* A code mapping as the kernel made it at exec: [start, end), page offset. */
struct rb_vma {
	__u64 start, end, pgoff;
};

/* Then argv_len bytes: the argument strings as the kernel copied them into
 * the new program (its mm's arg_start..arg_end, argv_full bytes in all),
 * what the execve's argv was when its entry capture could not read it. */
struct rb_exec {
	struct rb_hdr h; /* tid: the leader after the exec */
	__u32 old_tid;
	__u32 argv_len;
	__u32 argv_full;
	__u32 pad;
	struct rb_vma exe;    /* the program's code (start 0: not found) */
	struct rb_vma interp; /* the code at its entry point when elsewhere: the dynamic loader */
	char comm[RB_COMM_LEN];
	char filename[RB_FILENAME]; /* the execve's path as the kernel took it (bprm->filename) */
};

struct rb_exit {
	struct rb_hdr h;
	__s32 code; /* wait(2) status word of the thread */
	__u32 last; /* the last thread of its process */
	__u32 by;   /* a leader another thread's execve replaces: that thread's tid, else 0 */
	__u32 pad;
};

struct rb_rename {
	struct rb_hdr h; /* tid, pid: the renamed thread */
	char comm[RB_COMM_LEN];
};

#define RB_SIGINFO 48 /* bytes of the kernel's siginfo: the prefix of siginfo_t */

#define RB_SIGF_INFO    1 /* info holds the signal's siginfo */
#define RB_SIGF_IGNORED 2 /* seen when sent (signal_generate): ignored, or fatal at once */

struct rb_signal {
	struct rb_hdr h;
	__s32 signo;
	__u32 flags; /* RB_SIGF_* */
	__u8 info[RB_SIGINFO];
};

/* One capture of rec_policy in the form the BPF program follows. */
struct rb_cap {
	__u8 arg, how, kind, when, len_from, len_arg, skip_null;
	__u8 if_arg; /* 1 + the argument selecting the capture (rec_cap_applies), 0: always */
	__u32 max, size;
	__u32 elem_max; /* CAP_IOVEC: data bytes kept per element */
	__u32 if_base;  /* if_set's bit 0 stands for this value */
	__u64 if_set;   /* values if_base + 0..63 of argument if_arg - 1 it applies to */
	__u8 len_ctype; /* the C type of argument len_arg (enum trace_ctype) */
	__u8 via;       /* 1 + the offset of the followed member's address in the struct, 0: none */
	__u8 via_len;   /* 1 + the offset of its length or count field, 0: none */
	__u8 via_len32; /* that field is a u32 (else a u64) */
	__u8 head;      /* bytes of the struct kept before the member's */
	__u8 pad[3];
};

/* struct rb_caps.entry: where the captures of a call are read. */
#define RB_CAPS_AT_EXIT   0 /* all at exit (inputs are still there: one event per call) */
#define RB_CAPS_ALL_ENTRY 1 /* all at entry (exec: the memory is gone at exit) */
#define RB_CAPS_SPLIT                                                                              \
	2 /* entry captures at entry (the call overwrites an input), in an                         \
	     RBF_ENTRY event when they give a payload; exit ones at exit */

struct rb_caps {
	__u32 n;
	__u16 entry;  /* RB_CAPS_* */
	__u16 ret_fd; /* the call returns a new descriptor: send its kind at exit */
	struct rb_cap c[RB_CAPS_ROOM];
};

/* Values of the pids filter map. */
#define RB_PID_TRACED   1 /* traced */
#define RB_PID_PRE_EXEC 2 /* the launched child before its exec: only execve counts */

/* The head of the BPF program's per-thread call state (its task storage
 * value, struct inflight: the rest is zero when user space creates one): -p
 * creates it for the threads already running, in state RB_NR_ATTACHED (in a
 * call since ts: the exit is recorded from its registers, timed from ts, as
 * the ptrace backend records the call it restarts on attaching) or
 * RB_NR_IDLE (between calls). */
struct rb_inflight_head {
	__u64 ts;
	__u64 args[6];
	__u32 nr;
};
#define RB_NR_IDLE     0xffffffffu /* between two calls */
#define RB_NR_FRESH    0xfffffffeu /* a new thread before its return from clone */
#define RB_NR_ATTACHED 0xfffffffdu /* in a call when -p began (see above) */

/* Index of the per-CPU counters (the lost map). */
#define RB_LOST_EVENTS 0 /* events the ring buffer had no room for */

#endif
