/*
 * test_export_sqlite.c - the SQLite export on synthetic records: every column
 * of syscalls, threads, processes, signals, meta and summary read back with
 * SQLite; the files it refuses to overwrite (not SQLite, another program's
 * database, a directory, stdout), replacing an earlier export, a missing
 * directory, and an aborted export leaving nothing behind.
 */
#include <criterion/criterion.h>
#include <glob.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/export/export_sqlite.h"
#include "analyze/model/model.h"
#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_syscalls.h"

#define START_MONO 1000000000000ULL
#define START_WALL 1700000000000000000ULL
#define US         1000ULL
#define MS         1000000ULL
#define AT_FDCWD_U ((uint64_t)(int64_t)-100)

static struct trace_meta test_meta(void)
{
	struct trace_meta m = {
	    .hostname = "testhost",
	    .kernel = "6.1.0",
	    .arch = "x86_64",
	    .page_size = 4096,
	    .recorder_version = "0.1.0",
	    .cmdline = "renacer-record -- ./app -v",
	    .options = "stack_depth=64",
	    .start_wall_ns = START_WALL,
	    .start_mono_ns = START_MONO,
	    .overhead_ns = 50000,
	    .overhead_stack_ns = 7000,
	    .overhead_samples = 1000,
	};
	return m;
}

/* A fresh path in the build tree (the file does not exist). */
static const char *temp_path(const char *tag)
{
	static char path[4][256];
	static unsigned n;
	char *p = path[n++ % 4];
	snprintf(p, sizeof(path[0]), "%s/sqlite-test-%d-%s-%u.db", TEST_BINARY_DIR, (int)getpid(),
	         tag, n);
	unlink(p);
	return p;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Number of temporary files left beside path. */
static size_t temps_beside(const char *path)
{
	char pattern[300];
	glob_t g;
	snprintf(pattern, sizeof(pattern), "%s.tmp-*", path);
	int rc = glob(pattern, 0, NULL, &g);
	size_t n = rc == 0 ? g.gl_pathc : 0;
	if (rc == 0)
		globfree(&g);
	return n;
}

static sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;
	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK,
	             "cannot open %s", path);
	return db;
}

/* The rows of a query as the sqlite3 shell lists them: columns joined by '|',
 * rows by '\n', NULL written "NULL". Caller frees. */
static char *query(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
	             sqlite3_errmsg(db));
	sb_puts(&sb, "");
	int rc;
	bool first = true;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!first)
			sb_putc(&sb, '\n');
		first = false;
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			if (i)
				sb_putc(&sb, '|');
			const unsigned char *t = sqlite3_column_text(st, i);
			sb_puts(&sb, t ? (const char *)t : "NULL");
		}
	}
	cr_assert_eq(rc, SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return sb.buf;
}

#define assert_query(db, sql, expected)                                                            \
	do {                                                                                       \
		char *got_ = query(db, sql);                                                       \
		cr_assert_str_eq(got_, expected, "%s\n got: %s\n want: %s", sql, got_, expected);  \
		free(got_);                                                                        \
	} while (0)

static struct trace_syscall sys_of(const char *name, int32_t pid, int32_t tid, uint64_t ts,
                                   uint64_t dur, int64_t ret)
{
	struct trace_syscall s;
	memset(&s, 0, sizeof(s));
	long nr = trace_syscall_by_name(name);
	cr_assert(nr >= 0, "unknown syscall %s", name);
	s.nr = (uint16_t)nr;
	s.pid = pid;
	s.tid = tid;
	s.ts = ts;
	s.duration = dur;
	s.ret = ret;
	return s;
}

static void add_string(struct trace_syscall *s, unsigned arg, const char *str)
{
	struct trace_payload *p = &s->payloads[s->npayloads++];
	p->arg = (uint8_t)arg;
	p->kind = TPAY_STRING;
	p->len = (uint32_t)strlen(str);
	p->full_len = p->len;
	p->data = (const uint8_t *)str;
}

/* The trace model fed before the export, as the report does. */
static struct model *model;

static struct export_sqlite *open_ok(const char *path)
{
	struct trace_meta m = test_meta();
	struct export_sqlite_opts o = {.meta = &m, .strsize = 32};
	char err[512] = "";
	struct export_sqlite *x = export_sqlite_open(path, &o, err, sizeof(err));
	cr_assert_not_null(x, "open %s: %s", path, err);
	cr_assert_str_eq(export_sqlite_error(x), "");
	model_free(model);
	model = model_new(false);
	export_sqlite_use_model(x, model);
	return x;
}

static void close_ok(struct export_sqlite *x)
{
	char err[512] = "";
	cr_assert_eq(export_sqlite_close(x, err, sizeof(err)), 0, "close: %s", err);
	model_free(model);
	model = NULL;
}

static void feed(struct export_sqlite *x, const struct trace_record *r)
{
	model_feed(model, r);
	cr_assert_eq(export_sqlite_record(x, r), 0, "%s", export_sqlite_error(x));
}

/* Two processes: app (pid 100, threads 100 and 101, exits 7) and its child 200
 * killed by SIGKILL; one signal; a lost-events record. */
static void feed_processes(struct export_sqlite *x)
{
	struct trace_record r = {.type = TREC_THREAD};
	r.u.thread = (struct trace_thread){.ts = START_MONO, .tid = 100, .pid = 100};
	strcpy(r.u.thread.comm, "sh");
	feed(x, &r);

	static const char argv[] = "./app\0-v\0caf\xc3\xa9";
	r = (struct trace_record){.type = TREC_EXEC};
	r.u.exec = (struct trace_exec){.ts = START_MONO + 1 * MS,
	                               .tid = 100,
	                               .pid = 100,
	                               .old_tid = 100,
	                               .filename = "/usr/bin/app",
	                               .argv = argv,
	                               .argv_len = sizeof(argv),
	                               .argc = 3};
	strcpy(r.u.exec.comm, "app");
	feed(x, &r);

	r = (struct trace_record){.type = TREC_THREAD};
	r.u.thread = (struct trace_thread){.ts = START_MONO + 2 * MS,
	                                   .tid = 101,
	                                   .pid = 100,
	                                   .ppid = 100,
	                                   .flags = TTHREAD_IS_THREAD};
	strcpy(r.u.thread.comm, "worker");
	feed(x, &r);

	r = (struct trace_record){.type = TREC_THREAD};
	r.u.thread =
	    (struct trace_thread){.ts = START_MONO + 3 * MS, .tid = 200, .pid = 200, .ppid = 101};
	strcpy(r.u.thread.comm, "app");
	feed(x, &r);

	r = (struct trace_record){.type = TREC_SIGNAL};
	r.u.sig = (struct trace_signal){.ts = START_MONO + 4 * MS,
	                                .tid = 100,
	                                .pid = 100,
	                                .signo = 2,
	                                .code = 0,
	                                .sender = 55,
	                                .flags = TSIG_DELIVERED};
	feed(x, &r);

	r = (struct trace_record){.type = TREC_LOST};
	r.u.lost = (struct trace_lost){.ts = START_MONO + 5 * MS, .tid = 101, .count = 3};
	feed(x, &r);

	r = (struct trace_record){.type = TREC_EXIT};
	r.u.exit = (struct trace_exit){
	    .ts = START_MONO + 8 * MS, .tid = 200, .pid = 200, .status = 9, .flags = TEXIT_PROCESS};
	feed(x, &r);
	r.u.exit =
	    (struct trace_exit){.ts = START_MONO + 9 * MS, .tid = 101, .pid = 100, .status = 0};
	feed(x, &r);
	r.u.exit = (struct trace_exit){.ts = START_MONO + 10 * MS,
	                               .tid = 100,
	                               .pid = 100,
	                               .status = 7 << 8,
	                               .flags = TEXIT_PROCESS};
	feed(x, &r);
}

/* Five syscalls covering success, failure, no return, unfinished and source. */
static void feed_syscalls(struct export_sqlite *x)
{
	struct agg_source src = {
	    .file = "src/main.c", .line = 42, .function = "load_config", .module = "/usr/bin/app"};
	struct trace_syscall s = sys_of("openat", 100, 100, START_MONO + 5 * MS, 5 * US, 3);
	s.args[0] = AT_FDCWD_U;
	s.args[1] = 0x7ffd1000;
	s.args[2] = 02000000; /* O_RDONLY|O_CLOEXEC */
	s.stack_id = 9;
	add_string(&s, 1, "/etc/passwd");
	cr_assert_eq(export_sqlite_syscall(x, &s, 4 * US, "app", &src), 0);

	s = sys_of("openat", 100, 100, START_MONO + 6 * MS, 2 * US, -2);
	s.args[0] = AT_FDCWD_U;
	s.args[1] = 0x7ffd2000;
	add_string(&s, 1, "/nope");
	cr_assert_eq(export_sqlite_syscall(x, &s, 2 * US, "app", NULL), 0);

	s = sys_of("read", 100, 101, START_MONO + 7 * MS, 0, 0);
	s.args[0] = 5;
	s.args[1] = 0x1000;
	s.args[2] = 64;
	s.flags = TSYS_UNFINISHED;
	cr_assert_eq(export_sqlite_syscall(x, &s, 0, "worker", NULL), 0);

	s = sys_of("close", 100, 100, START_MONO + 8 * MS, 1 * US, 0);
	s.args[0] = 3;
	cr_assert_eq(export_sqlite_syscall(x, &s, 1 * US, NULL, NULL), 0);

	s = sys_of("exit_group", 100, 100, START_MONO + 9 * MS, 0, 0);
	s.args[0] = 7;
	s.flags = TSYS_NORETURN | TSYS_UNFINISHED;
	cr_assert_eq(export_sqlite_syscall(x, &s, 0, "app", NULL), 0);
	cr_assert_eq(export_sqlite_syscalls(x), 5);
}

Test(export_sqlite, syscall_columns)
{
	const char *path = temp_path("cols");
	struct export_sqlite *x = open_ok(path);
	feed_processes(x);
	feed_syscalls(x);
	close_ok(x);
	cr_assert_eq(temps_beside(path), 0);

	sqlite3 *db = open_db(path);
	assert_query(db, "SELECT count(*) FROM syscalls", "5");
	assert_query(db,
	             "SELECT id, ts_ns, rel_ns, tid, pid, comm, name, nr, args_text, arg0, arg1,"
	             " arg2, arg3, arg4, arg5, ret, ret_text, errno, errno_name, duration_ns,"
	             " source_file, source_line, source_function, source_module, stack_id, flags"
	             " FROM syscalls WHERE id = 1",
	             "1|1700000000005000000|5000000|100|100|app|openat|257|"
	             "AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC|-100|2147291136|524288|0|0|0|"
	             "3|3|NULL|NULL|4000|src/main.c|42|load_config|/usr/bin/app|9|0");
	assert_query(db,
	             "SELECT args_text, ret, ret_text, errno, errno_name, duration_ns, source_file,"
	             " source_line, source_function, source_module, stack_id FROM syscalls"
	             " WHERE id = 2",
	             "AT_FDCWD, \"/nope\", O_RDONLY|-1|-1 ENOENT (No such file or directory)|2|"
	             "ENOENT|2000|NULL|NULL|NULL|NULL|NULL");
	/* Unfinished: no return, no duration; the thread's comm as given. */
	assert_query(db,
	             "SELECT tid, comm, name, arg0, arg1, arg2, ret, ret_text, errno,"
	             " duration_ns, flags FROM syscalls WHERE id = 3",
	             "101|worker|read|5|4096|64|NULL|?|NULL|NULL|1");
	assert_query(db,
	             "SELECT comm, name, args_text, ret, ret_text, duration_ns FROM syscalls"
	             " WHERE id = 4",
	             "NULL|close|3|0|0|1000");
	assert_query(db,
	             "SELECT name, args_text, ret, ret_text, duration_ns, flags FROM syscalls"
	             " WHERE id = 5",
	             "exit_group|7|NULL|?|NULL|3");
	/* Joins with threads answer "who made the call". */
	assert_query(db,
	             "SELECT t.comm, count(*) FROM syscalls s JOIN threads t ON t.tid = s.tid"
	             " GROUP BY t.comm ORDER BY t.comm",
	             "app|4\nworker|1");
	sqlite3_close(db);
	unlink(path);
}

Test(export_sqlite, processes_threads_signals_meta)
{
	const char *path = temp_path("procs");
	struct export_sqlite *x = open_ok(path);
	feed_processes(x);
	feed_syscalls(x);
	cr_assert_eq(export_sqlite_meta_set(x, "times", "overhead-corrected"), 0);
	close_ok(x);

	sqlite3 *db = open_db(path);
	assert_query(db,
	             "SELECT id, pid, ppid, comm, filename, argv, start_ns, exec_ns, end_ns,"
	             " exit_status, exit_code, exit_signal, detached FROM processes ORDER BY id",
	             "1|100|NULL|app|/usr/bin/app|[\"./app\",\"-v\",\"caf\xc3\xa9\"]|"
	             "1700000000000000000|1700000000001000000|1700000000010000000|1792|7|NULL|0\n"
	             "2|200|100|app|NULL|NULL|1700000000003000000|NULL|1700000000008000000|9|NULL|"
	             "SIGKILL|0");
	assert_query(db,
	             "SELECT id, tid, pid, ppid, comm, start_ns, end_ns, exit_status, detached,"
	             " flags FROM threads ORDER BY id",
	             "1|100|100|NULL|app|1700000000000000000|1700000000010000000|1792|0|0\n"
	             "2|101|100|100|worker|1700000000002000000|1700000000009000000|0|0|1\n"
	             "3|200|200|101|app|1700000000003000000|1700000000008000000|9|0|0");
	assert_query(db,
	             "SELECT id, ts_ns, rel_ns, tid, pid, signo, name, code, sender, flags"
	             " FROM signals",
	             "1|1700000000004000000|4000000|100|100|2|SIGINT|0|55|1");
	assert_query(db, "SELECT json_extract(argv, '$[1]') FROM processes WHERE pid = 100", "-v");
	assert_query(db, "SELECT key, value FROM meta ORDER BY key",
	             "arch|x86_64\n"
	             "cmdline|renacer-record -- ./app -v\n"
	             "exporter_version|" RENACER_VERSION "\n"
	             "format|renacer-sqlite/1\n"
	             "hostname|testhost\n"
	             "kernel|6.1.0\n"
	             "lost_events|3\n"
	             "options|stack_depth=64\n"
	             "overhead_floor_ns|0\n"
	             "overhead_ns|50000\n"
	             "overhead_samples|1000\n"
	             "overhead_stack_ns|7000\n"
	             "page_size|4096\n"
	             "recorder_version|0.1.0\n"
	             "start_mono_ns|1000000000000\n"
	             "start_wall_ns|1700000000000000000\n"
	             "times|overhead-corrected");
	assert_query(db, "PRAGMA application_id", "1380860754");
	assert_query(db, "PRAGMA user_version", "1");
	assert_query(db, "PRAGMA journal_mode", "delete");
	assert_query(db, "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name",
	             "processes_pid\nsignals_tid\nsqlite_autoindex_meta_1\nsyscalls_name\n"
	             "syscalls_tid\nsyscalls_ts\nthreads_tid");
	assert_query(db, "PRAGMA integrity_check", "ok");
	sqlite3_close(db);
	unlink(path);
}

Test(export_sqlite, unannounced_thread_gets_rows)
{
	const char *path = temp_path("unann");
	struct export_sqlite *x = open_ok(path);
	struct trace_syscall s = sys_of("getpid", 300, 301, START_MONO + 1 * MS, 500, 300);
	cr_assert_eq(export_sqlite_syscall(x, &s, 500, "late", NULL), 0);
	cr_assert_eq(export_sqlite_syscall(x, &s, 500, "late", NULL), 0);
	close_ok(x);
	sqlite3 *db = open_db(path);
	assert_query(db, "SELECT tid, pid, ppid, comm, start_ns FROM threads",
	             "301|300|NULL|late|NULL");
	assert_query(db, "SELECT pid, comm, start_ns FROM processes", "300|late|NULL");
	assert_query(db, "SELECT args_text, ret, ret_text FROM syscalls WHERE id = 2", "|300|300");
	sqlite3_close(db);
	unlink(path);
}

Test(export_sqlite, summary_rows)
{
	struct agg *a = agg_new(true);
	struct agg_source src = {
	    .file = "src/io.c", .line = 7, .function = "flush_all", .module = "/usr/bin/app"};
	long nr_fsync = trace_syscall_by_name("fsync");
	long nr_read = trace_syscall_by_name("read");
	for (unsigned i = 1; i <= 100; i++)
		agg_add(a, (int)nr_fsync, &src, i * 10 * US, i % 10 == 0);
	agg_add(a, (int)nr_read, NULL, 3 * US, false);
	agg_add(a, (int)nr_read, NULL, 5 * US, true);
	agg_sort(a, AGG_SORT_TIME);

	const char *path = temp_path("sum");
	struct export_sqlite *x = open_ok(path);
	cr_assert_eq(export_sqlite_summary(x, a), 0);
	close_ok(x);

	const struct agg_row *fs = agg_row(a, 0);
	cr_assert_str_eq(fs->name, "fsync");
	char expected[512];
	snprintf(expected, sizeof(expected),
	         "1|fsync|%ld|100|10|50500000|505000|10000|1000000|%llu|%llu|%llu|src/io.c|7|"
	         "flush_all|/usr/bin/app\n"
	         "2|read|%ld|2|1|8000|4000|3000|5000|%llu|%llu|%llu|NULL|NULL|NULL|NULL",
	         nr_fsync, (unsigned long long)agg_row_quantile(fs, 0.5),
	         (unsigned long long)agg_row_quantile(fs, 0.9),
	         (unsigned long long)agg_row_quantile(fs, 0.99), nr_read,
	         (unsigned long long)agg_row_quantile(agg_row(a, 1), 0.5),
	         (unsigned long long)agg_row_quantile(agg_row(a, 1), 0.9),
	         (unsigned long long)agg_row_quantile(agg_row(a, 1), 0.99));
	/* Percentiles are within the histogram's 1% of the exact values. */
	cr_assert(agg_row_quantile(fs, 0.5) >= 495 * US && agg_row_quantile(fs, 0.5) <= 505 * US);
	cr_assert(agg_row_quantile(fs, 0.99) >= 980 * US &&
	          agg_row_quantile(fs, 0.99) <= 1000 * US);

	sqlite3 *db = open_db(path);
	assert_query(db,
	             "SELECT id, name, nr, calls, errors, total_ns, avg_ns, min_ns, max_ns, p50_ns,"
	             " p90_ns, p99_ns, source_file, source_line, source_function, source_module"
	             " FROM summary ORDER BY id",
	             expected);
	sqlite3_close(db);
	agg_free(a);
	unlink(path);
}

Test(export_sqlite, refuses_non_sqlite_file)
{
	const char *path = temp_path("text");
	write_file(path, "my precious notes, not a database, at least one hundred bytes long so "
	                 "that the header can be read in full....\n");
	char err[512] = "";
	struct export_sqlite_opts o = {0};
	cr_assert_null(export_sqlite_open(path, &o, err, sizeof(err)));
	cr_assert(strstr(err, "is not an SQLite database: refusing to overwrite it"), "%s", err);
	cr_assert(strstr(err, path), "%s", err);
	cr_assert_str_eq(read_file(path),
	                 "my precious notes, not a database, at least one hundred "
	                 "bytes long so that the header can be read in full....\n");
	/* A short file is not SQLite either. */
	write_file(path, "x");
	cr_assert_null(export_sqlite_open(path, &o, err, sizeof(err)));
	cr_assert_str_eq(read_file(path), "x");
	cr_assert_eq(temps_beside(path), 0);
	unlink(path);
}

Test(export_sqlite, refuses_foreign_sqlite_database)
{
	const char *path = temp_path("foreign");
	sqlite3 *db = NULL;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE TABLE mine(x); INSERT INTO mine VALUES(42);", NULL,
	                          NULL, NULL),
	             SQLITE_OK);
	sqlite3_close(db);

	char err[512] = "";
	cr_assert_null(export_sqlite_open(path, NULL, err, sizeof(err)));
	cr_assert(strstr(err, "is an SQLite database not written by renacer"), "%s", err);
	db = open_db(path);
	assert_query(db, "SELECT x FROM mine", "42");
	sqlite3_close(db);
	unlink(path);
}

Test(export_sqlite, replaces_earlier_export)
{
	const char *path = temp_path("again");
	struct export_sqlite *x = open_ok(path);
	feed_syscalls(x);
	close_ok(x);
	/* A journal left beside the old export must not be applied to the new one. */
	char journal[300];
	snprintf(journal, sizeof(journal), "%s-journal", path);
	write_file(journal, "stale");

	x = open_ok(path);
	struct trace_syscall s = sys_of("getpid", 1, 1, START_MONO, 100, 1);
	cr_assert_eq(export_sqlite_syscall(x, &s, 100, "one", NULL), 0);
	close_ok(x);
	cr_assert_eq(access(journal, F_OK), -1);
	cr_assert_eq(temps_beside(path), 0);

	sqlite3 *db = open_db(path);
	assert_query(db, "SELECT count(*), min(name), min(comm) FROM syscalls", "1|getpid|one");
	assert_query(db, "SELECT count(*) FROM threads", "1");
	sqlite3_close(db);
	unlink(path);
}

Test(export_sqlite, replaces_empty_file)
{
	const char *path = temp_path("empty");
	write_file(path, "");
	struct export_sqlite *x = open_ok(path);
	close_ok(x);
	sqlite3 *db = open_db(path);
	assert_query(db, "SELECT count(*) FROM syscalls", "0");
	assert_query(db, "SELECT value FROM meta WHERE key = 'lost_events'", "0");
	sqlite3_close(db);
	unlink(path);
}

Test(export_sqlite, missing_directory_is_an_error)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/no-such-dir-%d/sub/trace.db", TEST_BINARY_DIR,
	         (int)getpid());
	char err[512] = "";
	struct export_sqlite_opts o = {0};
	cr_assert_null(export_sqlite_open(path, &o, err, sizeof(err)));
	char expected[400];
	snprintf(expected, sizeof(expected),
	         "cannot create '%s': No such file or directory (its directory does not exist)",
	         path);
	cr_assert_str_eq(err, expected);
}

Test(export_sqlite, refuses_directory_and_stdout)
{
	char err[512] = "";
	cr_assert_null(export_sqlite_open(TEST_BINARY_DIR, NULL, err, sizeof(err)));
	cr_assert(strstr(err, "is not a regular file"), "%s", err);
	cr_assert_null(export_sqlite_open("-", NULL, err, sizeof(err)));
	cr_assert_str_eq(err, "the SQLite export needs a file: give -o FILE (not stdout)");
	cr_assert_null(export_sqlite_open("", NULL, err, sizeof(err)));
	/* A NULL error buffer is allowed. */
	cr_assert_null(export_sqlite_open("-", NULL, NULL, 0));
}

Test(export_sqlite, abort_leaves_target_untouched)
{
	const char *path = temp_path("abort");
	struct export_sqlite *x = open_ok(path);
	struct trace_syscall s = sys_of("getpid", 1, 1, START_MONO, 100, 1);
	cr_assert_eq(export_sqlite_syscall(x, &s, 100, NULL, NULL), 0);
	close_ok(x);

	x = open_ok(path);
	cr_assert_eq(temps_beside(path), 1);
	for (int i = 0; i < 10; i++)
		cr_assert_eq(export_sqlite_syscall(x, &s, 100, NULL, NULL), 0);
	export_sqlite_abort(x);
	cr_assert_eq(temps_beside(path), 0);
	sqlite3 *db = open_db(path);
	assert_query(db, "SELECT count(*) FROM syscalls", "1");
	sqlite3_close(db);
	unlink(path);
}

Test(export_sqlite, live_mode_without_meta)
{
	const char *path = temp_path("live");
	char err[512] = "";
	struct export_sqlite_opts o = {.meta = NULL, .strsize = 0};
	struct export_sqlite *x = export_sqlite_open(path, &o, err, sizeof(err));
	cr_assert_not_null(x, "%s", err);
	close_ok(x);
	sqlite3 *db = open_db(path);
	assert_query(db, "SELECT count(*) FROM meta WHERE key IN ('hostname', 'kernel')", "0");
	assert_query(db,
	             "SELECT count(*) FROM meta WHERE key IN ('format', 'start_wall_ns',"
	             " 'start_mono_ns') AND CAST(value AS TEXT) <> ''",
	             "3");
	sqlite3_close(db);
	unlink(path);
}

Test(export_sqlite, unknown_syscall_number)
{
	const char *path = temp_path("unknown");
	struct export_sqlite *x = open_ok(path);
	struct trace_syscall s;
	memset(&s, 0, sizeof(s));
	s.nr = 500;
	s.pid = s.tid = 7;
	s.ts = START_MONO + 1;
	s.args[5] = UINT64_MAX;
	s.ret = -38;
	cr_assert_eq(export_sqlite_syscall(x, &s, 10, NULL, NULL), 0);
	close_ok(x);
	sqlite3 *db = open_db(path);
	assert_query(db,
	             "SELECT name, nr, arg0, arg5, ret, errno, errno_name, rel_ns FROM syscalls",
	             "syscall_0x1f4|500|0|-1|-1|38|ENOSYS|1");
	sqlite3_close(db);
	unlink(path);
}

Test(export_sqlite, close_reports_a_failed_move)
{
	const char *path = temp_path("move");
	struct export_sqlite *x = open_ok(path);
	struct trace_syscall s = sys_of("getpid", 1, 1, START_MONO, 100, 1);
	cr_assert_eq(export_sqlite_syscall(x, &s, 100, NULL, NULL), 0);
	/* Something else takes the name meanwhile: a non-empty directory. */
	char inside[300];
	cr_assert_eq(mkdir(path, 0755), 0);
	snprintf(inside, sizeof(inside), "%s/keep", path);
	write_file(inside, "keep");
	char err[512] = "";
	cr_assert_eq(export_sqlite_close(x, err, sizeof(err)), -1);
	char expected[400];
	snprintf(expected, sizeof(expected), "cannot move the database to '%s': ", path);
	cr_assert(strncmp(err, expected, strlen(expected)) == 0, "%s", err);
	cr_assert_eq(temps_beside(path), 0);
	cr_assert_str_eq(read_file(inside), "keep");
	unlink(inside);
	rmdir(path);
}
