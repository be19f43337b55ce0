/*
 * model.h - the one trace model of analyze/: what the records say about the
 * traced processes, fed once per record in trace order and queried by the
 * report, the exports and the symbolizer's caller instead of each keeping its
 * own copy. It follows threads (tid -> pid, command, traced or gone),
 * address-space generations (model_changes_space decides, once, which
 * records change what a process has mapped), and, when asked to, the stack
 * table of the trace's STACK records and each process's address space (its
 * executable mappings, their modules, in-memory images), which the
 * symbolizer (analyze/sym) looks PCs up in.
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

/* A new, empty model; with stacks, what symbolizing needs is kept too: the
 * STACK records (model_stacks) and the address spaces (model_map_at). */
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

/* A module file, as the MODULE_MAP records identify it: one build-id (else
 * one path, device and inode) is one module, however often it is mapped. */
struct model_module {
	const char *path; /* as first recorded */
	uint8_t build_id[TRACE_BUILD_ID_MAX];
	uint8_t build_id_len;
	uint64_t dev, inode;
	uint64_t min_offset; /* lowest file offset of its recorded mappings */
};

/* One executable mapping of a process. */
struct model_map {
	uint64_t start, end, offset; /* [start, end) maps the file from offset */
	uint32_t module;             /* index for model_module */
	uint32_t path;               /* index for model_path: the path it was recorded with */
};

/* An in-memory image a trace carries (the vDSO). */
struct model_image {
	uint8_t build_id[TRACE_BUILD_ID_MAX];
	uint8_t build_id_len;
	char *name;
	uint8_t *data;
	size_t size;
};

/* The mapping of process pid (or of the process of thread pid) that holds pc
 * now (or, failing that, held it before the process's last exec: the execve
 * call's own stack lies there), or NULL.
 * Kept only by a model made with stacks. Valid until the next feed. A
 * process's space outlives its EXIT; a new process with its pid replaces it. */
const struct model_map *model_map_at(const struct model *m, int32_t pid, uint64_t pc);
/* Module i (0 .. model_modules - 1), or NULL. Valid until the next feed. */
const struct model_module *model_module(const struct model *m, uint32_t i);
uint32_t model_modules(const struct model *m);
/* Recorded path i (0 .. model_paths - 1), or NULL; lives as long as m. */
const char *model_path(const struct model *m, uint32_t i);
uint32_t model_paths(const struct model *m);
/* The in-memory image of module mod (same build-id, else its path as the
 * image's name), or NULL. */
const struct model_image *model_image_for(const struct model *m, const struct model_module *mod);

#endif
