/*
 * rec_payload.c - copy-out of system call arguments from a stopped tracee.
 * Every read goes through process_vm_readv with the remote range split at
 * page boundaries, so a buffer that runs into an unmapped page yields the
 * readable part instead of nothing, and a bad pointer yields an "unreadable"
 * payload instead of an error. What to read comes from rec_policy.
 */
#include "record/rec_payload.h"

#include <string.h>
#include <sys/uio.h>

#define PAGE_SZ        4096u
#define REMOTE_IOV_MAX 64  /* pages per process_vm_readv call */
#define STR_FIRST_READ 256 /* first read of a string: most are short */

size_t rec_mem_read(pid_t tid, uint64_t addr, void *dst, size_t len)
{
	size_t done = 0;

	while (done < len) {
		struct iovec local = {(char *)dst + done, len - done};
		struct iovec remote[REMOTE_IOV_MAX];
		unsigned n = 0;
		uint64_t a = addr + done;
		size_t left = len - done;

		while (left && n < REMOTE_IOV_MAX) {
			size_t chunk = PAGE_SZ - (a & (PAGE_SZ - 1));

			if (chunk > left)
				chunk = left;
			remote[n].iov_base = (void *)(uintptr_t)a;
			remote[n].iov_len = chunk;
			n++;
			a += chunk;
			left -= chunk;
		}
		size_t want = (size_t)(a - (addr + done));
		local.iov_len = want;
		ssize_t got = process_vm_readv(tid, &local, 1, remote, n, 0);
		if (got <= 0)
			break;
		done += (size_t)got;
		if ((size_t)got < want)
			break;
	}
	return done;
}

/* Reads a NUL-terminated string of at most max bytes into dst (max + 1 bytes
 * of room). Returns its length; *complete when the NUL was found within max,
 * *readable false when memory ends before the NUL and before max + 1 bytes
 * (dst then holds the bytes that could be read). */
static size_t read_string(pid_t tid, uint64_t addr, char *dst, size_t max, bool *complete,
                          bool *readable)
{
	size_t got = 0;

	*complete = false;
	*readable = true;
	while (got <= max) {
		uint64_t a = addr + got;
		size_t want = max + 1 - got;
		size_t page_left = PAGE_SZ - (a & (PAGE_SZ - 1));

		if (want > page_left)
			want = page_left;
		if (got == 0 && want > STR_FIRST_READ)
			want = STR_FIRST_READ;
		size_t n = rec_mem_read(tid, a, dst + got, want);
		char *z = n ? memchr(dst + got, 0, n) : NULL;
		if (z) {
			*complete = true;
			return (size_t)(z - dst);
		}
		got += n;
		if (n < want) {
			/* unreadable memory before the NUL and before max + 1 bytes:
			 * no string, as strace sees it (it shows the address) */
			*readable = false;
			break;
		}
	}
	return got > max ? max : got;
}

/* Room left in the payload buffer, and where the next payload goes. */
struct pay_ctx {
	pid_t tid;
	struct trace_syscall *sys;
	unsigned strsize;
	uint8_t *buf;
	size_t size;
	size_t *used;
	const struct rec_pay_plan *plan; /* reads already done, or NULL */
};

static struct trace_payload *new_payload(struct pay_ctx *c, unsigned arg, unsigned kind,
                                         unsigned flags)
{
	if (c->sys->npayloads >= TRACE_MAX_PAYLOADS)
		return NULL;
	struct trace_payload *p = &c->sys->payloads[c->sys->npayloads++];

	memset(p, 0, sizeof(*p));
	p->arg = (uint8_t)arg;
	p->kind = (uint8_t)kind;
	p->flags = (uint8_t)flags;
	p->data = c->buf + *c->used;
	return p;
}

static uint8_t *room(struct pay_ctx *c, size_t need)
{
	if (*c->used + need > c->size)
		return NULL;
	return c->buf + *c->used;
}

static void finish(struct pay_ctx *c, struct trace_payload *p, size_t len, uint64_t full_len,
                   bool readable)
{
	if (!readable) {
		/* len 0; full_len keeps the size the argument claimed, when known */
		p->flags |= TPAYF_UNREADABLE;
		p->len = 0;
		p->full_len = full_len;
		return;
	}
	p->len = (uint32_t)len;
	p->full_len = full_len < len ? len : full_len;
	if (p->full_len > len)
		p->flags |= TPAYF_TRUNCATED;
	*c->used += len;
}

static void capture_string(struct pay_ctx *c, unsigned arg, uint64_t addr, size_t max,
                           unsigned flags)
{
	if (!addr)
		return;
	uint8_t *dst = room(c, max + 1);
	struct trace_payload *p = dst ? new_payload(c, arg, TPAY_STRING, flags) : NULL;
	if (!p)
		return;
	bool complete, readable;
	size_t len = read_string(c->tid, addr, (char *)dst, max, &complete, &readable);
	finish(c, p, len, complete || !readable ? len : len + 1, readable);
}

/* Reads want bytes of argument arg at addr: from the plan when it holds
 * that read done, else from the tracee. */
static size_t read_arg_bytes(struct pay_ctx *c, unsigned arg, uint64_t addr, void *dst, size_t want)
{
	const struct rec_pay_plan *pl = c->plan;

	for (unsigned i = 0; pl && i < pl->n; i++) {
		if (pl->arg[i] == arg && pl->req[i].addr == addr && pl->req[i].len == want &&
		    pl->req[i].done) {
			memcpy(dst, pl->bytes[i], want);
			return want;
		}
	}
	return rec_mem_read(c->tid, addr, dst, want);
}

static void capture_bytes(struct pay_ctx *c, unsigned arg, unsigned kind, uint64_t addr,
                          uint64_t full, size_t max, unsigned flags)
{
	if (!addr && full)
		return;
	size_t want = full < max ? (size_t)full : max;
	uint8_t *dst = room(c, want);
	struct trace_payload *p = dst ? new_payload(c, arg, kind, flags) : NULL;
	if (!p)
		return;
	size_t got = want ? read_arg_bytes(c, arg, addr, dst, want) : 0;
	bool readable = want == 0 || got > 0;
	finish(c, p, got, full, readable);
}

/* Appends the little-endian bytes of v (n bytes) at dst. */
static void put_le(uint8_t *dst, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		dst[i] = (uint8_t)(v >> (8 * i));
}

/* An iovec array of count elements as a TPAY_IOV payload: for each of the
 * first REC_IOV_MAX elements its base, its length and at most elem_max bytes
 * of its data, the data ending after total bytes (the return value at exit;
 * UINT64_MAX at entry); at most max bytes in all. */
static void capture_iovec(struct pay_ctx *c, unsigned arg, uint64_t addr, uint64_t count,
                          uint64_t total, uint32_t elem_max, size_t max, unsigned flags)
{
	struct iovec iov[REC_IOV_MAX];

	size_t n = count < REC_IOV_MAX ? (size_t)count : REC_IOV_MAX;
	uint8_t *dst = room(c, max);
	struct trace_payload *p = dst ? new_payload(c, arg, TPAY_IOV, flags) : NULL;
	if (!p)
		return;
	size_t got_iov = rec_mem_read(c->tid, addr, iov, n * sizeof(iov[0])) / sizeof(iov[0]);
	if (n && !got_iov) {
		finish(c, p, 0, 0, false);
		return;
	}
	uint64_t done = 0;
	size_t len = 0, i;
	for (i = 0; i < got_iov && len + TRACE_IOV_HDR <= max; i++) {
		uint64_t l = iov[i].iov_len, kept = 0;

		l = done >= total ? 0 : l > total - done ? total - done : l;
		if (l > elem_max)
			l = elem_max;
		if (l > max - len - TRACE_IOV_HDR)
			l = max - len - TRACE_IOV_HDR;
		if (l)
			kept = rec_mem_read(c->tid, (uint64_t)(uintptr_t)iov[i].iov_base,
			                    dst + len + TRACE_IOV_HDR, (size_t)l);
		put_le(dst + len, (uint64_t)(uintptr_t)iov[i].iov_base, 8);
		put_le(dst + len + 8, iov[i].iov_len, 8);
		put_le(dst + len + 16, kept, 4);
		len += TRACE_IOV_HDR + (size_t)kept;
		done = iov[i].iov_len > UINT64_MAX - done ? UINT64_MAX : done + iov[i].iov_len;
	}
	/* elements left out (more than REC_IOV_MAX, unreadable, no room): truncated */
	finish(c, p, len, i < count ? len + 1 : len, true);
}

static void capture_argv(struct pay_ctx *c, unsigned arg, uint64_t addr, size_t max)
{
	if (!addr)
		return;
	size_t budget = (size_t)REC_ARGV_MAX * (max + 1);
	uint8_t *dst = room(c, budget);
	struct trace_payload *p = dst ? new_payload(c, arg, TPAY_ARGV, 0) : NULL;
	if (!p)
		return;
	size_t len = 0;
	bool truncated = false, readable = true;
	for (unsigned i = 0;; i++) {
		uint64_t ptr;

		if (i == REC_ARGV_MAX) {
			truncated = true;
			break;
		}
		if (rec_mem_read(c->tid, addr + 8ull * i, &ptr, sizeof(ptr)) != sizeof(ptr)) {
			readable = i > 0;
			truncated = true;
			break;
		}
		if (!ptr)
			break;
		bool complete, ok;
		size_t l =
		    max ? read_string(c->tid, ptr, (char *)dst + len, max, &complete, &ok) : 0;
		if (!max)
			complete = true; /* only counted (envp) */
		if (!complete)
			truncated = true;
		len += l;
		dst[len++] = 0;
	}
	finish(c, p, len, truncated ? len + 1 : len, readable);
}

/* The length a REC_CAP_BYTES / IOVEC capture has for the call, or false when
 * it cannot be known (an unreadable socklen_t: the payload is unreadable). */
static bool cap_len(struct pay_ctx *c, const struct rec_cap *cap, uint64_t *len)
{
	uint32_t slen;

	switch (cap->len_from) {
	case REC_LEN_ARG:
		*len = cap->len_arg < TRACE_MAX_ARGS
		           ? trace_arg_value(cap->len_ctype, c->sys->args[cap->len_arg])
		           : 0;
		if (cap->size) /* a count of elements of size bytes */
			*len = *len > UINT32_MAX ? UINT64_MAX : *len * cap->size;
		return true;
	case REC_LEN_RET:
		*len = (uint64_t)c->sys->ret;
		if (cap->size)
			*len = *len > UINT32_MAX ? UINT64_MAX : *len * cap->size;
		return true;
	case REC_LEN_BITS: {
		int32_t bits =
		    cap->len_arg < TRACE_MAX_ARGS ? (int32_t)c->sys->args[cap->len_arg] : 0;
		*len = bits > 0 ? ((uint64_t)bits + 63) / 64 * 8 : 0;
		return true;
	}
	case REC_LEN_PAGES:
		*len = cap->len_arg < TRACE_MAX_ARGS ? c->sys->args[cap->len_arg] : 0;
		*len = *len / 4096 + (*len % 4096 != 0);
		return true;
	case REC_LEN_FIXED:
		*len = cap->size;
		return true;
	case REC_LEN_FIELD: /* read by follow() */
		return true;
	case REC_LEN_PTR:
		if (rec_mem_read(c->tid, c->sys->args[cap->len_arg], &slen, sizeof(slen)) !=
		    sizeof(slen))
			return false;
		*len = slen;
		return true;
	default:
		*len = UINT64_MAX;
		return true;
	}
}

/* A followed member (cap->via) of the struct at *addr: its address into
 * *addr, its length or count field into *field, and the struct's first
 * cap->head bytes into head. False when the struct cannot be read (its own
 * capture says so) or the member is NULL. */
static bool follow(struct pay_ctx *c, const struct rec_cap *cap, uint64_t *addr, uint64_t *field,
                   uint8_t *head)
{
	uint64_t base = *addr, a = 0, l = 0;

	if (rec_mem_read(c->tid, base + cap->via - 1, &a, 8) != 8)
		return false;
	if (cap->via_len && rec_mem_read(c->tid, base + cap->via_len - 1, &l,
	                                 cap->via_len32 ? 4 : 8) != (cap->via_len32 ? 4u : 8u))
		return false;
	if (cap->head && rec_mem_read(c->tid, base, head, cap->head) != cap->head)
		return false;
	*addr = a;
	*field = l;
	return a != 0 || cap->head;
}

/* A head-kept member (pselect6's pair and set): the head bytes, then at
 * most max - head bytes of the member's len at addr. */
static void capture_headed(struct pay_ctx *c, const struct rec_cap *cap, const uint8_t *head,
                           uint64_t addr, uint64_t len, unsigned flags)
{
	uint8_t *dst = room(c, cap->max);
	struct trace_payload *p = dst ? new_payload(c, cap->arg, cap->kind, flags) : NULL;

	if (!p)
		return;
	memcpy(dst, head, cap->head);
	size_t want = len < cap->max - cap->head ? (size_t)len : cap->max - cap->head;
	size_t got = addr && want ? rec_mem_read(c->tid, addr, dst + cap->head, want) : 0;
	uint64_t full = len > UINT64_MAX - cap->head ? UINT64_MAX : cap->head + len;
	finish(c, p, cap->head + got, addr ? full : cap->head, true);
}

/* Executes capture cap for the call (ret filled for exit captures). */
static void run_cap(struct pay_ctx *c, const struct rec_cap *cap)
{
	unsigned flags = cap->when != REC_AT_ENTRY ? TPAYF_AT_EXIT : 0;
	uint64_t addr = c->sys->args[cap->arg], len, field = 0;
	uint8_t head[255];

	if ((cap->skip_null && !addr) || !rec_cap_applies(cap, c->sys->args))
		return;
	if (cap->via && !follow(c, cap, &addr, &field, head))
		return;
	if (cap->head) {
		capture_headed(c, cap, head, addr, field, flags);
		return;
	}
	if (cap->len_from == REC_LEN_PTR &&
	    (cap->len_arg >= TRACE_MAX_ARGS || !c->sys->args[cap->len_arg]))
		return; /* no socklen_t: nothing was asked for */
	switch (cap->how) {
	case REC_CAP_STRING:
		capture_string(c, cap->arg, addr, cap->max, flags);
		return;
	case REC_CAP_ARGV:
		capture_argv(c, cap->arg, addr, cap->max);
		return;
	case REC_CAP_IOVEC:
		if (!cap_len(c, cap, &len))
			return;
		if (cap->len_from == REC_LEN_RET && c->sys->ret < 0)
			len = 0; /* a failed call transferred nothing */
		capture_iovec(c, cap->arg, addr,
		              cap->via ? field
		              : cap->len_arg < TRACE_MAX_ARGS
		                  ? trace_arg_value(cap->len_ctype, c->sys->args[cap->len_arg])
		                  : 0,
		              len, cap->elem_max, cap->max, flags);
		return;
	case REC_CAP_BYTES:
		len = field;
		if (!cap_len(c, cap, &len)) {
			struct trace_payload *p = new_payload(c, cap->arg, cap->kind, flags);
			if (p)
				finish(c, p, 0, 0, false);
			return;
		}
		capture_bytes(c, cap->arg, cap->kind, addr, len, cap->max, flags);
		return;
	default:
		return;
	}
}

/* Plans the read capture_bytes would make for argument arg, when it fits. */
static void plan_bytes(struct rec_pay_plan *pl, unsigned arg, uint64_t addr, uint64_t full,
                       size_t max)
{
	size_t want = full < max ? (size_t)full : max;

	if (!addr || !want || want > REC_PAY_PLAN_BYTES || pl->n >= REC_PAY_PLAN_MAX ||
	    want > PAGE_SZ - (addr & (PAGE_SZ - 1)))
		return;
	pl->arg[pl->n] = (uint8_t)arg;
	pl->req[pl->n] = (struct rec_mem_req){addr, pl->bytes[pl->n], want, false};
	pl->n++;
}

void rec_payload_entry_plan(const struct trace_syscall *sys, const struct trace_syscall_desc *d,
                            unsigned strsize, struct rec_pay_plan *plan)
{
	unsigned n;
	const struct rec_cap *caps = rec_policy_caps_of(d, strsize, &n);

	plan->n = 0;
	for (unsigned i = 0; i < n; i++) {
		const struct rec_cap *c = &caps[i];

		if (c->when == REC_AT_ENTRY && c->how == REC_CAP_BYTES &&
		    c->len_from == REC_LEN_ARG && !c->size && c->len_arg < TRACE_MAX_ARGS)
			plan_bytes(plan, c->arg, sys->args[c->arg],
			           trace_arg_value(c->len_ctype, sys->args[c->len_arg]), c->max);
	}
}

void rec_payload_entry(pid_t tid, struct trace_syscall *sys, const struct trace_syscall_desc *d,
                       unsigned strsize, uint8_t *buf, size_t bufsize, size_t *used)
{
	rec_payload_entry_planned(tid, sys, d, strsize, buf, bufsize, used, NULL);
}

void rec_payload_entry_planned(pid_t tid, struct trace_syscall *sys,
                               const struct trace_syscall_desc *d, unsigned strsize, uint8_t *buf,
                               size_t bufsize, size_t *used, const struct rec_pay_plan *plan)
{
	struct pay_ctx c = {tid, sys, strsize, buf, bufsize, used, plan};
	unsigned n;
	const struct rec_cap *caps = rec_policy_caps_of(d, strsize, &n);

	*used = 0;
	sys->npayloads = 0;
	for (unsigned i = 0; i < n; i++)
		if (caps[i].when == REC_AT_ENTRY)
			run_cap(&c, &caps[i]);
}

void rec_payload_exit(pid_t tid, struct trace_syscall *sys, const struct trace_syscall_desc *d,
                      unsigned strsize, uint8_t *buf, size_t bufsize, size_t *used)
{
	struct pay_ctx c = {tid, sys, strsize, buf, bufsize, used, NULL};
	unsigned n;
	const struct rec_cap *caps = rec_policy_caps_of(d, strsize, &n);

	for (unsigned i = 0; i < n; i++)
		if (caps[i].when == REC_AT_EXIT_ANY ||
		    (caps[i].when == REC_AT_EXIT_OK && sys->ret >= 0) ||
		    (caps[i].when == REC_AT_EXIT_ZERO && sys->ret == 0))
			run_cap(&c, &caps[i]);
}
