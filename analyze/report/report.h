/*
 * report.h - the report engine shared by renacer-report (offline), renacer
 * (live) and renacer-diff: takes records in trace order, applies the filters,
 * symbolizes stacks, prints event lines as they come and/or aggregates them,
 * and prints the summary at the end.
 */
#ifndef RENACER_REPORT_H
#define RENACER_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "analyze/summary/agg.h"
#include "analyze/summary/summary.h"
#include "analyze/sym/sym.h"
#include "libtrace/trace_event.h"
#include "libtrace/trace_filter.h"

enum report_mode { REPORT_EVENTS = 0, REPORT_SUMMARY, REPORT_BOTH, REPORT_AGG_ONLY };
enum report_ts { TS_NONE = 0, TS_T, TS_TT, TS_TTT };

#define REPORT_MAX_IDS 64

struct export_sqlite;

struct report_options {
	enum report_mode mode;  /* default events; -c summary; -C both; AGG_ONLY prints nothing */
	enum out_format format; /* --format */
	FILE *out;              /* stdout or -o FILE (unused with OUT_SQLITE) */
	struct export_sqlite *sqlite; /* OUT_SQLITE: the open export the report writes
	                               * (required; not owned: the caller closes it) */
	struct trace_filter filter;   /* -e */
	pid_t pids[REPORT_MAX_IDS];   /* --pid (0 entries = all) */
	unsigned npids;
	pid_t tids[REPORT_MAX_IDS]; /* --tid */
	unsigned ntids;
	const char *comms[REPORT_MAX_IDS]; /* --comm */
	unsigned ncomms;
	bool has_since, has_until;
	uint64_t since_ns, until_ns; /* --since/--until: ns from the trace start */
	bool source;                 /* --source */
	enum report_ts ts;           /* -t/-tt/-ttt */
	bool relative_ts;            /* -r */
	bool show_duration;          /* -T */
	enum agg_sort_key sort;      /* -S */
	bool raw_times;              /* --raw-times: durations as recorded, tracing cost included
	                              * (default: overhead-corrected when the trace is calibrated) */
	struct sym_options sym;      /* --debug-dir, --sysroot, --skip-module */
	unsigned strsize;            /* -s for display (default 32) */
	bool live;                   /* flush after each event line */
	bool progress;               /* progress on stderr (terminal only) */
	bool quiet;                  /* no warnings of the report itself (lost events) */
	bool no_findings;            /* --no-findings: no Findings under the summary */
	bool stack;                  /* -k: each event's symbolized stack under it */
	bool weight_calls;           /* --format folded: weigh calls, not syscall time */
};

/* What the report has seen and selected so far. */
struct report_counts {
	uint64_t records;  /* records fed */
	uint64_t syscalls; /* syscall records fed */
	uint64_t selected; /* syscalls that passed every filter */
	uint64_t events;   /* lines/objects written in the event listing */
	uint64_t lost;     /* events the recorder reported lost */
	uint64_t threads;  /* distinct threads seen */
};

/* Fills o with defaults: events, text, stdout, no filters, sort by time. */
void report_options_default(struct report_options *o);
/* Parses --format: "text", "json", "csv" or "sqlite". 0 or -1. With OUT_SQLITE
 * the mode does not matter: every selected syscall, signal, process and thread
 * and the summary rows go to the export, nothing to out. */
int report_format_parse(const char *s, enum out_format *f);

struct report;

/* A report over a trace whose header is meta (may be NULL in live mode).
 * NULL (errno EINVAL) when o asks for --format sqlite without o->sqlite. */
struct report *report_new(const struct report_options *o, const struct trace_meta *meta);
void report_free(struct report *r);
/* Takes the next record in trace order. 0, or -1 on an output error (EPIPE...;
 * with OUT_SQLITE, export_sqlite_error() tells what failed). */
int report_feed(struct report *r, const struct trace_record *rec);
/* A trace_sink that feeds r (for the live recorder). */
struct trace_sink report_sink(struct report *r);
/* Tells the report about reader problems so the summary footer can mention them. */
void report_note_input(struct report *r, uint64_t bad_chunks, bool truncated);
/* Ends the report: prints the summary (modes SUMMARY/BOTH); with OUT_SQLITE
 * writes the summary rows and meta keys to the export (which the caller then
 * closes). 0 or -1 on write error. */
int report_finish(struct report *r);
/* The aggregation built so far (mode AGG_ONLY is for renacer-diff). */
const struct agg *report_agg(const struct report *r);
/* Counters so far. */
const struct report_counts *report_counts(const struct report *r);
/* The findings computed by report_finish (none before it, or when the report
 * collects none: --no-findings, CSV and SQLite output, event-only modes). */
const struct finding *report_findings(const struct report *r, unsigned *n);
/* Whether a report with these options shows (or, in mode AGG_ONLY, collects)
 * findings: the recorder then keeps call stacks so that they name sources. */
bool report_wants_findings(const struct report_options *o);

#endif
