/*
 * hist.c - log-linear duration histogram with lazily allocated counters
 * (layout and error bound in hist.h).
 */
#include "analyze/summary/hist.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_util.h"

#define LINEAR_LIMIT 128u /* values below have a bucket each */
#define SUB_BITS     6    /* 64 buckets per octave */
#define SUB_COUNT    (1u << SUB_BITS)
#define FIRST_OCTAVE 7 /* 2^7 = LINEAR_LIMIT */

/* Counters are 32-bit until one would overflow, then all become 64-bit:
 * half the memory (and cache) for every realistic row. */
struct agg_hist {
	uint64_t n;        /* samples */
	uint64_t min, max; /* exact extremes */
	uint32_t lo, hi;   /* counters cover buckets [lo, hi) */
	bool wide;         /* c holds uint64_t, else uint32_t */
	void *c;           /* counter of bucket b at index b - lo */
};

static size_t elem_size(const struct agg_hist *h)
{
	return h->wide ? sizeof(uint64_t) : sizeof(uint32_t);
}

/* The counter at index i (bucket lo + i). */
static uint64_t counter(const struct agg_hist *h, uint32_t i)
{
	return h->wide ? ((const uint64_t *)h->c)[i] : ((const uint32_t *)h->c)[i];
}

/* Out of line: rare, and it keeps the per-event path free of register saves. */
static __attribute__((noinline)) void make_wide(struct agg_hist *h)
{
	uint32_t span = h->hi - h->lo;
	uint64_t *c = xmalloc((span ? span : 1) * sizeof(uint64_t));

	for (uint32_t i = 0; i < span; i++)
		c[i] = ((const uint32_t *)h->c)[i];
	free(h->c);
	h->c = c;
	h->wide = true;
}

/* Adds count to the counter at index i, widening on overflow (inlined: this
 * is the per-event path). */
static inline __attribute__((always_inline)) void counter_add(struct agg_hist *h, uint32_t i,
                                                              uint64_t count)
{
	if (!h->wide) {
		uint32_t *p = (uint32_t *)h->c + i;

		if (__builtin_expect(count <= UINT32_MAX - *p, 1)) {
			*p += (uint32_t)count;
			return;
		}
		make_wide(h);
	}
	((uint64_t *)h->c)[i] += count;
}

int agg_hist_bucket_of(uint64_t v)
{
	if (v < LINEAR_LIMIT)
		return (int)v;
	unsigned e = 63u - (unsigned)__builtin_clzll(v);
	unsigned sub = (unsigned)(v >> (e - SUB_BITS)) - SUB_COUNT;

	return (int)(LINEAR_LIMIT + (e - FIRST_OCTAVE) * SUB_COUNT + sub);
}

void agg_hist_bucket_range(int b, uint64_t *lo, uint64_t *hi)
{
	if (b < (int)LINEAR_LIMIT) {
		*lo = *hi = (uint64_t)b;
		return;
	}
	unsigned k = (unsigned)b - LINEAR_LIMIT;
	unsigned e = FIRST_OCTAVE + k / SUB_COUNT;
	uint64_t width = 1ull << (e - SUB_BITS);

	*lo = (uint64_t)(SUB_COUNT + k % SUB_COUNT) << (e - SUB_BITS);
	*hi = *lo + (width - 1);
}

uint64_t agg_hist_bucket_value(int b)
{
	uint64_t lo, hi;

	agg_hist_bucket_range(b, &lo, &hi);
	return lo + (hi - lo) / 2;
}

struct agg_hist *agg_hist_new(void)
{
	return xcalloc(1, sizeof(struct agg_hist));
}

void agg_hist_free(struct agg_hist *h)
{
	if (!h)
		return;
	free(h->c);
	free(h);
}

struct agg_hist *agg_hist_dup(const struct agg_hist *h)
{
	struct agg_hist *d = xmalloc(sizeof(*d));

	*d = *h;
	if (h->c) {
		d->c = xmalloc((h->hi - h->lo) * elem_size(h));
		memcpy(d->c, h->c, (h->hi - h->lo) * elem_size(h));
	}
	return d;
}

/* Widens the counter span to include buckets [blo, bhi), with slack on the
 * side that grows so that spreading values reallocate only a few times. */
static __attribute__((noinline)) void hist_cover(struct agg_hist *h, uint32_t blo, uint32_t bhi)
{
	uint32_t span = h->hi - h->lo;
	uint32_t slack = span / 4 + 4;
	uint32_t nlo = h->c ? h->lo : blo, nhi = h->c ? h->hi : bhi;

	if (blo < nlo || !h->c)
		nlo = blo > slack ? blo - slack : 0;
	if (bhi > nhi || !h->c)
		nhi = bhi + slack < AGG_HIST_BUCKETS ? bhi + slack : AGG_HIST_BUCKETS;

	char *c = xcalloc(nhi - nlo, elem_size(h));

	if (h->c) {
		memcpy(c + (h->lo - nlo) * elem_size(h), h->c, span * elem_size(h));
		free(h->c);
	}
	h->c = c;
	h->lo = nlo;
	h->hi = nhi;
}

/* agg_hist_add when the counters must grow or widen first. */
static __attribute__((noinline)) void hist_add_slow(struct agg_hist *h, uint32_t b, uint64_t v,
                                                    uint64_t count)
{
	if (b < h->lo || b >= h->hi || !h->c)
		hist_cover(h, b, b + 1);
	counter_add(h, b - h->lo, count);
	if (!h->n || v < h->min)
		h->min = v;
	if (!h->n || v > h->max)
		h->max = v;
	h->n += count;
}

void agg_hist_add(struct agg_hist *h, uint64_t v, uint64_t count)
{
	uint32_t b = (uint32_t)agg_hist_bucket_of(v);

	if (!count)
		return;
	/* The per-event case: one sample into an existing 32-bit counter of a
	 * histogram that has samples (counters exist only once it has some). */
	if (__builtin_expect(count == 1 && h->n && !h->wide && b - h->lo < h->hi - h->lo, 1)) {
		uint32_t *p = (uint32_t *)h->c + (b - h->lo);

		if (__builtin_expect(*p != UINT32_MAX, 1)) {
			*p += 1;
			h->min = v < h->min ? v : h->min;
			h->max = v > h->max ? v : h->max;
			h->n++;
			return;
		}
	}
	hist_add_slow(h, b, v, count);
}

void agg_hist_merge(struct agg_hist *into, const struct agg_hist *from)
{
	if (!from->n)
		return;
	if (!into->c || from->lo < into->lo || from->hi > into->hi)
		hist_cover(into, from->lo, from->hi);
	for (uint32_t b = from->lo; b < from->hi; b++) {
		uint64_t n = counter(from, b - from->lo);

		if (n)
			counter_add(into, b - into->lo, n);
	}
	if (!into->n || from->min < into->min)
		into->min = from->min;
	if (!into->n || from->max > into->max)
		into->max = from->max;
	into->n += from->n;
}

uint64_t agg_hist_quantile(const struct agg_hist *h, double q)
{
	if (!h->n)
		return 0;
	if (q <= 0)
		return h->min;
	if (q >= 1)
		return h->max;

	/* Nearest rank, with a little slack for q*n landing just above an integer. */
	double r = ceil(q * (double)h->n - 1e-9);
	uint64_t rank = r < 1 ? 1 : (uint64_t)r;
	uint64_t seen = 0;

	if (rank > h->n)
		rank = h->n;
	for (uint32_t b = h->lo; b < h->hi; b++) {
		seen += counter(h, b - h->lo);
		if (seen >= rank) {
			uint64_t v = agg_hist_bucket_value((int)b);

			return v < h->min ? h->min : v > h->max ? h->max : v;
		}
	}
	return h->max; /* not reached: the counters add up to n */
}

uint64_t agg_hist_count(const struct agg_hist *h)
{
	return h->n;
}

uint64_t agg_hist_min(const struct agg_hist *h)
{
	return h->n ? h->min : 0;
}

uint64_t agg_hist_max(const struct agg_hist *h)
{
	return h->n ? h->max : 0;
}

void agg_hist_set_minmax(struct agg_hist *h, uint64_t min, uint64_t max)
{
	if (!h->n)
		return;
	h->min = min;
	h->max = max;
}

int agg_hist_next(const struct agg_hist *h, int prev, uint64_t *value, uint64_t *count)
{
	uint32_t b = prev < 0 ? 0 : (uint32_t)prev + 1;

	if (!h->c)
		return -1;
	if (b < h->lo)
		b = h->lo;
	for (; b < h->hi; b++) {
		if (counter(h, b - h->lo)) {
			*value = agg_hist_bucket_value((int)b);
			*count = counter(h, b - h->lo);
			return (int)b;
		}
	}
	return -1;
}

size_t agg_hist_bytes(const struct agg_hist *h)
{
	return sizeof(*h) + (h->c ? (h->hi - h->lo) * elem_size(h) : 0);
}
