/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * rec_ebpf_payload.bpf.h - part of rec_ebpf.bpf.c (included by it once,
 * after its maps): the payloads of a call event, as the capture table
 * (rec_policy's captures, per syscall number) asks, the same bytes and flags
 * as the ptrace backend's rec_payload.c: strings, byte ranges whose length
 * comes from an argument (read with its C type's width), the return value,
 * a pointed-to socklen_t, a page count (mincore) or an fd_set's bits, iovec
 * arrays, argv vectors, and members followed through a struct (msghdr's
 * name, iovecs and control data; pselect6's sigmask pair), each one block
 * (struct rb_pay) after the event in the per-CPU scratch, truncated or
 * unreadable said in its flags. cap_run is a global function, so the
 * verifier checks the capture code once per program instead of once per
 * state of its callers.
 */
#ifndef RENACER_REC_EBPF_PAYLOAD_BPF_H
#define RENACER_REC_EBPF_PAYLOAD_BPF_H

/* The capture policy's constants (record/rec_policy.h). */
#define CAP_STRING      1
#define CAP_BYTES       2
#define CAP_IOVEC       3
#define CAP_ARGV        4
#define LEN_ARG         1
#define LEN_RET         2
#define LEN_PTR         3
#define LEN_FIXED       4
#define LEN_PAGES       5
#define LEN_BITS        6
#define LEN_FIELD       7
#define CT_INT          2 /* enum trace_ctype */
#define CT_UINT         3
#define AT_ENTRY        0
#define AT_EXIT_OK      1
#define AT_EXIT_ZERO    2
#define AT_EXIT_ANY     3
#define PAYF_TRUNCATED  0x1
#define PAYF_UNREADABLE 0x2
#define PAYF_AT_EXIT    0x4

/* cap_run's at_exit: which of a call's captures run now. */
#define PAY_ENTRY     0 /* at entry: the entry captures */
#define PAY_EXIT      1 /* at exit: all of them (the inputs are still in place) */
#define PAY_EXIT_ONLY 2 /* at exit, the entry captures read at entry (RB_CAPS_SPLIT) */

struct argv_ctx {
	char *buf;
	struct loop_state *st;
	__u32 end;  /* room ends here */
	__u32 max;  /* bytes kept per string */
	__u64 addr; /* the argv array */
};

static long argv_one(__u32 i, void *vctx)
{
	struct argv_ctx *c = vctx;
	struct loop_state *st = c->st;
	__u32 max = c->max & (RB_PATH_MAX - 1);
	__u64 p = 0;
	long n;

	if (bpf_probe_read_user(&p, sizeof(p), (void *)(c->addr + 8ull * i)) < 0) {
		st->readable = i > 0;
		st->truncated = 1;
		return 1;
	}
	if (!p)
		return 1;
	__u32 off = st->off;
	if (off + max + 2 > c->end) {
		st->truncated = 1;
		return 1;
	}
	off &= RB_HALF - 1;
	n = bpf_probe_read_user_str(c->buf + off, max + 2, (void *)p);
	if (n <= 0) {
		c->buf[off] = 0;
		st->off = off + 1;
		st->truncated = 1;
		return 0;
	}
	if (n - 1 > max) { /* longer than max: keep max bytes */
		c->buf[(off + max) & (RB_SCRATCH - 1)] = 0;
		st->off = off + max + 1;
		st->truncated = 1;
		return 0;
	}
	st->off = off + n;
	return 0;
}

/* Ends payload p at data length len; returns the offset after it. */
static __always_inline __u32 pay_end(struct rb_pay *p, __u32 doff, __u32 len, __u64 full,
                                     bool readable)
{
	if (!readable) {
		p->flags |= PAYF_UNREADABLE;
		p->len = 0;
		p->full_len = full;
		return doff;
	}
	p->len = len;
	p->full_len = full < len ? len : full;
	if (p->full_len > len)
		p->flags |= PAYF_TRUNCATED;
	return doff + ((len + 7) & ~7u);
}

/* Reads want bytes at addr into dst: all, else the part before the next page
 * (a buffer running into an unmapped page). Bytes read; -1 when none. */
static __always_inline long read_bytes(char *dst, __u32 want, __u64 addr)
{
	want &= RB_HALF - 1;
	if (bpf_probe_read_user(dst, want, (void *)addr) == 0)
		return want;
	__u32 first = PAGE - (addr & (PAGE - 1));
	if (first >= want)
		return -1;
	first &= PAGE - 1;
	if (bpf_probe_read_user(dst, first, (void *)addr) == 0)
		return first;
	return -1;
}

/* The value the kernel sees in a register holding an argument of C type
 * ctype (trace_arg_value): the low 32 bits for int / unsigned int. */
static __always_inline __u64 arg_value(__u8 ctype, __u64 reg)
{
	if (ctype == CT_INT)
		return (__u64)(__s64)(__s32)reg;
	if (ctype == CT_UINT)
		return reg & 0xffffffffu;
	return reg;
}

/* n elements of size bytes (size 0: n bytes), saturated as rec_payload.c does. */
static __always_inline __u64 times_size(__u64 n, __u32 size)
{
	if (!size)
		return n;
	return n > 0xffffffffu ? ~0ull : n * size;
}

/* The length of capture c's bytes into *len (field: the member's length
 * field, for LEN_FIELD; everything for iovecs at entry); false when it
 * cannot be known (an unreadable socklen_t). As rec_payload.c's cap_len. */
static __always_inline bool cap_len(const struct rb_cap *c, const __u64 *args, __s64 ret,
                                    __u64 field, __u64 *len)
{
	__u64 a = c->len_arg < 6 ? args[c->len_arg & 7] : 0;
	__u32 l32 = 0;
	__s32 bits;

	switch (c->len_from) {
	case LEN_ARG:
		*len = times_size(arg_value(c->len_ctype, a), c->size);
		return true;
	case LEN_RET:
		*len = times_size((__u64)ret, c->size);
		return true;
	case LEN_BITS: /* an fd_set of nfds bits (an int), in whole longs */
		bits = (__s32)a;
		*len = bits > 0 ? ((__u64)bits + 63) / 64 * 8 : 0;
		return true;
	case LEN_PAGES: /* one byte per page of the length (mincore) */
		*len = a / PAGE + (a % PAGE != 0);
		return true;
	case LEN_FIXED:
		*len = c->size;
		return true;
	case LEN_FIELD:
		*len = field;
		return true;
	case LEN_PTR:
		if (bpf_probe_read_user(&l32, 4, (void *)a) < 0)
			return false;
		*len = l32;
		return true;
	default:
		*len = ~0ull;
		return true;
	}
}

struct iov_ctx {
	char *buf;
	struct loop_state *st;
	__u64 addr, count, total;
	__u32 doff, max, elem_max;
};

/* One element of a TPAY_IOV payload, as rec_payload.c writes it. */
struct iov_hdr {
	__u64 base, len;
	__u32 kept;
} __attribute__((packed));

/* Element i: its header, then at most elem_max bytes of its data, the data
 * ending after total bytes. */
static long iov_one(__u32 i, void *vctx)
{
	struct iov_ctx *c = vctx;
	struct loop_state *st = c->st;
	__u64 iov[2], done = st->full;
	__u32 len = st->len;

	if (i >= c->count)
		return 1;
	if (len + RB_IOV_HDR > c->max) {
		st->truncated = 1;
		return 1;
	}
	if (bpf_probe_read_user(iov, sizeof(iov), (void *)(c->addr + 16ull * i)) < 0) {
		st->readable = i > 0;
		st->truncated = 1;
		return 1;
	}
	__u64 l = done >= c->total ? 0 : iov[1] > c->total - done ? c->total - done : iov[1];
	__u32 w = c->max - len - RB_IOV_HDR;
	if (w > c->elem_max)
		w = c->elem_max;
	if (w > l)
		w = l;
	long got =
	    w ? read_bytes(c->buf + ((c->doff + len + RB_IOV_HDR) & (RB_HALF - 1)), w, iov[0]) : 0;
	if (got < 0)
		got = 0;
	struct iov_hdr h = {.base = iov[0], .len = iov[1], .kept = (__u32)got};
	__builtin_memcpy(c->buf + ((c->doff + len) & (RB_HALF - 1)), &h, RB_IOV_HDR);
	st->len = len + RB_IOV_HDR + (__u32)got;
	st->full = iov[1] > ~0ull - done ? ~0ull : done + iov[1];
	return 0;
}

/* An iovec array of count elements at addr into the payload data at doff:
 * st->len bytes kept, st->truncated when elements were left out,
 * st->readable false when not even the first could be read. */
static __always_inline void cap_iovec(char *buf, struct loop_state *st, __u32 doff, __u64 addr,
                                      __u64 count, __u64 total, __u32 max, __u32 elem_max)
{
	struct iov_ctx c = {.buf = buf,
	                    .st = st,
	                    .addr = addr,
	                    .count = count,
	                    .total = total,
	                    .doff = doff,
	                    .max = max,
	                    .elem_max = elem_max};

	st->len = 0;
	st->full = 0;
	st->readable = 1;
	st->truncated = count > RB_IOV_MAX;
	bpf_loop(RB_IOV_MAX, iov_one, &c, 0);
	if (!st->readable)
		st->len = 0;
}

/* A member followed through the struct at *addr (c->via): its address into
 * *addr, its length or count field into *field, and the struct's first
 * c->head bytes at dst. False when the struct cannot be read (its own
 * capture says so) or the member is NULL without a head: no payload. As
 * rec_payload.c's follow. */
static __always_inline bool follow(const struct rb_cap *c, __u64 *addr, __u64 *field, char *dst)
{
	__u64 base = *addr, a = 0, l = 0;
	__u32 head = c->head;

	if (bpf_probe_read_user(&a, 8, (void *)(base + c->via - 1)) < 0)
		return false;
	if (c->via_len &&
	    bpf_probe_read_user(&l, c->via_len32 ? 4 : 8, (void *)(base + c->via_len - 1)) < 0)
		return false;
	if (head && bpf_probe_read_user(dst, head & 0xff, (void *)base) < 0)
		return false;
	*addr = a;
	*field = l;
	return a != 0 || head;
}

/* Executes capture c; returns the offset after its payload, or off when it
 * gives none. The same payloads as rec_payload.c's run_cap. Every payload
 * ends at the one pay_end below (one copy of it for the verifier). */
static __always_inline __u32 run_cap(char *buf, struct loop_state *st, __u32 off,
                                     const struct rb_cap *c, const __u64 *args, __s64 ret,
                                     bool at_exit, __u8 *npay)
{
	__u64 addr = args[c->arg & 7], field = 0, full = 0;
	__u32 max = c->max, doff, len = 0;
	bool readable = true;
	long n;

	if (c->skip_null && !addr)
		return off;
	if (c->len_from == LEN_PTR && (c->len_arg >= 6 || !args[c->len_arg & 7]))
		return off;
	/* strings are kept whole up to a path's length, buffers up to -s */
	__u32 most = c->how == CAP_BYTES || c->how == CAP_IOVEC ? RB_BYTES_MAX : RB_PATH_MAX;
	if (max > most)
		max = most;
	if (off + sizeof(struct rb_pay) + max + 8 > RB_HALF)
		return off; /* no room left in this event */
	off &= RB_HALF - 1;
	doff = off + sizeof(struct rb_pay);
	char *data = buf + (doff & (RB_HALF - 1));
	if (c->via && !follow(c, &addr, &field, data))
		return off;
	if (c->via && c->head) { /* the head (read by follow), then the member's bytes */
		__u32 head = c->head & 0xff;
		if (head > max)
			head = max;
		__u32 want = field < max - head ? (__u32)field : max - head;
		n = addr && want ? read_bytes(buf + ((doff + head) & (RB_HALF - 1)), want, addr)
		                 : 0;
		len = head + (n > 0 ? (__u32)n : 0);
		full = !addr ? head : field > ~0ull - head ? ~0ull : head + field;
	} else if (c->how == CAP_STRING) {
		if (!addr)
			return off;
		n = bpf_probe_read_user_str(data, (max & (RB_PATH_MAX * 2 - 1)) + 2, (void *)addr);
		readable = n > 0;
		len = n - 1 > max ? max : n > 0 ? n - 1 : 0;
		full = n - 1 > max ? (__u64)max + 1 : len;
	} else if (c->how == CAP_ARGV) {
		if (!addr)
			return off;
		struct argv_ctx ac = {
		    .buf = buf, .st = st, .end = RB_HALF, .max = max, .addr = addr};
		st->off = doff;
		st->truncated = 0;
		st->readable = 1;
		/* More than RB_ARGV_MAX strings: truncated, as the ptrace reader does. */
		if (bpf_loop(RB_ARGV_MAX, argv_one, &ac, 0) == RB_ARGV_MAX)
			st->truncated = 1;
		len = (st->off - doff) & (RB_HALF - 1);
		full = st->truncated ? (__u64)len + 1 : len;
		readable = st->readable;
	} else {
		bool known = cap_len(c, args, ret, field, &st->full);
		/* read back from map memory: one unknown value whatever the case,
		 * so the verifier checks what follows once, not once per case */
		full = *(volatile __u64 *)&st->full;
		if (c->how == CAP_IOVEC) {
			if (!known)
				return off;
			/* the count: the struct's field (msg_iovlen), else the
			 * argument as the kernel reads it */
			__u64 count = c->via ? field
			              : c->len_arg < 6
			                  ? arg_value(c->len_ctype, args[c->len_arg & 7])
			                  : 0;
			if (c->len_from == LEN_RET && ret < 0)
				full = 0; /* a failed call transferred nothing */
			cap_iovec(buf, st, doff, addr, count, full, max, c->elem_max);
			readable = st->readable;
			len = st->len;
			full = !readable ? 0 : st->truncated ? (__u64)len + 1 : len;
		} else if (!known) { /* CAP_BYTES */
			readable = false;
			full = 0;
		} else {
			if (!addr && full)
				return off;
			__u32 want = full < max ? (__u32)full : max;
			n = want ? read_bytes(data, want, addr) : 0;
			readable = n >= 0;
			len = n > 0 ? (__u32)n : 0;
		}
	}
	struct rb_pay *p = (struct rb_pay *)(buf + off);
	p->arg = c->arg;
	p->kind = c->kind;
	p->flags = at_exit && c->when != AT_ENTRY ? PAYF_AT_EXIT : 0;
	p->pad = 0;
	(*npay)++;
	return pay_end(p, doff, len, full, readable);
}

/* Capture i of call nr for the event being built in this CPU's scratch (its
 * arguments there), whose payloads end at off: runs it when it applies and
 * returns the new end. A global function: verified once with unknown
 * arguments, not once per state of its callers. */
__noinline int cap_run(__u32 nr, __u32 i, __u32 off, __s64 ret, __u32 at_exit /* PAY_* */)
{
	struct scratch *sc = scratch_get();
	struct rb_caps *cs = bpf_map_lookup_elem(&caps, &nr);

	if (!sc || !cs || i >= RB_CAPS_MAX)
		return off;
	struct rb_sys *e = (struct rb_sys *)sc->b;
	__u64 k = i;
	asm volatile("%0 &= 15" : "+r"(k)); /* RB_CAPS_ROOM - 1, kept past the compiler */
	const struct rb_cap *c = &cs->c[k];
	if (e->npay >= RB_PAY_MAX)
		return off; /* a call keeps RB_PAY_MAX payloads, the first ones (as rec_payload.c)
		             */
	if (at_exit && c->when != AT_ENTRY && c->when != AT_EXIT_ANY && ret < 0)
		return off;
	if (at_exit && c->when == AT_EXIT_ZERO && ret != 0)
		return off;
	if (!at_exit && c->when != AT_ENTRY)
		return off;
	if (at_exit == PAY_EXIT_ONLY && c->when == AT_ENTRY)
		return off;
	if (c->if_arg) { /* rec_cap_applies */
		__u64 v = (e->args[(c->if_arg - 1) & 7] & 0xffffffffu) - c->if_base;
		if (v >= 64 || !((c->if_set >> v) & 1))
			return off;
	}
	__u64 args[6];
	for (int k = 0; k < 6; k++)
		args[k] = e->args[k];
	__u8 npay = 0;
	off = run_cap(sc->b, &sc->ls, off, c, args, ret, at_exit, &npay);
	e->npay += npay;
	return off;
}

/* The state of one event's payload loop (a bpf_loop over its captures). */
struct pay_ctx {
	__u32 nr, n, off, at_exit;
	__s64 ret;
};

static long pay_one(__u32 i, void *vctx)
{
	struct pay_ctx *x = vctx;

	if (i >= x->n)
		return 1;
	x->off = cap_run(x->nr, i, x->off, x->ret, x->at_exit);
	return 0;
}

/* Adds the payloads of call nr to the event in sc (its npay counts them),
 * those of phase at_exit (PAY_*); returns the new offset. */
static __always_inline __u32 add_payloads(struct scratch *sc, __u32 off, __u32 nr, __s64 ret,
                                          __u32 at_exit)
{
	struct rb_caps *cs = bpf_map_lookup_elem(&caps, &nr);

	if (!cs || !cs->n)
		return off;
	struct pay_ctx x = {.nr = nr, .n = cs->n, .off = off, .at_exit = at_exit, .ret = ret};
	bpf_loop(RB_CAPS_MAX, pay_one, &x, 0);
	return x.off;
}

#endif
