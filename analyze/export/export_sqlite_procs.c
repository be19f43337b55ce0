/*
 * export_sqlite_procs.c - the SQLite export's processes, threads and signals
 * tables. A thread or process seen first in a syscall (never announced by a
 * THREAD record) still gets its rows, without a start time. Each tid and pid
 * maps to the id of its latest row, so a reused number starts a new row.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "analyze/export/export_sqlite_int.h"
#include "analyze/model/model.h"
#include "libtrace/trace_errno.h"
#include "libtrace/trace_util.h"

static int insert_process(struct export_sqlite *x, int32_t pid, int32_t ppid, const char *comm,
                          uint64_t ts)
{
	struct export_sqlite_binder b = bind_start(x, ST_PROC_NEW);
	bind_i64(&b, 1, pid);
	bind_i64_or_null(&b, 2, ppid > 0 ? ppid : 0);
	bind_text(&b, 3, comm);
	bind_i64_or_null(&b, 4, ts ? export_sqlite_wall(x, ts) : 0);
	if (export_sqlite_run(x, &b, "writing processes") < 0)
		return -1;
	trace_map_put(&x->proc_row, (uint32_t)pid, (uint64_t)sqlite3_last_insert_rowid(x->db));
	return 0;
}

static int insert_thread(struct export_sqlite *x, int32_t tid, int32_t pid, int32_t ppid,
                         const char *comm, uint64_t ts, uint32_t flags)
{
	struct export_sqlite_binder b = bind_start(x, ST_THREAD_NEW);
	bind_i64(&b, 1, tid);
	bind_i64(&b, 2, pid);
	bind_i64_or_null(&b, 3, ppid > 0 ? ppid : 0);
	bind_text(&b, 4, comm);
	bind_i64_or_null(&b, 5, ts ? export_sqlite_wall(x, ts) : 0);
	bind_i64(&b, 6, flags);
	if (export_sqlite_run(x, &b, "writing threads") < 0)
		return -1;
	trace_map_put(&x->thread_row, (uint32_t)tid, (uint64_t)sqlite3_last_insert_rowid(x->db));
	return 0;
}

/* The processes row of pid, made (without a start time) when none was announced. */
static int ensure_process(struct export_sqlite *x, int32_t pid, const char *comm, uint64_t *row)
{
	uint64_t *v = trace_map_get(&x->proc_row, (uint32_t)pid);
	if (!v) {
		if (insert_process(x, pid, 0, comm, 0) < 0)
			return -1;
		v = trace_map_get(&x->proc_row, (uint32_t)pid);
	}
	*row = *v;
	return 0;
}

/* The threads row of tid, made (and its process's) when none was announced. */
int export_sqlite_ensure_thread(struct export_sqlite *x, int32_t tid, int32_t pid, const char *comm,
                                uint64_t *row)
{
	uint64_t *v = trace_map_get(&x->thread_row, (uint32_t)tid);
	if (!v) {
		uint64_t prow;
		if (ensure_process(x, pid, comm, &prow) < 0 ||
		    insert_thread(x, tid, pid, 0, comm, 0, 0) < 0)
			return -1;
		v = trace_map_get(&x->thread_row, (uint32_t)tid);
	}
	*row = *v;
	return 0;
}

/* A NUL-padded comm as a C string. */
static const char *comm_str(const char comm[TRACE_COMM_LEN], char out[TRACE_COMM_LEN + 1])
{
	memcpy(out, comm, TRACE_COMM_LEN);
	out[TRACE_COMM_LEN] = '\0';
	return out[0] ? out : NULL;
}

void export_sqlite_use_model(struct export_sqlite *x, struct model *m)
{
	x->model = m;
}

int export_sqlite_thread(struct export_sqlite *x, const struct trace_thread *t)
{
	if (x->failed)
		return -1;
	char comm[TRACE_COMM_LEN + 1];
	const char *c = comm_str(t->comm, comm);
	if (!(t->flags & TTHREAD_IS_THREAD)) {
		/* The parent process is the process of the creating thread. */
		const struct model_thread *creator =
		    t->ppid > 0 && x->model ? model_thread(x->model, t->ppid) : NULL;
		int32_t parent = creator ? creator->pid : t->ppid;
		if (insert_process(x, t->pid, parent, c, t->ts) < 0)
			return -1;
	} else {
		uint64_t prow;
		if (ensure_process(x, t->pid, c, &prow) < 0)
			return -1;
	}
	return insert_thread(x, t->tid, t->pid, t->ppid, c, t->ts, t->flags);
}

/* The argv strings of e as a JSON array ("[\"ls\",\"-l\"]"); caller frees. Bytes
 * that are not valid UTF-8 become '?'. */
static char *argv_json(const struct trace_exec *e)
{
	json_t *arr = json_array();
	uint32_t off = 0;
	for (uint32_t i = 0; i < e->argc && e->argv && off < e->argv_len; i++) {
		size_t n = strnlen(e->argv + off, e->argv_len - off);
		json_t *s = json_stringn(e->argv + off, n);
		if (!s) {
			char *copy = xstrndup(e->argv + off, n);
			for (char *p = copy; *p; p++)
				if ((unsigned char)*p >= 0x80)
					*p = '?';
			s = json_string(copy);
			free(copy);
		}
		json_array_append_new(arr, s ? s : json_string(""));
		off += (uint32_t)n + 1;
	}
	char *txt = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return txt ? txt : xstrdup("[]");
}

/* A thread's new name: its row's comm, as after an exec. */
static int export_sqlite_rename(struct export_sqlite *x, const struct trace_rename *e)
{
	if (x->failed)
		return -1;
	char comm[TRACE_COMM_LEN + 1];
	const char *c = comm_str(e->comm, comm);
	uint64_t trow;
	if (export_sqlite_ensure_thread(x, e->tid, e->pid, c, &trow) < 0)
		return -1;
	struct export_sqlite_binder b = bind_start(x, ST_THREAD_COMM);
	bind_i64(&b, 1, (int64_t)trow);
	bind_i64(&b, 2, e->pid);
	bind_text(&b, 3, c);
	return export_sqlite_run(x, &b, "writing threads");
}

int export_sqlite_exec(struct export_sqlite *x, const struct trace_exec *e)
{
	if (x->failed)
		return -1;
	char comm[TRACE_COMM_LEN + 1];
	const char *c = comm_str(e->comm, comm);
	uint64_t prow, trow;
	if (ensure_process(x, e->pid, c, &prow) < 0 ||
	    export_sqlite_ensure_thread(x, e->tid, e->pid, c, &trow) < 0)
		return -1;
	struct export_sqlite_binder b = bind_start(x, ST_THREAD_COMM);
	bind_i64(&b, 1, (int64_t)trow);
	bind_i64(&b, 2, e->pid);
	bind_text(&b, 3, c);
	if (export_sqlite_run(x, &b, "writing threads") < 0)
		return -1;
	char *argv = argv_json(e);
	b = bind_start(x, ST_PROC_EXEC);
	bind_i64(&b, 1, (int64_t)prow);
	bind_text(&b, 2, c);
	bind_text(&b, 3, e->filename);
	bind_text(&b, 4, argv);
	bind_i64(&b, 5, export_sqlite_wall(x, e->ts));
	int rc = export_sqlite_run(x, &b, "writing processes");
	free(argv);
	return rc;
}

int export_sqlite_exit(struct export_sqlite *x, const struct trace_exit *e)
{
	if (x->failed)
		return -1;
	bool detached = e->flags & TEXIT_DETACHED;
	uint64_t trow;
	if (export_sqlite_ensure_thread(x, e->tid, e->pid, NULL, &trow) < 0)
		return -1;
	struct export_sqlite_binder b = bind_start(x, ST_THREAD_EXIT);
	bind_i64(&b, 1, (int64_t)trow);
	bind_i64(&b, 2, export_sqlite_wall(x, e->ts));
	if (detached)
		bind_null(&b, 3);
	else
		bind_i64(&b, 3, e->status);
	bind_i64(&b, 4, detached);
	if (export_sqlite_run(x, &b, "writing threads") < 0)
		return -1;
	if (!(e->flags & TEXIT_PROCESS))
		return 0;
	uint64_t prow;
	if (ensure_process(x, e->pid, NULL, &prow) < 0)
		return -1;
	b = bind_start(x, ST_PROC_EXIT);
	bind_i64(&b, 1, (int64_t)prow);
	bind_i64(&b, 2, export_sqlite_wall(x, e->ts));
	if (detached) {
		bind_null(&b, 3);
		bind_null(&b, 4);
		bind_null(&b, 5);
	} else {
		bind_i64(&b, 3, e->status);
		if (WIFEXITED(e->status))
			bind_i64(&b, 4, WEXITSTATUS(e->status));
		else
			bind_null(&b, 4);
		bind_text(&b, 5,
		          WIFSIGNALED(e->status) ? trace_signal_name(WTERMSIG(e->status)) : NULL);
	}
	bind_i64(&b, 6, detached);
	return export_sqlite_run(x, &b, "writing processes");
}

int export_sqlite_signal(struct export_sqlite *x, const struct trace_signal *sig)
{
	if (x->failed)
		return -1;
	struct export_sqlite_binder b = bind_start(x, ST_SIGNAL);
	bind_i64(&b, 1, export_sqlite_wall(x, sig->ts));
	bind_i64(&b, 2, export_sqlite_rel(x, sig->ts));
	bind_i64(&b, 3, sig->tid);
	bind_i64(&b, 4, sig->pid);
	bind_i64(&b, 5, sig->signo);
	bind_text(&b, 6, trace_signal_name(sig->signo));
	bind_i64(&b, 7, sig->code);
	bind_i64_or_null(&b, 8, sig->sender);
	bind_i64(&b, 9, sig->flags);
	return export_sqlite_run(x, &b, "writing signals");
}

int export_sqlite_record(struct export_sqlite *x, const struct trace_record *rec)
{
	switch (rec->type) {
	case TREC_THREAD:
		return export_sqlite_thread(x, &rec->u.thread);
	case TREC_EXEC:
		return export_sqlite_exec(x, &rec->u.exec);
	case TREC_RENAME:
		return export_sqlite_rename(x, &rec->u.rename);
	case TREC_EXIT:
		return export_sqlite_exit(x, &rec->u.exit);
	case TREC_SIGNAL:
		return export_sqlite_signal(x, &rec->u.sig);
	case TREC_LOST:
		x->lost_records += rec->u.lost.count;
		return x->failed ? -1 : 0;
	case TREC_TRAILER:
		x->lost_trailer = rec->u.trailer.lost;
		return x->failed ? -1 : 0;
	default:
		return x->failed ? -1 : 0;
	}
}
