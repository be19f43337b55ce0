/*
 * trace_stacks.c - interning of call stacks. Stacks live back to back in one
 * array of PCs; entries are kept in the order they were first defined. Two
 * of the project's maps (trace_map) index them: content hash to entry (by
 * trace_map_find) and id to entry. Ids from a trace may be anything from 1
 * to 2^32-1, so nothing is sized by an id: memory follows the number of
 * definitions held.
 */
#include "libtrace/trace_stacks.h"

#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_hash.h"
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
	struct trace_map by_id;   /* id -> index in ent, for ids not at ent[id - 1] */
	struct trace_map by_hash; /* content hash -> index in ent (trace_map_find) */
	uint32_t max_id;          /* highest id held */
};

/* The stack looked up by content. */
struct stack_key {
	const struct trace_stacks *s;
	const uint64_t *pcs;
	uint32_t depth;
	uint64_t hash;
};

struct trace_stacks *trace_stacks_new(void)
{
	struct trace_stacks *s = xcalloc(1, sizeof(*s));

	trace_map_init(&s->by_id);
	trace_map_init(&s->by_hash);
	return s;
}

void trace_stacks_free(struct trace_stacks *s)
{
	if (!s)
		return;
	free(s->pcs);
	free(s->ent);
	trace_map_free(&s->by_id);
	trace_map_free(&s->by_hash);
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

static bool same_key(const void *ctx, uint64_t idx)
{
	const struct stack_key *k = ctx;
	return same_stack(k->s, &k->s->ent[idx], k->pcs, k->depth, k->hash);
}

/* The entry index holding pcs[0..depth) (hash h), or -1. */
static int64_t find(const struct trace_stacks *s, const uint64_t *pcs, uint32_t depth, uint64_t h,
                    uint64_t *free_key)
{
	struct stack_key k = {s, pcs, depth, h};
	const uint64_t *v = trace_map_find(&s->by_hash, h, same_key, &k, free_key);
	return v ? (int64_t)*v : -1;
}

/* Indexes entry idx by its content (a copy of identical content under
 * another id stays reachable by its id only). */
static void hash_insert(struct trace_stacks *s, size_t idx)
{
	const struct stack_entry *e = &s->ent[idx];
	uint64_t key = 0;

	if (find(s, s->pcs + e->off, e->depth, e->hash, &key) < 0)
		trace_map_put(&s->by_hash, key, idx);
}

static void rebuild_hash(struct trace_stacks *s)
{
	trace_map_free(&s->by_hash);
	for (size_t i = 0; i < s->nent; i++)
		hash_insert(s, i);
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
		rebuild_hash(s); /* the old content no longer maps to id */
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
	hash_insert(s, idx);
}

uint32_t trace_stacks_intern(struct trace_stacks *s, const uint64_t *pcs, uint32_t depth,
                             bool *is_new)
{
	if (is_new)
		*is_new = false;
	if (depth == 0)
		return 0;
	uint64_t hash = trace_hash_words(pcs, depth);
	int64_t idx = find(s, pcs, depth, hash, NULL);

	if (idx >= 0)
		return s->ent[idx].id;
	if (s->max_id == UINT32_MAX)
		return 0; /* no id left: the call is kept without its stack */
	uint32_t id = s->max_id + 1;
	store(s, id, pcs, depth, hash);
	if (is_new)
		*is_new = true;
	return id;
}

enum trace_stack_update trace_stacks_update(struct trace_stacks *s, uint32_t id,
                                            const uint64_t *pcs, uint32_t depth)
{
	if (id == 0 || depth == 0)
		return TRACE_STACK_REFUSED;
	const struct stack_entry *e = entry_of(s, id);
	if (e && e->depth == depth && memcmp(s->pcs + e->off, pcs, depth * sizeof(*pcs)) == 0)
		return TRACE_STACK_SAME; /* no hash needed */
	bool known = e != NULL;
	store(s, id, pcs, depth, trace_hash_words(pcs, depth));
	return known ? TRACE_STACK_CHANGED : TRACE_STACK_NEW;
}

bool trace_stacks_define(struct trace_stacks *s, uint32_t id, const uint64_t *pcs, uint32_t depth)
{
	return trace_stacks_update(s, id, pcs, depth) != TRACE_STACK_REFUSED;
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
