/*
 * trace_map.h - the project's one hash table: a small open-addressing map
 * from 64-bit keys to 64-bit values. Integer keys (thread and process ids,
 * row keys) are used as they are; content (stacks, strings, source
 * locations) is kept by its hash with trace_map_find, which settles
 * collisions with the caller's compare. Lookups never allocate; inserts grow
 * the table by doubling; integer keys can be deleted (no tombstones) and
 * every entry visited.
 */
#ifndef RENACER_TRACE_MAP_H
#define RENACER_TRACE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libtrace/trace_hash.h"

struct trace_map {
	uint64_t *keys;
	uint64_t *vals;
	uint8_t *used;
	uint32_t cap;   /* a power of two, or 0 before the first insert */
	uint32_t count; /* entries held */
};

/* Initialises an empty map (no memory until the first insert). */
void trace_map_init(struct trace_map *m);
/* Frees the map's memory; the map is then empty and usable again. */
void trace_map_free(struct trace_map *m);
/* Finds key: the address of its value, or NULL when absent. The address stays
 * valid until the next insert. (Inline: it sits on the report's per-event path.) */
static inline uint64_t *trace_map_get(const struct trace_map *m, uint64_t key);
/* Inserts or replaces key with val; returns the address of the stored value. */
uint64_t *trace_map_put(struct trace_map *m, uint64_t key, uint64_t val);
/* Content kept by its hash h: entries whose content hashes to h are stored
 * under the keys h, h + 1, ... (a collision takes the next free key). Returns
 * the value of the first of those keys for which same(ctx, value) holds, or
 * NULL; then *free_key (when not NULL) is the key to trace_map_put the new
 * entry under. */
static inline uint64_t *trace_map_find(const struct trace_map *m, uint64_t h,
                                       bool (*same)(const void *ctx, uint64_t val), const void *ctx,
                                       uint64_t *free_key);
/* Removes key; true when it was there. Addresses given by trace_map_get are
 * then stale. For integer keys only: content kept under h, h + 1, ...
 * (trace_map_find) must not be removed, or the later keys of its run would no
 * longer be found. */
bool trace_map_del(struct trace_map *m, uint64_t key);
/* Iteration in no particular order: *pos starts at 0; each call stores the
 * next entry's key and value (either pointer may be NULL) and returns true,
 * or returns false when every entry was given. The map must not change during
 * an iteration (collect the keys first to delete while walking). */
bool trace_map_next(const struct trace_map *m, uint32_t *pos, uint64_t *key, uint64_t *val);
/* Bytes of memory the map holds. */
size_t trace_map_bytes(const struct trace_map *m);

/* The slot a key's probe starts at. */
static inline uint32_t trace_map_slot0_(const struct trace_map *m, uint64_t key)
{
	return (uint32_t)trace_hash_fold(key) & (m->cap - 1);
}

static inline uint64_t *trace_map_get(const struct trace_map *m, uint64_t key)
{
	if (m->cap == 0)
		return NULL;
	uint32_t mask = m->cap - 1;
	for (uint32_t i = trace_map_slot0_(m, key);; i = (i + 1) & mask) {
		if (!m->used[i])
			return NULL;
		if (m->keys[i] == key)
			return &m->vals[i];
	}
}

/* Inline so that a caller's compare is inlined too (interning is per event). */
static inline uint64_t *trace_map_find(const struct trace_map *m, uint64_t h,
                                       bool (*same)(const void *ctx, uint64_t val), const void *ctx,
                                       uint64_t *free_key)
{
	for (;; h++) {
		uint64_t *v = trace_map_get(m, h);
		if (!v)
			break;
		if (same(ctx, *v))
			return v;
	}
	if (free_key)
		*free_key = h;
	return NULL;
}

#endif
