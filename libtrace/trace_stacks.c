/*
 * trace_stacks.c - interning of call stacks. Stacks live back to back in one
 * array of PCs; entries are kept in the order they were first defined, an
 * open-addressing table of entry indexes maps content to entry, and the
 * project's u64 map (trace_map) maps id to entry. Ids from a trace may be
 * anything from 1 to 2^32-1, so nothing is sized by an id: memory follows
 * the number of definitions held.
 */
#include "libtrace/trace_stacks.h"

#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_map.h"
#include "libtrace/trace_util.h"

struct stack_entry {
	size_t off;     /* index of the first pc in pcs */
	uint32_t depth; /* pcs in use */
	uint32_t room;  /* pcs reserved at off (a redefinition no longer reuses them) */
	uint32_t id;
	uint64_t hash;
};

struct trace_stacks {
	uint64_t *pcs;
	size_t npcs, pcs_cap;
	struct stack_entry *ent; /* in definition order */
	size_t nent, ent_cap;
	struct trace_map by_id; /* id -> index in ent, for ids not at ent[id - 1] */
	uint32_t *slots;        /* hash table of entry index + 1, 0 = empty */
	size_t nslots;          /* power of two */
	uint32_t max_id;        /* highest id held */
};

static uint64_t hash_pcs(const uint64_t *pcs, uint32_t depth)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ depth;

	for (uint32_t i = 0; i < depth; i++) {
		h ^= pcs[i];
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	return h ? h : 1;
}

struct trace_stacks *trace_stacks_new(void)
{
	struct trace_stacks *s = xcalloc(1, sizeof(*s));

	s->nslots = 256;
	s->slots = xcalloc(s->nslots, sizeof(*s->slots));
	trace_map_init(&s->by_id);
	return s;
}

void trace_stacks_free(struct trace_stacks *s)
{
	if (!s)
		return;
	free(s->pcs);
	free(s->ent);
	free(s->slots);
	trace_map_free(&s->by_id);
	free(s);
}

/* The entry of id, or NULL. Ids given out by intern (1, 2, 3 ...) sit at
 * ent[id - 1] and need no map lookup. */
static struct stack_entry *entry_of(const struct trace_stacks *s, uint32_t id)
{
	if (id == 0)
		return NULL;
	if (id - 1 < s->nent && s->ent[id - 1].id == id)
		return &s->ent[id - 1];
	const uint64_t *i = trace_map_get(&s->by_id, id);
	return i ? &s->ent[*i] : NULL;
}

static int same_stack(const struct trace_stacks *s, const struct stack_entry *e,
                      const uint64_t *pcs, uint32_t depth, uint64_t hash)
{
	return e->hash == hash && e->depth == depth &&
	       memcmp(s->pcs + e->off, pcs, depth * sizeof(*pcs)) == 0;
}

static void slot_insert(struct trace_stacks *s, size_t idx)
{
	size_t mask = s->nslots - 1;
	size_t i = s->ent[idx].hash & mask;

	while (s->slots[i])
		i = (i + 1) & mask;
	s->slots[i] = (uint32_t)idx + 1;
}

static void rebuild_slots(struct trace_stacks *s, size_t nslots)
{
	free(s->slots);
	s->nslots = nslots;
	s->slots = xcalloc(s->nslots, sizeof(*s->slots));
	for (size_t i = 0; i < s->nent; i++)
		slot_insert(s, i);
}

/* Copies pcs into e, reusing its room when they fit. */
static void put_pcs(struct trace_stacks *s, struct stack_entry *e, const uint64_t *pcs,
                    uint32_t depth, uint64_t hash)
{
	if (depth > e->room) {
		xgrow((void **)&s->pcs, &s->pcs_cap, s->npcs + depth, sizeof(*s->pcs));
		e->off = s->npcs;
		e->room = depth;
		s->npcs += depth;
	}
	memcpy(s->pcs + e->off, pcs, depth * sizeof(*pcs));
	e->depth = depth;
	e->hash = hash;
}

/* Stores pcs under id (new, or a redefinition) and indexes it. */
static void store(struct trace_stacks *s, uint32_t id, const uint64_t *pcs, uint32_t depth,
                  uint64_t hash)
{
	struct stack_entry *e = entry_of(s, id);

	if (e) {
		if (same_stack(s, e, pcs, depth, hash))
			return;
		put_pcs(s, e, pcs, depth, hash);
		rebuild_slots(s, s->nslots); /* the old content no longer maps to id */
		return;
	}
	xgrow((void **)&s->ent, &s->ent_cap, s->nent + 1, sizeof(*s->ent));
	size_t idx = s->nent++;
	e = &s->ent[idx];
	memset(e, 0, sizeof(*e));
	e->id = id;
	put_pcs(s, e, pcs, depth, hash);
	if (id != idx + 1)
		trace_map_put(&s->by_id, id, idx);
	if (id > s->max_id)
		s->max_id = id;
	if (s->nent * 2 > s->nslots)
		rebuild_slots(s, s->nslots * 2);
	else
		slot_insert(s, idx);
}

uint32_t trace_stacks_intern(struct trace_stacks *s, const uint64_t *pcs, uint32_t depth,
                             bool *is_new)
{
	if (is_new)
		*is_new = false;
	if (depth == 0)
		return 0;
	uint64_t hash = hash_pcs(pcs, depth);
	size_t mask = s->nslots - 1;

	for (size_t i = hash & mask; s->slots[i]; i = (i + 1) & mask) {
		const struct stack_entry *e = &s->ent[s->slots[i] - 1];
		if (same_stack(s, e, pcs, depth, hash))
			return e->id;
	}
	if (s->max_id == UINT32_MAX)
		return 0; /* no id left: the call is kept without its stack */
	uint32_t id = s->max_id + 1;
	store(s, id, pcs, depth, hash);
	if (is_new)
		*is_new = true;
	return id;
}

bool trace_stacks_define(struct trace_stacks *s, uint32_t id, const uint64_t *pcs, uint32_t depth)
{
	if (id == 0 || depth == 0)
		return false;
	store(s, id, pcs, depth, hash_pcs(pcs, depth));
	return true;
}

const uint64_t *trace_stacks_get(const struct trace_stacks *s, uint32_t id, uint32_t *depth)
{
	const struct stack_entry *e = entry_of(s, id);

	if (!e)
		return NULL;
	*depth = e->depth;
	return s->pcs + e->off;
}

uint32_t trace_stacks_count(const struct trace_stacks *s)
{
	return (uint32_t)s->nent;
}
