/*
 * trace_hash.h - the hash functions the tables of renacer share (inline: they
 * sit on the report's per-event path).
 */
#ifndef RENACER_TRACE_HASH_H
#define RENACER_TRACE_HASH_H

#include <stddef.h>
#include <stdint.h>

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

#endif
