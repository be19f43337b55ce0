/*
 * summary.h - prints an aggregation as the summary table (text, as the user
 * guide shows it), JSON ("renacer-summary/1") or CSV, and loads a JSON summary
 * back into an aggregation (for renacer-diff). Formats: spec/summary.md.
 * Percentiles come from the rows' histograms (hist.h): within 1/128 of the
 * exact nearest-rank value, clamped to the exact min and max.
 */
#ifndef RENACER_SUMMARY_H
#define RENACER_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analyze/findings/findings.h"
#include "analyze/summary/agg.h"
#include "libtrace/trace_event.h"

struct finding;

/* OUT_SQLITE (the database export), OUT_PERFETTO (the timeline) and OUT_HTML
 * (the self-contained page) are whole-report formats (report.h): summary_print
 * refuses them. */
enum out_format {
	OUT_TEXT = 0,
	OUT_JSON,
	OUT_CSV,
	OUT_SQLITE,
	OUT_PERFETTO,
	OUT_HTML,
	OUT_FOLDED, /* folded stacks for flame graphs (report.h): a whole-report format */
};

/* Parses "text", "json", "csv" (not "sqlite": see report_format_parse). 0 or -1. */
int out_format_parse(const char *s, enum out_format *f);

struct summary_opts {
	enum out_format format;
	bool by_source;          /* informational: the layout follows agg_by_source(a) */
	bool overhead_corrected; /* durations had overhead_ns subtracted (floored at floor_ns) */
	bool calibrated;         /* the trace has an overhead calibration */
	uint64_t overhead_ns;    /* the per-call overhead estimate from the trace header */
	uint64_t floor_ns;       /* least corrected duration (0 when not corrected) */
	uint64_t wall_ns;        /* wall-clock span of the run, 0 when unknown */
	bool file_mmap;          /* an mmap of a file is in the table */
	const struct trace_meta *meta;  /* may be NULL (live mode fills what it knows) */
	uint64_t bad_chunks;            /* reader: damaged chunks skipped */
	bool truncated;                 /* reader: trace was cut short */
	uint64_t lost;                  /* lost events */
	const struct finding *findings; /* JSON: the "findings" array (findings.h) */
	unsigned nfindings;
	bool with_findings; /* JSON: write the array (empty when nfindings is 0) */
};

/* Prints the (already sorted) aggregation to out. 0, or -1 on a write error
 * (or, with errno EINVAL, for OUT_SQLITE). */
int summary_print(const struct agg *a, const struct summary_opts *o, FILE *out);

/* Loads a JSON summary written by summary_print (format renacer-summary/1).
 * On success *out holds an aggregation with the same rows (histograms
 * included) and 0 is returned; else -1 with a one-line message in err. */
int summary_load_json(const char *path, bool by_source, struct agg **out, char *err,
                      unsigned errlen);

/* What a JSON summary says about how it was made. */
struct summary_info {
	bool by_source;               /* rows carry per-source breakdowns */
	bool overhead_corrected;      /* "times": "overhead-corrected" */
	uint64_t overhead_ns;         /* per-call overhead estimate */
	uint64_t lost;                /* lost events */
	uint64_t bad_chunks;          /* damaged chunks skipped */
	bool truncated;               /* the trace was cut short */
	bool has_findings;            /* the document has a "findings" array (not --no-findings) */
	struct finding_refs findings; /* that array's findings (the caller frees them with
	                               * findings_refs_free) */
};

/* summary_load_json that also fills *info (when not NULL). path "-" reads stdin.
 * At most 64 MiB of JSON are read, from a file, a pipe or standard input.
 * A malformed "findings" array fails the load only when info is not NULL. */
int summary_load_json_info(const char *path, bool by_source, struct agg **out,
                           struct summary_info *info, char *err, unsigned errlen);
/* The same from descriptor fd (not closed), named name in messages, whose
 * first plen bytes, already read by the caller, are prefix. */
int summary_load_json_fd(int fd, const char *name, const void *prefix, size_t plen, bool by_source,
                         struct agg **out, struct summary_info *info, char *err, unsigned errlen);

/* Formats ns as milliseconds the way the text table shows every time cell: at
 * most three significant digits and six decimals (1 ns), trailing zeros
 * dropped but one decimal kept below 100 ms ("0.5ms", "12.5ms", "0.000567ms",
 * "2.0ms", "123ms", "2350ms"). Returns buf. */
const char *summary_fmt_ms_short(uint64_t ns, char *buf, unsigned len);
/* Formats ns in human units with three significant digits, as the Total line
 * shows it: "2.35 seconds", "1.48 milliseconds", "850 microseconds". */
const char *summary_fmt_human(uint64_t ns, char *buf, unsigned len);

/* Significant digits of the real numbers in a JSON summary. */
#define SUMMARY_JSON_REAL_DIGITS 15

/* A JSON string, null for NULL; a string that is not valid UTF-8 has its
 * bytes above 0x7f replaced by '?'. */
json_t *summary_jstr(const char *s);
/* A JSON integer of v, capped at INT64_MAX (what JSON integers hold here). */
json_t *summary_ju64(uint64_t v);

struct strbuf;
/* Appends a source location as the table shows it: "src/parser.c:42 in
 * parse_line", "parse_line (libfoo.so)", "libfoo.so", or "?" when unknown. */
void summary_source_str(const struct agg_source *s, struct strbuf *sb);

#endif
