/*
 * export_sqlite_int.h - what the two halves of the SQLite export share (not a
 * public API): the export's state, its prepared statements, and the checked
 * binding helpers. export_sqlite.c opens, writes syscalls, meta and summary
 * and closes; export_sqlite_procs.c writes processes, threads and signals.
 */
#ifndef RENACER_EXPORT_SQLITE_INT_H
#define RENACER_EXPORT_SQLITE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "analyze/decode/decode.h"
#include "analyze/export/export_sqlite.h"
#include "libtrace/trace_map.h"
#include "libtrace/trace_strbuf.h"

enum export_sqlite_stmt {
	ST_META,
	ST_SYSCALL,
	ST_THREAD_NEW,
	ST_THREAD_COMM,
	ST_THREAD_EXIT,
	ST_PROC_NEW,
	ST_PROC_EXEC,
	ST_PROC_EXIT,
	ST_SIGNAL,
	ST_SUMMARY,
	ST_COUNT
};

struct export_sqlite {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	char *path;   /* the target */
	char *tmp;    /* the database being built */
	int tmp_slot; /* its slot for removal on a fatal signal (trace_outfile_register) */
	bool replace; /* path holds an earlier export (or is empty) */
	bool failed;  /* the first error is in err */
	char err[512];
	uint64_t start_mono, start_wall;
	struct decode_opts dopts;
	struct strbuf args, ret;     /* decoded text of the current syscall */
	struct trace_map thread_row; /* tid -> threads.id of its latest row */
	struct trace_map proc_row;   /* pid -> processes.id of its latest row */
	struct model *model;         /* the caller's trace model, or NULL */
	uint64_t nsyscalls;
	uint64_t lost_records, lost_trailer;
};

/* Records the first error (later ones are dropped). */
void export_sqlite_set_err(struct export_sqlite *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Records SQLite's message for a failure while doing what; returns -1. */
int export_sqlite_fail(struct export_sqlite *x, const char *what);
/* A trace time (CLOCK_MONOTONIC ns) on the wall clock, and since the trace start. */
int64_t export_sqlite_wall(const struct export_sqlite *x, uint64_t ts);
int64_t export_sqlite_rel(const struct export_sqlite *x, uint64_t ts);
/* The threads row of tid, made (and its process's) when none was announced;
 * 0 or -1. */
int export_sqlite_ensure_thread(struct export_sqlite *x, int32_t tid, int32_t pid, const char *comm,
                                uint64_t *row);

/* Binding one statement execution: every call is checked and the first
 * failure sticks until export_sqlite_run reports it. */
struct export_sqlite_binder {
	sqlite3_stmt *st;
	int rc;
};

static inline struct export_sqlite_binder bind_start(struct export_sqlite *x,
                                                     enum export_sqlite_stmt id)
{
	struct export_sqlite_binder b = {.st = x->st[id], .rc = SQLITE_OK};
	return b;
}

static inline void bind_i64(struct export_sqlite_binder *b, int i, int64_t v)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_int64(b->st, i, v);
}

static inline void bind_null(struct export_sqlite_binder *b, int i)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_null(b->st, i);
}

/* Binds v, or NULL when v is 0 (an unknown id, line or time). */
static inline void bind_i64_or_null(struct export_sqlite_binder *b, int i, int64_t v)
{
	if (v)
		bind_i64(b, i, v);
	else
		bind_null(b, i);
}

/* Text bound without a copy: s must live until export_sqlite_run. NULL binds NULL. */
static inline void bind_text(struct export_sqlite_binder *b, int i, const char *s)
{
	if (!s)
		bind_null(b, i);
	else if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_text(b->st, i, s, -1, SQLITE_STATIC);
}

/* Runs the bound statement once; 0, or -1 with the error recorded. */
int export_sqlite_run(struct export_sqlite *x, struct export_sqlite_binder *b, const char *what);

#endif
