/* Unit tests for libtrace/trace_stacks: interning, lookup, definitions. */
#include <criterion/criterion.h>

#include "libtrace/trace_stacks.h"

Test(stacks, identical_stacks_share_one_id)
{
	struct trace_stacks *s = trace_stacks_new();
	uint64_t a[] = {0x401000, 0x401100, 0x401200};
	uint64_t b[] = {0x401000, 0x401100, 0x401201};
	bool is_new;

	uint32_t ia = trace_stacks_intern(s, a, 3, &is_new);
	cr_assert(is_new);
	cr_assert_eq(ia, 1);
	cr_assert_eq(trace_stacks_intern(s, a, 3, &is_new), ia);
	cr_assert(!is_new);
	uint32_t ib = trace_stacks_intern(s, b, 3, &is_new);
	cr_assert(is_new);
	cr_assert_eq(ib, 2);
	cr_assert_eq(trace_stacks_intern(s, a, 2, &is_new), 3, "a prefix is a different stack");
	cr_assert_eq(trace_stacks_count(s), 3);
	cr_assert_eq(trace_stacks_intern(s, a, 0, &is_new), 0);

	uint32_t depth = 0;
	const uint64_t *got = trace_stacks_get(s, ib, &depth);
	cr_assert_not_null(got);
	cr_assert_eq(depth, 3);
	cr_assert_eq(got[2], 0x401201);
	cr_assert_null(trace_stacks_get(s, 99, &depth));
	cr_assert_null(trace_stacks_get(s, 0, &depth));
	trace_stacks_free(s);
}

Test(stacks, many_stacks_survive_rehashing)
{
	struct trace_stacks *s = trace_stacks_new();
	uint64_t pcs[4];

	for (uint64_t i = 0; i < 20000; i++) {
		pcs[0] = 0x1000 + i;
		pcs[1] = 0x2000;
		pcs[2] = i * 7;
		pcs[3] = 42;
		cr_assert_eq(trace_stacks_intern(s, pcs, 4, NULL), i + 1);
	}
	for (uint64_t i = 0; i < 20000; i++) {
		pcs[0] = 0x1000 + i;
		pcs[1] = 0x2000;
		pcs[2] = i * 7;
		pcs[3] = 42;
		bool is_new = true;
		cr_assert_eq(trace_stacks_intern(s, pcs, 4, &is_new), i + 1);
		cr_assert(!is_new);
	}
	trace_stacks_free(s);
}

Test(stacks, definitions_from_a_trace)
{
	struct trace_stacks *s = trace_stacks_new();
	uint64_t a[] = {1, 2, 3};
	uint64_t b[] = {4, 5};
	uint32_t depth;

	cr_assert(trace_stacks_define(s, 5, a, 3));
	cr_assert_null(trace_stacks_get(s, 4, &depth), "gaps stay undefined");
	cr_assert_eq(trace_stacks_get(s, 5, &depth)[1], 2);
	cr_assert(trace_stacks_define(s, 5, b, 2), "redefinition replaces");
	cr_assert_eq(depth = 0, 0);
	cr_assert_eq(trace_stacks_get(s, 5, &depth)[0], 4);
	cr_assert_eq(depth, 2);
	cr_assert_eq(trace_stacks_intern(s, b, 2, NULL), 5, "defined content is found by intern");
	cr_assert_neq(trace_stacks_intern(s, a, 3, NULL), 5);
	cr_assert(!trace_stacks_define(s, 0, a, 3));
	cr_assert(!trace_stacks_define(s, 6, a, 0), "empty stacks are refused");
	trace_stacks_free(s);
}

Test(stacks, update_tells_what_a_definition_changed)
{
	struct trace_stacks *s = trace_stacks_new();
	uint64_t a[] = {1, 2, 3}, a2[] = {1, 2, 3}, b[] = {1, 2, 4};
	uint32_t depth;

	cr_assert_eq(trace_stacks_update(s, 3, a, 3), TRACE_STACK_NEW);
	cr_assert_eq(trace_stacks_update(s, 3, a2, 3), TRACE_STACK_SAME, "a repeated definition");
	cr_assert_eq(trace_stacks_update(s, 3, a, 2), TRACE_STACK_CHANGED, "a shorter one differs");
	cr_assert_eq(trace_stacks_get(s, 3, &depth)[1], 2);
	cr_assert_eq(depth, 2);
	cr_assert_eq(trace_stacks_update(s, 3, b, 3), TRACE_STACK_CHANGED);
	cr_assert_eq(trace_stacks_get(s, 3, &depth)[2], 4);
	cr_assert_eq(trace_stacks_intern(s, b, 3, NULL), 3, "the new content is found by intern");
	cr_assert_eq(trace_stacks_update(s, 0, a, 3), TRACE_STACK_REFUSED);
	cr_assert_eq(trace_stacks_update(s, 4, a, 0), TRACE_STACK_REFUSED);
	cr_assert_eq(trace_stacks_count(s), 1);
	trace_stacks_free(s);
}

/* Ids climbing by 2^20 up to 2^32-1 (a hostile trace) cost what the 4097
 * definitions hold, not an array sized by the largest id. */
Test(stacks, sparse_ids_do_not_size_memory)
{
	struct trace_stacks *s = trace_stacks_new();
	uint64_t pcs[2] = {0x401000, 0};
	uint32_t depth = 0;

	for (uint64_t i = 0; i <= 4096; i++) {
		uint32_t id = i == 4096 ? UINT32_MAX : (uint32_t)(i << 20) + 1;
		pcs[1] = i;
		cr_assert(trace_stacks_define(s, id, pcs, 2));
	}
	cr_assert_eq(trace_stacks_count(s), 4097);
	cr_assert_eq(trace_stacks_get(s, UINT32_MAX, &depth)[1], 4096);
	cr_assert_eq(trace_stacks_get(s, (7u << 20) + 1, &depth)[1], 7);
	cr_assert_null(trace_stacks_get(s, 7u << 20, &depth));
	pcs[1] = 99999;
	cr_assert_eq(trace_stacks_intern(s, pcs, 2, NULL), 0, "no id is left after 2^32-1");
	pcs[1] = 5;
	cr_assert_eq(trace_stacks_intern(s, pcs, 2, NULL), (5u << 20) + 1);
	trace_stacks_free(s);
}
