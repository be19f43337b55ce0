/*
 * events_out.h - writes one event per line as the report streams through a
 * trace: strace-style text ("openat(AT_FDCWD, \"/x\", O_RDONLY) = 3"), JSON
 * Lines (one object per line, streamed by trace_jsonw) or CSV (RFC 4180). Also prints signals and
 * process exits the way strace does ("--- SIGINT {...} ---", "+++ exited with
 * 7 +++") in text, and as objects in JSON. Reuses its buffers: no allocation
 * per line.
 */
#ifndef RENACER_EVENTS_OUT_H
#define RENACER_EVENTS_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analyze/summary/summary.h"
#include "libtrace/trace_event.h"

enum events_ts { EVTS_NONE = 0, EVTS_T, EVTS_TT, EVTS_TTT };

struct events_out_opts {
	enum out_format format;
	enum events_ts ts;      /* -t, -tt, -ttt (wall clock) */
	bool relative_ts;       /* -r: time since the previous event shown */
	bool show_duration;     /* -T */
	bool source;            /* text: append "   [source]" */
	unsigned strsize;       /* -s */
	bool live;              /* flush after every line */
	bool stack;             /* -k: text: the stack lines under each call; JSON: "stack" */
	uint64_t start_mono_ns; /* trace start on the events' clock */
	uint64_t start_wall_ns; /* the same instant on the wall clock */
};

/* Where a syscall came from, as the report attributed it. */
struct event_source {
	const char *text;     /* "src/ui/fonts.c:67 in load_all_fonts" or "app+0x1234" */
	const char *file;     /* NULL when unknown */
	unsigned line;        /* 0 when unknown */
	const char *function; /* NULL when unknown */
	const char *module;   /* NULL when unknown */
	uint32_t id;          /* non-zero: names this attribution for as long as its strings
	                       * live (JSON renders it once per id); 0: not cached */
};

/* Per-line facts the report knows about the thread. */
struct event_ctx {
	bool pid_prefix;  /* text: "[pid N] " (more than one thread is traced now) */
	const char *comm; /* thread's command name, NULL when unknown */
	const char *stack_text; /* -k, text: " > frame" lines (stacks_out.h), NULL: none */
	const char *stack_json; /* -k, JSON: the "stack" array, NULL: none */
};

struct events_out;

/* A writer to out (not owned). Never NULL. */
struct events_out *events_out_new(const struct events_out_opts *o, FILE *out);
void events_out_free(struct events_out *e);
/* Writes the CSV header line (other formats: nothing). 0 or -1 on a write error. */
int events_out_begin(struct events_out *e);
/* One syscall; duration_ns is what to show (overhead already subtracted), src
 * may be NULL. 0 or -1 on a write error. */
int events_out_syscall(struct events_out *e, const struct trace_syscall *s, uint64_t duration_ns,
                       const struct event_source *src, const struct event_ctx *ctx);
/* A signal reaching a thread (CSV: nothing). 0 or -1. */
int events_out_signal(struct events_out *e, const struct trace_signal *sig,
                      const struct event_ctx *ctx);
/* A thread or process ending (CSV: nothing; detaches are not shown). 0 or -1. */
int events_out_exit(struct events_out *e, const struct trace_exit *ex, const struct event_ctx *ctx);
/* Writes the lines still held back (output is batched unless live) to the
 * stream. Call before writing anything else to the stream. 0 or -1. */
int events_out_flush(struct events_out *e);
/* Events written so far (syscalls, signals, exits). */
uint64_t events_out_count(const struct events_out *e);

#endif
