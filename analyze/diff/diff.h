/*
 * diff.h - renacer-diff's comparison engine: loads two sides (traces or JSON
 * summaries) into aggregations, pairs their rows (per syscall, or per
 * syscall and function/file so shifted line numbers still pair up), computes
 * changes, and tests whether latency changes are beyond noise (Mann-Whitney U
 * on the duration histograms).
 */
#ifndef RENACER_DIFF_H
#define RENACER_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "analyze/diff/diff_findings.h"
#include "analyze/report/report.h"
#include "analyze/summary/agg.h"

struct diff_options {
	bool by_source;                /* --by source */
	struct report_options filters; /* -e, --pid, --tid, --comm, --since, --until, debug dirs */
	bool has_process_filter;       /* --pid/--tid/--comm/--since/--until given (traces only) */
	double alpha;                  /* significance level (default 0.01) */
	double min_effect;             /* smallest relative p50 change called a change (0.02) */
};

/* Fills o with defaults. */
void diff_options_default(struct diff_options *o);

/* One side's figures for a row. */
struct diff_metrics {
	bool present;
	uint64_t calls, errors;
	uint64_t total_ns, avg_ns, max_ns;
	uint64_t p50_ns, p90_ns, p99_ns;
	const struct agg_hist *hist; /* NULL when absent */
};

enum diff_verdict {
	DIFF_NA = 0, /* not testable: too few samples, or no histogram */
	DIFF_NOISE,  /* within noise */
	DIFF_SLOWER, /* significantly slower */
	DIFF_FASTER, /* significantly faster */
};

struct diff_row {
	const char *name;     /* syscall */
	const char *function; /* --by source: function, or NULL */
	const char *file;     /* --by source: file, or NULL */
	struct diff_metrics before, after;
	enum diff_verdict verdict;
	double p_value; /* when verdict != DIFF_NA */
};

struct diff_result {
	struct diff_row *rows; /* sorted by the size of the total-time change, largest first */
	unsigned nrows;
	struct diff_metrics total_before, total_after;
	enum diff_verdict total_verdict;
	double total_p_value;
	struct agg *before, *after; /* the paired aggregations (owned) */
	struct agg_hist *total_hist_before, *total_hist_after;
	struct diff_findings findings; /* diff_findings_compute fills it */
};

/* Loads path: a JSON summary (renacer-summary/1) or a trace. The returned
 * aggregation is by source when o->by_source; found (when not NULL) gets the
 * side's findings (a trace's computed as renacer-report -c would, a
 * summary's "findings" array filtered by -e). 0, or -1 with a one-line
 * message naming the file in err. */
int diff_load(const char *path, const struct diff_options *o, struct agg **out,
              struct diff_found *found, char *err, size_t errlen);
/* Pairs two aggregations (takes ownership of both) into res. */
void diff_compute(struct agg *before, struct agg *after, const struct diff_options *o,
                  struct diff_result *res);
void diff_result_free(struct diff_result *res);

/* Mann-Whitney U test of two histograms (ties by midrank, normal
 * approximation with tie correction). Returns the two-sided p-value, or -1
 * when either side has fewer than 5 samples. */
double diff_mann_whitney(const struct agg_hist *a, const struct agg_hist *b);

/* Signed relative change in percent of after vs before (+inf when before is 0 and after is not). */
double diff_pct(uint64_t before, uint64_t after);

#endif
