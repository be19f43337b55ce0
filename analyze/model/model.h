/*
 * model.h - the one trace model of analyze/: what the records say about the
 * traced processes, fed once per record in trace order and queried by the
 * report, the exports and the symbolizer's caller instead of each keeping its
 * own copy. It follows threads (tid -> pid, command, traced or gone),
 * address-space generations (model_changes_space decides, once, which
 * records change what a process has mapped), and, when asked to, the stack
 * table of the trace's STACK records.
 */
#ifndef RENACER_MODEL_H
#define RENACER_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "libtrace/trace_event.h"

struct trace_stacks;

/* One thread as the records so far describe it. */
struct model_thread {
	int32_t tid, pid;
	bool alive;                /* traced now: seen, and no exit or detach since */
	char comm[TRACE_COMM_LEN]; /* NUL-terminated; "" until a THREAD or EXEC record names it */
};

struct model;

/* A new, empty model; with stacks, STACK records are kept (model_stacks). */
struct model *model_new(bool stacks);
void model_free(struct model *m);
/* Feeds one record (in trace order). Returns the thread the record is about
 * (SYSCALL, THREAD, EXEC, SIGNAL, EXIT; a thread first seen in a syscall is
 * added without a name), or NULL. The pointer is valid until the next feed. */
const struct model_thread *model_feed(struct model *m, const struct trace_record *rec);
/* Whether rec changes what process *pid has mapped (a new process, an exec,
 * a module mapped or unmapped, an in-memory image): the one place that
 * decides it. */
bool model_changes_space(const struct trace_record *rec, int32_t *pid);
/* The thread tid, or NULL when no record named it yet. */
const struct model_thread *model_thread(struct model *m, int32_t tid);
/* Threads seen so far (a reused tid counts once). */
uint64_t model_threads_seen(const struct model *m);
/* Threads traced during the record fed last: the live ones, plus a thread
 * during its own exit record. */
uint32_t model_threads_traced(const struct model *m);
/* The attribution stamp of pid's events now: equal stamps mean the same
 * address space and the same stack definitions, so a source attributed under
 * one stamp holds for every event with that stamp. */
uint64_t model_stamp(const struct model *m, int32_t pid);
/* The stack table (NULL when made without stacks). */
const struct trace_stacks *model_stacks(const struct model *m);

#endif
