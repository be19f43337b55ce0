/*
 * agg.h - aggregation of syscall durations into rows keyed by (syscall,
 * source location): calls, errors, total, min, max, and a log-linear histogram
 * for percentiles with at most 1% relative error. Memory grows with distinct
 * rows, not with events. Rows from two aggregations can be merged.
 */
#ifndef RENACER_AGG_H
#define RENACER_AGG_H

#include <stdbool.h>
#include <stdint.h>

struct agg_source {
	const char *file;     /* NULL when unknown */
	unsigned line;
	const char *function;
	const char *module;
};

struct agg_hist; /* opaque log-linear histogram */

struct agg_row {
	int nr;               /* syscall number */
	const char *name;     /* syscall name */
	struct agg_source src; /* zeroed when the aggregation is not by source */
	uint64_t calls, errors;
	uint64_t total_ns, min_ns, max_ns;
	struct agg_hist *hist;
};

struct agg;

/* A new aggregation; by_source keys rows by (syscall, source location). */
struct agg *agg_new(bool by_source);
void agg_free(struct agg *a);
/* Adds one call. src may be NULL (no source known). Strings are copied once per row. */
void agg_add(struct agg *a, int nr, const struct agg_source *src, uint64_t duration_ns,
	     bool failed);
/* Number of rows, and row i (order unspecified until agg_sort). */
unsigned agg_rows(const struct agg *a);
const struct agg_row *agg_row(const struct agg *a, unsigned i);

enum agg_sort_key { AGG_SORT_TIME, AGG_SORT_CALLS, AGG_SORT_ERRORS, AGG_SORT_AVG,
		    AGG_SORT_P50, AGG_SORT_P90, AGG_SORT_P99, AGG_SORT_NAME };
/* Sorts rows (descending, except by name); ties break by name then source. */
void agg_sort(struct agg *a, enum agg_sort_key key);
/* Parses "time", "calls", ... into *key. 0 or -1. */
int agg_sort_key_parse(const char *s, enum agg_sort_key *key);

/* The q-quantile (0..1) of a row's durations in ns (0 when the row is empty). */
uint64_t agg_row_quantile(const struct agg_row *r, double q);
/* Totals across all rows. */
void agg_totals(const struct agg *a, uint64_t *calls, uint64_t *errors, uint64_t *total_ns);

/* Histogram primitives (also used by renacer-diff). */
struct agg_hist *agg_hist_new(void);
void agg_hist_free(struct agg_hist *h);
void agg_hist_add(struct agg_hist *h, uint64_t v, uint64_t count);
void agg_hist_merge(struct agg_hist *into, const struct agg_hist *from);
uint64_t agg_hist_quantile(const struct agg_hist *h, double q);
uint64_t agg_hist_count(const struct agg_hist *h);
/* Iterates non-empty buckets: returns the next bucket index > prev (start with -1)
 * with its representative value and count, or -1 at the end. */
int agg_hist_next(const struct agg_hist *h, int prev, uint64_t *value, uint64_t *count);

#endif
