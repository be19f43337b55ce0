/*
 * trace_map.c - open-addressing (linear probing) hash map from 64-bit keys to
 * 64-bit values, the project's one hash table. Kept at most half full; a
 * key's probe starts at the slot trace_hash_fold gives (trace_map_get, in the
 * header). Deletion shifts the rest of the probe run back (no tombstones), so
 * lookups stay short however many keys come and go.
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

/* Whether slot `home` (where an entry's probe starts) lies cyclically in
 * (hole, at]: then the entry at `at` must stay behind the hole. */
static bool home_between(uint32_t hole, uint32_t home, uint32_t at)
{
	if (hole <= at)
		return hole < home && home <= at;
	return hole < home || home <= at;
}

bool trace_map_del(struct trace_map *m, uint64_t key)
{
	if (m->cap == 0)
		return false;
	uint32_t mask = m->cap - 1;
	uint32_t hole = map_slot(m, key);
	if (!m->used[hole])
		return false;
	for (uint32_t j = (hole + 1) & mask; m->used[j]; j = (j + 1) & mask) {
		if (home_between(hole, trace_map_slot0_(m, m->keys[j]), j))
			continue;
		m->keys[hole] = m->keys[j];
		m->vals[hole] = m->vals[j];
		hole = j;
	}
	m->used[hole] = 0;
	m->count--;
	return true;
}

bool trace_map_next(const struct trace_map *m, uint32_t *pos, uint64_t *key, uint64_t *val)
{
	for (; *pos < m->cap; (*pos)++) {
		if (!m->used[*pos])
			continue;
		if (key)
			*key = m->keys[*pos];
		if (val)
			*val = m->vals[*pos];
		(*pos)++;
		return true;
	}
	return false;
}

size_t trace_map_bytes(const struct trace_map *m)
{
	return (size_t)m->cap * (2 * sizeof(uint64_t) + sizeof(uint8_t));
}
