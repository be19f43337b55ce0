/*
 * hist.h - a mergeable log-linear histogram of durations (ns) for percentiles.
 *
 * Values below 128 have a bucket each (exact). Above, every power-of-two
 * octave [2^e, 2^(e+1)) is split into 64 equal buckets, so a bucket is at most
 * 1/64 of its lower bound wide. A bucket is represented by its midpoint, so
 * any quantile is within 1/128 (0.79%) of the true sample value at that rank,
 * and it is then clamped to the exact min and max. Counters are allocated
 * lazily, only for the span of buckets between the smallest and largest value
 * seen, so a row with one call costs a few bytes and thousands of rows stay
 * small. Histograms with the same bucket layout merge exactly.
 */
#ifndef RENACER_HIST_H
#define RENACER_HIST_H

#include <stddef.h>
#include <stdint.h>

/* Buckets in the layout (indices 0 .. AGG_HIST_BUCKETS-1). */
#define AGG_HIST_BUCKETS 3776
/* Largest relative error of a quantile (1/128). */
#define AGG_HIST_MAX_REL_ERROR (1.0 / 128.0)

struct agg_hist; /* opaque */

/* A new empty histogram (never NULL). */
struct agg_hist *agg_hist_new(void);
void agg_hist_free(struct agg_hist *h);
/* A copy of h. */
struct agg_hist *agg_hist_dup(const struct agg_hist *h);
/* Adds count samples of value v (ns). */
void agg_hist_add(struct agg_hist *h, uint64_t v, uint64_t count);
/* Adds every sample of from into into (min and max included). */
void agg_hist_merge(struct agg_hist *into, const struct agg_hist *from);
/* The q-quantile (0..1): nearest rank, bucket midpoint clamped to [min, max];
 * q <= 0 gives the min, q >= 1 the max, an empty histogram 0. */
uint64_t agg_hist_quantile(const struct agg_hist *h, double q);
/* Number of samples. */
uint64_t agg_hist_count(const struct agg_hist *h);
/* Exact smallest and largest sample (0 when empty). */
uint64_t agg_hist_min(const struct agg_hist *h);
uint64_t agg_hist_max(const struct agg_hist *h);
/* Replaces min and max (a loader that knows the exact values sets them after
 * adding bucket values). Ignored on an empty histogram. */
void agg_hist_set_minmax(struct agg_hist *h, uint64_t min, uint64_t max);
/* Iterates non-empty buckets: returns the next bucket index > prev (start with -1)
 * with its representative value and count, or -1 at the end. */
int agg_hist_next(const struct agg_hist *h, int prev, uint64_t *value, uint64_t *count);

/* Heap bytes held by h (struct and counters). */
size_t agg_hist_bytes(const struct agg_hist *h);

/* Bucket layout: the bucket of value v, and the range [lo, hi] and
 * representative value (midpoint) of bucket b. */
int agg_hist_bucket_of(uint64_t v);
void agg_hist_bucket_range(int b, uint64_t *lo, uint64_t *hi);
uint64_t agg_hist_bucket_value(int b);

#endif
