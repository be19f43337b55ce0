/*
 * trace_stacks.h - interning of call stacks: identical sequences of return
 * addresses share one id (>= 1). The recorder interns; the writer, reader and
 * report look stacks up by id.
 */
#ifndef RENACER_TRACE_STACKS_H
#define RENACER_TRACE_STACKS_H

#include <stdbool.h>
#include <stdint.h>

struct trace_stacks;

/* A new, empty set. */
struct trace_stacks *trace_stacks_new(void);
void trace_stacks_free(struct trace_stacks *s);
/* The id of pcs[0..depth), adding it when new (then *is_new = true) under the
 * highest id held + 1. depth 0, or no id left, gives id 0. */
uint32_t trace_stacks_intern(struct trace_stacks *s, const uint64_t *pcs, uint32_t depth,
                             bool *is_new);
/* Stores a definition read from a trace under its recorded id, any of 1..2^32-1
 * (replaces an old one). Memory grows with the definitions held, never with the
 * ids' values. Refuses (returns false) id 0 and an empty stack. */
bool trace_stacks_define(struct trace_stacks *s, uint32_t id, const uint64_t *pcs, uint32_t depth);
/* What trace_stacks_update did. */
enum trace_stack_update {
	TRACE_STACK_REFUSED = -1, /* id 0 or an empty stack */
	TRACE_STACK_SAME = 0,     /* id already held exactly these pcs */
	TRACE_STACK_NEW = 1,      /* id was unknown */
	TRACE_STACK_CHANGED = 2,  /* id held other pcs: replaced */
};
/* trace_stacks_define telling what changed: the one rule for a definition
 * read again (a trace repeats each in every chunk that uses it) or redefined. */
enum trace_stack_update trace_stacks_update(struct trace_stacks *s, uint32_t id,
                                            const uint64_t *pcs, uint32_t depth);
/* The pcs of id and their count in *depth, or NULL when id is unknown. */
const uint64_t *trace_stacks_get(const struct trace_stacks *s, uint32_t id, uint32_t *depth);
/* Number of distinct stacks held. */
uint32_t trace_stacks_count(const struct trace_stacks *s);

#endif
