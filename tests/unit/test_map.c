/* Unit tests for libtrace/trace_map: integer keys, growth, content keys
 * whose hashes collide (trace_map_find), deletion and iteration, and the
 * hashes of trace_hash.h. */
#include <criterion/criterion.h>
#include <string.h>

#include "libtrace/trace_hash.h"
#include "libtrace/trace_map.h"

Test(map, put_get_replace_and_grow)
{
	struct trace_map m;
	trace_map_init(&m);
	cr_assert_null(trace_map_get(&m, 0), "an empty map holds nothing");
	cr_assert_eq(trace_map_bytes(&m), 0);
	for (uint64_t k = 0; k < 5000; k++)
		cr_assert_eq(*trace_map_put(&m, k * 4096, k + 1), k + 1);
	cr_assert_eq(m.count, 5000);
	cr_assert(m.cap >= 2 * m.count, "kept at most half full");
	for (uint64_t k = 0; k < 5000; k++) {
		uint64_t *v = trace_map_get(&m, k * 4096);
		cr_assert_not_null(v);
		cr_assert_eq(*v, k + 1);
	}
	cr_assert_null(trace_map_get(&m, 4095));
	trace_map_put(&m, 4096, 77);
	cr_assert_eq(*trace_map_get(&m, 4096), 77);
	cr_assert_eq(m.count, 5000, "a replaced key is not counted twice");
	cr_assert(trace_map_bytes(&m) >= m.cap * 17);
	trace_map_put(&m, UINT64_MAX, 9);
	cr_assert_eq(*trace_map_get(&m, UINT64_MAX), 9);
	trace_map_free(&m);
	cr_assert_null(trace_map_get(&m, 4096), "freed, the map is empty and usable");
	trace_map_put(&m, 1, 2);
	cr_assert_eq(*trace_map_get(&m, 1), 2);
	trace_map_free(&m);
}

/* Deletes and re-inserts at random against a plain array of what the map
 * should hold: every probe run stays whole after the backward shifts
 * (dense small keys wrap around the end of the table too). */
Test(map, delete_keeps_every_other_key)
{
	enum { N = 3000 };
	static uint64_t want[N]; /* 0 = absent, else value */
	struct trace_map m;
	uint64_t seed = 12345;
	trace_map_init(&m);
	cr_assert_not(trace_map_del(&m, 1), "nothing to delete in an empty map");
	for (int round = 0; round < 40000; round++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		uint64_t k = (seed >> 33) % N, key = k % 2 ? k : k << 40;
		if ((seed >> 20) % 3) {
			trace_map_put(&m, key, round + 1);
			want[k] = round + 1;
		} else {
			cr_assert_eq(trace_map_del(&m, key), want[k] != 0, "key %llu",
			             (unsigned long long)key);
			want[k] = 0;
		}
	}
	uint32_t count = 0;
	for (uint64_t k = 0; k < N; k++) {
		uint64_t key = k % 2 ? k : k << 40;
		uint64_t *v = trace_map_get(&m, key);
		cr_assert_eq(v != NULL, want[k] != 0, "key %llu", (unsigned long long)key);
		if (v)
			cr_assert_eq(*v, want[k]);
		count += want[k] != 0;
	}
	cr_assert_eq(m.count, count);
	for (uint64_t k = 0; k < N; k++)
		if (want[k])
			cr_assert(trace_map_del(&m, k % 2 ? k : k << 40));
	cr_assert_eq(m.count, 0);
	uint32_t pos = 0;
	cr_assert_not(trace_map_next(&m, &pos, NULL, NULL), "emptied by deletes");
	trace_map_free(&m);
}

Test(map, next_visits_every_entry_once)
{
	struct trace_map m;
	uint32_t pos = 0;
	uint64_t key, val, seen = 0, sum = 0;
	trace_map_init(&m);
	cr_assert_not(trace_map_next(&m, &pos, &key, &val), "an empty map has no entry");
	for (uint64_t k = 1; k <= 100; k++)
		trace_map_put(&m, k * 7, k);
	trace_map_del(&m, 7 * 50);
	pos = 0;
	while (trace_map_next(&m, &pos, &key, &val)) {
		cr_assert_eq(key, val * 7);
		seen++;
		sum += val;
	}
	cr_assert_eq(seen, 99);
	cr_assert_eq(sum, 5050 - 50);
	cr_assert_not(trace_map_next(&m, &pos, NULL, NULL), "the end stays the end");
	trace_map_free(&m);
}

static const char *const words[] = {"open", "read", "write", "close", "mmap"};

static bool same_word(const void *ctx, uint64_t idx)
{
	return strcmp(words[idx], ctx) == 0;
}

/* Every word under one hash: trace_map_find must tell them apart. */
Test(map, find_settles_collisions_with_the_compare)
{
	struct trace_map m;
	uint64_t key;
	trace_map_init(&m);
	for (uint64_t i = 0; i < 5; i++) {
		cr_assert_null(trace_map_find(&m, 42, same_word, words[i], &key));
		cr_assert_eq(key, 42 + i, "a collision takes the next key");
		trace_map_put(&m, key, i);
	}
	for (uint64_t i = 0; i < 5; i++) {
		uint64_t *v = trace_map_find(&m, 42, same_word, words[i], NULL);
		cr_assert_not_null(v);
		cr_assert_eq(*v, i);
	}
	cr_assert_null(trace_map_find(&m, 42, same_word, "fsync", &key));
	cr_assert_eq(key, 47);
	trace_map_free(&m);
}

Test(map, hashes)
{
	uint64_t a[] = {1, 2, 3}, b[] = {1, 2, 4};
	cr_assert_neq(trace_hash_words(a, 3), trace_hash_words(b, 3));
	cr_assert_neq(trace_hash_words(a, 3), trace_hash_words(a, 2), "the length counts");
	cr_assert_neq(trace_hash_str(0, NULL), trace_hash_str(0, ""), "NULL is not \"\"");
	cr_assert_neq(trace_hash_str(0, "src/main.c"), trace_hash_str(0, "src/mair.c"));
	cr_assert_eq(trace_hash_str(7, "abc"), trace_hash_str(7, "abc"));
	cr_assert_neq(trace_hash64(1), trace_hash64(2));
	cr_assert_eq(trace_hash64(0), 0, "murmur3's finalizer keeps 0");
}
