/*
 * rec_threads.c - tid -> per-thread tracer state: a trace_map from tid to the
 * entry (allocated once per thread), with a one-entry cache for the run of
 * stops of one thread.
 */
#include "record/ptrace/rec_threads.h"

#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_util.h"

static uint64_t key_of(pid_t tid)
{
	return (uint32_t)tid;
}

static struct rec_thread *thread_at(uint64_t val)
{
	return (struct rec_thread *)(uintptr_t)val;
}

void rec_threads_init(struct rec_threads *t)
{
	memset(t, 0, sizeof(*t));
	trace_map_init(&t->map);
}

static void thread_free(struct rec_thread *th)
{
	rec_sw_thread_close(&th->sw);
	free(th->paybuf);
	free(th);
}

void rec_threads_free(struct rec_threads *t)
{
	unsigned pos = 0;
	struct rec_thread *th;

	while ((th = rec_threads_next(t, &pos)) != NULL)
		thread_free(th);
	trace_map_free(&t->map);
	memset(t, 0, sizeof(*t));
}

struct rec_thread *rec_threads_find(struct rec_threads *t, pid_t tid)
{
	if (t->last && t->last->tid == tid)
		return t->last;
	const uint64_t *v = trace_map_get(&t->map, key_of(tid));
	if (!v)
		return NULL;
	t->last = thread_at(*v);
	return t->last;
}

static void insert(struct rec_threads *t, struct rec_thread *th)
{
	trace_map_put(&t->map, key_of(th->tid), (uint64_t)(uintptr_t)th);
	t->count = t->map.count;
}

struct rec_thread *rec_threads_add(struct rec_threads *t, pid_t tid, pid_t pid, size_t paycap)
{
	struct rec_thread *th = xcalloc(1, sizeof(*th));

	th->tid = tid;
	th->pid = pid;
	if (paycap) {
		th->paybuf = xmalloc(paycap);
		th->paycap = paycap;
	}
	insert(t, th);
	return th;
}

/* Takes the entry of tid out of the table without freeing it. */
static struct rec_thread *unlink_tid(struct rec_threads *t, pid_t tid)
{
	const uint64_t *v = trace_map_get(&t->map, key_of(tid));
	if (!v)
		return NULL;
	struct rec_thread *th = thread_at(*v);
	trace_map_del(&t->map, key_of(tid));
	t->count = t->map.count;
	if (t->last == th)
		t->last = NULL;
	return th;
}

void rec_threads_remove(struct rec_threads *t, pid_t tid)
{
	struct rec_thread *th = unlink_tid(t, tid);

	if (th)
		thread_free(th);
}

void rec_threads_rekey(struct rec_threads *t, pid_t old_tid, pid_t new_tid)
{
	struct rec_thread *th = unlink_tid(t, old_tid);

	if (!th)
		return;
	th->tid = new_tid;
	insert(t, th);
}

unsigned rec_threads_count_pid(const struct rec_threads *t, pid_t pid)
{
	unsigned pos = 0;
	unsigned n = 0;
	const struct rec_thread *th;

	while ((th = rec_threads_next(t, &pos)) != NULL)
		n += th->pid == pid;
	return n;
}

struct rec_thread *rec_threads_next(const struct rec_threads *t, unsigned *pos)
{
	uint64_t val;

	return trace_map_next(&t->map, pos, NULL, &val) ? thread_at(val) : NULL;
}
