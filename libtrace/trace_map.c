/*
 * trace_map.c - open-addressing (linear probing) hash map from 64-bit keys to
 * 64-bit values, the project's one hash table. Kept at most half full; a
 * key's probe starts at the slot trace_hash_fold gives (trace_map_get, in the
 * header).
 */
#include "libtrace/trace_map.h"

#include <stdlib.h>

#include "libtrace/trace_util.h"

void trace_map_init(struct trace_map *m)
{
	m->keys = NULL;
	m->vals = NULL;
	m->used = NULL;
	m->cap = 0;
	m->count = 0;
}

void trace_map_free(struct trace_map *m)
{
	free(m->keys);
	free(m->vals);
	free(m->used);
	trace_map_init(m);
}

static uint32_t map_slot(const struct trace_map *m, uint64_t key)
{
	uint32_t mask = m->cap - 1;
	uint32_t i = trace_map_slot0_(m, key);
	while (m->used[i] && m->keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

static void map_grow(struct trace_map *m)
{
	struct trace_map old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	m->used = xcalloc(m->cap, sizeof(*m->used));
	m->count = 0;
	for (uint32_t i = 0; i < old.cap; i++) {
		if (!old.used[i])
			continue;
		uint32_t s = map_slot(m, old.keys[i]);
		m->used[s] = 1;
		m->keys[s] = old.keys[i];
		m->vals[s] = old.vals[i];
		m->count++;
	}
	free(old.keys);
	free(old.vals);
	free(old.used);
}

uint64_t *trace_map_put(struct trace_map *m, uint64_t key, uint64_t val)
{
	if ((uint64_t)(m->count + 1) * 2 > m->cap)
		map_grow(m);
	uint32_t s = map_slot(m, key);
	if (!m->used[s]) {
		m->used[s] = 1;
		m->keys[s] = key;
		m->count++;
	}
	m->vals[s] = val;
	return &m->vals[s];
}

size_t trace_map_bytes(const struct trace_map *m)
{
	return (size_t)m->cap * (2 * sizeof(uint64_t) + sizeof(uint8_t));
}
