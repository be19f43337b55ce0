/*
 * export_sqlite.h - writes a trace into an SQLite database so it can be
 * queried with SQL: metadata, processes, threads, every selected syscall
 * (decoded arguments, raw arguments, return, errno, duration, source line),
 * signals and the summary rows. The database is built in a temporary file
 * next to the target with one bulk transaction and moved into place on a
 * successful close, so a failed export never leaves half a database behind.
 * docs/export-sqlite.md describes the schema.
 */
#ifndef RENACER_EXPORT_SQLITE_H
#define RENACER_EXPORT_SQLITE_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/summary/agg.h"
#include "libtrace/trace_event.h"

/* PRAGMA application_id of a renacer export ("RNCR"), and PRAGMA user_version. */
#define EXPORT_SQLITE_APP_ID         0x524e4352
#define EXPORT_SQLITE_SCHEMA_VERSION 1

struct export_sqlite_opts {
	const struct trace_meta *meta; /* the trace header; NULL in live mode (the clocks
	                                * are then read at open) */
	unsigned strsize;              /* string bytes kept in args_text (-s); 0 = all recorded */
};

struct export_sqlite;
struct model;

/* Starts an export to path. An existing file is replaced only when it is an
 * earlier renacer export (or empty); any other file is refused. Returns NULL
 * with a one-line message naming the file in err when the file is refused or
 * cannot be created (missing directory, permissions, "-"). */
struct export_sqlite *export_sqlite_open(const char *path, const struct export_sqlite_opts *o,
                                         char *err, size_t errlen);

/* The trace model (analyze/model) its caller feeds every record to before
 * handing it here, as the report does: the export asks it which process
 * created a new one. Without a model, a new process's parent is the creating
 * thread's id. m must outlive x. */
void export_sqlite_use_model(struct export_sqlite *x, struct model *m);

/* One syscall that passed the report's filters. duration_ns is the duration to
 * store (overhead already subtracted when asked); comm is the thread's command
 * name and src its source location, each NULL when unknown. 0 or -1. */
int export_sqlite_syscall(struct export_sqlite *x, const struct trace_syscall *s,
                          uint64_t duration_ns, const char *comm, const struct agg_source *src);
/* A thread or process appeared: a threads row, and a processes row for a new process. */
int export_sqlite_thread(struct export_sqlite *x, const struct trace_thread *t);
/* A process executed a program: its comm, file name and argv. */
int export_sqlite_exec(struct export_sqlite *x, const struct trace_exec *e);
/* A thread (and with TEXIT_PROCESS its process) ended or was detached. */
int export_sqlite_exit(struct export_sqlite *x, const struct trace_exit *e);
/* A signal reached a thread. */
int export_sqlite_signal(struct export_sqlite *x, const struct trace_signal *sig);
/* Dispatches THREAD, EXEC, EXIT, SIGNAL, LOST and TRAILER records to the calls
 * above (LOST and TRAILER feed the "lost_events" meta key); other types are
 * ignored. 0 or -1. */
int export_sqlite_record(struct export_sqlite *x, const struct trace_record *rec);
/* Sets one meta row (replacing a key already set), e.g. ("times", "overhead-corrected"). */
int export_sqlite_meta_set(struct export_sqlite *x, const char *key, const char *value);
/* Writes every row of a into the summary table (call once, at the end). */
int export_sqlite_summary(struct export_sqlite *x, const struct agg *a);

/* Builds the indexes, commits and moves the database to its path; frees x.
 * 0, or -1 with the message in err (the target is then left untouched). */
int export_sqlite_close(struct export_sqlite *x, char *err, size_t errlen);
/* Drops the export (the temporary file is removed, the target untouched); frees x. */
void export_sqlite_abort(struct export_sqlite *x);
/* The message of the first error, or "" (the export stops at its first error:
 * every later call returns -1). */
const char *export_sqlite_error(const struct export_sqlite *x);
/* Rows written so far to the syscalls table. */
uint64_t export_sqlite_syscalls(const struct export_sqlite *x);

#endif
