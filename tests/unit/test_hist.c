/*
 * test_hist.c - the log-linear histogram: bucket layout, quantile error bound
 * against exact nearest-rank quantiles, exact min/max, merging, laziness.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "analyze/summary/hist.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Exact nearest-rank quantile of sorted v[0..n). */
static uint64_t exact_quantile(const uint64_t *v, size_t n, double q)
{
	size_t rank = (size_t)ceil(q * (double)n - 1e-9);

	if (rank < 1)
		rank = 1;
	return v[rank - 1];
}

/* xorshift: deterministic pseudo-random numbers. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

Test(hist, small_values_are_exact)
{
	for (uint64_t v = 0; v < 128; v++) {
		cr_assert_eq(agg_hist_bucket_of(v), (int)v);
		cr_assert_eq(agg_hist_bucket_value((int)v), v);
	}
}

Test(hist, buckets_tile_the_whole_range)
{
	uint64_t lo, hi, prev_hi = 0;

	for (int b = 0; b < AGG_HIST_BUCKETS; b++) {
		agg_hist_bucket_range(b, &lo, &hi);
		if (b > 0)
			cr_assert_eq(lo, prev_hi + 1, "bucket %d starts at %llu", b,
			             (unsigned long long)lo);
		cr_assert_leq(lo, hi);
		cr_assert_eq(agg_hist_bucket_of(lo), b);
		cr_assert_eq(agg_hist_bucket_of(hi), b);
		cr_assert_eq(agg_hist_bucket_of(agg_hist_bucket_value(b)), b);
		/* Width at most 1/64 of the lower bound: midpoint within 1/128. */
		cr_assert_leq((double)(hi - lo), (double)lo / 64.0 + 1e-9);
		prev_hi = hi;
	}
	cr_assert_eq(prev_hi, UINT64_MAX);
}

Test(hist, quantiles_within_one_percent_of_exact)
{
	enum { N = 200000 };
	uint64_t *v = malloc(N * sizeof(*v));
	uint64_t seed = 0x12345678;
	struct agg_hist *h = agg_hist_new();
	static const double qs[] = {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};

	for (size_t i = 0; i < N; i++) {
		/* log-uniform from 1 ns to ~17 s, plus a dense cluster around 1 us */
		unsigned bits = (unsigned)(rnd(&seed) % 34);
		uint64_t x = i % 3 ? (rnd(&seed) & ((1ull << bits) - 1)) | (1ull << bits)
		                   : 1000 + rnd(&seed) % 50;

		v[i] = x;
		agg_hist_add(h, x, 1);
	}
	qsort(v, N, sizeof(*v), cmp_u64);
	cr_assert_eq(agg_hist_count(h), N);
	cr_assert_eq(agg_hist_min(h), v[0]);
	cr_assert_eq(agg_hist_max(h), v[N - 1]);
	cr_assert_eq(agg_hist_quantile(h, 0), v[0]);
	cr_assert_eq(agg_hist_quantile(h, 1), v[N - 1]);
	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		double e = (double)exact_quantile(v, N, qs[i]);
		double got = (double)agg_hist_quantile(h, qs[i]);

		cr_assert_leq(fabs(got - e) / e, AGG_HIST_MAX_REL_ERROR + 1e-12,
		              "q=%g: exact %.0f, histogram %.0f", qs[i], e, got);
		cr_assert_leq(fabs(got - e) / e, 0.01);
	}
	agg_hist_free(h);
	free(v);
}

Test(hist, every_quantile_of_small_sets)
{
	uint64_t seed = 99;

	for (int round = 0; round < 200; round++) {
		size_t n = 1 + rnd(&seed) % 40;
		uint64_t v[40];
		struct agg_hist *h = agg_hist_new();

		for (size_t i = 0; i < n; i++) {
			v[i] = 100 + rnd(&seed) % 10000000;
			agg_hist_add(h, v[i], 1);
		}
		qsort(v, n, sizeof(v[0]), cmp_u64);
		for (int p = 1; p < 100; p++) {
			double q = p / 100.0;
			double e = (double)exact_quantile(v, n, q);
			double got = (double)agg_hist_quantile(h, q);

			cr_assert_leq(fabs(got - e) / e, 0.01, "n=%zu q=%g exact %.0f got %.0f", n,
			              q, e, got);
		}
		agg_hist_free(h);
	}
}

Test(hist, single_value_is_exact_everywhere)
{
	struct agg_hist *h = agg_hist_new();

	agg_hist_add(h, 123457, 5);
	cr_assert_eq(agg_hist_count(h), 5);
	cr_assert_eq(agg_hist_quantile(h, 0.5), 123457);
	cr_assert_eq(agg_hist_quantile(h, 0.99), 123457);
	cr_assert_eq(agg_hist_min(h), 123457);
	cr_assert_eq(agg_hist_max(h), 123457);
	agg_hist_free(h);
}

Test(hist, empty)
{
	struct agg_hist *h = agg_hist_new();
	uint64_t v, c;

	cr_assert_eq(agg_hist_count(h), 0);
	cr_assert_eq(agg_hist_quantile(h, 0.5), 0);
	cr_assert_eq(agg_hist_min(h), 0);
	cr_assert_eq(agg_hist_max(h), 0);
	cr_assert_eq(agg_hist_next(h, -1, &v, &c), -1);
	agg_hist_add(h, 5, 0); /* a zero count adds nothing */
	cr_assert_eq(agg_hist_count(h), 0);
	agg_hist_free(h);
}

Test(hist, next_iterates_buckets_in_order)
{
	struct agg_hist *h = agg_hist_new();
	uint64_t v, c, total = 0, last = 0;
	int n = 0;

	agg_hist_add(h, 5000000, 1);
	agg_hist_add(h, 7, 2);
	agg_hist_add(h, 130, 3);
	agg_hist_add(h, 7, 1);
	for (int b = agg_hist_next(h, -1, &v, &c); b >= 0; b = agg_hist_next(h, b, &v, &c)) {
		cr_assert(n == 0 || v > last);
		last = v;
		total += c;
		n++;
	}
	cr_assert_eq(n, 3);
	cr_assert_eq(total, 7);
	agg_hist_free(h);
}

static void assert_same_hist(const struct agg_hist *a, const struct agg_hist *b)
{
	uint64_t va, ca, vb, cb;
	int ia = agg_hist_next(a, -1, &va, &ca), ib = agg_hist_next(b, -1, &vb, &cb);

	cr_assert_eq(agg_hist_count(a), agg_hist_count(b));
	cr_assert_eq(agg_hist_min(a), agg_hist_min(b));
	cr_assert_eq(agg_hist_max(a), agg_hist_max(b));
	while (ia >= 0 || ib >= 0) {
		cr_assert_eq(ia, ib);
		cr_assert_eq(va, vb);
		cr_assert_eq(ca, cb);
		ia = agg_hist_next(a, ia, &va, &ca);
		ib = agg_hist_next(b, ib, &vb, &cb);
	}
}

Test(hist, merge_equals_adding_everything)
{
	struct agg_hist *x = agg_hist_new(), *y = agg_hist_new(), *all = agg_hist_new();
	struct agg_hist *empty = agg_hist_new(), *into_empty = agg_hist_new();
	uint64_t seed = 7;

	for (int i = 0; i < 5000; i++) {
		uint64_t v = rnd(&seed) % (i % 2 ? 1000 : 100000000);

		agg_hist_add(i % 2 ? x : y, v, 1);
		agg_hist_add(all, v, 1);
	}
	agg_hist_merge(into_empty, x);
	assert_same_hist(into_empty, x);
	agg_hist_merge(x, y);
	agg_hist_merge(x, empty);
	assert_same_hist(x, all);
	for (int p = 1; p < 100; p++)
		cr_assert_eq(agg_hist_quantile(x, p / 100.0), agg_hist_quantile(all, p / 100.0));

	struct agg_hist *d = agg_hist_dup(all);

	assert_same_hist(d, all);
	agg_hist_free(d);
	agg_hist_free(x);
	agg_hist_free(y);
	agg_hist_free(all);
	agg_hist_free(empty);
	agg_hist_free(into_empty);
}

Test(hist, rebuilt_from_bucket_values_keeps_quantiles)
{
	struct agg_hist *h = agg_hist_new(), *r = agg_hist_new();
	uint64_t v, c, seed = 3;

	for (int i = 0; i < 1000; i++)
		agg_hist_add(h, 1000 + rnd(&seed) % 5000000, 1);
	for (int b = agg_hist_next(h, -1, &v, &c); b >= 0; b = agg_hist_next(h, b, &v, &c))
		agg_hist_add(r, v, c);
	agg_hist_set_minmax(r, agg_hist_min(h), agg_hist_max(h));
	assert_same_hist(r, h);
	for (int p = 0; p <= 100; p++)
		cr_assert_eq(agg_hist_quantile(r, p / 100.0), agg_hist_quantile(h, p / 100.0));
	agg_hist_free(h);
	agg_hist_free(r);
}

Test(hist, counters_are_allocated_lazily)
{
	struct agg_hist *h = agg_hist_new();
	size_t empty = agg_hist_bytes(h);

	agg_hist_add(h, 2500000, 1);
	cr_assert_lt(agg_hist_bytes(h), empty + 256, "one value costs %zu bytes",
	             agg_hist_bytes(h) - empty);
	/* 1 us .. 10 ms spans 14 octaves: well under the full layout. */
	for (uint64_t v = 1000; v <= 10000000; v = v * 11 / 10)
		agg_hist_add(h, v, 1);
	cr_assert_lt(agg_hist_bytes(h), AGG_HIST_BUCKETS * sizeof(uint64_t) / 2);
	agg_hist_free(h);
}

Test(hist, extreme_values)
{
	struct agg_hist *h = agg_hist_new();

	agg_hist_add(h, UINT64_MAX, 1);
	agg_hist_add(h, 0, 1);
	cr_assert_eq(agg_hist_min(h), 0);
	cr_assert_eq(agg_hist_max(h), UINT64_MAX);
	cr_assert_eq(agg_hist_quantile(h, 1.0), UINT64_MAX);
	cr_assert_eq(agg_hist_quantile(h, 0.5), 0);
	agg_hist_free(h);
}

Test(hist, counters_widen_instead_of_overflowing)
{
	struct agg_hist *h = agg_hist_new(), *m = agg_hist_new();
	uint64_t v, c, big = UINT32_MAX;

	agg_hist_add(h, 1000, big - 1);
	agg_hist_add(h, 5000, 3);
	agg_hist_add(h, 1000, 5); /* past 2^32 in one bucket */
	cr_assert_eq(agg_hist_count(h), big + 7);
	int b = agg_hist_next(h, -1, &v, &c);

	cr_assert_eq(b, agg_hist_bucket_of(1000));
	cr_assert_eq(c, big + 4);
	b = agg_hist_next(h, b, &v, &c);
	cr_assert_eq(c, 3);
	cr_assert_eq(agg_hist_quantile(h, 0.99), agg_hist_bucket_value(agg_hist_bucket_of(1000)));

	/* A narrow histogram merging a wide one widens too. */
	agg_hist_add(m, 1000, 10);
	agg_hist_merge(m, h);
	agg_hist_merge(m, h);
	b = agg_hist_next(m, -1, &v, &c);
	cr_assert_eq(c, 2 * (big + 4) + 10);
	cr_assert_eq(agg_hist_count(m), 2 * (big + 7) + 10);

	struct agg_hist *d = agg_hist_dup(m);

	agg_hist_next(d, -1, &v, &c);
	cr_assert_eq(c, 2 * (big + 4) + 10);
	agg_hist_free(d);
	agg_hist_free(h);
	agg_hist_free(m);
}
