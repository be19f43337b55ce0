/*
 * fmt_records.c - record bodies of the trace format (spec/format.md,
 * "Records"). Timestamps are deltas against the running reference
 * fmt_delta.ref_ts; a syscall is encoded against the previous syscall with
 * the same number in the chunk, with a mask of the fields that differ, so a
 * loop of identical calls costs little more than its timing.
 */
#include "format/fmt_records.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_util.h"

void fmt_buf_reserve(struct fmt_buf *b, size_t extra)
{
	if (b->cap - b->len < extra)
		xgrow((void **)&b->data, &b->cap, b->len + extra, 1);
}

void fmt_buf_free(struct fmt_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void fmt_delta_reset(struct fmt_delta *d)
{
	d->ref_ts = 0;
	if (++d->gen == 0) {
		memset(d->refs, 0, sizeof(d->refs));
		d->gen = 1;
	}
}

int fmt_type_known(uint8_t type)
{
	return type >= TREC_THREAD && type <= TREC_RENAME;
}

/* ts as a signed delta from the reference, which then becomes ts. */
static void put_ts(struct fmt_buf *b, struct fmt_delta *d, uint64_t ts)
{
	fmt_put_svarint(b, (int64_t)(ts - d->ref_ts));
	d->ref_ts = ts;
}

static uint64_t get_ts(struct fmt_cur *c, struct fmt_delta *d)
{
	d->ref_ts += (uint64_t)fmt_get_svarint(c);
	return d->ref_ts;
}

static void put_str(struct fmt_buf *b, const char *s)
{
	fmt_put_blob(b, s ? s : "", s ? strlen(s) : 0);
}

static void put_comm(struct fmt_buf *b, const char *comm)
{
	fmt_put_blob(b, comm, strnlen(comm, TRACE_COMM_LEN));
}

static void put_build_id(struct fmt_buf *b, const uint8_t *id, uint8_t len)
{
	fmt_put_blob(b, id, len > TRACE_BUILD_ID_MAX ? TRACE_BUILD_ID_MAX : len);
}

static const struct fmt_sys_ref zero_ref;

static struct fmt_sys_ref *sys_ref(struct fmt_delta *d, uint16_t nr)
{
	return nr < FMT_NR_REFS ? &d->refs[nr] : NULL;
}

static void put_syscall(struct fmt_buf *b, struct fmt_delta *d, const struct trace_syscall *s)
{
	struct fmt_sys_ref *slot = sys_ref(d, s->nr);
	const struct fmt_sys_ref *ref = slot && slot->gen == d->gen ? slot : &zero_ref;
	uint32_t mask = 0;

	if (s->tid != ref->tid)
		mask |= FMT_SYS_TID;
	if (s->pid != ref->pid)
		mask |= FMT_SYS_PID;
	for (int i = 0; i < TRACE_MAX_ARGS; i++)
		if (s->args[i] != ref->args[i])
			mask |= FMT_SYS_ARG0 << i;
	if (s->ret != ref->ret)
		mask |= FMT_SYS_RET;
	if (s->flags != ref->flags)
		mask |= FMT_SYS_FLAGS;
	if (s->stack_id != ref->stack_id)
		mask |= FMT_SYS_STACK;

	fmt_put_varint(b, s->nr);
	fmt_put_varint(b, mask);
	fmt_put_svarint(b, (int64_t)(s->ts - d->ref_ts));
	fmt_put_svarint(b, (int64_t)(s->duration - ref->duration));
	if (mask & FMT_SYS_TID)
		fmt_put_svarint(b, (int64_t)s->tid - ref->tid);
	if (mask & FMT_SYS_PID)
		fmt_put_svarint(b, (int64_t)s->pid - s->tid);
	for (int i = 0; i < TRACE_MAX_ARGS; i++)
		if (mask & (FMT_SYS_ARG0 << i))
			fmt_put_svarint(b, (int64_t)(s->args[i] - ref->args[i]));
	if (mask & FMT_SYS_RET)
		fmt_put_svarint(b, (int64_t)((uint64_t)s->ret - (uint64_t)ref->ret));
	if (mask & FMT_SYS_FLAGS)
		fmt_put_varint(b, s->flags);
	if (mask & FMT_SYS_STACK)
		fmt_put_svarint(b, (int64_t)s->stack_id - ref->stack_id);
	/* Version 1.2: the descriptor kinds, appended only when they differ or
	 * when a later field follows; version 1.4: the CPU wait, when not 0. */
	if (s->fd_kinds != ref->fd_kinds || s->wait)
		fmt_put_varint(b, s->fd_kinds);
	if (s->wait)
		fmt_put_varint(b, s->wait);

	d->ref_ts = s->ts + s->duration;
	if (slot) {
		fmt_ref_store(slot, s, d->gen);
		slot->duration = s->duration;
	}
}

static void put_payload(struct fmt_buf *b, const struct trace_payload *p)
{
	fmt_put_varint(b, p->arg);
	fmt_put_varint(b, p->kind);
	fmt_put_varint(b, p->flags);
	fmt_put_varint(b, p->full_len);
	fmt_put_blob(b, p->data, p->data ? p->len : 0);
}

static void put_stack(struct fmt_buf *b, const struct trace_stack *s)
{
	uint64_t prev = 0;

	fmt_put_varint(b, s->id);
	fmt_put_varint(b, s->depth);
	for (uint32_t i = 0; i < s->depth; i++) {
		fmt_put_svarint(b, (int64_t)(s->pcs[i] - prev));
		prev = s->pcs[i];
	}
}

static void put_module(struct fmt_buf *b, struct fmt_delta *d, const struct trace_module *mo)
{
	put_ts(b, d, mo->ts);
	fmt_put_svarint(b, mo->pid);
	fmt_put_varint(b, mo->prot);
	fmt_put_varint(b, mo->start);
	fmt_put_varint(b, mo->end - mo->start);
	fmt_put_varint(b, mo->offset);
	fmt_put_varint(b, mo->dev);
	fmt_put_varint(b, mo->inode);
	put_str(b, mo->path);
	put_build_id(b, mo->build_id, mo->build_id_len);
}

/* The fixed fields of the records that have some, in their order in the
 * body (spec/format.md), listed once for the encoder and the decoder. */
enum field_kind {
	F_TS,   /* uint64_t, signed delta from the chunk's time reference */
	F_I32,  /* int32_t, signed varint */
	F_U32,  /* uint32_t, varint */
	F_I64,  /* int64_t, signed varint */
	F_U64,  /* uint64_t, varint */
	F_COMM, /* char[TRACE_COMM_LEN], blob */
};

struct field {
	uint8_t kind;
	uint16_t off; /* offsetof the member */
};

#define FIELD(kind, type, member)                                                                  \
	{                                                                                          \
		kind, offsetof(type, member)                                                       \
	}
#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))

static const struct field thread_fields[] = {
    FIELD(F_TS, struct trace_thread, ts),     FIELD(F_I32, struct trace_thread, tid),
    FIELD(F_I32, struct trace_thread, pid),   FIELD(F_I32, struct trace_thread, ppid),
    FIELD(F_U32, struct trace_thread, flags), FIELD(F_COMM, struct trace_thread, comm),
};
/* Then, with TEXIT_SUPERSEDED, by. */
static const struct field exit_fields[] = {
    FIELD(F_TS, struct trace_exit, ts),     FIELD(F_I32, struct trace_exit, tid),
    FIELD(F_I32, struct trace_exit, pid),   FIELD(F_I32, struct trace_exit, status),
    FIELD(F_U32, struct trace_exit, flags),
};
/* Then end - start. */
static const struct field unmap_fields[] = {
    FIELD(F_TS, struct trace_unmap, ts),
    FIELD(F_I32, struct trace_unmap, pid),
    FIELD(F_U64, struct trace_unmap, start),
};
static const struct field lost_fields[] = {
    FIELD(F_TS, struct trace_lost, ts),
    FIELD(F_I32, struct trace_lost, tid),
    FIELD(F_U64, struct trace_lost, count),
};
/* Then, with TSIG_SIGINFO, the siginfo fields. */
static const struct field signal_fields[] = {
    FIELD(F_TS, struct trace_signal, ts),     FIELD(F_I32, struct trace_signal, tid),
    FIELD(F_I32, struct trace_signal, pid),   FIELD(F_I32, struct trace_signal, signo),
    FIELD(F_I32, struct trace_signal, code),  FIELD(F_I32, struct trace_signal, sender),
    FIELD(F_U32, struct trace_signal, flags),
};
static const struct field siginfo_fields[] = {
    FIELD(F_U32, struct trace_signal, uid),     FIELD(F_I32, struct trace_signal, status),
    FIELD(F_I64, struct trace_signal, utime),   FIELD(F_I64, struct trace_signal, stime),
    FIELD(F_U64, struct trace_signal, addr),    FIELD(F_I32, struct trace_signal, timerid),
    FIELD(F_I32, struct trace_signal, overrun),
};
/* Absolute fields only: an older reader skips the record, which must then not
 * change the delta state (section 2 of spec/format.md). */
static const struct field rename_fields[] = {
    FIELD(F_U64, struct trace_rename, ts),
    FIELD(F_I32, struct trace_rename, tid),
    FIELD(F_I32, struct trace_rename, pid),
    FIELD(F_COMM, struct trace_rename, comm),
};
static const struct field trailer_fields[] = {
    FIELD(F_U64, struct trace_trailer, ts_end),  FIELD(F_U64, struct trace_trailer, events),
    FIELD(F_U64, struct trace_trailer, lost),    FIELD(F_U64, struct trace_trailer, stacks),
    FIELD(F_U64, struct trace_trailer, signals), FIELD(F_U64, struct trace_trailer, processes),
    FIELD(F_U64, struct trace_trailer, threads),
};

static void put_fields(struct fmt_buf *b, struct fmt_delta *d, const void *rec,
                       const struct field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *at = (const char *)rec + f[i].off;
		switch (f[i].kind) {
		case F_TS:
			put_ts(b, d, *(const uint64_t *)at);
			break;
		case F_I32:
			fmt_put_svarint(b, *(const int32_t *)at);
			break;
		case F_U32:
			fmt_put_varint(b, *(const uint32_t *)at);
			break;
		case F_I64:
			fmt_put_svarint(b, *(const int64_t *)at);
			break;
		case F_U64:
			fmt_put_varint(b, *(const uint64_t *)at);
			break;
		case F_COMM:
			put_comm(b, at);
			break;
		}
	}
}

static void put_signal(struct fmt_buf *b, struct fmt_delta *d, const struct trace_signal *sg)
{
	put_fields(b, d, sg, signal_fields, NFIELDS(signal_fields));
	if (sg->flags & TSIG_SIGINFO)
		put_fields(b, d, sg, siginfo_fields, NFIELDS(siginfo_fields));
}

static void put_body(struct fmt_buf *b, struct fmt_delta *d, const struct trace_record *rec)
{
	const struct trace_exec *ex = &rec->u.exec;
	const struct trace_exit *et = &rec->u.exit;
	const struct trace_unmap *um = &rec->u.unmap;
	const struct trace_image *im = &rec->u.image;

	switch (rec->type) {
	case TREC_THREAD:
		put_fields(b, d, &rec->u.thread, thread_fields, NFIELDS(thread_fields));
		break;
	case TREC_EXEC:
		put_ts(b, d, ex->ts);
		fmt_put_svarint(b, ex->tid);
		fmt_put_svarint(b, ex->pid);
		fmt_put_svarint(b, ex->old_tid);
		put_str(b, ex->filename);
		fmt_put_varint(b, ex->argc);
		fmt_put_blob(b, ex->argv, ex->argv ? ex->argv_len : 0);
		put_comm(b, ex->comm);
		break;
	case TREC_EXIT:
		put_fields(b, d, et, exit_fields, NFIELDS(exit_fields));
		if (et->flags & TEXIT_SUPERSEDED)
			fmt_put_svarint(b, et->by);
		break;
	case TREC_MODULE_MAP:
		put_module(b, d, &rec->u.map);
		break;
	case TREC_MODULE_UNMAP:
		put_fields(b, d, um, unmap_fields, NFIELDS(unmap_fields));
		fmt_put_varint(b, um->end - um->start);
		break;
	case TREC_SYSCALL:
		put_syscall(b, d, &rec->u.sys);
		break;
	case TREC_STACK:
		put_stack(b, &rec->u.stack);
		break;
	case TREC_SIGNAL:
		put_signal(b, d, &rec->u.sig);
		break;
	case TREC_LOST:
		put_fields(b, d, &rec->u.lost, lost_fields, NFIELDS(lost_fields));
		break;
	case TREC_IMAGE:
		fmt_put_svarint(b, im->pid);
		fmt_put_varint(b, im->addr);
		put_str(b, im->name);
		put_build_id(b, im->build_id, im->build_id_len);
		fmt_put_blob(b, im->data, im->data ? im->size : 0);
		break;
	case TREC_RENAME:
		put_fields(b, d, &rec->u.rename, rename_fields, NFIELDS(rename_fields));
		break;
	case TREC_PAYLOAD:
	case TREC_TRAILER:
		break;
	}
}

/* Appends type, body length and the body staged in tmp. */
static void put_framed(struct fmt_buf *out, uint8_t type, const struct fmt_buf *tmp)
{
	fmt_buf_reserve(out, 11 + tmp->len);
	out->data[out->len++] = type;
	out->len += fmt_store_varint(out->data + out->len, tmp->len);
	memcpy(out->data + out->len, tmp->data, tmp->len);
	out->len += tmp->len;
}

void fmt_encode_record(struct fmt_buf *out, struct fmt_buf *tmp, struct fmt_delta *d,
                       const struct trace_record *rec)
{
	tmp->len = 0;
	put_body(tmp, d, rec);
	put_framed(out, (uint8_t)rec->type, tmp);
	if (rec->type != TREC_SYSCALL)
		return;
	for (int i = 0; i < rec->u.sys.npayloads && i < TRACE_MAX_PAYLOADS; i++) {
		tmp->len = 0;
		put_payload(tmp, &rec->u.sys.payloads[i]);
		put_framed(out, TREC_PAYLOAD, tmp);
	}
}

void fmt_encode_trailer(struct fmt_buf *out, struct fmt_buf *tmp, const struct trace_trailer *t)
{
	tmp->len = 0;
	put_fields(tmp, NULL, t, trailer_fields, NFIELDS(trailer_fields)); /* no time delta */
	put_framed(out, TREC_TRAILER, tmp);
}

int fmt_sys_repeats_ref(const struct fmt_delta *d, const struct trace_syscall *s)
{
	const struct fmt_sys_ref *ref = s->nr < FMT_NR_REFS ? &d->refs[s->nr] : NULL;

	return ref && ref->gen == d->gen && s->npayloads == 0 && s->tid == ref->tid &&
	       s->pid == ref->pid && s->flags == ref->flags && s->stack_id == ref->stack_id &&
	       s->ret == ref->ret && s->fd_kinds == ref->fd_kinds &&
	       memcmp(s->args, ref->args, sizeof(s->args)) == 0;
}

static int64_t clamp_i64(double v)
{
	if (!(v > -9.0e18))
		return -9000000000000000000ll;
	if (v > 9.0e18)
		return 9000000000000000000ll;
	return (int64_t)v;
}

void fmt_encode_run(struct fmt_buf *out, struct fmt_buf *tmp, struct fmt_delta *d, uint16_t nr,
                    uint32_t count, const int64_t *gaps, const uint64_t *durs,
                    const uint64_t *waits)
{
	double mean_gap = 0, mean_dur = 0;

	/* Centre the per-call values on their means: small codes compress best. */
	for (uint32_t i = 0; i < count; i++) {
		mean_gap += (double)gaps[i] / count;
		mean_dur += (double)durs[i] / count;
	}
	int64_t base_gap = clamp_i64(mean_gap), base_dur = clamp_i64(mean_dur);
	tmp->len = 0;
	fmt_put_varint(tmp, nr);
	fmt_put_varint(tmp, count);
	fmt_put_svarint(tmp, base_gap);
	fmt_put_svarint(tmp, base_dur);
	for (uint32_t i = 0; i < count; i++) {
		fmt_put_svarint(tmp, (int64_t)((uint64_t)gaps[i] - (uint64_t)base_gap));
		fmt_put_svarint(tmp, (int64_t)(durs[i] - (uint64_t)base_dur));
		d->ref_ts += (uint64_t)gaps[i] + durs[i];
	}
	/* Version 1.4: the CPU waits of the calls, after all pairs, when not all 0. */
	for (uint32_t i = 0; waits && i < count; i++)
		fmt_put_varint(tmp, waits[i]);
	d->refs[nr].duration = durs[count - 1];
	put_framed(out, FMT_REC_SYSCALL_RUN, tmp);
}

/* ---- decoding --------------------------------------------------------- */

/* Copies a length-prefixed string into scratch (room reserved by the caller). */
static const char *get_str(struct fmt_cur *c, struct fmt_buf *scratch)
{
	size_t n;
	const uint8_t *p = fmt_get_blob(c, &n);
	char *s = (char *)scratch->data + scratch->len;

	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	scratch->len += n + 1;
	return s;
}

static void get_comm(struct fmt_cur *c, char *comm)
{
	size_t n;
	const uint8_t *p = fmt_get_blob(c, &n);

	if (n >= TRACE_COMM_LEN)
		n = TRACE_COMM_LEN - 1;
	memset(comm, 0, TRACE_COMM_LEN);
	if (n)
		memcpy(comm, p, n);
}

static uint8_t get_build_id(struct fmt_cur *c, uint8_t *id)
{
	size_t n;
	const uint8_t *p = fmt_get_blob(c, &n);

	if (n > TRACE_BUILD_ID_MAX) {
		c->bad = true;
		return 0;
	}
	if (n)
		memcpy(id, p, n);
	return (uint8_t)n;
}

static int32_t get_i32(struct fmt_cur *c)
{
	int64_t v = fmt_get_svarint(c);

	if (v < INT32_MIN || v > INT32_MAX)
		c->bad = true;
	return (int32_t)v;
}

static uint32_t get_u32(struct fmt_cur *c)
{
	return (uint32_t)fmt_get_varint_max(c, UINT32_MAX);
}

static void get_fields(struct fmt_cur *c, struct fmt_delta *d, void *rec, const struct field *f,
                       size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *at = (char *)rec + f[i].off;
		switch (f[i].kind) {
		case F_TS:
			*(uint64_t *)at = get_ts(c, d);
			break;
		case F_I32:
			*(int32_t *)at = get_i32(c);
			break;
		case F_U32:
			*(uint32_t *)at = get_u32(c);
			break;
		case F_I64:
			*(int64_t *)at = fmt_get_svarint(c);
			break;
		case F_U64:
			*(uint64_t *)at = fmt_get_varint(c);
			break;
		case F_COMM:
			get_comm(c, at);
			break;
		}
	}
}

/* base plus a signed delta, which must land inside int32_t. */
static int32_t get_i32_delta(struct fmt_cur *c, int32_t base)
{
	uint64_t v = (uint64_t)(int64_t)base + (uint64_t)fmt_get_svarint(c);

	if ((int64_t)v < INT32_MIN || (int64_t)v > INT32_MAX)
		c->bad = true;
	return (int32_t)(int64_t)v;
}

/* The fields of s that mask says differ from ref, read in their order. */
static void get_changed(struct fmt_cur *c, const struct fmt_sys_ref *ref, uint32_t mask,
                        struct trace_syscall *s)
{
	if (mask & FMT_SYS_TID)
		s->tid = get_i32_delta(c, ref->tid);
	if (mask & FMT_SYS_PID)
		s->pid = get_i32_delta(c, s->tid);
	/* the changed arguments, lowest first, without testing every bit */
	for (uint32_t args = (mask / FMT_SYS_ARG0) & 0x3f; args; args &= args - 1)
		s->args[__builtin_ctz(args)] += (uint64_t)fmt_get_svarint(c);
	if (mask & FMT_SYS_RET)
		s->ret = (int64_t)((uint64_t)ref->ret + (uint64_t)fmt_get_svarint(c));
	if (mask & FMT_SYS_FLAGS)
		s->flags = (uint16_t)fmt_get_varint_max(c, UINT16_MAX);
	if (mask & FMT_SYS_STACK)
		s->stack_id = (uint32_t)((uint64_t)ref->stack_id + (uint64_t)fmt_get_svarint(c));
}

static void get_syscall(struct fmt_cur *c, struct fmt_delta *d, struct trace_syscall *s)
{
	uint16_t nr = (uint16_t)fmt_get_varint_max(c, UINT16_MAX);
	uint32_t mask = (uint32_t)fmt_get_varint_max(c, FMT_SYS_KNOWN);
	struct fmt_sys_ref *slot = sys_ref(d, nr);
	const struct fmt_sys_ref *ref = slot && slot->gen == d->gen ? slot : &zero_ref;

	/* Every field is assigned; the payload array is left as it is:
	 * npayloads = 0 says none of it is valid (the reader fills it after). */
	s->npayloads = 0;
	s->nr = nr;
	s->ts = d->ref_ts + (uint64_t)fmt_get_svarint(c);
	s->duration = ref->duration + (uint64_t)fmt_get_svarint(c);
	fmt_ref_load(s, ref);
	if (mask)
		get_changed(c, ref, mask, s);
	/* Version 1.1 appends the descriptor kinds when they differ from ref's;
	 * bytes after them belong to later versions. */
	bool kinds = c->p < c->end;
	if (kinds)
		s->fd_kinds = (uint32_t)fmt_get_varint_max(c, UINT32_MAX);
	/* Version 1.4: the CPU wait (never above the duration). */
	s->wait = c->p < c->end ? fmt_get_varint_max(c, s->duration) : 0;
	if (c->bad)
		return;

	d->ref_ts = s->ts + s->duration;
	if (!slot)
		return;
	slot->duration = s->duration;
	if (slot == ref && !mask && !kinds)
		return; /* the other fields repeat the reference */
	fmt_ref_store(slot, s, d->gen);
}

static void get_stack(struct fmt_cur *c, uint64_t *pcs, struct trace_stack *s)
{
	uint64_t prev = 0;

	s->id = get_u32(c);
	s->depth = (uint32_t)fmt_get_varint_max(c, TRACE_MAX_STACK);
	if (s->id == 0 || s->depth == 0)
		c->bad = true;
	for (uint32_t i = 0; i < s->depth && !c->bad; i++) {
		prev += (uint64_t)fmt_get_svarint(c);
		pcs[i] = prev;
	}
	s->pcs = pcs;
}

static void get_module(struct fmt_cur *c, struct fmt_delta *d, struct fmt_buf *scratch,
                       struct trace_module *m)
{
	m->ts = get_ts(c, d);
	m->pid = get_i32(c);
	m->prot = get_u32(c);
	m->start = fmt_get_varint(c);
	m->end = m->start + fmt_get_varint(c);
	m->offset = fmt_get_varint(c);
	m->dev = fmt_get_varint(c);
	m->inode = fmt_get_varint(c);
	m->path = get_str(c, scratch);
	m->build_id_len = get_build_id(c, m->build_id);
}

static void get_exec(struct fmt_cur *c, struct fmt_delta *d, struct fmt_buf *scratch,
                     struct trace_exec *e)
{
	size_t n;
	const uint8_t *argv;

	e->ts = get_ts(c, d);
	e->tid = get_i32(c);
	e->pid = get_i32(c);
	e->old_tid = get_i32(c);
	e->filename = get_str(c, scratch);
	e->argc = get_u32(c);
	argv = fmt_get_blob(c, &n);
	/* argv is copied with one extra NUL so a damaged last string still ends. */
	e->argv = (const char *)scratch->data + scratch->len;
	if (n)
		memcpy(scratch->data + scratch->len, argv, n);
	scratch->data[scratch->len + n] = '\0';
	scratch->len += n + 1;
	e->argv_len = (uint32_t)n;
	get_comm(c, e->comm);
}

static void get_image(struct fmt_cur *c, struct fmt_buf *scratch, struct trace_image *im)
{
	size_t n;

	im->pid = get_i32(c);
	im->addr = fmt_get_varint(c);
	im->name = get_str(c, scratch);
	im->build_id_len = get_build_id(c, im->build_id);
	im->data = fmt_get_blob(c, &n);
	im->size = n;
}

/* Every record type but syscalls (out of line: the syscall path stays lean). */
static void get_signal(struct fmt_cur *c, struct fmt_delta *d, struct trace_signal *sg)
{
	get_fields(c, d, sg, signal_fields, NFIELDS(signal_fields));
	if (sg->flags & TSIG_SIGINFO)
		get_fields(c, d, sg, siginfo_fields, NFIELDS(siginfo_fields));
}

static __attribute__((noinline)) int decode_other(uint8_t type, const uint8_t *body, size_t len,
                                                  struct fmt_delta *d, struct fmt_buf *scratch,
                                                  uint64_t *pcs, struct trace_record *rec)
{
	struct fmt_cur c = {body, body + len, false};

	/* Strings copied below never need more than the body plus their NULs. */
	scratch->len = 0;
	fmt_buf_reserve(scratch, len + 8);
	/* Only the member of the type read is cleared (the syscall's payload
	 * array, the largest member, is never touched here). */
	switch (type) {
	case TREC_THREAD:
		memset(&rec->u.thread, 0, sizeof(rec->u.thread));
		get_fields(&c, d, &rec->u.thread, thread_fields, NFIELDS(thread_fields));
		break;
	case TREC_EXEC:
		memset(&rec->u.exec, 0, sizeof(rec->u.exec));
		get_exec(&c, d, scratch, &rec->u.exec);
		break;
	case TREC_EXIT:
		memset(&rec->u.exit, 0, sizeof(rec->u.exit));
		get_fields(&c, d, &rec->u.exit, exit_fields, NFIELDS(exit_fields));
		if ((rec->u.exit.flags & TEXIT_SUPERSEDED) && fmt_cur_left(&c))
			rec->u.exit.by = get_i32(&c);
		break;
	case TREC_MODULE_MAP:
		memset(&rec->u.map, 0, sizeof(rec->u.map));
		get_module(&c, d, scratch, &rec->u.map);
		break;
	case TREC_MODULE_UNMAP:
		memset(&rec->u.unmap, 0, sizeof(rec->u.unmap));
		get_fields(&c, d, &rec->u.unmap, unmap_fields, NFIELDS(unmap_fields));
		rec->u.unmap.end = rec->u.unmap.start + fmt_get_varint(&c);
		break;
	case TREC_STACK:
		memset(&rec->u.stack, 0, sizeof(rec->u.stack));
		get_stack(&c, pcs, &rec->u.stack);
		break;
	case TREC_SIGNAL:
		memset(&rec->u.sig, 0, sizeof(rec->u.sig));
		get_signal(&c, d, &rec->u.sig);
		break;
	case TREC_LOST:
		memset(&rec->u.lost, 0, sizeof(rec->u.lost));
		get_fields(&c, d, &rec->u.lost, lost_fields, NFIELDS(lost_fields));
		break;
	case TREC_IMAGE:
		memset(&rec->u.image, 0, sizeof(rec->u.image));
		get_image(&c, scratch, &rec->u.image);
		break;
	case TREC_TRAILER:
		memset(&rec->u.trailer, 0, sizeof(rec->u.trailer));
		get_fields(&c, d, &rec->u.trailer, trailer_fields, NFIELDS(trailer_fields));
		break;
	case TREC_RENAME:
		memset(&rec->u.rename, 0, sizeof(rec->u.rename));
		get_fields(&c, d, &rec->u.rename, rename_fields, NFIELDS(rename_fields));
		break;
	default:
		return -1;
	}
	/* Bytes after the known fields are fields of a later minor version: ignored. */
	return c.bad ? -1 : 0;
}

int fmt_decode_record(uint8_t type, const uint8_t *body, size_t len, struct fmt_delta *d,
                      struct fmt_buf *scratch, uint64_t *pcs, struct trace_record *rec)
{
	rec->type = (enum trace_rec_type)type;
	if (type == TREC_SYSCALL) { /* the hot path: no clearing, no scratch */
		struct fmt_cur c = {body, body + len, false};

		get_syscall(&c, d, &rec->u.sys);
		return c.bad ? -1 : 0;
	}
	return decode_other(type, body, len, d, scratch, pcs, rec);
}

/* Moves c past n varints (their values unread). 0, or -1 when the body ends first. */
static int skip_varints(struct fmt_cur *c, uint64_t n)
{
	for (const uint8_t *p = c->p; n; n--) {
		for (unsigned k = 0;; k++) {
			if (p >= c->end || k == 10)
				return -1;
			if (!(*p++ & 0x80))
				break;
		}
		c->p = p;
	}
	return 0;
}

int fmt_run_begin(struct fmt_run *run, const uint8_t *body, size_t len, const struct fmt_delta *d)
{
	struct fmt_cur c = {body, body + len, false};

	run->nr = (uint16_t)fmt_get_varint_max(&c, FMT_NR_REFS - 1);
	run->left = (uint32_t)fmt_get_varint_max(&c, FMT_RUN_MAX);
	run->base_gap = fmt_get_svarint(&c);
	run->base_dur = fmt_get_svarint(&c);
	run->cur = c;
	if (c.bad || run->left == 0 || d->refs[run->nr].gen != d->gen)
		return -1;
	/* Bytes after the pairs (version 1.4) are the calls' CPU waits. */
	if (skip_varints(&c, 2 * (uint64_t)run->left) < 0)
		return -1;
	run->waits = c;
	run->has_waits = c.p < c.end;
	return 0;
}

int fmt_run_next(struct fmt_run *run, struct fmt_delta *d, struct trace_syscall *s)
{
	struct fmt_sys_ref *ref = &d->refs[run->nr];
	uint64_t gap = (uint64_t)run->base_gap + (uint64_t)fmt_get_svarint(&run->cur);
	uint64_t dur = (uint64_t)run->base_dur + (uint64_t)fmt_get_svarint(&run->cur);
	uint64_t wait = run->has_waits ? fmt_get_varint_max(&run->waits, dur) : 0;

	if (run->cur.bad || run->waits.bad)
		return -1;
	s->npayloads = 0; /* every other field is assigned below */
	s->nr = run->nr;
	fmt_ref_load(s, ref);
	s->ts = d->ref_ts + gap;
	s->duration = dur;
	s->wait = wait;
	d->ref_ts = s->ts + dur;
	ref->duration = dur;
	run->left--;
	return 0;
}

int fmt_decode_payload(const uint8_t *body, size_t len, struct trace_payload *p)
{
	struct fmt_cur c = {body, body + len, false};
	size_t n;

	memset(p, 0, sizeof(*p));
	p->arg = (uint8_t)fmt_get_varint_max(&c, TRACE_MAX_ARGS - 1);
	p->kind = (uint8_t)fmt_get_varint_max(&c, UINT8_MAX);
	p->flags = (uint8_t)fmt_get_varint_max(&c, UINT8_MAX);
	p->full_len = fmt_get_varint(&c);
	p->data = fmt_get_blob(&c, &n);
	p->len = (uint32_t)n;
	return c.bad ? -1 : 0;
}
