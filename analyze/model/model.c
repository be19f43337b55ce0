/*
 * model.c - the one trace model: threads in an array indexed by a trace_map
 * (tid -> index) with a one-entry cache for the common run of calls from one
 * thread, address-space generations in a trace_map (pid -> generation), and
 * the stack table with an epoch bumped when a stack id is redefined. The
 * address spaces themselves: model_space.c.
 */
#include "analyze/model/model_int.h"

#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_map.h"
#include "libtrace/trace_stacks.h"
#include "libtrace/trace_util.h"

struct model *model_new(bool stacks)
{
	struct model *m = xcalloc(1, sizeof(*m));
	trace_map_init(&m->by_tid);
	trace_map_init(&m->gen);
	trace_map_init(&m->spaces);
	trace_map_init(&m->path_index);
	m->last_tid = -1;
	if (stacks)
		m->stacks = trace_stacks_new();
	return m;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	free(m->threads);
	trace_map_free(&m->by_tid);
	trace_map_free(&m->gen);
	trace_stacks_free(m->stacks);
	model_spaces_free(m);
	free(m);
}

static struct model_thread *thread_find(struct model *m, int32_t tid)
{
	if (tid == m->last_tid)
		return &m->threads[m->last_idx];
	uint64_t *v = trace_map_get(&m->by_tid, (uint32_t)tid);
	if (!v)
		return NULL;
	m->last_tid = tid;
	m->last_idx = (size_t)*v;
	return &m->threads[*v];
}

const struct model_thread *model_thread(struct model *m, int32_t tid)
{
	return thread_find(m, tid);
}

/* The thread tid, added when new and traced from now on, under pid; comm
 * (NUL-padded, may be NULL) names it. */
static struct model_thread *thread_note(struct model *m, int32_t tid, int32_t pid, const char *comm)
{
	struct model_thread *t = thread_find(m, tid);
	if (!t) {
		xgrow((void **)&m->threads, &m->capthreads, m->nthreads + 1, sizeof(*m->threads));
		t = &m->threads[m->nthreads];
		memset(t, 0, sizeof(*t));
		t->tid = tid;
		trace_map_put(&m->by_tid, (uint32_t)tid, m->nthreads);
		m->last_tid = tid;
		m->last_idx = m->nthreads++;
	}
	if (!t->alive) {
		t->alive = true;
		m->alive++;
	}
	t->pid = pid;
	if (comm) {
		memcpy(t->comm, comm, TRACE_COMM_LEN);
		t->comm[TRACE_COMM_LEN - 1] = '\0';
	}
	return t;
}

static struct model_thread *thread_exit(struct model *m, int32_t tid)
{
	struct model_thread *t = thread_find(m, tid);
	if (t && t->alive) {
		t->alive = false;
		m->alive--;
		m->exiting = true;
	}
	return t;
}

bool model_changes_space(const struct trace_record *rec, int32_t *pid)
{
	switch (rec->type) {
	case TREC_THREAD:
		*pid = rec->u.thread.pid;
		return !(rec->u.thread.flags & TTHREAD_IS_THREAD);
	case TREC_EXEC:
		*pid = rec->u.exec.pid;
		return true;
	case TREC_MODULE_MAP:
		*pid = rec->u.map.pid;
		return true;
	case TREC_MODULE_UNMAP:
		*pid = rec->u.unmap.pid;
		return true;
	case TREC_IMAGE:
		*pid = rec->u.image.pid;
		return true;
	default:
		return false;
	}
}

static void space_bump(struct model *m, int32_t pid)
{
	uint64_t *g = trace_map_get(&m->gen, (uint32_t)pid);
	if (g)
		(*g)++;
	else
		trace_map_put(&m->gen, (uint32_t)pid, 1);
}

static void stack_define(struct model *m, const struct trace_stack *st)
{
	if (trace_stacks_update(m->stacks, st->id, st->pcs, st->depth) == TRACE_STACK_CHANGED)
		m->stack_epoch++;
}

const struct model_thread *model_feed(struct model *m, const struct trace_record *rec)
{
	int32_t pid;
	m->exiting = false;
	switch (rec->type) {
	case TREC_SYSCALL: {
		struct model_thread *t = thread_find(m, rec->u.sys.tid);
		return t ? t : thread_note(m, rec->u.sys.tid, rec->u.sys.pid, NULL);
	}
	case TREC_STACK:
		if (m->stacks)
			stack_define(m, &rec->u.stack);
		return NULL;
	case TREC_SIGNAL:
		return thread_find(m, rec->u.sig.tid);
	case TREC_EXIT:
		return thread_exit(m, rec->u.exit.tid);
	case TREC_RENAME: {
		struct model_thread *t = thread_find(m, rec->u.rename.tid);
		if (t) {
			memcpy(t->comm, rec->u.rename.comm, TRACE_COMM_LEN);
			t->comm[TRACE_COMM_LEN - 1] = '\0';
		}
		return t;
	}
	default:
		break;
	}
	if (model_changes_space(rec, &pid)) {
		space_bump(m, pid);
		if (m->stacks)
			model_space_feed(m, rec);
	}
	if (rec->type == TREC_THREAD)
		return thread_note(m, rec->u.thread.tid, rec->u.thread.pid, rec->u.thread.comm);
	if (rec->type == TREC_EXEC)
		return thread_note(m, rec->u.exec.tid, rec->u.exec.pid, rec->u.exec.comm);
	return NULL;
}

uint64_t model_threads_seen(const struct model *m)
{
	return m->nthreads;
}

uint32_t model_threads_traced(const struct model *m)
{
	return m->alive + (m->exiting ? 1 : 0);
}

uint64_t model_stamp(const struct model *m, int32_t pid)
{
	const uint64_t *g = trace_map_get(&m->gen, (uint32_t)pid);
	return (uint64_t)m->stack_epoch << 32 | (g ? *g : 0);
}

const struct trace_stacks *model_stacks(const struct model *m)
{
	return m->stacks;
}
