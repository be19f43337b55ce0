/*
 * export_perfetto.h - the report as a timeline in the Chrome trace event
 * JSON format (what ui.perfetto.dev and chrome://tracing open): one complete
 * ("X") slice per syscall on its thread's track, named after the syscall,
 * with its decoded arguments, return value and source line in the slice's
 * args; process and thread names as metadata ("M") events; signals, process
 * exits and calls that never returned as instant ("i") events. Written as the
 * report streams, one event per line. Format: spec/cli/report.md.
 */
#ifndef RENACER_EXPORT_PERFETTO_H
#define RENACER_EXPORT_PERFETTO_H

#include <stdint.h>
#include <stdio.h>

#include "analyze/report/events_out.h"
#include "libtrace/trace_event.h"

struct export_perfetto;

/* A writer to out (not owned); times are shown relative to start_mono_ns.
 * strsize bounds the strings of the decoded arguments. Never NULL. */
struct export_perfetto *export_perfetto_new(FILE *out, uint64_t start_mono_ns, unsigned strsize);
void export_perfetto_free(struct export_perfetto *x);
/* Names a thread's track (and its process, for the process's main thread);
 * called again when the name changes (exec). 0 or -1 on a write error. */
int export_perfetto_thread(struct export_perfetto *x, int32_t pid, int32_t tid, const char *comm);
/* One syscall slice; duration_ns is what to show, src may be NULL. 0 or -1. */
int export_perfetto_syscall(struct export_perfetto *x, const struct trace_syscall *s,
                            uint64_t duration_ns, const struct event_source *src);
/* A signal delivered, a thread or process ending: instant events. 0 or -1. */
int export_perfetto_signal(struct export_perfetto *x, const struct trace_signal *sig);
int export_perfetto_exit(struct export_perfetto *x, const struct trace_exit *ex);
/* Closes the JSON document (it is valid only after this). 0 or -1. */
int export_perfetto_finish(struct export_perfetto *x);

#endif
