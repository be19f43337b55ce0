/*
 * trace_stacks.c - interning of call stacks. Stacks live back to back in one
 * array of PCs; an open-addressing hash table maps content to id, and an
 * array maps id to its place in the PC array.
 */
#include "libtrace/trace_stacks.h"

#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_util.h"

struct stack_entry {
	size_t off; /* index of the first pc in pcs */
	uint32_t depth;
	uint32_t defined; /* 0 for ids never defined (gaps in a trace) */
	uint64_t hash;
};

struct trace_stacks {
	uint64_t *pcs;
	size_t npcs, pcs_cap;
	struct stack_entry *ent; /* ent[id], id 0 unused */
	size_t nent, ent_cap;    /* nent = highest id + 1 */
	uint32_t *slots;         /* hash table of ids, 0 = empty */
	size_t nslots;           /* power of two */
	uint32_t count;          /* defined stacks */
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
	s->nent = 1;
	xgrow((void **)&s->ent, &s->ent_cap, 1, sizeof(*s->ent));
	memset(&s->ent[0], 0, sizeof(s->ent[0]));
	return s;
}

void trace_stacks_free(struct trace_stacks *s)
{
	if (!s)
		return;
	free(s->pcs);
	free(s->ent);
	free(s->slots);
	free(s);
}

static int same_stack(const struct trace_stacks *s, uint32_t id, const uint64_t *pcs,
                      uint32_t depth, uint64_t hash)
{
	const struct stack_entry *e = &s->ent[id];

	return e->hash == hash && e->depth == depth &&
	       memcmp(s->pcs + e->off, pcs, depth * sizeof(*pcs)) == 0;
}

static void slot_insert(struct trace_stacks *s, uint32_t id)
{
	size_t mask = s->nslots - 1;
	size_t i = s->ent[id].hash & mask;

	while (s->slots[i])
		i = (i + 1) & mask;
	s->slots[i] = id;
}

static void grow_slots(struct trace_stacks *s)
{
	free(s->slots);
	s->nslots *= 2;
	s->slots = xcalloc(s->nslots, sizeof(*s->slots));
	for (size_t id = 1; id < s->nent; id++)
		if (s->ent[id].defined)
			slot_insert(s, (uint32_t)id);
}

/* Stores pcs under id (id may be new or a redefinition) and indexes it. */
static void store(struct trace_stacks *s, uint32_t id, const uint64_t *pcs, uint32_t depth,
                  uint64_t hash)
{
	if (id >= s->nent) {
		xgrow((void **)&s->ent, &s->ent_cap, (size_t)id + 1, sizeof(*s->ent));
		memset(&s->ent[s->nent], 0, ((size_t)id + 1 - s->nent) * sizeof(*s->ent));
		s->nent = (size_t)id + 1;
	}
	struct stack_entry *e = &s->ent[id];
	int redefine = e->defined;

	if (redefine && e->depth == depth && e->hash == hash &&
	    memcmp(s->pcs + e->off, pcs, depth * sizeof(*pcs)) == 0)
		return;
	xgrow((void **)&s->pcs, &s->pcs_cap, s->npcs + depth, sizeof(*s->pcs));
	memcpy(s->pcs + s->npcs, pcs, depth * sizeof(*pcs));
	e->off = s->npcs;
	e->depth = depth;
	e->hash = hash;
	s->npcs += depth;
	if (redefine) {
		/* Rebuild the index: the old content no longer maps to id. */
		memset(s->slots, 0, s->nslots * sizeof(*s->slots));
		for (size_t i = 1; i < s->nent; i++)
			if (s->ent[i].defined)
				slot_insert(s, (uint32_t)i);
		return;
	}
	e->defined = 1;
	s->count++;
	if ((size_t)s->count * 2 > s->nslots)
		grow_slots(s);
	else
		slot_insert(s, id);
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

	for (size_t i = hash & mask; s->slots[i]; i = (i + 1) & mask)
		if (same_stack(s, s->slots[i], pcs, depth, hash))
			return s->slots[i];
	uint32_t id = (uint32_t)s->nent;
	store(s, id, pcs, depth, hash);
	if (is_new)
		*is_new = true;
	return id;
}

bool trace_stacks_define(struct trace_stacks *s, uint32_t id, const uint64_t *pcs, uint32_t depth)
{
	if (id == 0 || depth == 0 || id > s->nent + TRACE_STACKS_MAX_GAP)
		return false;
	store(s, id, pcs, depth, hash_pcs(pcs, depth));
	return true;
}

const uint64_t *trace_stacks_get(const struct trace_stacks *s, uint32_t id, uint32_t *depth)
{
	if (id == 0 || id >= s->nent || !s->ent[id].defined)
		return NULL;
	*depth = s->ent[id].depth;
	return s->pcs + s->ent[id].off;
}

uint32_t trace_stacks_count(const struct trace_stacks *s)
{
	return s->count;
}
