/*
 * test_report.c - the report engine on synthetic records: filters whose parts
 * add up to the whole, event lines (pid prefix, -T, timestamps, signals,
 * exits), overhead correction, CSV and NDJSON shapes; and renacer-report's
 * command line on synthetic trace files (bad input, truncation, corruption).
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze/report/report.h"
#include "format/fmt_writer.h"
#include "libtrace/trace_syscalls.h"
#include "cmd/trace_cli.h"
#include "libtrace/trace_util.h"

#define START_MONO 1000000000000ULL
#define START_WALL 1700000000000000000ULL
#define MS         1000000ULL

static struct trace_meta test_meta(void)
{
	struct trace_meta m = {
	    .hostname = "testhost",
	    .kernel = "6.1.0",
	    .arch = "x86_64",
	    .page_size = 4096,
	    .recorder_version = "0.1.0",
	    .cmdline = "renacer-record -- ./app",
	    .options = "stack_depth=64",
	    .start_wall_ns = START_WALL,
	    .start_mono_ns = START_MONO,
	    .overhead_ns = 50000,
	    .overhead_samples = 1000,
	    .overhead_floor_ns = 60,
	};
	return m;
}

static struct trace_record thread_rec(int32_t pid, int32_t tid, const char *comm, uint64_t ts)
{
	struct trace_record r = {.type = TREC_THREAD};
	r.u.thread.ts = ts;
	r.u.thread.pid = pid;
	r.u.thread.tid = tid;
	r.u.thread.flags = pid == tid ? 0 : TTHREAD_IS_THREAD;
	snprintf(r.u.thread.comm, sizeof(r.u.thread.comm), "%s", comm);
	return r;
}

static struct trace_record sys_rec(int32_t pid, int32_t tid, const char *name, int64_t ret,
                                   uint64_t ts, uint64_t dur)
{
	struct trace_record r = {.type = TREC_SYSCALL};
	long nr = trace_syscall_by_name(name);
	cr_assert(nr >= 0, "unknown syscall %s", name);
	r.u.sys.pid = pid;
	r.u.sys.tid = tid;
	r.u.sys.nr = (uint16_t)nr;
	r.u.sys.ret = ret;
	r.u.sys.ts = ts;
	r.u.sys.duration = dur;
	return r;
}

static struct trace_record fsync_rec(int32_t pid, int32_t tid, int64_t ret, uint64_t ts,
                                     uint64_t dur)
{
	struct trace_record r = sys_rec(pid, tid, "fsync", ret, ts, dur);
	r.u.sys.args[0] = 3;
	return r;
}

/* A fixed mix: pid 100 (threads 100 "app", 101 "worker") and pid 200 ("other"),
 * fsyncs and reads (every third read fails), spread over 10 s. */
static unsigned mix_records(struct trace_record *out, unsigned max)
{
	unsigned n = 0;
	out[n++] = thread_rec(100, 100, "app", START_MONO);
	out[n++] = thread_rec(100, 101, "worker", START_MONO + 1);
	out[n++] = thread_rec(200, 200, "other", START_MONO + 2);
	for (unsigned i = 0; i < 300 && n + 1 < max; i++) {
		int32_t tid = i % 3 == 0 ? 100 : i % 3 == 1 ? 101 : 200;
		int32_t pid = tid == 200 ? 200 : 100;
		uint64_t ts = START_MONO + (uint64_t)i * 33 * MS;
		if (i % 2)
			out[n++] = fsync_rec(pid, tid, 0, ts, (i + 1) * 1000);
		else
			out[n++] = sys_rec(pid, tid, "getppid", i % 3 ? 1 : -2, ts, (i + 1) * 100);
	}
	return n;
}

struct totals {
	uint64_t calls, errors, total;
};

static struct totals agg_run(struct report_options *o)
{
	static struct trace_record recs[400];
	unsigned n = mix_records(recs, 400);
	struct trace_meta meta = test_meta();
	o->mode = REPORT_AGG_ONLY;
	struct report *r = report_new(o, &meta);
	for (unsigned i = 0; i < n; i++)
		cr_assert_eq(report_feed(r, &recs[i]), 0);
	struct totals t;
	agg_totals(report_agg(r), &t.calls, &t.errors, &t.total);
	report_free(r);
	return t;
}

static void assert_parts_add_up(struct totals whole, struct totals a, struct totals b)
{
	cr_assert_eq(a.calls + b.calls, whole.calls, "calls %lu + %lu != %lu",
	             (unsigned long)a.calls, (unsigned long)b.calls, (unsigned long)whole.calls);
	cr_assert_eq(a.errors + b.errors, whole.errors);
	cr_assert_eq(a.total + b.total, whole.total);
}

Test(report, filters_partition_the_whole)
{
	struct report_options o;
	char err[256];
	report_options_default(&o);
	struct totals whole = agg_run(&o);
	cr_assert_eq(whole.calls, 300);
	cr_assert_eq(whole.errors, 50);

	struct report_options a, b;
	report_options_default(&a);
	report_options_default(&b);
	a.pids[a.npids++] = 100;
	b.pids[b.npids++] = 200;
	assert_parts_add_up(whole, agg_run(&a), agg_run(&b));

	report_options_default(&a);
	report_options_default(&b);
	a.has_until = b.has_since = true;
	a.until_ns = b.since_ns = 4 * 1000 * MS;
	struct totals ta = agg_run(&a), tb = agg_run(&b);
	assert_parts_add_up(whole, ta, tb);
	cr_assert(ta.calls > 0 && tb.calls > 0);

	report_options_default(&a);
	report_options_default(&b);
	cr_assert_eq(trace_filter_parse(&a.filter, "trace=fsync", err, sizeof(err)), 0);
	cr_assert_eq(trace_filter_parse(&b.filter, "trace=!fsync", err, sizeof(err)), 0);
	ta = agg_run(&a);
	cr_assert_eq(ta.calls, 150);
	assert_parts_add_up(whole, ta, agg_run(&b));

	report_options_default(&a);
	report_options_default(&b);
	cr_assert_eq(trace_filter_parse(&a.filter, "status=failed", err, sizeof(err)), 0);
	cr_assert_eq(trace_filter_parse(&b.filter, "status=successful", err, sizeof(err)), 0);
	ta = agg_run(&a);
	cr_assert_eq(ta.calls, 50);
	cr_assert_eq(ta.errors, 50);
	assert_parts_add_up(whole, ta, agg_run(&b));

	report_options_default(&a);
	report_options_default(&b);
	a.comms[a.ncomms++] = "app";
	a.comms[a.ncomms++] = "work*";
	b.comms[b.ncomms++] = "other";
	assert_parts_add_up(whole, agg_run(&a), agg_run(&b));

	report_options_default(&a);
	report_options_default(&b);
	a.tids[a.ntids++] = 101;
	b.tids[b.ntids++] = 100;
	b.tids[b.ntids++] = 200;
	assert_parts_add_up(whole, agg_run(&a), agg_run(&b));
}

Test(report, overhead_correction_floors_at_the_untraced_cost)
{
	struct report_options o;
	report_options_default(&o);
	o.raw_times = true;
	struct totals raw = agg_run(&o);
	report_options_default(&o); /* corrected by default */
	struct totals cor = agg_run(&o);
	/* Durations are (i+1)*100 for getppid at even i (all below the 50 us
	 * overhead: floored at the 60 ns untraced cost) and (i+1)*1000 for fsync at
	 * odd i: max(60, d - 50000). Raw durations are their sum. */
	uint64_t want = 0, want_raw = 0;
	for (unsigned i = 0; i < 300; i++) {
		uint64_t d = i % 2 ? (i + 1) * 1000ULL : (i + 1) * 100ULL;
		want += d > 50000 + 60 ? d - 50000 : 60;
		want_raw += d;
	}
	cr_assert_eq(cor.calls, raw.calls);
	cr_assert_eq(raw.total, want_raw);
	cr_assert_eq(cor.total, want, "corrected total %lu, want %lu", (unsigned long)cor.total,
	             (unsigned long)want);
}

/* A call's CPU wait (format 1.4) comes off with the overhead, floored as
 * before; --raw-times keeps it in. Waits of 0 change nothing. */
Test(report, cpu_wait_comes_off_corrected_times_only)
{
	static const struct {
		uint64_t dur, wait, want;
	} cases[] = {
	    {200000, 0, 150000},     /* overhead only */
	    {200000, 120000, 30000}, /* wait and overhead */
	    {200000, 149000, 1000},  /* just above the floor */
	    {200000, 190000, 60},    /* below the overhead once the wait is out: floored */
	    {200000, 200000, 60},    /* all wait */
	    {40, 30, 40},            /* below the floor: raw */
	};
	for (int raw = 0; raw < 2; raw++) {
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			struct report_options o;
			report_options_default(&o);
			o.raw_times = raw;
			o.mode = REPORT_AGG_ONLY;
			struct trace_meta meta = test_meta();
			struct report *r = report_new(&o, &meta);
			struct trace_record rec =
			    sys_rec(100, 100, "getppid", 1, START_MONO, cases[i].dur);
			rec.u.sys.wait = cases[i].wait;
			cr_assert_eq(report_feed(r, &rec), 0);
			uint64_t calls, errors, total;
			agg_totals(report_agg(r), &calls, &errors, &total);
			cr_assert_eq(total, raw ? cases[i].dur : cases[i].want,
			             "case %zu (raw %d): %lu", i, raw, (unsigned long)total);
			report_free(r);
		}
	}
}

Test(report, no_correction_without_calibration)
{
	struct report_options o;
	report_options_default(&o);
	struct trace_meta meta = test_meta();
	meta.overhead_samples = 0;
	o.mode = REPORT_AGG_ONLY;
	struct report *r = report_new(&o, &meta);
	struct trace_record rec = sys_rec(100, 100, "getppid", 1, START_MONO, 7000);
	cr_assert_eq(report_feed(r, &rec), 0);
	uint64_t calls, errors, total;
	agg_totals(report_agg(r), &calls, &errors, &total);
	cr_assert_eq(total, 7000);
	report_free(r);
}

/* Runs records through a report writing to memory; returns the output. */
static char *run_to_string(struct report_options *o, const struct trace_record *recs, unsigned n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct trace_meta meta = test_meta();
	o->out = f;
	struct report *r = report_new(o, &meta);
	for (unsigned i = 0; i < n; i++)
		cr_assert_eq(report_feed(r, &recs[i]), 0);
	cr_assert_eq(report_finish(r), 0);
	report_free(r);
	fclose(f);
	return buf;
}

Test(report, text_lines_prefix_duration_signal_exit)
{
	struct trace_record recs[8];
	unsigned n = 0;
	recs[n++] = thread_rec(100, 100, "app", START_MONO);
	recs[n++] = fsync_rec(100, 100, 0, START_MONO + 10 * MS, 123456);
	recs[n++] = thread_rec(100, 101, "worker", START_MONO + 11 * MS);
	recs[n++] = fsync_rec(100, 101, -5, START_MONO + 12 * MS, 2500);
	struct trace_record sig = {.type = TREC_SIGNAL};
	sig.u.sig = (struct trace_signal){.ts = START_MONO + 13 * MS,
	                                  .tid = 100,
	                                  .pid = 100,
	                                  .signo = 2,
	                                  .code = 0x80,
	                                  .flags = TSIG_DELIVERED};
	recs[n++] = sig;
	struct trace_record ex = {.type = TREC_EXIT};
	ex.u.exit = (struct trace_exit){
	    .ts = START_MONO + 14 * MS, .tid = 101, .pid = 100, .status = 7 << 8};
	recs[n++] = ex;
	/* One thread left: no prefix any more, as strace does. */
	ex.u.exit = (struct trace_exit){.ts = START_MONO + 15 * MS,
	                                .tid = 100,
	                                .pid = 100,
	                                .status = 15,
	                                .flags = TEXIT_PROCESS};
	recs[n++] = ex;

	struct report_options o;
	report_options_default(&o);
	o.raw_times = true; /* durations as recorded: this test is about the shape */
	o.show_duration = true;
	char *out = run_to_string(&o, recs, n);
	const char *want = "fsync(3) = 0 <0.000123>\n"
	                   "[pid   101] fsync(3) = -1 EIO (Input/output error) <0.000002>\n"
	                   "[pid   100] --- SIGINT {si_signo=SIGINT, si_code=SI_KERNEL} ---\n"
	                   "[pid   101] +++ exited with 7 +++\n"
	                   "+++ killed by SIGTERM +++\n";
	cr_assert_str_eq(out, want);
	free(out);

	report_options_default(&o);
	o.raw_times = true; /* durations as recorded: this test is about the shape */
	o.ts = TS_TTT;
	o.relative_ts = true;
	out = run_to_string(&o, recs, 2);
	cr_assert_str_eq(out, "1700000000.010000      0.000000 fsync(3) = 0\n");
	free(out);
}

Test(report, csv_events_parse_and_quote)
{
	struct trace_record recs[3];
	recs[0] = thread_rec(100, 100, "app", START_MONO);
	recs[1] = sys_rec(100, 100, "openat", -2, START_MONO + MS, 4000);
	recs[1].u.sys.args[0] = (uint64_t)-100;
	recs[1].u.sys.args[1] = 0x7ffd12345678;
	struct trace_payload *p = &recs[1].u.sys.payloads[0];
	static const char path[] = "/tmp/a,\"b\".ttf";
	*p = (struct trace_payload){.arg = 1,
	                            .kind = TPAY_STRING,
	                            .len = sizeof(path) - 1,
	                            .full_len = sizeof(path) - 1,
	                            .data = (const uint8_t *)path};
	recs[1].u.sys.npayloads = 1;
	recs[2] = fsync_rec(100, 100, 0, START_MONO + 2 * MS, 9000);
	struct report_options o;
	report_options_default(&o);
	o.raw_times = true; /* durations as recorded: this test is about the shape */
	o.format = OUT_CSV;
	char *out = run_to_string(&o, recs, 3);
	char *line2 = strchr(out, '\n');
	cr_assert(line2);
	*line2++ = '\0';
	cr_assert_str_eq(out, "timestamp,pid,tid,syscall,args,return,errno,duration_ns,"
	                      "source_file,source_line,source_function");
	cr_assert(strncmp(line2, "1700000000.001000,100,100,openat,\"AT_FDCWD, ", 44) == 0,
	          "got %s", line2);
	cr_assert(strstr(line2, "\\\"\"b\\\"\".ttf\"\""), "got %s", line2);
	cr_assert(strstr(line2, ".ttf\"\", O_RDONLY\",-1,ENOENT,4000,,,\n"), "got %s", line2);
	cr_assert(strstr(line2, "\n1700000000.002000,100,100,fsync,3,0,,9000,,,\n"), "got %s",
	          line2);
	free(out);
}

Test(report, json_events_are_ndjson)
{
	struct trace_record recs[3];
	recs[0] = thread_rec(100, 100, "app", START_MONO);
	recs[1] = fsync_rec(100, 100, -5, START_MONO + MS, 4000);
	recs[2] = sys_rec(100, 100, "exit_group", 0, START_MONO + 2 * MS, 0);
	recs[2].u.sys.flags = TSYS_NORETURN | TSYS_UNFINISHED;
	struct report_options o;
	report_options_default(&o);
	o.raw_times = true; /* durations as recorded: this test is about the shape */
	o.format = OUT_JSON;
	char *out = run_to_string(&o, recs, 3);
	char *save = NULL;
	unsigned lines = 0;
	for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		json_error_t je;
		json_t *j = json_loads(l, 0, &je);
		cr_assert(j, "line %u is not JSON: %s", lines, l);
		cr_assert_str_eq(json_string_value(json_object_get(j, "type")), "syscall");
		cr_assert_eq(json_integer_value(json_object_get(j, "pid")), 100);
		cr_assert_eq(json_integer_value(json_object_get(j, "tid")), 100);
		if (lines == 0) {
			cr_assert_str_eq(json_string_value(json_object_get(j, "syscall")), "fsync");
			cr_assert_str_eq(json_string_value(json_object_get(j, "errno")), "EIO");
			cr_assert_eq(json_integer_value(json_object_get(j, "ret")), -1);
			cr_assert_eq(json_integer_value(json_object_get(j, "duration_ns")), 4000);
			cr_assert_eq(json_integer_value(json_object_get(j, "rel_ns")), MS);
			cr_assert_eq(json_integer_value(json_object_get(j, "ts_ns")),
			             START_WALL + MS);
			json_t *args = json_object_get(j, "args");
			cr_assert_eq(json_array_size(args), 1);
			cr_assert_str_eq(json_string_value(json_array_get(args, 0)), "3");
			cr_assert(json_is_null(json_object_get(j, "source")));
		} else {
			cr_assert_str_eq(json_string_value(json_object_get(j, "syscall")),
			                 "exit_group");
			cr_assert(json_is_null(json_object_get(j, "ret")));
		}
		json_decref(j);
		lines++;
	}
	cr_assert_eq(lines, 2);
	free(out);
}

/* --- the command line on synthetic trace files ----------------------------- */

static const char *tmp_path(const char *name)
{
	static char buf[4][512];
	static unsigned k;
	char *p = buf[k++ % 4];
	snprintf(p, 512, "%s/test_report_%d_%s", TEST_BINARY_DIR, (int)getpid(), name);
	return p;
}

/* Writes n fsync calls of pid 100 in small chunks; returns the file size. */
static long write_trace(const char *path, unsigned n)
{
	struct fmt_writer *w;
	struct fmt_writer_opts wo;
	char err[256];
	struct trace_meta meta = test_meta();
	fmt_writer_opts_default(&wo);
	wo.chunk_bytes = 4096;
	cr_assert_eq(fmt_writer_open(&w, path, &meta, &wo, err, sizeof(err)), 0, "%s", err);
	struct trace_record t = thread_rec(100, 100, "app", START_MONO);
	cr_assert_eq(fmt_writer_add(w, &t), 0);
	for (unsigned i = 0; i < n; i++) {
		struct trace_record r = fsync_rec(100, 100, 0, START_MONO + i * MS, 1000 + i);
		cr_assert_eq(fmt_writer_add(w, &r), 0);
	}
	struct trace_trailer tr = {
	    .ts_end = START_MONO + n * MS, .events = n, .processes = 1, .threads = 1};
	cr_assert_eq(fmt_writer_close(w, &tr, err, sizeof(err)), 0, "%s", err);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	return (long)st.st_size;
}

struct run_result {
	int status;
	char out[1 << 20];
	char err[8192];
};

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
}

static void run_cli(struct run_result *res, const char *args)
{
	const char *o = tmp_path("stdout"), *e = tmp_path("stderr");
	char cmd[2048];
	snprintf(cmd, sizeof(cmd), "%s/renacer-report %s >%s 2>%s", TEST_BINARY_DIR, args, o, e);
	int st = system(cmd);
	res->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	slurp(o, res->out, sizeof(res->out));
	slurp(e, res->err, sizeof(res->err));
	unlink(o);
	unlink(e);
}

static unsigned count_lines(const char *s, const char *needle)
{
	unsigned n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

Test(report_cli, bad_input_exits_2_with_one_line)
{
	static struct run_result res;
	const char *junk = tmp_path("junk");
	FILE *f = fopen(junk, "w");
	fputs("this is not a trace at all, just some text\n", f);
	fclose(f);
	char args[1024];
	snprintf(args, sizeof(args), "%s", junk);
	run_cli(&res, args);
	cr_assert_eq(res.status, 2, "status %d", res.status);
	cr_assert_eq(count_lines(res.err, "\n"), 1, "stderr: %s", res.err);
	cr_assert(strstr(res.err, "renacer-report: "), "stderr: %s", res.err);
	unlink(junk);

	run_cli(&res, "/nonexistent/renacer.trace");
	cr_assert_eq(res.status, 2);
	cr_assert_eq(count_lines(res.err, "\n"), 1, "stderr: %s", res.err);

	run_cli(&res, "--bogus-flag x.trace");
	cr_assert_eq(res.status, 2);
	cr_assert(strstr(res.err, "--bogus-flag"), "stderr: %s", res.err);
	cr_assert_eq(count_lines(res.err, "\n"), 1, "stderr: %s", res.err);

	run_cli(&res, "-e trace=opne x.trace");
	cr_assert_eq(res.status, 2);
	cr_assert(strstr(res.err, "opne"), "stderr: %s", res.err);

	run_cli(&res, "--format xml x.trace");
	cr_assert_eq(res.status, 2);
	cr_assert(strstr(res.err, "xml"), "stderr: %s", res.err);

	run_cli(&res, "--since soon x.trace");
	cr_assert_eq(res.status, 2);
	cr_assert(strstr(res.err, "--since"), "stderr: %s", res.err);

	run_cli(&res, "--version");
	cr_assert_eq(res.status, 0);
	cr_assert(strncmp(res.out, "renacer-report ", 15) == 0);
}

Test(report_cli, reads_file_and_stdin)
{
	static struct run_result res;
	const char *tr = tmp_path("ok.trace");
	write_trace(tr, 500);
	char args[1024];
	snprintf(args, sizeof(args), "-e trace=fsync %s", tr);
	run_cli(&res, args);
	cr_assert_eq(res.status, 0, "stderr: %s", res.err);
	cr_assert_eq(count_lines(res.out, "fsync(3) = 0\n"), 500);
	cr_assert_str_eq(res.err, "");

	snprintf(args, sizeof(args), "-c - < %s", tr);
	run_cli(&res, args);
	cr_assert_eq(res.status, 0, "stderr: %s", res.err);
	cr_assert(strstr(res.out, "System Call Summary:"), "out: %s", res.out);
	cr_assert(strstr(res.out, "fsync"), "out: %s", res.out);
	unlink(tr);
}

Test(report_cli, truncated_trace_warns_and_reports_what_is_there)
{
	static struct run_result res;
	const char *tr = tmp_path("cut.trace");
	long size = write_trace(tr, 3000);
	cr_assert_eq(truncate(tr, size * 2 / 3), 0);
	char args[1024];
	snprintf(args, sizeof(args), "%s", tr);
	run_cli(&res, args);
	cr_assert_eq(res.status, 0, "stderr: %s", res.err);
	cr_assert(strstr(res.err, "warning"), "stderr: %s", res.err);
	unsigned got = count_lines(res.out, "fsync(3) = 0\n");
	cr_assert(got > 0 && got < 3000, "got %u lines", got);
	unlink(tr);
}

Test(report_cli, corrupt_chunk_warns_with_offset_and_continues)
{
	static struct run_result res;
	const char *tr = tmp_path("bad.trace");
	long size = write_trace(tr, 3000);
	FILE *f = fopen(tr, "r+");
	cr_assert(f);
	fseek(f, size / 2, SEEK_SET);
	for (int i = 0; i < 16; i++)
		fputc(0x5a ^ i, f);
	fclose(f);
	char args[1024];
	snprintf(args, sizeof(args), "%s", tr);
	run_cli(&res, args);
	cr_assert_eq(res.status, 0, "stderr: %s", res.err);
	cr_assert(strstr(res.err, "offset"), "stderr: %s", res.err);
	unsigned got = count_lines(res.out, "fsync(3) = 0\n");
	cr_assert(got > 1500 && got < 3000, "got %u lines", got);
	unlink(tr);
}

/* The source text of each syscall line of an NDJSON listing, in order. */
static unsigned json_sources(char *out, char texts[][64], unsigned max)
{
	unsigned n = 0;
	char *save = NULL;
	for (char *l = strtok_r(out, "\n", &save); l && n < max; l = strtok_r(NULL, "\n", &save)) {
		json_t *j = json_loads(l, 0, NULL);
		cr_assert(j, "not JSON: %s", l);
		json_t *src = json_object_get(j, "source");
		if (!json_is_object(src))
			snprintf(texts[n++], 64, "null");
		else if (json_is_null(json_object_get(src, "file"))) /* a label */
			snprintf(texts[n++], 64, "%s",
			         json_string_value(json_object_get(src, "function")));
		else
			snprintf(texts[n++], 64, "%s:%lld in %s",
			         json_string_value(json_object_get(src, "file")),
			         json_integer_value(json_object_get(src, "line")),
			         json_string_value(json_object_get(src, "function")));
		json_decref(j);
	}
	return n;
}

Test(report, source_cache_follows_stack_redefinition)
{
	static const uint64_t pcs_a[] = {0x1000, 0x1100};
	static const uint64_t pcs_b[] = {0x2000};
	struct trace_record recs[8];
	unsigned n = 0;
	recs[n++] = thread_rec(100, 100, "app", START_MONO);
	struct trace_record st = {.type = TREC_STACK};
	st.u.stack = (struct trace_stack){.id = 1, .depth = 2, .pcs = pcs_a};
	recs[n++] = st;
	recs[n] = fsync_rec(100, 100, 0, START_MONO + MS, 100);
	recs[n++].u.sys.stack_id = 1;
	recs[n++] = st; /* repeated definition (next chunk): same pcs */
	recs[n] = fsync_rec(100, 100, 0, START_MONO + 2 * MS, 100);
	recs[n++].u.sys.stack_id = 1;
	st.u.stack = (struct trace_stack){.id = 1, .depth = 1, .pcs = pcs_b};
	recs[n++] = st; /* redefined */
	recs[n] = fsync_rec(100, 100, 0, START_MONO + 3 * MS, 100);
	recs[n++].u.sys.stack_id = 1;
	recs[n++] = fsync_rec(100, 100, 0, START_MONO + 4 * MS, 100); /* no stack */

	struct report_options o;
	report_options_default(&o);
	o.format = OUT_JSON;
	o.sym.quiet = true;
	char *out = run_to_string(&o, recs, n);
	char texts[8][64];
	cr_assert_eq(json_sources(out, texts, 8), 4);
	cr_assert_str_eq(texts[0], "0x1000");
	cr_assert_str_eq(texts[1], "0x1000");
	cr_assert_str_eq(texts[2], "0x2000");
	cr_assert_str_eq(texts[3], "null");
	free(out);
}

Test(report, summary_mode_counts_only_returned_calls)
{
	struct trace_record recs[4];
	recs[0] = thread_rec(100, 100, "app", START_MONO);
	recs[1] = fsync_rec(100, 100, 0, START_MONO + MS, 100);
	recs[2] = fsync_rec(100, 100, 0, START_MONO + 2 * MS, 100);
	recs[2].u.sys.flags = TSYS_UNFINISHED;
	recs[3] = sys_rec(100, 100, "exit_group", 0, START_MONO + 3 * MS, 0);
	recs[3].u.sys.flags = TSYS_NORETURN | TSYS_UNFINISHED;
	struct report_options o;
	report_options_default(&o);
	o.mode = REPORT_AGG_ONLY;
	struct trace_meta meta = test_meta();
	struct report *r = report_new(&o, &meta);
	for (unsigned i = 0; i < 4; i++)
		cr_assert_eq(report_feed(r, &recs[i]), 0);
	uint64_t calls, errors, total;
	agg_totals(report_agg(r), &calls, &errors, &total);
	cr_assert_eq(calls, 1);
	cr_assert_eq(report_counts(r)->selected, 3);
	cr_assert_eq(report_counts(r)->threads, 1);
	report_free(r);
}

Test(report_cli, unknown_major_version_exits_2)
{
	static struct run_result res;
	const char *tr = tmp_path("v2.trace");
	write_trace(tr, 10);
	FILE *f = fopen(tr, "r+");
	cr_assert(f);
	fseek(f, 8, SEEK_SET); /* u16 major version, little-endian */
	fputc(2, f);
	fputc(0, f);
	fclose(f);
	char args[1024];
	snprintf(args, sizeof(args), "-c %s", tr);
	run_cli(&res, args);
	cr_assert_eq(res.status, 2, "status %d, stderr: %s", res.status, res.err);
	cr_assert_eq(count_lines(res.err, "\n"), 1, "stderr: %s", res.err);
	cr_assert_str_eq(res.out, "");
	unlink(tr);
}

Test(report, sink_feeds_the_report_live)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct report_options o;
	report_options_default(&o);
	o.out = f;
	o.live = true;
	struct report *r = report_new(&o, NULL);
	struct trace_sink sink = report_sink(r);
	struct trace_record t = thread_rec(7, 7, "srv", trace_mono_ns());
	struct trace_record s = fsync_rec(7, 7, 0, trace_mono_ns(), 1000);
	cr_assert_eq(sink.emit(&sink, &t), 0);
	cr_assert_eq(sink.emit(&sink, &s), 0);
	cr_assert_eq(sink.tick(&sink, trace_mono_ns()), 0);
	/* Live: the line is out before the report ends. */
	cr_assert_str_eq(buf, "fsync(3) = 0\n");
	cr_assert_eq(report_finish(r), 0);
	report_free(r);
	fclose(f);
	free(buf);
}
