/*
 * rec_policy.h - the capture policy: which bytes of which system call
 * argument a recording keeps, whatever reads them. For each syscall it lists
 * the captures (struct rec_cap): the argument holding the address, how its
 * bytes are found (a string, a byte range, an iovec array, an argv array),
 * where their length comes from, how many bytes are kept at most, and whether
 * they are read at entry (inputs) or at exit (outputs, when the call
 * succeeded; both for the structs strace shows before and after the call).
 * The ptrace backend executes them with process_vm_readv
 * (rec_payload.c); the eBPF backend turns them into a table its BPF program
 * follows. Adding a payload for an argument kind is one case in
 * rec_policy.c.
 */
#ifndef RENACER_REC_POLICY_H
#define RENACER_REC_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_syscalls.h"

#define REC_PATH_MAX     4096 /* longest path kept whole */
#define REC_ARGV_MAX     256  /* execve argv strings kept */
#define REC_SOCKADDR_MAX 128  /* sizeof(struct sockaddr_storage) */
#define REC_STRUCT_MAX   256  /* largest fixed-size struct copied */
#define REC_SIGSET_MAX   128  /* sigset_t, struct open_how: bytes kept at most */
#define REC_ARRAY_MAX    4096 /* pollfd / epoll_event arrays, mincore vectors */
#define REC_FDSET_MAX    128  /* fd_set bytes (1024 descriptors) */
#define REC_IOV_MAX      32   /* iovec elements described (strace shows 32 with -s 32) */
#define REC_CMSG_MAX     1024 /* msghdr control data bytes kept */

/* struct rec_cap.how: how the bytes are found at the address args[arg]. */
enum rec_cap_how {
	REC_CAP_STRING = 1, /* NUL-terminated string, at most max bytes kept */
	REC_CAP_BYTES,      /* a byte range of the length len_from gives, max kept */
	REC_CAP_IOVEC,      /* iovec array of args[len_arg] elements (TPAY_IOV): each element's
	                       base and length, and at most elem_max bytes of its data, the
	                       elements' data ending after the total that len_from gives */
	REC_CAP_ARGV,       /* NULL-terminated array of strings, each at most max bytes */
};

/* struct rec_cap.len_from: where the length of a REC_CAP_BYTES / IOVEC
 * capture comes from. */
enum rec_cap_len {
	REC_LEN_NONE = 0, /* strings, argv; for IOVEC at entry: every element */
	REC_LEN_ARG,      /* args[len_arg]; times size when size is set (elements) */
	REC_LEN_RET,      /* the return value (bytes the kernel wrote); times size when set */
	REC_LEN_PTR,      /* the u32 at address args[len_arg], read at exit (socklen_t *) */
	REC_LEN_FIXED,    /* size bytes (a struct) */
	REC_LEN_PAGES,    /* one byte per page of the length args[len_arg] (mincore) */
	REC_LEN_BITS,     /* an fd_set of args[len_arg] (an int) bits, in whole longs */
	REC_LEN_FIELD,    /* the length field via_len of the struct at args[arg] (via captures) */
};

/* struct rec_cap.when */
enum rec_cap_when {
	REC_AT_ENTRY = 0, /* inputs: read at syscall entry */
	REC_AT_EXIT_OK,   /* outputs: at exit, when the call returned >= 0 */
	REC_AT_EXIT_ZERO, /* outputs filled on success only: at exit, when it returned 0 */
	REC_AT_EXIT_ANY,  /* at exit whatever the call returned (readv's array, shown even
	                     when the call failed) */
};

/* One capture: the bytes of argument arg kept as a payload of kind kind. */
struct rec_cap {
	uint8_t arg;       /* argument index holding the address */
	uint8_t how;       /* enum rec_cap_how */
	uint8_t kind;      /* TPAY_*: the payload it becomes */
	uint8_t when;      /* enum rec_cap_when */
	uint8_t len_from;  /* enum rec_cap_len */
	uint8_t len_arg;   /* REC_LEN_ARG / REC_LEN_PTR / IOVEC count: the argument */
	uint8_t len_ctype; /* enum trace_ctype of argument len_arg: the bits the kernel reads */
	bool skip_null;    /* a NULL address gives no payload even with length 0 */
	uint32_t max;      /* bytes kept at most (a string's without its NUL) */
	uint32_t size;     /* REC_LEN_FIXED: the struct's size; REC_LEN_ARG/RET: element size */
	/* REC_CAP_IOVEC: data bytes kept per element (0: none, addresses only) */
	uint32_t elem_max;
	/* 1 + the argument whose value decides whether the capture applies (0: it
	 * always does): it applies when that value's low 32 bits minus if_base are
	 * below 64 and their bit is set in if_set (fcntl's struct flock: the lock
	 * commands; ioctl: the requests whose argument is decoded). */
	uint8_t if_arg;
	uint32_t if_base;
	uint64_t if_set;
	/* A member followed through the struct at args[arg] (msghdr's name, iovecs
	 * and control data; pselect6's sigmask): 1 + the byte offset in that struct
	 * of the u64 address the capture reads (0: args[arg] is the address). */
	uint8_t via;
	/* With via: 1 + the offset of the member's length (REC_LEN_FIELD) or of
	 * an iovec capture's element count, a u32 when via_len32, else a u64. */
	uint8_t via_len;
	bool via_len32;
	/* With via: bytes of the struct at args[arg] kept before the member's
	 * (pselect6's {sigmask, sigsetsize} pair and its set in one payload). */
	uint8_t head;
};
/* True when capture c applies to a call with arguments args (its if_arg rule). */
static inline bool rec_cap_applies(const struct rec_cap *c, const uint64_t *args)
{
	uint64_t v = c->if_arg ? args[(c->if_arg - 1) % TRACE_MAX_ARGS] & 0xffffffffu : 0;

	v -= c->if_base; /* below if_base: wraps to a large value */
	return !c->if_arg || (v < 64 && (c->if_set >> v & 1));
}

/* Most captures one syscall has: an entry and an exit one per argument, and
 * the followed members of a struct argument (REC_CAP_VARIANTS per argument). */
#define REC_CAP_VARIANTS 4
#define REC_CAPS_MAX     (2 * TRACE_MAX_ARGS)
/* Fills caps (room for max, at most REC_CAPS_MAX are used) with the captures
 * of syscall d for a recording keeping strsize bytes of strings and buffers:
 * the entry captures in argument order, then the exit ones. A call keeps at
 * most TRACE_MAX_PAYLOADS payloads, taken in that order. Returns their number. */
unsigned rec_policy_caps(const struct trace_syscall_desc *d, unsigned strsize, struct rec_cap *caps,
                         unsigned max);
/* rec_policy_caps(d, strsize) for d of the syscall table, worked out once
 * per syscall and kept (the recorder's per-call path): the captures, their
 * number in *n. Valid until the next call with another strsize (a recording
 * has one); d from elsewhere: until the next call. */
const struct rec_cap *rec_policy_caps_of(const struct trace_syscall_desc *d, unsigned strsize,
                                         unsigned *n);
/* True when d has a capture at entry / at exit: lets a backend skip the
 * payload code entirely for calls that have none (kept as above). */
bool rec_policy_has_entry(const struct trace_syscall_desc *d);
bool rec_policy_has_exit(const struct trace_syscall_desc *d);
/* Bytes of payload room one call needs so that its captures, entry and exit
 * together, always fit with strsize. */
size_t rec_policy_bufsize(unsigned strsize);

#endif
