/*
 * agg.h - aggregation of syscall durations into rows keyed by (syscall,
 * source location): calls, errors, total, min, max, and a log-linear histogram
 * for percentiles with at most 1% relative error (hist.h). Memory grows with
 * distinct rows, not with events. Rows from two aggregations can be merged.
 */
#ifndef RENACER_AGG_H
#define RENACER_AGG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyze/summary/hist.h"

struct agg_source {
	const char *file;     /* NULL when unknown */
	unsigned line;        /* 0 when unknown */
	const char *function; /* NULL when unknown */
	const char *module;   /* NULL when unknown */
};

struct agg_row {
	int nr;                /* syscall number */
	uint8_t io;            /* I/O class (TIO_FILE, TIO_NET of trace_fdkind.h) when rows are
	                          split by class (agg_add_io), else 0 */
	const char *name;      /* syscall name ("syscall_N" for unknown numbers) */
	struct agg_source src; /* zeroed when the aggregation is not by source */
	uint64_t calls, errors;
	uint64_t total_ns, min_ns, max_ns;
	struct agg_hist *hist; /* every call's duration */
};

struct agg;

/* A new aggregation; by_source keys rows by (syscall, source location). */
struct agg *agg_new(bool by_source);
void agg_free(struct agg *a);
/* Whether rows are keyed by source location. */
bool agg_by_source(const struct agg *a);
/* Adds one call. src may be NULL (no source known) and is ignored unless the
 * aggregation is by source. Strings are copied once per row. */
void agg_add(struct agg *a, int nr, const struct agg_source *src, uint64_t duration_ns,
             bool failed);
/* The id of source location src in a (interned: the strings are hashed and
 * copied the first time only), for agg_add_id. 0 stands for no source: for
 * src NULL or naming nothing, and always when a is not by source. Ids stay
 * valid for the life of a. */
uint32_t agg_source_id(struct agg *a, const struct agg_source *src);
/* agg_add with the source given by its id from agg_source_id(a, ...): the
 * per-call path for callers that cache the id of each source. */
void agg_add_id(struct agg *a, int nr, uint32_t src_id, uint64_t duration_ns, bool failed);
/* agg_add_id into the row of (nr, I/O class io, source): a syscall made on files
 * and on sockets gets one row for each (io 0 is the row without a class). */
void agg_add_io(struct agg *a, int nr, unsigned io, uint32_t src_id, uint64_t duration_ns,
                bool failed);
/* Adds a whole row (calls, errors, times, histogram) into the row of the same
 * key, creating it. r->name is used for a new row when set. r->hist may be NULL
 * (then only the counters are added). Used by loaders and agg_merge. */
void agg_add_row(struct agg *a, const struct agg_row *r);
/* Adds every row of from into into (from's source keys are dropped when into
 * is not by source). */
void agg_merge(struct agg *into, const struct agg *from);
/* Number of rows, and row i (order unspecified until agg_sort). */
unsigned agg_rows(const struct agg *a);
const struct agg_row *agg_row(const struct agg *a, unsigned i);

enum agg_sort_key {
	AGG_SORT_TIME,
	AGG_SORT_CALLS,
	AGG_SORT_ERRORS,
	AGG_SORT_AVG,
	AGG_SORT_P50,
	AGG_SORT_P90,
	AGG_SORT_P99,
	AGG_SORT_NAME
};
/* Sorts rows (descending, except by name); ties break by name then source. */
void agg_sort(struct agg *a, enum agg_sort_key key);
/* The key of the last agg_sort (AGG_SORT_TIME before any). */
enum agg_sort_key agg_sort_key(const struct agg *a);
/* Parses "time", "calls", "errors", "avg", "p50", "p90", "p99", "name" into *key. 0 or -1. */
int agg_sort_key_parse(const char *s, enum agg_sort_key *key);

/* The q-quantile (0..1) of a row's durations in ns (0 when the row is empty). */
uint64_t agg_row_quantile(const struct agg_row *r, double q);
/* Totals across all rows. */
void agg_totals(const struct agg *a, uint64_t *calls, uint64_t *errors, uint64_t *total_ns);
/* A new histogram holding every row's durations (caller frees it). */
struct agg_hist *agg_total_hist(const struct agg *a);
/* A new aggregation with one row per syscall, merged from a's rows and sorted
 * by a's last sort key (caller frees it). */
struct agg *agg_by_syscall(const struct agg *a);

/* Heap bytes held by a (rows, index, strings, histograms). */
size_t agg_bytes(const struct agg *a);

#endif
