/*
 * rec_policy.c - the capture policy: argument kinds to captures.
 */
#include "record/rec_policy.h"

#include <string.h>
#include <sys/stat.h>

#include "libtrace/trace_util.h"

/* Kinds whose memory is read at entry and again at exit (strace shows the
 * input in the arguments and the result after "="). */
static bool is_inout(unsigned kind)
{
	return kind == TA_POLLFD || kind == TA_TIMEVAL_INOUT || kind == TA_TIMESPEC_INOUT ||
	       kind == TA_SOCKLEN || kind == TA_FDSET_INOUT || kind == TA_PRCTL_ARG ||
	       kind == TA_URING_PARAMS || kind == TA_FCNTL_ARG || kind == TA_IOCTL_ARG ||
	       kind == TA_MSGHDR_OUT;
}

/* Bytes an iovec capture keeps at most: REC_IOV_MAX element headers, each
 * with elem_max bytes of data, within one payload's room (rec_policy_bufsize). */
static uint32_t iov_max(uint32_t elem_max)
{
	uint64_t want = (uint64_t)REC_IOV_MAX * (TRACE_IOV_HDR + elem_max);
	uint64_t room = elem_max > REC_PATH_MAX ? elem_max + 1 : REC_PATH_MAX + 1;

	return (uint32_t)(want < room ? want : room);
}

/* A struct or array argument: its length rule and bound; false when kind is
 * not one. c->arg and c->len_arg are set. */
static bool struct_cap(unsigned kind, struct rec_cap *c)
{
	unsigned size = trace_arg_struct_size(kind);

	c->how = REC_CAP_BYTES;
	c->kind = TPAY_STRUCT;
	c->skip_null = true;
	c->when = trace_arg_is_output(kind) ? REC_AT_EXIT_OK : REC_AT_ENTRY;
	switch (kind) {
	case TA_STAT_OUT:
		c->when = REC_AT_EXIT_ZERO;
		c->len_from = REC_LEN_FIXED;
		c->size = c->max = sizeof(struct stat);
		return true;
	case TA_SIGSET_IN:
	case TA_SIGSET_OUT:
	case TA_OPEN_HOW:
		c->len_from = REC_LEN_ARG;
		c->max = REC_SIGSET_MAX;
		return true;
	case TA_POLLFD:
	case TA_EPOLL_EVENTS_OUT:
		c->len_from = kind == TA_POLLFD ? REC_LEN_ARG : REC_LEN_RET;
		c->size = size;
		c->max = REC_ARRAY_MAX;
		return true;
	case TA_SOCKOPT_OUT:
		c->len_from = REC_LEN_PTR;
		c->max = REC_STRUCT_MAX;
		return true;
	case TA_DIRENTS_OUT: /* as many bytes as returned: enough to count the entries */
		c->len_from = REC_LEN_RET;
		c->max = REC_ARRAY_MAX;
		return true;
	case TA_MINCORE_VEC:
		c->len_from = REC_LEN_PAGES;
		c->max = REC_ARRAY_MAX;
		return true;
	case TA_FDSET_INOUT:
		c->len_from = REC_LEN_BITS;
		c->len_arg = 0; /* nfds */
		c->max = REC_FDSET_MAX;
		return true;
	default:
		if (!size)
			return false;
		c->len_from = REC_LEN_FIXED;
		c->size = c->max = size;
		return true;
	}
}

/* struct msghdr (x86_64): msg_name at 0, msg_namelen (u32) at 8, msg_iov at
 * 16, msg_iovlen at 24, msg_control at 32, msg_controllen at 40, msg_flags
 * at 48. */
enum { MSGHDR_SIZE = 56, MH_NAME = 0, MH_NAMELEN = 8, MH_IOV = 16, MH_CONTROL = 32 };

/* Capture variant of a struct argument whose members are followed: msghdr's
 * struct itself (0), name (1), iovec array (2) and control data (3);
 * pselect6's {sigmask, sigsetsize} pair with its set (0). False past the
 * last variant, or for another kind. */
static bool member_cap(unsigned kind, unsigned variant, unsigned strsize, struct rec_cap *c)
{
	bool out = kind == TA_MSGHDR_OUT;

	c->skip_null = true;
	c->how = REC_CAP_BYTES;
	c->len_from = REC_LEN_FIELD;
	if (kind == TA_PSELECT_SIG) { /* the pair, then the set its length says */
		c->kind = TPAY_STRUCT;
		c->via = 1 + 0;
		c->via_len = 1 + 8;
		c->head = 16;
		c->max = 16 + REC_SIGSET_MAX;
		return variant == 0;
	}
	if ((kind != TA_MSGHDR_IN && !out) || variant >= REC_CAP_VARIANTS)
		return false;
	c->when = out ? REC_AT_EXIT_OK : REC_AT_ENTRY;
	c->via = (uint8_t)(1 + (variant == 1 ? MH_NAME : variant == 2 ? MH_IOV : MH_CONTROL));
	c->via_len = (uint8_t)(c->via + 8);
	switch (variant) {
	case 0: /* the struct (recvmsg: at entry and exit) */
		c->kind = TPAY_STRUCT;
		c->len_from = REC_LEN_FIXED;
		c->size = c->max = MSGHDR_SIZE;
		c->via = c->via_len = 0;
		return true;
	case 1:
		c->kind = TPAY_SOCKADDR;
		c->via_len32 = true; /* socklen_t */
		c->max = REC_SOCKADDR_MAX;
		return true;
	case 2: /* the data a recvmsg received ends after the bytes it returned */
		c->how = REC_CAP_IOVEC;
		c->kind = TPAY_IOV;
		c->len_from = out ? REC_LEN_RET : REC_LEN_NONE;
		c->elem_max = strsize;
		c->max = iov_max(strsize);
		return true;
	default:
		c->kind = TPAY_BUFFER;
		c->max = REC_CMSG_MAX;
		return true;
	}
}

/* The ioctl requests whose argument is copied (at entry and exit, 40 bytes:
 * a struct ifreq; termios, ints and struct winsize are shorter), by range. */
static const struct {
	uint32_t base;
	uint64_t set;
} ioctl_ranges[] = {
    /* TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGPGRP, TIOCSPGRP, TIOCGWINSZ, TIOCSWINSZ,
     * FIONREAD, FIONBIO */
    {0x5401, 0xfull | 1ull << (0x540f - 0x5401) | 1ull << (0x5410 - 0x5401) |
                 1ull << (0x5413 - 0x5401) | 1ull << (0x5414 - 0x5401) | 1ull << (0x541b - 0x5401) |
                 1ull << (0x5421 - 0x5401)},
    /* SIOCGIFNAME, SIOCGIFFLAGS, SIOCGIFMTU, SIOCGIFINDEX */
    {0x8910, 1ull << (0x8910 - 0x8910) | 1ull << (0x8913 - 0x8910) | 1ull << (0x8921 - 0x8910) |
                 1ull << (0x8933 - 0x8910)},
};
#define IOCTL_ARG_SIZE 40

/* The capture of an output buffer, iovec or address (read at exit), or
 * false when kind is not one. */
static bool out_cap(unsigned kind, unsigned strsize, struct rec_cap *c)
{
	switch (kind) {
	case TA_BUF_OUT:
	case TA_BUF_HEX_OUT:
		c->how = REC_CAP_BYTES;
		c->kind = TPAY_BUFFER;
		c->when = REC_AT_EXIT_OK;
		c->len_from = REC_LEN_RET;
		c->max = strsize;
		return true;
	case TA_IOV_OUT: /* strace shows the elements of a failed call too, as addresses */
		c->how = REC_CAP_IOVEC;
		c->kind = TPAY_IOV;
		c->when = REC_AT_EXIT_ANY;
		c->len_from = REC_LEN_RET;
		c->elem_max = strsize;
		c->max = iov_max(strsize);
		c->skip_null = true;
		return true;
	case TA_SOCKADDR_OUT:
		c->how = REC_CAP_BYTES;
		c->kind = TPAY_SOCKADDR;
		c->when = REC_AT_EXIT_OK;
		c->len_from = REC_LEN_PTR;
		c->max = REC_SOCKADDR_MAX;
		c->skip_null = true;
		return true;
	default:
		return false;
	}
}

/* The capture of argument kind a->kind (of d's argument i), or false for none;
 * variant counts the captures of one kind (ioctl's argument has one per range). */
static bool cap_of(const struct trace_arg_desc *a, unsigned i, unsigned strsize, unsigned variant,
                   struct rec_cap *c)
{
	memset(c, 0, sizeof(*c));
	c->arg = (uint8_t)i;
	c->len_arg = a->len_arg;
	if (a->kind == TA_MSGHDR_IN || a->kind == TA_MSGHDR_OUT || a->kind == TA_PSELECT_SIG)
		return member_cap(a->kind, variant, strsize, c);
	if (variant &&
	    (a->kind != TA_IOCTL_ARG || variant >= sizeof(ioctl_ranges) / sizeof(ioctl_ranges[0])))
		return false;
	switch (a->kind) {
	case TA_IOCTL_ARG:
		c->how = REC_CAP_BYTES;
		c->kind = TPAY_STRUCT;
		c->len_from = REC_LEN_FIXED;
		c->size = c->max = IOCTL_ARG_SIZE;
		c->skip_null = true;
		c->if_base = ioctl_ranges[variant].base;
		c->if_set = ioctl_ranges[variant].set;
		return true;
	case TA_PATH:
	case TA_PATH_OUT:
		c->how = REC_CAP_STRING;
		c->kind = TPAY_STRING;
		/* PATH_MAX - 1 bytes and one more read: a longer name is cut, one
		 * that runs into unmapped memory first is unreadable (strace) */
		c->max = REC_PATH_MAX - 1;
		c->when = a->kind == TA_PATH ? REC_AT_ENTRY : REC_AT_EXIT_OK;
		return true;
	case TA_STR:
		c->how = REC_CAP_STRING;
		c->kind = TPAY_STRING;
		c->max = strsize;
		return true;
	case TA_BUF_IN:
		c->how = REC_CAP_BYTES;
		c->kind = TPAY_BUFFER;
		c->len_from = REC_LEN_ARG;
		c->max = strsize;
		return true;
	case TA_IOV_IN:
	case TA_IOV_REMOTE:
		c->how = REC_CAP_IOVEC;
		c->kind = TPAY_IOV;
		c->len_from = REC_LEN_NONE;
		c->elem_max = a->kind == TA_IOV_IN ? strsize : 0;
		c->max = iov_max(c->elem_max);
		c->skip_null = true;
		return true;
	case TA_SOCKADDR_IN:
		c->how = REC_CAP_BYTES;
		c->kind = TPAY_SOCKADDR;
		c->len_from = REC_LEN_ARG;
		c->max = REC_SOCKADDR_MAX;
		c->skip_null = true;
		return true;
	case TA_ARGV:
	case TA_ENVP:
		c->how = REC_CAP_ARGV;
		c->kind = TPAY_ARGV;
		c->max = a->kind == TA_ARGV ? strsize : 0; /* envp's strings are only counted */
		return true;
	default:
		return out_cap(a->kind, strsize, c) || struct_cap(a->kind, c);
	}
}

/* 1 + the index of d's argument of kind kind (a capture's if_arg), 0 for none. */
static uint8_t arg_of_kind(const struct trace_syscall_desc *d, unsigned kind)
{
	for (unsigned i = 0; i < d->nargs && i < TRACE_MAX_ARGS; i++)
		if (d->args[i].kind == kind)
			return (uint8_t)(i + 1);
	return 0;
}

/* fcntl's third argument is a struct flock only for the lock commands. */
static void fcntl_lock_rule(const struct trace_syscall_desc *d, struct rec_cap *c)
{
	enum {
		F_GETLK_ = 5,
		F_SETLK_ = 6,
		F_SETLKW_ = 7,
		F_OFD_GETLK_ = 36,
		F_OFD_SETLK_ = 37,
		F_OFD_SETLKW_ = 38
	};

	c->if_arg = arg_of_kind(d, TA_FCNTL_CMD);
	c->if_set = 1ull << F_GETLK_ | 1ull << F_SETLK_ | 1ull << F_SETLKW_ | 1ull << F_OFD_GETLK_ |
	            1ull << F_OFD_SETLK_ | 1ull << F_OFD_SETLKW_;
	if (!c->if_arg)
		c->if_set = 0; /* no command argument: never */
}

unsigned rec_policy_caps(const struct trace_syscall_desc *d, unsigned strsize, struct rec_cap *caps,
                         unsigned max)
{
	unsigned n = 0;

	for (int exit = 0; exit <= 1; exit++) {
		for (unsigned k = 0; d && k < REC_CAP_VARIANTS * TRACE_MAX_ARGS && n < max; k++) {
			unsigned i = k % TRACE_MAX_ARGS, variant = k / TRACE_MAX_ARGS;
			if (i >= d->nargs || !cap_of(&d->args[i], i, strsize, variant, &caps[n]))
				continue;
			const struct trace_arg_desc *a = &d->args[i];
			bool inout =
			    is_inout(a->kind) && !caps[n].via; /* members: as cap_of says */
			if (inout)
				caps[n].when = exit ? REC_AT_EXIT_OK : REC_AT_ENTRY;
			else if ((caps[n].when != REC_AT_ENTRY) != exit)
				continue;
			if (a->len_arg < d->nargs)
				caps[n].len_ctype = d->args[a->len_arg].ctype;
			if (a->kind == TA_FCNTL_ARG)
				fcntl_lock_rule(d, &caps[n]);
			if (a->kind == TA_IOCTL_ARG)
				caps[n].if_arg = arg_of_kind(d, TA_IOCTL_CMD);
			n++;
		}
	}
	return n;
}

/* rec_policy_caps's answer for one syscall of the table, worked out at its
 * first call and kept: the recorder asks for it several times per call
 * (entry and exit, whether there is a capture, then the captures), and
 * working it out walks REC_CAP_VARIANTS captures of every argument. */
struct policy_row {
	bool built;       /* caps hold the captures for strsize */
	bool entry, exit; /* a capture is read at entry / at exit (whatever strsize) */
	uint8_t n;
	unsigned strsize;
	struct rec_cap caps[REC_CAPS_MAX];
};

static struct policy_row *rows;   /* by syscall number, allocated on first use */
static struct policy_row scratch; /* a description that is not the table's */

/* d's row, its captures for strsize unless any_strsize (the entry and exit
 * bits only). */
static const struct policy_row *policy_row(const struct trace_syscall_desc *d, unsigned strsize,
                                           bool any_strsize)
{
	struct policy_row *r = &scratch;

	if (d == trace_syscall_desc(d->nr)) {
		if (!rows)
			rows = xcalloc(trace_syscall_count(), sizeof(*rows));
		r = &rows[d->nr];
		if (r->built && (any_strsize || r->strsize == strsize))
			return r;
	}
	r->n = (uint8_t)rec_policy_caps(d, strsize, r->caps, REC_CAPS_MAX);
	r->strsize = strsize;
	r->built = true;
	r->entry = r->exit = false;
	for (unsigned i = 0; i < r->n; i++) {
		if (r->caps[i].when == REC_AT_ENTRY)
			r->entry = true;
		else
			r->exit = true;
	}
	return r;
}

const struct rec_cap *rec_policy_caps_of(const struct trace_syscall_desc *d, unsigned strsize,
                                         unsigned *n)
{
	const struct policy_row *r = policy_row(d, strsize, false);

	*n = r->n;
	return r->caps;
}

bool rec_policy_has_entry(const struct trace_syscall_desc *d)
{
	return d && policy_row(d, 0, true)->entry;
}

bool rec_policy_has_exit(const struct trace_syscall_desc *d)
{
	return d && policy_row(d, 0, true)->exit;
}

size_t rec_policy_bufsize(unsigned strsize)
{
	size_t one = REC_PATH_MAX + 1;

	if (strsize + 1 > one)
		one = strsize + 1;
	if (REC_STRUCT_MAX > one)
		one = REC_STRUCT_MAX;
	return (TRACE_MAX_PAYLOADS - 1) * one + (size_t)REC_ARGV_MAX * (strsize + 1);
}
