/*
 * rec_ring.c - the flight recorder: the last window of records, kept in a
 * chain of memory blocks used as one FIFO (records copied in with their
 * strings and payload bytes, the oldest dropped first), and the state the
 * window begins in (threads, address spaces, stacks, images), updated with
 * each record that leaves the window so a written window reads and
 * symbolizes on its own.
 */
#include "record/rec_ring.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_map.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

#define BLOCK_MIN (64u << 10)
#define BLOCK_MAX (4u << 20)

/* One record in the window: this header, the record's union member, its
 * variable bytes (payloads, strings), padded to 8. */
struct ent {
	uint32_t len;  /* bytes of the whole entry */
	uint16_t type; /* TREC_* */
	uint16_t body; /* bytes of the member kept (body_size) */
	uint64_t end;  /* when it ended (a call: entry + duration) */
	uint64_t seq;  /* order of arrival */
};

struct blk {
	struct blk *next;
	size_t size, head, tail; /* entries live in data[head, tail) */
	uint8_t data[];
};

struct mapping {
	struct trace_module m; /* m.path points to path */
	char *path;
};

struct proc {
	struct mapping *maps;
	size_t n, cap;
};

struct stack_def {
	uint32_t depth;
	uint64_t pcs[];
};

struct rec_ring {
	struct rec_ring_opts o;
	struct rec_trigger *trig;
	unsigned ntrig;
	rec_ring_write_fn fn;
	void *ctx;
	struct blk *first, *last, *spare;
	size_t block;
	uint64_t bytes, calls, newest, seq_in, seq_out;
	uint64_t rearm_seq; /* triggers fire again once this entry has left */
	bool armed, writing;
	volatile sig_atomic_t asked;
	struct trace_map threads; /* tid -> struct trace_thread * (0: gone) */
	struct trace_map procs;   /* pid -> struct proc * (0: gone) */
	struct trace_map stacks;  /* id -> struct stack_def * */
	struct trace_record *images;
	size_t nimages, capimages;
	uint64_t pcs[TRACE_MAX_STACK];
};

/* --- options ------------------------------------------------------------- */

int rec_ring_parse(const char *arg, struct rec_ring_opts *o, char *err, size_t errlen)
{
	char *end;

	memset(o, 0, sizeof(*o));
	if (rec_parse_duration(arg, &o->window_ns) == 0) {
		if (o->window_ns < 1000000) {
			snprintf(err, errlen, "'%s': a window of at least 1ms", arg);
			return -1;
		}
		o->max_bytes = REC_RING_DURATION_CAP;
		return 0;
	}
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	unsigned shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (*end == 'm' && end[1] == 0) {
		snprintf(err, errlen, "'%s' is ambiguous: write %lluM (MiB) or %llumin (minutes)",
		         arg, v, v);
		return -1;
	}
	if (shift)
		end++;
	if (errno || end == arg || *arg == '-' || *end || v > (REC_RING_MAX_BYTES >> shift)) {
		snprintf(err, errlen,
		         "'%s' is neither a size (64M: K, M, G suffixes) nor a duration (30s: ns, "
		         "us, ms, s, min, h)",
		         arg);
		return -1;
	}
	o->max_bytes = v << shift;
	if (o->max_bytes < REC_RING_MIN_BYTES) {
		snprintf(err, errlen, "'%s': a window of at least 64K", arg);
		return -1;
	}
	return 0;
}

/* --- the state a window begins in ---------------------------------------- */

static struct proc *proc_of(struct rec_ring *r, int32_t pid, bool create)
{
	uint64_t *v = trace_map_get(&r->procs, (uint64_t)(uint32_t)pid);

	if (v && *v)
		return (struct proc *)(uintptr_t)*v;
	if (!create)
		return NULL;
	struct proc *p = xcalloc(1, sizeof(*p));
	trace_map_put(&r->procs, (uint64_t)(uint32_t)pid, (uint64_t)(uintptr_t)p);
	return p;
}

static void proc_clear(struct proc *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->maps[i].path);
	p->n = 0;
}

static void proc_drop(struct rec_ring *r, int32_t pid)
{
	struct proc *p = proc_of(r, pid, false);

	if (!p)
		return;
	proc_clear(p);
	free(p->maps);
	free(p);
	trace_map_put(&r->procs, (uint64_t)(uint32_t)pid, 0);
}

/* Removes [start, end) from p's mappings, splitting those it cuts. */
static void proc_punch(struct proc *p, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < p->n; i++) {
		struct mapping *m = &p->maps[i];
		if (m->m.end <= start || m->m.start >= end)
			continue;
		if (m->m.start < start && m->m.end > end) { /* a hole in the middle */
			xgrow((void **)&p->maps, &p->cap, p->n + 1, sizeof(*p->maps));
			m = &p->maps[i];
			struct mapping right = *m;
			right.path = xstrdup(m->path);
			right.m.path = right.path;
			right.m.offset += end - m->m.start;
			right.m.start = end;
			m->m.end = start;
			p->maps[p->n++] = right;
		} else if (m->m.start < start) {
			m->m.end = start;
		} else if (m->m.end > end) {
			m->m.offset += end - m->m.start;
			m->m.start = end;
		} else {
			free(m->path);
			p->maps[i--] = p->maps[--p->n];
		}
	}
}

static void proc_map(struct rec_ring *r, const struct trace_module *tm)
{
	struct proc *p = proc_of(r, tm->pid, true);

	proc_punch(p, tm->start, tm->end);
	xgrow((void **)&p->maps, &p->cap, p->n + 1, sizeof(*p->maps));
	struct mapping *m = &p->maps[p->n++];
	m->m = *tm;
	m->path = xstrdup(tm->path ? tm->path : "");
	m->m.path = m->path;
}

static struct trace_thread *thread_of(struct rec_ring *r, int32_t tid)
{
	uint64_t *v = trace_map_get(&r->threads, (uint64_t)(uint32_t)tid);

	return v && *v ? (struct trace_thread *)(uintptr_t)*v : NULL;
}

static void thread_drop(struct rec_ring *r, int32_t tid)
{
	free(thread_of(r, tid));
	trace_map_put(&r->threads, (uint64_t)(uint32_t)tid, 0);
}

static void thread_put(struct rec_ring *r, const struct trace_thread *t)
{
	struct trace_thread *c = thread_of(r, t->tid);

	if (!c) {
		c = xmalloc(sizeof(*c));
		trace_map_put(&r->threads, (uint64_t)(uint32_t)t->tid, (uint64_t)(uintptr_t)c);
	}
	*c = *t;
}

/* A record leaves the window: the state at the window's start takes it in. */
static void state_apply(struct rec_ring *r, const struct trace_record *rec)
{
	switch (rec->type) {
	case TREC_THREAD:
		if (!(rec->u.thread.flags & TTHREAD_IS_THREAD)) {
			struct proc *p = proc_of(r, rec->u.thread.pid, true);
			proc_clear(p); /* a new address space */
		}
		thread_put(r, &rec->u.thread);
		break;
	case TREC_EXEC: {
		struct proc *p = proc_of(r, rec->u.exec.pid, false);
		if (p)
			proc_clear(p);
		if (rec->u.exec.old_tid != rec->u.exec.tid)
			thread_drop(r, rec->u.exec.old_tid);
		struct trace_thread t = {
		    .ts = rec->u.exec.ts, .tid = rec->u.exec.tid, .pid = rec->u.exec.pid};
		memcpy(t.comm, rec->u.exec.comm, TRACE_COMM_LEN);
		thread_put(r, &t);
		break;
	}
	case TREC_EXIT:
		thread_drop(r, rec->u.exit.tid);
		if (rec->u.exit.flags & TEXIT_PROCESS) {
			for (uint32_t i = 0; i < r->threads.cap; i++)
				if (r->threads.used[i] && r->threads.vals[i] &&
				    ((struct trace_thread *)(uintptr_t)r->threads.vals[i])->pid ==
				        rec->u.exit.pid)
					thread_drop(r, (int32_t)r->threads.keys[i]);
			proc_drop(r, rec->u.exit.pid);
		}
		break;
	case TREC_MODULE_MAP:
		proc_map(r, &rec->u.map);
		break;
	case TREC_MODULE_UNMAP: {
		struct proc *p = proc_of(r, rec->u.unmap.pid, false);
		if (p)
			proc_punch(p, rec->u.unmap.start, rec->u.unmap.end);
		break;
	}
	case TREC_RENAME: {
		uint64_t *v = trace_map_get(&r->threads, (uint64_t)(uint32_t)rec->u.rename.tid);
		if (v && *v)
			memcpy(((struct trace_thread *)(uintptr_t)*v)->comm, rec->u.rename.comm,
			       TRACE_COMM_LEN);
		break;
	}
	case TREC_SYSCALL:
		for (unsigned i = 0; i < r->ntrig; i++)
			if (rec_trigger_counts(&r->trig[i], &rec->u.sys))
				rec_trigger_remove(&r->trig[i], &rec->u.sys);
		break;
	default:
		break;
	}
}

static void keep_stack(struct rec_ring *r, const struct trace_stack *st)
{
	uint64_t *v = trace_map_get(&r->stacks, st->id);

	if (v && *v)
		return;
	struct stack_def *d = xmalloc(sizeof(*d) + st->depth * sizeof(uint64_t));
	d->depth = st->depth;
	memcpy(d->pcs, st->pcs, st->depth * sizeof(uint64_t));
	trace_map_put(&r->stacks, st->id, (uint64_t)(uintptr_t)d);
}

static void keep_image(struct rec_ring *r, const struct trace_image *im)
{
	xgrow((void **)&r->images, &r->capimages, r->nimages + 1, sizeof(*r->images));
	struct trace_record *c = &r->images[r->nimages++];
	c->type = TREC_IMAGE;
	c->u.image = *im;
	c->u.image.name = xstrdup(im->name ? im->name : "[vdso]");
	uint8_t *data = xmalloc(im->size ? im->size : 1);
	memcpy(data, im->data, im->size);
	c->u.image.data = data;
}

/* --- the window ------------------------------------------------------------ */

static size_t member_size(enum trace_rec_type type)
{
	struct trace_record r;

	switch (type) {
	case TREC_THREAD:
		return sizeof(r.u.thread);
	case TREC_EXEC:
		return sizeof(r.u.exec);
	case TREC_EXIT:
		return sizeof(r.u.exit);
	case TREC_MODULE_MAP:
		return sizeof(r.u.map);
	case TREC_MODULE_UNMAP:
		return sizeof(r.u.unmap);
	case TREC_SYSCALL:
		return sizeof(r.u.sys);
	case TREC_SIGNAL:
		return sizeof(r.u.sig);
	case TREC_LOST:
		return sizeof(r.u.lost);
	case TREC_RENAME:
		return sizeof(r.u.rename);
	default:
		return 0;
	}
}

/* Bytes of rec's member an entry keeps: a call without the payload slots it
 * does not use. */
static size_t body_size(const struct trace_record *rec)
{
	if (rec->type == TREC_SYSCALL)
		return offsetof(struct trace_syscall, payloads) +
		       rec->u.sys.npayloads * sizeof(struct trace_payload);
	return member_size(rec->type);
}

/* The variable bytes of rec, in the order entry_copy writes them. */
static size_t var_size(const struct trace_record *rec)
{
	size_t n = 0;

	if (rec->type == TREC_SYSCALL)
		for (unsigned i = 0; i < rec->u.sys.npayloads; i++)
			n += rec->u.sys.payloads[i].len;
	else if (rec->type == TREC_MODULE_MAP)
		n = strlen(rec->u.map.path ? rec->u.map.path : "") + 1;
	else if (rec->type == TREC_EXEC)
		n = strlen(rec->u.exec.filename ? rec->u.exec.filename : "") + 1 +
		    (rec->u.exec.argv ? rec->u.exec.argv_len : 0);
	return n;
}

static void entry_copy(uint8_t *dst, const struct trace_record *rec, size_t msize)
{
	uint8_t *v = dst + msize;

	memcpy(dst, &rec->u, msize);
	if (rec->type == TREC_SYSCALL) {
		for (unsigned i = 0; i < rec->u.sys.npayloads; i++) {
			if (rec->u.sys.payloads[i].len)
				memcpy(v, rec->u.sys.payloads[i].data, rec->u.sys.payloads[i].len);
			v += rec->u.sys.payloads[i].len;
		}
	} else if (rec->type == TREC_MODULE_MAP) {
		const char *p = rec->u.map.path ? rec->u.map.path : "";
		memcpy(v, p, strlen(p) + 1);
	} else if (rec->type == TREC_EXEC) {
		const char *f = rec->u.exec.filename ? rec->u.exec.filename : "";
		memcpy(v, f, strlen(f) + 1);
		v += strlen(f) + 1;
		if (rec->u.exec.argv && rec->u.exec.argv_len)
			memcpy(v, rec->u.exec.argv, rec->u.exec.argv_len);
	}
}

/* The record of entry e, its pointers into the entry. */
static void entry_record(const struct ent *e, struct trace_record *rec)
{
	const uint8_t *body = (const uint8_t *)(e + 1);
	size_t msize = e->body;
	const uint8_t *v = body + msize;

	memset(rec, 0, sizeof(*rec));
	rec->type = (enum trace_rec_type)e->type;
	memcpy(&rec->u, body, msize);
	if (rec->type == TREC_SYSCALL) {
		for (unsigned i = 0; i < rec->u.sys.npayloads; i++) {
			rec->u.sys.payloads[i].data = v;
			v += rec->u.sys.payloads[i].len;
		}
	} else if (rec->type == TREC_MODULE_MAP) {
		rec->u.map.path = (const char *)v;
	} else if (rec->type == TREC_EXEC) {
		rec->u.exec.filename = (const char *)v;
		v += strlen((const char *)v) + 1;
		rec->u.exec.argv = rec->u.exec.argv_len ? (const char *)v : NULL;
	}
}

static struct ent *oldest(const struct rec_ring *r)
{
	struct blk *b = r->first;

	return b && b->head < b->tail ? (struct ent *)(b->data + b->head) : NULL;
}

static void evict_one(struct rec_ring *r)
{
	struct blk *b = r->first;
	struct ent *e = oldest(r);
	struct trace_record rec;

	entry_record(e, &rec);
	state_apply(r, &rec);
	if (e->type == TREC_SYSCALL)
		r->calls--;
	r->bytes -= e->len;
	r->seq_out = e->seq + 1;
	b->head += e->len;
	if (b->head == b->tail) {
		if (b->next) { /* the block is spent: keep it for the next one needed */
			r->first = b->next;
			free(r->spare);
			r->spare = b;
		} else {
			b->head = b->tail = 0;
		}
	}
	if (!r->armed && r->seq_out > r->rearm_seq)
		r->armed = true;
}

/* Drops what is older than the window (or beyond its memory) at now. */
static void evict(struct rec_ring *r, uint64_t now)
{
	struct ent *e;

	while ((e = oldest(r)) != NULL &&
	       (r->bytes > r->o.max_bytes || (r->o.window_ns && e->end + r->o.window_ns < now)))
		evict_one(r);
}

static uint8_t *append(struct rec_ring *r, size_t len)
{
	struct blk *b = r->last;

	if (!b || b->size - b->tail < len) {
		size_t size = len > r->block ? len : r->block;
		if (r->spare && r->spare->size >= size) {
			b = r->spare;
			r->spare = NULL;
		} else {
			b = xmalloc(sizeof(*b) + size);
			b->size = size;
		}
		b->next = NULL;
		b->head = b->tail = 0;
		if (r->last)
			r->last->next = b;
		else
			r->first = b;
		r->last = b;
	}
	uint8_t *p = b->data + b->tail;
	b->tail += len;
	return p;
}

static uint64_t record_end(const struct trace_record *rec)
{
	switch (rec->type) {
	case TREC_SYSCALL:
		return rec->u.sys.ts + rec->u.sys.duration;
	case TREC_THREAD:
		return rec->u.thread.ts;
	case TREC_EXEC:
		return rec->u.exec.ts;
	case TREC_EXIT:
		return rec->u.exit.ts;
	case TREC_MODULE_MAP:
		return rec->u.map.ts;
	case TREC_MODULE_UNMAP:
		return rec->u.unmap.ts;
	case TREC_SIGNAL:
		return rec->u.sig.ts;
	case TREC_LOST:
		return rec->u.lost.ts;
	case TREC_RENAME:
		return rec->u.rename.ts;
	default:
		return 0;
	}
}

/* --- writing --------------------------------------------------------------- */

static int write_window(struct rec_ring *r, enum rec_ring_why why, const char *detail)
{
	if (r->writing || !r->fn)
		return 0;
	r->writing = true;
	int ret = r->fn(r->ctx, r, why, detail);
	r->writing = false;
	return ret;
}

/* The trigger that fires with sys entering the window, described in buf. */
static bool fired(struct rec_ring *r, const struct trace_syscall *sys, char *buf, size_t len)
{
	bool any = false;

	for (unsigned i = 0; i < r->ntrig; i++) {
		struct rec_trigger *t = &r->trig[i];
		if (!rec_trigger_counts(t, sys) || !rec_trigger_add(t, sys) || any || !r->armed)
			continue;
		const char *name = trace_syscall_name(sys->nr);
		if (t->kind == REC_TRIG_LATENCY)
			snprintf(buf, len, "%s: %s took %.3f ms in pid %d", t->text,
			         name ? name : "?", (double)sys->duration / 1e6, (int)sys->pid);
		else
			snprintf(buf, len,
			         "%s: %llu failed calls in the window, the last %s in pid %d",
			         t->text, (unsigned long long)t->count, name ? name : "?",
			         (int)sys->pid);
		any = true;
	}
	return any;
}

static int ring_emit(struct trace_sink *s, const struct trace_record *rec)
{
	struct rec_ring *r = s->ctx;
	char detail[512];

	if (rec->type == TREC_STACK) {
		keep_stack(r, &rec->u.stack);
		return 0;
	}
	if (rec->type == TREC_IMAGE) {
		keep_image(r, &rec->u.image);
		return 0;
	}
	size_t msize = body_size(rec);
	if (msize == 0)
		return 0; /* nothing else travels in a window */
	size_t len = (sizeof(struct ent) + msize + var_size(rec) + 7) & ~(size_t)7;
	struct ent *e = (struct ent *)append(r, len);
	e->len = (uint32_t)len;
	e->type = (uint16_t)rec->type;
	e->body = (uint16_t)msize;
	e->end = record_end(rec);
	e->seq = r->seq_in++;
	entry_copy((uint8_t *)(e + 1), rec, msize);
	r->bytes += len;
	if (e->end > r->newest)
		r->newest = e->end;
	if (rec->type == TREC_SYSCALL)
		r->calls++;
	evict(r, r->newest);
	int ret = 0;
	if (rec->type == TREC_SYSCALL && r->ntrig &&
	    fired(r, &rec->u.sys, detail, sizeof(detail))) {
		r->armed = false;
		r->rearm_seq = r->seq_in - 1;
		ret = write_window(r, REC_RING_TRIGGER, detail);
	}
	if (r->asked) {
		r->asked = 0;
		int w = write_window(r, REC_RING_SIGNAL, NULL);
		ret = ret ? ret : w;
	}
	return ret;
}

static int ring_tick(struct trace_sink *s, uint64_t now)
{
	struct rec_ring *r = s->ctx;

	if (now > r->newest)
		r->newest = now;
	evict(r, r->newest);
	if (r->asked) {
		r->asked = 0;
		return write_window(r, REC_RING_SIGNAL, NULL);
	}
	return 0;
}

/* Hands out the threads and address spaces the window begins with. */
static int replay_state(struct rec_ring *r, struct trace_sink *out)
{
	struct trace_record rec;
	int ret = 0;

	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = 0; i < r->threads.cap && ret == 0; i++) {
			if (!r->threads.used[i] || !r->threads.vals[i])
				continue;
			const struct trace_thread *t = (const void *)(uintptr_t)r->threads.vals[i];
			if ((t->tid == t->pid) != (pass == 0))
				continue;
			rec.type = TREC_THREAD;
			rec.u.thread = *t;
			rec.u.thread.ppid = 0;
			rec.u.thread.flags = TTHREAD_ATTACHED | (pass ? TTHREAD_IS_THREAD : 0);
			ret = out->emit(out, &rec);
		}
	for (size_t i = 0; i < r->nimages && ret == 0; i++)
		ret = out->emit(out, &r->images[i]);
	for (uint32_t i = 0; i < r->procs.cap && ret == 0; i++) {
		if (!r->procs.used[i] || !r->procs.vals[i])
			continue;
		const struct proc *p = (const void *)(uintptr_t)r->procs.vals[i];
		for (size_t k = 0; k < p->n && ret == 0; k++) {
			rec.type = TREC_MODULE_MAP;
			rec.u.map = p->maps[k].m;
			ret = out->emit(out, &rec);
		}
	}
	return ret;
}

/* The definitions of the stacks the window's calls use. */
static int replay_stacks(struct rec_ring *r, struct trace_sink *out)
{
	struct trace_map used;
	int ret = 0;

	trace_map_init(&used);
	for (struct blk *b = r->first; b && ret == 0; b = b->next)
		for (size_t off = b->head; off < b->tail && ret == 0;) {
			const struct ent *e = (const struct ent *)(b->data + off);
			off += e->len;
			if (e->type != TREC_SYSCALL)
				continue;
			const struct trace_syscall *sys = (const void *)(e + 1);
			uint32_t id = sys->stack_id;
			uint64_t *d = id ? trace_map_get(&r->stacks, id) : NULL;
			if (!d || !*d || trace_map_get(&used, id))
				continue;
			trace_map_put(&used, id, 1);
			const struct stack_def *sd = (const void *)(uintptr_t)*d;
			struct trace_record rec = {.type = TREC_STACK};
			rec.u.stack.id = id;
			rec.u.stack.depth = sd->depth;
			rec.u.stack.pcs = sd->pcs;
			ret = out->emit(out, &rec);
		}
	trace_map_free(&used);
	return ret;
}

int rec_ring_replay(struct rec_ring *r, struct trace_sink *out)
{
	int ret = replay_state(r, out);

	if (ret == 0)
		ret = replay_stacks(r, out);
	for (struct blk *b = r->first; b && ret == 0; b = b->next)
		for (size_t off = b->head; off < b->tail && ret == 0;) {
			const struct ent *e = (const struct ent *)(b->data + off);
			struct trace_record rec;
			off += e->len;
			entry_record(e, &rec);
			if (rec.type == TREC_SYSCALL && rec.u.sys.stack_id &&
			    !trace_map_get(&r->stacks, rec.u.sys.stack_id))
				rec.u.sys.stack_id =
				    0; /* never defined: no stack rather than a bad id */
			ret = out->emit(out, &rec);
		}
	return ret;
}

/* --- life ------------------------------------------------------------------ */

struct rec_ring *rec_ring_new(const struct rec_ring_opts *o, struct rec_trigger *trig,
                              unsigned ntrig, rec_ring_write_fn fn, void *ctx)
{
	struct rec_ring *r = xcalloc(1, sizeof(*r));

	r->o = *o;
	r->trig = trig;
	r->ntrig = ntrig;
	r->fn = fn;
	r->ctx = ctx;
	r->armed = true;
	r->block = (size_t)(o->max_bytes / 16);
	if (r->block < BLOCK_MIN)
		r->block = BLOCK_MIN;
	if (r->block > BLOCK_MAX)
		r->block = BLOCK_MAX;
	trace_map_init(&r->threads);
	trace_map_init(&r->procs);
	trace_map_init(&r->stacks);
	return r;
}

static void free_values(struct trace_map *m)
{
	for (uint32_t i = 0; i < m->cap; i++)
		if (m->used[i])
			free((void *)(uintptr_t)m->vals[i]);
	trace_map_free(m);
}

void rec_ring_free(struct rec_ring *r)
{
	if (!r)
		return;
	for (struct blk *b = r->first, *n; b; b = n) {
		n = b->next;
		free(b);
	}
	free(r->spare);
	for (uint32_t i = 0; i < r->procs.cap; i++)
		if (r->procs.used[i] && r->procs.vals[i]) {
			struct proc *p = (struct proc *)(uintptr_t)r->procs.vals[i];
			proc_clear(p);
			free(p->maps);
		}
	free_values(&r->procs);
	free_values(&r->threads);
	free_values(&r->stacks);
	for (size_t i = 0; i < r->nimages; i++) {
		free((void *)r->images[i].u.image.name);
		free((void *)r->images[i].u.image.data);
	}
	free(r->images);
	free(r);
}

struct trace_sink rec_ring_sink(struct rec_ring *r)
{
	struct trace_sink s = {.emit = ring_emit, .tick = ring_tick, .ctx = r};
	return s;
}

void rec_ring_request(struct rec_ring *r)
{
	r->asked = 1;
}

uint64_t rec_ring_calls(const struct rec_ring *r)
{
	return r->calls;
}

uint64_t rec_ring_span_ns(const struct rec_ring *r)
{
	const struct ent *e = oldest(r);

	return e && r->newest > e->end ? r->newest - e->end : 0;
}
