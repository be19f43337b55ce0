/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * rec_ebpf_payload.bpf.h - part of rec_ebpf.bpf.c (included by it once,
 * after its maps): the payloads of a call event, as the capture table
 * (rec_policy's captures, per syscall number) asks: strings, byte ranges
 * whose length comes from an argument, the return value or a pointed-to
 * socklen_t, iovec arrays and argv vectors, each one block (struct rb_pay)
 * after the event in the per-CPU scratch, truncated or unreadable said in
 * its flags. cap_run is a global function, so the verifier checks the
 * capture code once per program instead of once per state of its callers.
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

/* The length the capture's bytes have, or -1 when unknown (an unreadable
 * socklen_t). */
static __always_inline __s64 cap_len(const struct rb_cap *c, const __u64 *args, __s64 ret)
{
	__u32 l32 = 0;

	switch (c->len_from) {
	case LEN_ARG: /* elements of size bytes when size is set */
		if (c->len_arg >= 6)
			return 0;
		return c->size ? (__s64)((args[c->len_arg & 7] & 0xffffffffu) * c->size)
		               : (__s64)args[c->len_arg & 7];
	case LEN_RET:
		return c->size && ret > 0 ? (ret & 0xffffffff) * c->size : ret;
	case LEN_FIXED:
		return c->size;
	case LEN_PTR:
		if (bpf_probe_read_user(&l32, 4, (void *)args[c->len_arg & 7]) < 0)
			return -1;
		return l32;
	default:
		return -2; /* everything (iovec at entry) */
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

static __always_inline __u32 cap_iovec(char *buf, struct loop_state *st, struct rb_pay *p,
                                       __u32 doff, __u64 addr, __u64 count, __u64 total, __u32 max,
                                       __u32 elem_max)
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
		return pay_end(p, doff, 0, 0, false);
	return pay_end(p, doff, st->len, st->truncated ? (__u64)st->len + 1 : st->len, true);
}

/* Executes capture c; returns the offset after its payload, or off when it
 * gives none. */
static __always_inline __u32 run_cap(char *buf, struct loop_state *st, __u32 off,
                                     const struct rb_cap *c, const __u64 *args, __s64 ret,
                                     bool at_exit, __u8 *npay)
{
	__u64 addr = args[c->arg & 7];
	__u32 max = c->max, doff;
	long n;

	if (c->skip_null && !addr)
		return off;
	if (c->len_from == LEN_PTR && !args[c->len_arg & 7])
		return off;
	if (max > RB_PATH_MAX)
		max = RB_PATH_MAX;
	if (off + sizeof(struct rb_pay) + max + 8 > RB_HALF)
		return off; /* no room left in this event */
	off &= RB_HALF - 1;
	struct rb_pay *p = (struct rb_pay *)(buf + off);
	p->arg = c->arg;
	p->kind = c->kind;
	p->flags = at_exit && c->when != AT_ENTRY ? PAYF_AT_EXIT : 0;
	p->pad = 0;
	doff = off + sizeof(*p);
	(*npay)++;
	if (c->how == CAP_STRING) {
		if (!addr) {
			(*npay)--;
			return off;
		}
		n = bpf_probe_read_user_str(buf + (doff & (RB_HALF - 1)),
		                            (max & (RB_PATH_MAX * 2 - 1)) + 2, (void *)addr);
		if (n <= 0)
			return pay_end(p, doff, 0, 0, false);
		if (n - 1 > max)
			return pay_end(p, doff, max, (__u64)max + 1, true);
		return pay_end(p, doff, n - 1, n - 1, true);
	}
	if (c->how == CAP_ARGV) {
		if (!addr) {
			(*npay)--;
			return off;
		}
		struct argv_ctx ac = {
		    .buf = buf, .st = st, .end = RB_HALF, .max = max, .addr = addr};
		st->off = doff;
		st->truncated = 0;
		st->readable = 1;
		/* More than RB_ARGV_MAX strings: truncated, as the ptrace reader does. */
		if (bpf_loop(RB_ARGV_MAX, argv_one, &ac, 0) == RB_ARGV_MAX)
			st->truncated = 1;
		__u32 len = (st->off - doff) & (RB_HALF - 1);
		return pay_end(p, doff, len, st->truncated ? (__u64)len + 1 : len, st->readable);
	}
	if (c->how == CAP_IOVEC) {
		if (!addr) {
			(*npay)--;
			return off;
		}
		__u64 count = c->len_arg < 6 ? args[c->len_arg & 7] : 0;
		/* the data ends after the bytes returned (none for a failed call) */
		__u64 total = c->len_from != LEN_RET ? ~0ull : ret > 0 ? (__u64)ret : 0;
		return cap_iovec(buf, st, p, doff, addr, count, total, max, c->elem_max);
	}
	__s64 len = cap_len(c, args, ret);
	if (len == -1)
		return pay_end(p, doff, 0, 0, false);
	/* CAP_BYTES */
	__u64 full = (__u64)len;
	if (!addr && full) {
		(*npay)--;
		return off;
	}
	__u32 want = full < max ? (__u32)full : max;
	if (want == 0)
		return pay_end(p, doff, 0, full, true);
	n = read_bytes(buf + (doff & (RB_HALF - 1)), want, addr);
	if (n < 0)
		return pay_end(p, doff, 0, full, false);
	return pay_end(p, doff, (__u32)n, full, true);
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
	asm volatile("%0 &= 7" : "+r"(k)); /* RB_CAPS_ROOM - 1, kept past the compiler */
	const struct rb_cap *c = &cs->c[k];
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
