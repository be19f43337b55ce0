/*
 * export_html.h - the report as one self-contained HTML page (inline CSS and
 * JavaScript, no external URL of any kind): what was traced, the summary
 * table, a latency histogram per syscall drawn from the recorded histograms,
 * the per-source table, and a timeline of calls per thread. Tables are plain
 * HTML (readable without JavaScript); the histograms and the timeline are
 * drawn by the page's script from a JSON data block. The timeline keeps at
 * most EXPORT_HTML_MAX_CALLS calls and says so on the page when there were
 * more. Format: spec/cli/report.md.
 */
#ifndef RENACER_EXPORT_HTML_H
#define RENACER_EXPORT_HTML_H

#include <stdint.h>
#include <stdio.h>

#include "analyze/summary/agg.h"
#include "analyze/summary/summary.h"
#include "libtrace/trace_event.h"

#define EXPORT_HTML_MAX_CALLS 200000

struct export_html;

/* A page whose times are relative to start_mono_ns. Never NULL. */
struct export_html *export_html_new(uint64_t start_mono_ns);
void export_html_free(struct export_html *x);
/* Names a thread (start or exec). */
void export_html_thread(struct export_html *x, int32_t pid, int32_t tid, const char *comm);
/* One selected syscall for the timeline (duration as shown). */
void export_html_call(struct export_html *x, const struct trace_syscall *s, uint64_t duration_ns);
/* Writes the page: by_nr holds a row per syscall, by_src a row per
 * (syscall, source), both sorted; o says how the times were made. 0 or -1. */
int export_html_write(struct export_html *x, const struct agg *by_nr, const struct agg *by_src,
                      const struct summary_opts *o, FILE *out);

#endif
