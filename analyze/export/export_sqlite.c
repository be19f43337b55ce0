/*
 * export_sqlite.c - the SQLite export: builds the database in a temporary
 * file beside the target (journal off, no syncs, one transaction, prepared
 * statements), then creates the indexes, commits, syncs the file once and
 * renames it over the target. Before anything is written the target is
 * checked: only a missing file, an empty file or an earlier renacer export
 * (recognised by the application_id in its SQLite header) may be replaced.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/export/export_sqlite_int.h"
#include "libtrace/trace_outfile.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

#define SQLITE_MAGIC     "SQLite format 3"
#define HEADER_APP_ID_AT 68
#define STRSIZE_ALL      (1u << 30)

static const char schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE processes(id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, ppid INTEGER,"
    " comm TEXT, filename TEXT, argv TEXT, start_ns INTEGER, exec_ns INTEGER, end_ns INTEGER,"
    " exit_status INTEGER, exit_code INTEGER, exit_signal TEXT, detached INTEGER NOT NULL"
    " DEFAULT 0);"
    "CREATE TABLE threads(id INTEGER PRIMARY KEY, tid INTEGER NOT NULL, pid INTEGER NOT NULL,"
    " ppid INTEGER, comm TEXT, start_ns INTEGER, end_ns INTEGER, exit_status INTEGER,"
    " detached INTEGER NOT NULL DEFAULT 0, flags INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE syscalls(id INTEGER PRIMARY KEY, ts_ns INTEGER NOT NULL, rel_ns INTEGER NOT"
    " NULL, tid INTEGER NOT NULL, pid INTEGER NOT NULL, comm TEXT, name TEXT NOT NULL,"
    " nr INTEGER NOT NULL, args_text TEXT NOT NULL, arg0 INTEGER, arg1 INTEGER, arg2 INTEGER,"
    " arg3 INTEGER, arg4 INTEGER, arg5 INTEGER, ret INTEGER, ret_text TEXT NOT NULL,"
    " errno INTEGER, errno_name TEXT, duration_ns INTEGER, source_file TEXT,"
    " source_line INTEGER, source_function TEXT, source_module TEXT, stack_id INTEGER,"
    " flags INTEGER NOT NULL);"
    "CREATE TABLE signals(id INTEGER PRIMARY KEY, ts_ns INTEGER NOT NULL, rel_ns INTEGER NOT"
    " NULL, tid INTEGER NOT NULL, pid INTEGER NOT NULL, signo INTEGER NOT NULL, name TEXT,"
    " code INTEGER, sender INTEGER, flags INTEGER NOT NULL);"
    "CREATE TABLE summary(id INTEGER PRIMARY KEY, name TEXT NOT NULL, nr INTEGER NOT NULL,"
    " calls INTEGER NOT NULL, errors INTEGER NOT NULL, total_ns INTEGER NOT NULL,"
    " avg_ns INTEGER NOT NULL, min_ns INTEGER NOT NULL, max_ns INTEGER NOT NULL,"
    " p50_ns INTEGER NOT NULL, p90_ns INTEGER NOT NULL, p99_ns INTEGER NOT NULL,"
    " source_file TEXT, source_line INTEGER, source_function TEXT, source_module TEXT);";

/* Built after the bulk insert: cheaper than maintaining them row by row. Source
 * lines are not indexed (the summary table answers per-line questions; an index
 * on them costs a third of the file and twice the time of the others). */
static const char index_sql[] = "CREATE INDEX syscalls_name ON syscalls(name);"
                                "CREATE INDEX syscalls_tid ON syscalls(tid);"
                                "CREATE INDEX syscalls_ts ON syscalls(ts_ns);"
                                "CREATE INDEX threads_tid ON threads(tid);"
                                "CREATE INDEX processes_pid ON processes(pid);"
                                "CREATE INDEX signals_tid ON signals(tid);";

static const char *const stmt_sql[ST_COUNT] = {
    [ST_META] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
    [ST_SYSCALL] = "INSERT INTO syscalls(ts_ns, rel_ns, tid, pid, comm, name, nr, args_text,"
                   " arg0, arg1, arg2, arg3, arg4, arg5, ret, ret_text, errno, errno_name,"
                   " duration_ns, source_file, source_line, source_function, source_module,"
                   " stack_id, flags) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                   " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
    [ST_THREAD_NEW] = "INSERT INTO threads(tid, pid, ppid, comm, start_ns, flags)"
                      " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_THREAD_COMM] = "UPDATE threads SET pid = ?2, comm = ?3 WHERE id = ?1",
    [ST_THREAD_EXIT] = "UPDATE threads SET end_ns = ?2, exit_status = ?3, detached = ?4"
                       " WHERE id = ?1",
    [ST_PROC_NEW] = "INSERT INTO processes(pid, ppid, comm, start_ns) VALUES(?1, ?2, ?3, ?4)",
    [ST_PROC_EXEC] = "UPDATE processes SET comm = ?2, filename = ?3, argv = ?4, exec_ns = ?5"
                     " WHERE id = ?1",
    [ST_PROC_EXIT] = "UPDATE processes SET end_ns = ?2, exit_status = ?3, exit_code = ?4,"
                     " exit_signal = ?5, detached = ?6 WHERE id = ?1",
    [ST_SIGNAL] = "INSERT INTO signals(ts_ns, rel_ns, tid, pid, signo, name, code, sender, flags)"
                  " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_SUMMARY] = "INSERT INTO summary(name, nr, calls, errors, total_ns, avg_ns, min_ns,"
                   " max_ns, p50_ns, p90_ns, p99_ns, source_file, source_line, source_function,"
                   " source_module) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                   " ?14, ?15)",
};

/* --- errors ---------------------------------------------------------------- */

void export_sqlite_set_err(struct export_sqlite *x, const char *fmt, ...)
{
	if (x->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->err, sizeof(x->err), fmt, ap);
	va_end(ap);
	x->failed = true;
}

int export_sqlite_fail(struct export_sqlite *x, const char *what)
{
	export_sqlite_set_err(x, "'%s': SQLite error while %s: %s", x->path, what,
	                      sqlite3_errmsg(x->db));
	return -1;
}

static void copy_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

/* --- running statements ------------------------------------------------------ */

int export_sqlite_run(struct export_sqlite *x, struct export_sqlite_binder *b, const char *what)
{
	if (b->rc != SQLITE_OK)
		return export_sqlite_fail(x, what);
	int rc = sqlite3_step(b->st);
	int rrc = sqlite3_reset(b->st);
	if (rc != SQLITE_DONE || rrc != SQLITE_OK)
		return export_sqlite_fail(x, what);
	return 0;
}

/* --- opening ----------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Whether path may be written: it is missing, empty, or an earlier export.
 * 0 (with *replace telling whether it exists) or -1 with a message. */
static int check_target(const char *path, bool *replace, char *err, size_t errlen)
{
	struct stat st;
	*replace = false;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot use '%s': %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "'%s' is not a regular file: give a database file name",
		         path);
		return -1;
	}
	*replace = true;
	if (st.st_size == 0)
		return 0;
	unsigned char hdr[100];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	ssize_t n = read(fd, hdr, sizeof(hdr));
	int read_errno = errno;
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(read_errno));
		return -1;
	}
	if (n < (ssize_t)sizeof(hdr) || memcmp(hdr, SQLITE_MAGIC, sizeof(SQLITE_MAGIC)) != 0) {
		snprintf(err, errlen,
		         "'%s' exists and is not an SQLite database: refusing to overwrite it "
		         "(remove it or choose another -o FILE)",
		         path);
		return -1;
	}
	if (be32(hdr + HEADER_APP_ID_AT) != EXPORT_SQLITE_APP_ID) {
		snprintf(err, errlen,
		         "'%s' is an SQLite database not written by renacer: refusing to overwrite "
		         "it (remove it or choose another -o FILE)",
		         path);
		return -1;
	}
	return 0;
}

/* Creates an empty temporary file beside path; its name, or NULL with a message. */
static char *create_temp(const char *path, char *err, size_t errlen)
{
	for (unsigned attempt = 0; attempt < 100; attempt++) {
		char *tmp = xasprintf("%s.tmp-%d-%u", path, (int)getpid(), attempt);
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			if (close(fd) == 0)
				return tmp;
			snprintf(err, errlen, "cannot create '%s': %s", path, strerror(errno));
			unlink(tmp);
			free(tmp);
			return NULL;
		}
		int e = errno;
		free(tmp);
		if (e == EEXIST)
			continue;
		snprintf(err, errlen, "cannot create '%s': %s%s", path, strerror(e),
		         e == ENOENT ? " (its directory does not exist)" : "");
		return NULL;
	}
	snprintf(err, errlen, "cannot create a temporary file beside '%s'", path);
	return NULL;
}

static int meta_str(struct export_sqlite *x, const char *key, const char *value)
{
	if (!value)
		return 0;
	return export_sqlite_meta_set(x, key, value);
}

static int meta_u64(struct export_sqlite *x, const char *key, uint64_t value)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)value);
	return export_sqlite_meta_set(x, key, buf);
}

static int write_meta(struct export_sqlite *x, const struct trace_meta *m)
{
	int rc = meta_str(x, "format", "renacer-sqlite/1");
	rc |= meta_str(x, "exporter_version", RENACER_VERSION);
	rc |= meta_u64(x, "start_wall_ns", x->start_wall);
	rc |= meta_u64(x, "start_mono_ns", x->start_mono);
	if (!m)
		return rc ? -1 : 0;
	rc |= meta_str(x, "hostname", m->hostname);
	rc |= meta_str(x, "kernel", m->kernel);
	rc |= meta_str(x, "arch", m->arch);
	rc |= meta_u64(x, "page_size", m->page_size);
	rc |= meta_str(x, "recorder_version", m->recorder_version);
	rc |= meta_str(x, "cmdline", m->cmdline);
	rc |= meta_str(x, "options", m->options);
	rc |= meta_u64(x, "overhead_ns", m->overhead_ns);
	rc |= meta_u64(x, "overhead_stack_ns", m->overhead_stack_ns);
	rc |= meta_u64(x, "overhead_samples", m->overhead_samples);
	rc |= meta_u64(x, "overhead_floor_ns", m->overhead_floor_ns);
	return rc ? -1 : 0;
}

/* Pragmas for a bulk load into a private file, the schema, and the transaction. */
static int setup_db(struct export_sqlite *x)
{
	char *pragmas = xasprintf("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
	                          "PRAGMA locking_mode=EXCLUSIVE; PRAGMA temp_store=MEMORY;"
	                          "PRAGMA cache_size=-65536; PRAGMA application_id=%d;"
	                          "PRAGMA user_version=%d; BEGIN;",
	                          EXPORT_SQLITE_APP_ID, EXPORT_SQLITE_SCHEMA_VERSION);
	int rc = sqlite3_exec(x->db, pragmas, NULL, NULL, NULL);
	free(pragmas);
	if (rc != SQLITE_OK)
		return export_sqlite_fail(x, "setting up the database");
	if (sqlite3_exec(x->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
		return export_sqlite_fail(x, "creating the tables");
	for (int i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v3(x->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &x->st[i],
		                       NULL) != SQLITE_OK)
			return export_sqlite_fail(x, "preparing the statements");
	return 0;
}

/* Finalizes the statements and closes the connection; 0 or -1 (message set). */
static int close_db(struct export_sqlite *x)
{
	for (int i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(x->st[i]);
		x->st[i] = NULL;
	}
	if (!x->db)
		return 0;
	int rc = sqlite3_close(x->db);
	if (rc != SQLITE_OK) {
		export_sqlite_set_err(x, "'%s': SQLite error while closing the database: %s",
		                      x->path, sqlite3_errstr(rc));
		sqlite3_close_v2(x->db);
		x->db = NULL;
		return -1;
	}
	x->db = NULL;
	return 0;
}

static void free_export(struct export_sqlite *x)
{
	sb_free(&x->args);
	sb_free(&x->ret);
	trace_map_free(&x->thread_row);
	trace_map_free(&x->proc_row);
	trace_outfile_forget(x->tmp_slot);
	free(x->path);
	free(x->tmp);
	free(x);
}

struct export_sqlite *export_sqlite_open(const char *path, const struct export_sqlite_opts *o,
                                         char *err, size_t errlen)
{
	char msg[512];
	bool replace;
	if (!path || !*path || strcmp(path, "-") == 0) {
		copy_err(err, errlen, "the SQLite export needs a file: give -o FILE (not stdout)");
		return NULL;
	}
	char *target; /* path, or what a link we may follow there names */
	if (trace_outfile_resolve(path, &target, msg, sizeof(msg)) < 0) {
		copy_err(err, errlen, msg);
		return NULL;
	}
	char *tmp = NULL;
	if (check_target(target, &replace, msg, sizeof(msg)) < 0 ||
	    !(tmp = create_temp(target, msg, sizeof(msg)))) {
		copy_err(err, errlen, msg);
		free(target);
		return NULL;
	}
	struct export_sqlite *x = xcalloc(1, sizeof(*x));
	x->path = target;
	x->tmp = tmp;
	x->tmp_slot = trace_outfile_register(tmp);
	x->replace = replace;
	const struct trace_meta *meta = o ? o->meta : NULL;
	x->start_mono = meta ? meta->start_mono_ns : trace_mono_ns();
	x->start_wall = meta ? meta->start_wall_ns : trace_wall_ns();
	x->dopts.strsize = o && o->strsize ? o->strsize : STRSIZE_ALL;
	trace_map_init(&x->thread_row);
	trace_map_init(&x->proc_row);
	int rc = sqlite3_open_v2(tmp, &x->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		export_sqlite_set_err(x, "cannot open '%s' as a database: %s", path,
		                      x->db ? sqlite3_errmsg(x->db) : sqlite3_errstr(rc));
	} else if (setup_db(x) == 0) {
		write_meta(x, meta);
	}
	if (x->failed) {
		copy_err(err, errlen, x->err);
		export_sqlite_abort(x);
		return NULL;
	}
	return x;
}

/* --- time -------------------------------------------------------------------- */

/* A monotonic trace time on the wall clock (ns since the epoch). */
int64_t export_sqlite_wall(const struct export_sqlite *x, uint64_t ts)
{
	if (ts >= x->start_mono)
		return (int64_t)(x->start_wall + (ts - x->start_mono));
	uint64_t back = x->start_mono - ts;
	return back < x->start_wall ? (int64_t)(x->start_wall - back) : 0;
}

int64_t export_sqlite_rel(const struct export_sqlite *x, uint64_t ts)
{
	return ts > x->start_mono ? (int64_t)(ts - x->start_mono) : 0;
}

/* --- syscalls ------------------------------------------------------------------- */

static void decode_texts(struct export_sqlite *x, const struct trace_syscall *s)
{
	sb_reset(&x->args);
	sb_puts(&x->args, "");
	decode_args(&x->args, s, &x->dopts);
	sb_reset(&x->ret);
	sb_puts(&x->ret, "");
	decode_ret(&x->ret, s);
}

/* Binds a source location to columns i (file), i+1 (line), i+2 (function), i+3 (module). */
static void bind_source(struct export_sqlite_binder *b, int i, const struct agg_source *src)
{
	bind_text(b, i, src ? src->file : NULL);
	bind_i64_or_null(b, i + 1, src ? src->line : 0);
	bind_text(b, i + 2, src ? src->function : NULL);
	bind_text(b, i + 3, src ? src->module : NULL);
}

/* Binds ret (15), ret_text (16), errno (17), errno_name (18) and duration_ns (19):
 * NULL where the call did not return. */
static void bind_result(struct export_sqlite *x, struct export_sqlite_binder *b,
                        const struct trace_syscall *s, uint64_t duration_ns)
{
	bool returns = trace_syscall_returned(s);
	bool failed = returns && trace_ret_is_error(s->ret);
	if (returns)
		bind_i64(b, 15, failed ? -1 : s->ret);
	else
		bind_null(b, 15);
	bind_text(b, 16, sb_str(&x->ret));
	bind_i64_or_null(b, 17, failed ? -s->ret : 0);
	bind_text(b, 18, failed ? decode_errno(s) : NULL);
	if (returns)
		bind_i64(b, 19, (int64_t)duration_ns);
	else
		bind_null(b, 19);
}

int export_sqlite_syscall(struct export_sqlite *x, const struct trace_syscall *s,
                          uint64_t duration_ns, const char *comm, const struct agg_source *src)
{
	if (x->failed)
		return -1;
	uint64_t trow;
	if (export_sqlite_ensure_thread(x, s->tid, s->pid, comm, &trow) < 0)
		return -1;
	char name[48];
	decode_texts(x, s);

	struct export_sqlite_binder b = bind_start(x, ST_SYSCALL);
	bind_i64(&b, 1, export_sqlite_wall(x, s->ts));
	bind_i64(&b, 2, export_sqlite_rel(x, s->ts));
	bind_i64(&b, 3, s->tid);
	bind_i64(&b, 4, s->pid);
	bind_text(&b, 5, comm);
	const char *known = trace_syscall_name(s->nr);
	bind_text(&b, 6, known ? known : trace_syscall_name_r(s->nr, name, sizeof(name)));
	bind_i64(&b, 7, s->nr);
	bind_text(&b, 8, sb_str(&x->args));
	for (int i = 0; i < TRACE_MAX_ARGS; i++)
		bind_i64(&b, 9 + i, (int64_t)s->args[i]);
	bind_result(x, &b, s, duration_ns);
	bind_source(&b, 20, src);
	bind_i64_or_null(&b, 24, s->stack_id);
	bind_i64(&b, 25, s->flags);
	if (export_sqlite_run(x, &b, "writing syscalls") < 0)
		return -1;
	x->nsyscalls++;
	return 0;
}

/* --- meta, summary, close ---------------------------------------------------------- */

int export_sqlite_meta_set(struct export_sqlite *x, const char *key, const char *value)
{
	if (x->failed)
		return -1;
	struct export_sqlite_binder b = bind_start(x, ST_META);
	bind_text(&b, 1, key);
	bind_text(&b, 2, value);
	return export_sqlite_run(x, &b, "writing meta");
}

int export_sqlite_summary(struct export_sqlite *x, const struct agg *a)
{
	if (x->failed)
		return -1;
	unsigned n = agg_rows(a);
	for (unsigned i = 0; i < n; i++) {
		const struct agg_row *r = agg_row(a, i);
		char name[48];
		struct export_sqlite_binder b = bind_start(x, ST_SUMMARY);
		bind_text(&b, 1,
		          r->name ? r->name : trace_syscall_name_r(r->nr, name, sizeof(name)));
		bind_i64(&b, 2, r->nr);
		bind_i64(&b, 3, (int64_t)r->calls);
		bind_i64(&b, 4, (int64_t)r->errors);
		bind_i64(&b, 5, (int64_t)r->total_ns);
		bind_i64(&b, 6, (int64_t)(r->calls ? r->total_ns / r->calls : 0));
		bind_i64(&b, 7, (int64_t)(r->calls ? r->min_ns : 0));
		bind_i64(&b, 8, (int64_t)r->max_ns);
		bind_i64(&b, 9, (int64_t)agg_row_quantile(r, 0.50));
		bind_i64(&b, 10, (int64_t)agg_row_quantile(r, 0.90));
		bind_i64(&b, 11, (int64_t)agg_row_quantile(r, 0.99));
		bind_source(&b, 12, &r->src);
		if (export_sqlite_run(x, &b, "writing summary") < 0)
			return -1;
	}
	return 0;
}

/* Removes a sibling file of the target ("-journal", "-wal", "-shm") that belonged
 * to the database being replaced: left there, SQLite would apply it to the new one. */
static int remove_sibling(struct export_sqlite *x, const char *suffix)
{
	char *p = xasprintf("%s%s", x->path, suffix);
	int rc = unlink(p);
	int e = errno;
	free(p);
	if (rc < 0 && e != ENOENT) {
		export_sqlite_set_err(x, "cannot remove '%s%s' of the database being replaced: %s",
		                      x->path, suffix, strerror(e));
		return -1;
	}
	return 0;
}

/* Makes the finished file durable before it replaces the target. */
static int sync_file(struct export_sqlite *x)
{
	int fd = open(x->tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0) {
		export_sqlite_set_err(x, "cannot write '%s': %s", x->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		export_sqlite_set_err(x, "cannot write '%s': %s", x->path, strerror(errno));
		return -1;
	}
	return 0;
}

static int finish(struct export_sqlite *x)
{
	uint64_t lost = x->lost_records > x->lost_trailer ? x->lost_records : x->lost_trailer;
	if (meta_u64(x, "lost_events", lost) < 0)
		return -1;
	if (sqlite3_exec(x->db, index_sql, NULL, NULL, NULL) != SQLITE_OK)
		return export_sqlite_fail(x, "creating the indexes");
	if (sqlite3_exec(x->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return export_sqlite_fail(x, "committing");
	if (close_db(x) < 0 || sync_file(x) < 0)
		return -1;
	if (x->replace && (remove_sibling(x, "-journal") < 0 || remove_sibling(x, "-wal") < 0 ||
	                   remove_sibling(x, "-shm") < 0))
		return -1;
	if (rename(x->tmp, x->path) < 0) {
		export_sqlite_set_err(x, "cannot move the database to '%s': %s", x->path,
		                      strerror(errno));
		return -1;
	}
	return 0;
}

int export_sqlite_close(struct export_sqlite *x, char *err, size_t errlen)
{
	if (!x)
		return 0;
	if (!x->failed && finish(x) == 0) {
		free_export(x);
		return 0;
	}
	copy_err(err, errlen, x->err);
	export_sqlite_abort(x);
	return -1;
}

void export_sqlite_abort(struct export_sqlite *x)
{
	if (!x)
		return;
	close_db(x);
	if (x->tmp)
		unlink(x->tmp);
	free_export(x);
}

const char *export_sqlite_error(const struct export_sqlite *x)
{
	return x->err;
}

uint64_t export_sqlite_syscalls(const struct export_sqlite *x)
{
	return x->nsyscalls;
}
