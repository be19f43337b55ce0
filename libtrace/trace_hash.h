/*
 * trace_hash.h - the hash functions the tables of renacer share (inline: they
 * sit on the report's per-event path): a 64-bit mix for integer keys, and
 * content hashes for arrays of words (stacks), byte strings and C strings.
 * The one hash table that uses them is trace_map.
 */
#ifndef RENACER_TRACE_HASH_H
#define RENACER_TRACE_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TRACE_HASH_K 0x9e3779b97f4a7c15ull /* 2^64 / the golden ratio */

/* A full 64-bit mix of key (murmur3's finalizer): every input bit reaches
 * every output bit, so keys that differ in few bits spread over a table. */
static inline uint64_t trace_hash64(uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	key *= 0xc4ceb9fe1a85ec53ull;
	key ^= key >> 33;
	return key;
}

/* FNV-1a of n bytes at s, continuing from h (start with TRACE_HASH_FNV_BASIS). */
#define TRACE_HASH_FNV_BASIS 0xcbf29ce484222325ull
static inline uint64_t trace_hash_bytes(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* n 64-bit words at w (a stack's PCs), one multiply per word. */
static inline uint64_t trace_hash_words(const uint64_t *w, uint32_t n)
{
	uint64_t h = TRACE_HASH_K ^ n;

	for (uint32_t i = 0; i < n; i++) {
		h ^= w[i];
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	return h;
}

/* Multiplicative (Fibonacci) hashing: the high bits of the product are well
 * mixed; take them (>> (64 - bits)) to index a table of 2^bits. */
static inline uint64_t trace_hash_fib(uint64_t key)
{
	return key * TRACE_HASH_K;
}

/* A cheap one-multiply mix, enough to fold the parts of a content hash. */
static inline uint64_t trace_hash_fold(uint64_t h)
{
	h ^= h >> 32;
	h *= TRACE_HASH_K;
	h ^= h >> 29;
	return h;
}

static inline uint64_t trace_hash_load64_(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t trace_hash_load32_(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Folds C string s (NULL distinct from "") into h. Only the length and the
 * first and last 16 bytes are hashed (overlapping loads, no byte loops):
 * meant for tables of names and paths, which differ mostly at their ends and
 * settle equal hashes with a full compare. */
static inline uint64_t trace_hash_str(uint64_t h, const char *s)
{
	uint64_t a = 0, b = 0, c = 0, d = 0;

	if (!s)
		return trace_hash_fold(h ^ 0x6e756c6cull);
	size_t n = strlen(s);

	if (n >= 16) {
		a = trace_hash_load64_(s);
		b = trace_hash_load64_(s + 8);
		c = trace_hash_load64_(s + n - 16);
		d = trace_hash_load64_(s + n - 8);
	} else if (n >= 8) {
		a = trace_hash_load64_(s);
		b = trace_hash_load64_(s + n - 8);
	} else if (n >= 4) {
		a = trace_hash_load32_(s);
		b = trace_hash_load32_(s + n - 4);
	} else if (n) {
		a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
		    (uint64_t)(unsigned char)s[n - 1] << 16;
	}
	h = (h ^ n ^ a) * TRACE_HASH_K;
	h = (h ^ b ^ (c << 1)) * TRACE_HASH_K;
	return trace_hash_fold(h ^ d);
}

#endif
