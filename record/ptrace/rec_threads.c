/*
 * rec_threads.c - tid -> per-thread tracer state, as an open-addressing hash
 * table with linear probing and backward-shift deletion (no tombstones, so
 * lookups stay short however many threads come and go).
 */
#include "record/ptrace/rec_threads.h"

#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_util.h"

#define REC_THREADS_MIN_CAP 64

static unsigned slot_of(const struct rec_threads *t, pid_t tid)
{
	uint32_t h = (uint32_t)tid * 2654435761u;

	return h & (t->cap - 1);
}

void rec_threads_init(struct rec_threads *t)
{
	memset(t, 0, sizeof(*t));
	t->cap = REC_THREADS_MIN_CAP;
	t->slots = xcalloc(t->cap, sizeof(*t->slots));
}

static void thread_free(struct rec_thread *th)
{
	free(th->paybuf);
	free(th);
}

void rec_threads_free(struct rec_threads *t)
{
	for (unsigned i = 0; i < t->cap; i++)
		if (t->slots[i])
			thread_free(t->slots[i]);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

struct rec_thread *rec_threads_find(struct rec_threads *t, pid_t tid)
{
	if (t->last && t->last->tid == tid)
		return t->last;
	for (unsigned i = slot_of(t, tid);; i = (i + 1) & (t->cap - 1)) {
		struct rec_thread *th = t->slots[i];

		if (!th)
			return NULL;
		if (th->tid == tid) {
			t->last = th;
			return th;
		}
	}
}

static void insert_slot(struct rec_threads *t, struct rec_thread *th)
{
	unsigned i = slot_of(t, th->tid);

	while (t->slots[i])
		i = (i + 1) & (t->cap - 1);
	t->slots[i] = th;
}

static void grow(struct rec_threads *t)
{
	struct rec_thread **old = t->slots;
	unsigned oldcap = t->cap;

	t->cap *= 2;
	t->slots = xcalloc(t->cap, sizeof(*t->slots));
	for (unsigned i = 0; i < oldcap; i++)
		if (old[i])
			insert_slot(t, old[i]);
	free(old);
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
	if ((t->count + 1) * 2 > t->cap)
		grow(t);
	insert_slot(t, th);
	t->count++;
	return th;
}

/* Takes the entry of tid out of the table without freeing it. */
static struct rec_thread *unlink_tid(struct rec_threads *t, pid_t tid)
{
	unsigned i = slot_of(t, tid);

	while (t->slots[i] && t->slots[i]->tid != tid)
		i = (i + 1) & (t->cap - 1);
	struct rec_thread *th = t->slots[i];
	if (!th)
		return NULL;
	t->slots[i] = NULL;
	t->count--;
	if (t->last == th)
		t->last = NULL;
	/* Backward shift: re-place the rest of the cluster. */
	for (unsigned j = (i + 1) & (t->cap - 1); t->slots[j]; j = (j + 1) & (t->cap - 1)) {
		struct rec_thread *m = t->slots[j];

		t->slots[j] = NULL;
		insert_slot(t, m);
	}
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
	insert_slot(t, th);
	t->count++;
}

unsigned rec_threads_count_pid(const struct rec_threads *t, pid_t pid)
{
	unsigned n = 0;

	for (unsigned i = 0; i < t->cap; i++)
		if (t->slots[i] && t->slots[i]->pid == pid)
			n++;
	return n;
}

struct rec_thread *rec_threads_next(const struct rec_threads *t, unsigned *pos)
{
	while (*pos < t->cap) {
		struct rec_thread *th = t->slots[(*pos)++];

		if (th)
			return th;
	}
	return NULL;
}
