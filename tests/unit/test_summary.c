/*
 * test_summary.c - the summary outputs: the text table as the user guide
 * shows it (columns, units, footer, --source rows, alignment, the guide's
 * grep|sort pipeline), CSV quoting, the JSON document (the guide's jq
 * commands) and loading JSON back with identical rows and histograms.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/summary/summary.h"
#include "libtrace/trace_syscalls.h"

#define NR_READ   0
#define NR_WRITE  1
#define NR_CLOSE  3
#define NR_FSYNC  74
#define NR_OPENAT 257

/* Prints a with o into a new string (caller frees). */
static char *print_to_string(const struct agg *a, const struct summary_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(summary_print(a, o, f), 0);
	fclose(f);
	return buf;
}

/* Writes s to a new temporary file; returns its path (static buffer). */
static const char *write_temp(const char *s, const char *suffix)
{
	static char path[256];
	static int n;

	snprintf(path, sizeof(path), "%s/summary-test-%d-%d%s", TEST_BINARY_DIR, (int)getpid(), n++,
	         suffix);
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fputs(s, f);
	fclose(f);
	return path;
}

/* Runs a shell command, returns its stdout (caller frees) and exit status. */
static char *run(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	char chunk[4096];
	size_t n;

	cr_assert_not_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		fwrite(chunk, 1, n, out);
	*status = pclose(p);
	fclose(out);
	return buf;
}

static bool have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

static struct agg *small_agg(void)
{
	struct agg *a = agg_new(false);

	for (int i = 0; i < 4; i++)
		agg_add(a, NR_OPENAT, NULL, 1000000, i == 0);
	agg_add(a, NR_READ, NULL, 500000, false);
	agg_sort(a, AGG_SORT_TIME);
	return a;
}

Test(summary, text_table_as_the_guide_shows_it)
{
	struct agg *a = small_agg();
	struct summary_opts o = {.format = OUT_TEXT, .calibrated = true, .overhead_ns = 12345};
	char *s = print_to_string(a, &o);
	const char *want =
	    "System Call Summary:\n"
	    "====================\n"
	    "Syscall                 Calls      Errors    Total Time    Avg Time    p50         "
	    "p90         p99\n"
	    "openat                  4          1         4.0ms         1.0ms       1.0ms       "
	    "1.0ms       1.0ms\n"
	    "read                    1          0         0.5ms         0.5ms       -           -  "
	    "         -\n"
	    "\n"
	    "Total: 4.50 milliseconds\n"
	    "Times are raw (--raw-times): each call includes the tracing cost.\n";

	cr_assert_str_eq(s, want);
	free(s);
	agg_free(a);
}

Test(summary, total_line_wall_clock_and_page_faults)
{
	struct agg *a = small_agg();
	struct summary_opts o = {.format = OUT_TEXT, .wall_ns = 18000000};
	char *s = print_to_string(a, &o);

	cr_assert_not_null(
	    strstr(s, "\nTotal: 4.50 milliseconds in system calls, 18.0 milliseconds wall clock "
	              "(25%)\n"),
	    "%s", s);
	free(s);
	o.file_mmap = true;
	s = print_to_string(a, &o);
	cr_assert_not_null(strstr(s, "\nTotal: 4.50 milliseconds in system calls (data access via "
	                             "page faults, not measured), 18.0 milliseconds wall clock "
	                             "(25%)\n"),
	                   "%s", s);
	free(s);
	o.wall_ns = 0;
	s = print_to_string(a, &o);
	cr_assert_not_null(
	    strstr(s, "\nTotal: 4.50 milliseconds (data access via page faults, not measured)\n"),
	    "%s", s);
	free(s);
	o.wall_ns = 3000000; /* threads: more syscall time than wall clock */
	o.file_mmap = false;
	s = print_to_string(a, &o);
	cr_assert_not_null(strstr(s, "3.00 milliseconds wall clock (150%, summed over threads)\n"),
	                   "%s", s);
	free(s);
	agg_free(a);
}

Test(summary, human_units)
{
	static const struct {
		uint64_t ns;
		const char *text;
	} cases[] = {
	    {2345670000ull, "2.35 seconds"},  {1480000, "1.48 milliseconds"},
	    {5200000000ull, "5.20 seconds"},  {850000, "850 microseconds"},
	    {999700000, "1.00 seconds"},      {12345, "12.3 microseconds"},
	    {57, "57 nanoseconds"},           {0, "0 nanoseconds"},
	    {123456000000ull, "123 seconds"}, {1000, "1.00 microseconds"},
	};
	char buf[48];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_assert_str_eq(summary_fmt_human(cases[i].ns, buf, sizeof(buf)), cases[i].text,
		                 "%llu ns", (unsigned long long)cases[i].ns);
}

/* Two runs of one program: the rows whose values did not change print the same,
 * whatever the other rows hold, and the footer is the same. */
Test(summary, fixed_widths_diff_only_changed_rows)
{
	struct agg *a = agg_new(false), *b = agg_new(false);

	agg_add(a, NR_OPENAT, NULL, 1500000, false);
	agg_add(a, NR_READ, NULL, 3000, false);
	agg_add(a, NR_CLOSE, NULL, 900, false);
	for (int i = 0; i < 1000000; i++) /* b: many more reads, slower */
		agg_add(b, NR_READ, NULL, 123456789, true);
	agg_add(b, NR_OPENAT, NULL, 1500000, false);
	agg_add(b, NR_CLOSE, NULL, 900, false);
	agg_sort(a, AGG_SORT_NAME);
	agg_sort(b, AGG_SORT_NAME);
	struct summary_opts o = {.format = OUT_TEXT,
	                         .overhead_corrected = true,
	                         .calibrated = true,
	                         .floor_ns = 60,
	                         .overhead_ns = 7000};
	char *sa = print_to_string(a, &o);
	o.overhead_ns = 9100; /* another calibration: not shown */
	char *sb = print_to_string(b, &o);
	char *la[16], *lb[16];
	int na = 0, nb = 0;

	for (char *save = NULL, *l = strtok_r(sa, "\n", &save); l && na < 16;
	     l = strtok_r(NULL, "\n", &save))
		la[na++] = l;
	for (char *save = NULL, *l = strtok_r(sb, "\n", &save); l && nb < 16;
	     l = strtok_r(NULL, "\n", &save))
		lb[nb++] = l;
	cr_assert_eq(na, nb);
	for (int i = 0; i < na; i++) {
		bool changed = strncmp(la[i], "read ", 5) == 0 || strncmp(la[i], "Total:", 6) == 0;
		if (changed)
			cr_assert_str_neq(la[i], lb[i]);
		else
			cr_assert_str_eq(la[i], lb[i], "line %d differs", i);
	}
	free(sa);
	free(sb);
	agg_free(a);
	agg_free(b);
}

Test(summary, footer_variants)
{
	struct agg *a = small_agg();
	struct summary_opts o = {.format = OUT_TEXT,
	                         .overhead_corrected = true,
	                         .calibrated = true,
	                         .overhead_ns = 850,
	                         .floor_ns = 60,
	                         .lost = 7,
	                         .bad_chunks = 2,
	                         .truncated = true};
	char *s = print_to_string(a, &o);

	cr_assert_not_null(strstr(s, "Times are overhead-corrected: the calibrated tracing cost is "
	                             "subtracted from each call"));
	cr_assert_not_null(strstr(s, "(--raw-times for raw times).\n"));
	cr_assert_null(strstr(s, "850"), "no measured figure in the footer: %s", s);
	cr_assert_not_null(strstr(s, "====================\n7 events lost (the recorder could not "
	                             "keep up): counts are lower bounds.\nSyscall "),
	                   "lost events on the line under the title: %s", s);
	cr_assert_not_null(strstr(s, "Damaged chunks skipped: 2 "));
	cr_assert_not_null(strstr(s, "Trace is truncated"));
	free(s);

	struct summary_opts plain = {.format = OUT_TEXT};

	s = print_to_string(a, &plain);
	cr_assert_not_null(strstr(s, "Times are raw: the tracing overhead was not calibrated"));
	cr_assert_null(strstr(s, "events lost"));
	cr_assert_null(strstr(s, "Damaged"));
	cr_assert_null(strstr(s, "truncated"));
	free(s);
	agg_free(a);
}

Test(summary, short_milliseconds)
{
	static const struct {
		uint64_t ns;
		const char *text;
	} cases[] = {
	    {500000, "0.5ms"},   {12500000, "12.5ms"},   {21000, "0.021ms"},
	    {3200000, "3.2ms"},  {2000000, "2.0ms"},     {45200000, "45.2ms"},
	    {0, "0.0ms"},        {1, "0.000001ms"},      {1234567890, "1230ms"},
	    {273000, "0.273ms"}, {2345678, "2.35ms"},    {100000, "0.1ms"},
	    {567, "0.000567ms"}, {56, "0.000056ms"},     {123456789, "123ms"},
	    {9996000, "10.0ms"}, {99960000, "100ms"},    {45670000, "45.7ms"},
	    {1881000, "1.88ms"}, {2345670000, "2350ms"}, {123456789012ull, "123000ms"},
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_assert_str_eq(summary_fmt_ms_short(cases[i].ns, buf, sizeof(buf)), cases[i].text,
		                 "%llu ns", (unsigned long long)cases[i].ns);
}

/* Column start of the n-th (0-based) whitespace-separated field of the header. */
static size_t col_of(const char *header, const char *title)
{
	const char *p = strstr(header, title);

	cr_assert_not_null(p, "no column %s", title);
	return (size_t)(p - header);
}

Test(summary, by_source_rows_align_with_long_cells)
{
	struct agg *a = agg_new(true);
	struct agg_source parse = {"src/parser.c", 42, "parse_line", "/usr/bin/app"};
	struct agg_source lib = {NULL, 0, "helper", "libfoo.so"};
	struct agg_source deep = {"src/a/very/long/directory/name/for/the/source/file.c", 1234,
	                          "a_function_with_a_rather_long_name", NULL};
	long longest = trace_syscall_by_name("sched_get_priority_max");

	for (int i = 0; i < 5000; i++)
		agg_add(a, NR_READ, &parse, 246914, false);
	struct agg_source stripped = {NULL, 0, "app+0x1234", "/usr/bin/app"};

	agg_add(a, NR_WRITE, &lib, 10, false);
	agg_add(a, NR_CLOSE, &stripped, 5, false);
	agg_add(a, NR_WRITE, NULL, 20, false);
	agg_add(a, (int)longest, &deep, 123456789012ull, false);
	agg_sort(a, AGG_SORT_TIME);

	struct summary_opts o = {.format = OUT_TEXT, .by_source = true, .overhead_ns = 1000};
	char *s = print_to_string(a, &o);
	char *lines[16];
	int nl = 0;

	for (char *save = NULL, *l = strtok_r(s, "\n", &save); l && nl < 16;
	     l = strtok_r(NULL, "\n", &save))
		lines[nl++] = l;
	cr_assert_str_eq(lines[0], "System Call Summary:");
	const char *h = lines[2];
	size_t c_calls = col_of(h, "Calls"), c_total = col_of(h, "Total Time");
	size_t c_p99 = col_of(h, "p99"), c_src = col_of(h, "Source");

	cr_assert_gt(c_calls, strlen("sched_get_priority_max"));
	/* Rows 3..7 are the five rows, 8 the Total line. */
	for (int i = 3; i <= 7; i++) {
		if (i == 3) /* the long name pushes the rest of its own row */
			continue;
		cr_assert_gt(strlen(lines[i]), c_p99, "line %d: %s", i, lines[i]);
		cr_assert(lines[i][c_calls - 1] == ' ' && lines[i][c_calls] != ' ', "%s", lines[i]);
		cr_assert(lines[i][c_total - 1] == ' ' && lines[i][c_total] != ' ', "%s", lines[i]);
		cr_assert(lines[i][c_p99 - 1] == ' ' && lines[i][c_p99] != ' ', "%s", lines[i]);
	}
	cr_assert(strncmp(lines[3], "sched_get_priority_max ", 23) == 0, "%s", lines[3]);
	cr_assert_not_null(strstr(lines[3],
	                          "  src/a/very/long/directory/name/for/the/source/file.c:1234 "
	                          "in a_function_with_a_rather_long_name"));
	cr_assert_str_eq(lines[4] + c_src, "src/parser.c:42 in parse_line");
	cr_assert(strncmp(lines[4] + c_calls, "5000 ", 5) == 0);
	cr_assert(strncmp(lines[4] + c_total, "1230ms ", 7) == 0, "%s", lines[4]);
	/* write rows: 20 ns unknown source, then 10 ns in libfoo */
	cr_assert_str_eq(lines[5] + c_src, "?");
	cr_assert_str_eq(lines[6] + c_src, "helper (libfoo.so)");
	cr_assert_str_eq(lines[7] + c_src, "app+0x1234"); /* the module is not repeated */
	cr_assert(strncmp(lines[8], "Total: ", 7) == 0, "%s", lines[8]);
	free(s);
	agg_free(a);
}

Test(summary, guide_sort_pipeline_ranks_by_total_time)
{
	struct agg *a = agg_new(false);

	agg_add(a, NR_READ, NULL, 9000000, false);    /* 9.00ms */
	agg_add(a, NR_WRITE, NULL, 100500000, false); /* 100.50ms */
	agg_add(a, NR_CLOSE, NULL, 10000000, false);  /* 10.00ms */
	agg_sort(a, AGG_SORT_NAME);                   /* the pipeline sorts, not us */

	struct summary_opts o = {.format = OUT_TEXT};
	char *s = print_to_string(a, &o);
	const char *path = write_temp(s, ".txt");
	char cmd[512];
	int st;

	snprintf(cmd, sizeof(cmd),
	         "grep -E \"Syscall|^[a-z]\" '%s' | sort -k4 -rn | awk '{print $1}' | tr '\\n' ' '",
	         path);
	char *out = run(cmd, &st);

	cr_assert_eq(st, 0);
	cr_assert_str_eq(out, "write close read Syscall ");
	free(out);
	unlink(path);
	free(s);
	agg_free(a);
}

static const char *csv_header =
    "syscall,calls,errors,total_time_ms,avg_time_ms,min_time_ms,max_time_ms,p50_ms,p90_ms,"
    "p99_ms";

Test(summary, csv_rows_and_quoting)
{
	struct agg *a = agg_new(true);
	struct agg_source odd = {"src/a,\"b\".c", 7, "f", NULL};

	/* Bucket midpoints, so that percentiles are exact and the text predictable. */
	uint64_t d3 = agg_hist_bucket_value(agg_hist_bucket_of(3000000));
	uint64_t d1 = agg_hist_bucket_value(agg_hist_bucket_of(1000000));

	agg_add(a, NR_FSYNC, &odd, d3, false);
	agg_add(a, NR_FSYNC, &odd, d1, true);
	agg_add(a, NR_CLOSE, NULL, 1500, false);
	agg_sort(a, AGG_SORT_TIME);

	struct summary_opts o = {.format = OUT_CSV, .by_source = true};
	char *s = print_to_string(a, &o);
	char *want;

	double m3 = (double)d3 / 1e6, m1 = (double)d1 / 1e6;

	cr_assert_gt(asprintf(&want,
	                      "%s,source_file,source_line,source_function\n"
	                      "fsync,2,1,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,"
	                      "\"src/a,\"\"b\"\".c\",7,f\n"
	                      "close,1,0,0.001500,0.001500,0.001500,0.001500,0.001500,0.001500,"
	                      "0.001500,,,\n",
	                      csv_header, (double)(d1 + d3) / 1e6, (double)(d1 + d3) / 2e6, m1, m3,
	                      m1, m3, m3),
	             0);
	cr_assert_str_eq(s, want);
	free(want);

	if (have("python3")) {
		const char *path = write_temp(s, ".csv");
		char cmd[1024];
		int st;

		snprintf(cmd, sizeof(cmd),
		         "python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1], "
		         "newline=\"\"))); print(len(r), r[0][\"source_file\"], "
		         "r[0][\"total_time_ms\"], r[1][\"syscall\"], "
		         "len(r[0]))' '%s'",
		         path);
		char *out = run(cmd, &st);

		cr_assert_eq(st, 0);
		char expect[128];

		snprintf(expect, sizeof(expect), "2 src/a,\"b\".c %.6f close 13\n",
		         (double)(d1 + d3) / 1e6);
		cr_assert_str_eq(out, expect);
		free(out);
		unlink(path);
	}
	free(s);

	struct agg *plain = small_agg();

	o.by_source = false;
	s = print_to_string(plain, &o);
	cr_assert(strncmp(s, csv_header, strlen(csv_header)) == 0);
	cr_assert_eq(s[strlen(csv_header)], '\n');
	free(s);
	agg_free(plain);
	agg_free(a);
}

static struct agg *json_agg(bool by_source)
{
	struct agg *a = agg_new(by_source);
	struct agg_source s1 = {"src/config.c", 23, "load_plugins", "/usr/bin/app"};
	struct agg_source s2 = {"src/fonts.c", 67, "load_all_fonts", "/usr/bin/app"};
	struct agg_source s3 = {NULL, 0, NULL, "libz.so.1"};

	for (int i = 0; i < 100; i++)
		agg_add(a, NR_OPENAT, i % 2 ? &s1 : &s2, i >= 95 ? 45200000 : 500000 + i * 10,
		        i % 10 == 0);
	for (int i = 0; i < 30; i++)
		agg_add(a, NR_READ, &s3, 100000 + (uint64_t)i * 3333, false);
	agg_add(a, NR_CLOSE, NULL, 0, false); /* overhead-corrected to 0 */
	agg_add(a, NR_CLOSE, NULL, 0, false);
	agg_add(a, 999, NULL, 777, true);
	agg_sort(a, AGG_SORT_TIME);
	return a;
}

Test(summary, json_document)
{
	struct agg *a = json_agg(true);
	struct trace_meta meta = {.hostname = "box",
	                          .kernel = "6.1.0",
	                          .arch = "x86_64",
	                          .cmdline = "renacer-record -- ./app",
	                          .overhead_ns = 12000,
	                          .start_wall_ns = 1764115200123000000ull};
	struct summary_opts o = {
	    .format = OUT_JSON, .by_source = true, .overhead_ns = 12000, .meta = &meta, .lost = 3};
	char *s = print_to_string(a, &o);
	json_error_t err;
	json_t *root = json_loads(s, 0, &err);

	cr_assert_not_null(root, "%s", err.text);
	cr_assert_str_eq(json_string_value(json_object_get(root, "format")), "renacer-summary/1");
	cr_assert_str_eq(json_string_value(json_object_get(root, "times")), "raw");
	json_t *trace = json_object_get(root, "trace");

	cr_assert_str_eq(json_string_value(json_object_get(trace, "hostname")), "box");
	cr_assert_str_eq(json_string_value(json_object_get(trace, "command")),
	                 "renacer-record -- ./app");
	cr_assert_str_eq(json_string_value(json_object_get(trace, "start_time")),
	                 "2025-11-26T00:00:00.123Z");
	cr_assert_eq(json_integer_value(json_object_get(trace, "overhead_ns")), 12000);
	json_t *totals = json_object_get(root, "totals");

	cr_assert_eq(json_integer_value(json_object_get(totals, "calls")), 133);
	cr_assert_eq(json_integer_value(json_object_get(totals, "errors")), 11);
	cr_assert_eq(json_integer_value(json_object_get(totals, "lost_events")), 3);

	json_t *sys = json_object_get(root, "syscalls");

	cr_assert_eq(json_array_size(sys), 4);
	json_t *open = json_array_get(sys, 0);

	cr_assert_str_eq(json_string_value(json_object_get(open, "name")), "openat");
	cr_assert_eq(json_integer_value(json_object_get(open, "calls")), 100);
	cr_assert_eq(json_integer_value(json_object_get(open, "max_ns")), 45200000);
	cr_assert_float_eq(json_real_value(json_object_get(open, "max_ms")), 45.2, 1e-9);
	json_t *srcs = json_object_get(open, "sources");

	cr_assert_eq(json_array_size(srcs), 2);
	json_t *top = json_array_get(srcs, 0);

	cr_assert_str_eq(json_string_value(json_object_get(top, "file")), "src/config.c");
	cr_assert_eq(json_integer_value(json_object_get(top, "line")), 23);
	cr_assert_str_eq(json_string_value(json_object_get(top, "location")),
	                 "src/config.c:23 in load_plugins");
	cr_assert(json_is_array(json_object_get(top, "histogram")));
	json_t *close = json_array_get(sys, 3);

	cr_assert_str_eq(json_string_value(json_object_get(close, "name")), "close");
	cr_assert_eq(json_integer_value(json_object_get(close, "p50_ns")), 0);
	cr_assert_float_eq(json_real_value(json_object_get(close, "p50_ms")), 0.000001, 1e-12);
	json_decref(root);
	free(s);
	agg_free(a);
}

Test(summary, guide_jq_commands_work)
{
	if (!have("jq"))
		cr_skip_test("jq is not installed");
	struct agg *a = json_agg(false);
	struct summary_opts o = {.format = OUT_JSON};
	char *s = print_to_string(a, &o);
	const char *path = write_temp(s, ".json");
	char cmd[512];
	int st;
	char *out;

	snprintf(cmd, sizeof(cmd),
	         "jq -c '.syscalls | sort_by(.duration_ns) | reverse | .[0:10] | map(.name)' '%s'",
	         path);
	out = run(cmd, &st);
	cr_assert_eq(st, 0);
	cr_assert_str_eq(out, "[\"openat\",\"read\",\"syscall_0x3e7\",\"close\"]\n");
	free(out);

	snprintf(cmd, sizeof(cmd),
	         "jq -c '.syscalls[] | select(.p99_ms / .p50_ms > 10) | {name, p50_ms, p99_ms}' "
	         "'%s'",
	         path);
	out = run(cmd, &st);
	cr_assert_eq(st, 0, "the outlier query must survive a zero p50");
	cr_assert_not_null(strstr(out, "\"name\":\"openat\""), "%s", out);
	cr_assert_null(strstr(out, "\"read\""));
	free(out);

	snprintf(cmd, sizeof(cmd), "jq -c '.syscalls | sort_by(.name) | map(.name)' '%s'", path);
	out = run(cmd, &st);
	cr_assert_eq(st, 0);
	cr_assert_str_eq(out, "[\"close\",\"openat\",\"read\",\"syscall_0x3e7\"]\n");
	free(out);
	unlink(path);
	free(s);
	agg_free(a);
}

static void assert_same_rows(const struct agg *x, const struct agg *y)
{
	cr_assert_eq(agg_rows(x), agg_rows(y));
	for (unsigned i = 0; i < agg_rows(x); i++) {
		const struct agg_row *p = agg_row(x, i), *q = agg_row(y, i);
		uint64_t vp, cp, vq, cq;

		cr_assert_eq(p->nr, q->nr);
		cr_assert_str_eq(p->name, q->name);
		cr_assert_eq(p->src.line, q->src.line);
		cr_assert_eq(p->src.file == NULL, q->src.file == NULL);
		if (p->src.file)
			cr_assert_str_eq(p->src.file, q->src.file);
		cr_assert_eq(p->src.function == NULL, q->src.function == NULL);
		if (p->src.function)
			cr_assert_str_eq(p->src.function, q->src.function);
		cr_assert_eq(p->src.module == NULL, q->src.module == NULL);
		if (p->src.module)
			cr_assert_str_eq(p->src.module, q->src.module);
		cr_assert_eq(p->calls, q->calls);
		cr_assert_eq(p->errors, q->errors);
		cr_assert_eq(p->total_ns, q->total_ns);
		cr_assert_eq(p->min_ns, q->min_ns);
		cr_assert_eq(p->max_ns, q->max_ns);
		for (int k = 0; k <= 100; k++)
			cr_assert_eq(agg_row_quantile(p, k / 100.0), agg_row_quantile(q, k / 100.0),
			             "%s q=%d", p->name, k);
		int bp = agg_hist_next(p->hist, -1, &vp, &cp),
		    bq = agg_hist_next(q->hist, -1, &vq, &cq);

		while (bp >= 0 || bq >= 0) {
			cr_assert_eq(bp, bq);
			cr_assert_eq(cp, cq);
			bp = agg_hist_next(p->hist, bp, &vp, &cp);
			bq = agg_hist_next(q->hist, bq, &vq, &cq);
		}
	}
}

Test(summary, json_round_trip)
{
	struct agg *a = json_agg(true);
	struct summary_opts o = {.format = OUT_JSON,
	                         .by_source = true,
	                         .overhead_corrected = true,
	                         .overhead_ns = 4321,
	                         .bad_chunks = 1};
	char *s = print_to_string(a, &o);
	const char *path = write_temp(s, ".json");
	struct agg *back = NULL, *flat = NULL;
	struct summary_info info;
	char err[256];

	cr_assert_eq(summary_load_json_info(path, true, &back, &info, err, sizeof(err)), 0, "%s",
	             err);
	cr_assert(agg_by_source(back));
	assert_same_rows(a, back);
	cr_assert(info.by_source);
	cr_assert(info.overhead_corrected);
	cr_assert_eq(info.overhead_ns, 4321);
	cr_assert_eq(info.bad_chunks, 1);

	/* Loaded per syscall, it equals the per-syscall collapse of the original. */
	cr_assert_eq(summary_load_json(path, false, &flat, err, sizeof(err)), 0, "%s", err);
	struct agg *sys = agg_by_syscall(a);

	assert_same_rows(sys, flat);

	/* And printing the loaded aggregation gives the same document. */
	char *again = print_to_string(back, &o);

	cr_assert_str_eq(again, s);
	free(again);
	agg_free(sys);
	agg_free(flat);
	agg_free(back);
	unlink(path);
	free(s);
	agg_free(a);
}

static void expect_load_error(const char *content, bool by_source, const char *phrase)
{
	const char *path = write_temp(content, ".json");
	struct agg *a = (struct agg *)0x1;
	char err[256] = "";

	cr_assert_eq(summary_load_json(path, by_source, &a, err, sizeof(err)), -1, "%s", content);
	cr_assert_null(a);
	cr_assert_not_null(strstr(err, path), "message names the file: %s", err);
	cr_assert_not_null(strstr(err, phrase), "'%s' lacks '%s'", err, phrase);
	unlink(path);
}

Test(summary, json_load_errors)
{
	char err[256];
	struct agg *a;

	cr_assert_eq(summary_load_json("/nonexistent/x.json", false, &a, err, sizeof(err)), -1);
	cr_assert_not_null(strstr(err, "/nonexistent/x.json"));
	expect_load_error("not json", false, "not readable as JSON");
	expect_load_error("{\"format\":\"other/1\",\"syscalls\":[]}", false,
	                  "not a renacer JSON summary");
	expect_load_error("{\"format\":\"renacer-summary/1\"}", false, "no \"syscalls\"");
	expect_load_error("{\"format\":\"renacer-summary/1\",\"syscalls\":[{\"name\":\"nosuch\"}]}",
	                  false, "unknown syscall");
	expect_load_error("{\"format\":\"renacer-summary/1\",\"syscalls\":[{\"name\":\"read\","
	                  "\"calls\":2,\"duration_ns\":5,\"min_ns\":1,\"max_ns\":4,"
	                  "\"histogram\":[[1,1]]}]}",
	                  false, "histogram holds 1 calls");
	expect_load_error("{\"format\":\"renacer-summary/1\",\"syscalls\":[{\"name\":\"read\","
	                  "\"calls\":1,\"duration_ns\":5,\"min_ns\":5,\"max_ns\":5}]}",
	                  false, "no \"histogram\"");
	expect_load_error("{\"format\":\"renacer-summary/1\",\"syscalls\":[{\"name\":\"read\","
	                  "\"calls\":-1}]}",
	                  false, "not a non-negative integer");
	expect_load_error("{\"format\":\"renacer-summary/1\",\"syscalls\":[{\"name\":\"read\","
	                  "\"calls\":1,\"duration_ns\":5,\"min_ns\":5,\"max_ns\":5,"
	                  "\"histogram\":[[5,1]]}]}",
	                  true, "write it with --source");
}

Test(summary, empty_aggregation)
{
	struct agg *a = agg_new(false);
	struct summary_opts o = {.format = OUT_TEXT};
	char *s = print_to_string(a, &o);

	cr_assert_not_null(strstr(s, "p99\n\nTotal: 0 nanoseconds\n"), "%s", s);
	free(s);
	o.format = OUT_JSON;
	s = print_to_string(a, &o);
	cr_assert_not_null(strstr(s, "\"syscalls\": []"), "%s", s);
	free(s);
	agg_free(a);
}

Test(summary, format_names)
{
	enum out_format f;

	cr_assert_eq(out_format_parse("json", &f), 0);
	cr_assert_eq(f, OUT_JSON);
	cr_assert_eq(out_format_parse("csv", &f), 0);
	cr_assert_eq(f, OUT_CSV);
	cr_assert_eq(out_format_parse("text", &f), 0);
	cr_assert_eq(f, OUT_TEXT);
	cr_assert_eq(out_format_parse("xml", &f), -1);
}

Test(summary, json_strings_with_brackets_survive_compaction)
{
	struct agg *a = agg_new(true);
	struct agg_source odd = {"src/[1, 2]\"q\\\".c", 3, "f[3,\n4]", NULL};
	struct agg_source bad_utf8 = {"src/\xff\xfe.c", 4, "g", NULL};

	agg_add(a, NR_READ, &odd, 100, false);
	agg_add(a, NR_READ, &bad_utf8, 100, false);
	agg_sort(a, AGG_SORT_TIME);

	struct summary_opts o = {.format = OUT_JSON, .by_source = true};
	char *s = print_to_string(a, &o);
	json_error_t err;
	json_t *root = json_loads(s, 0, &err);

	cr_assert_not_null(root, "%s in %s", err.text, s);
	json_t *srcs =
	    json_object_get(json_array_get(json_object_get(root, "syscalls"), 0), "sources");
	json_t *first = json_array_get(srcs, 0), *second = json_array_get(srcs, 1);

	cr_assert_str_eq(json_string_value(json_object_get(first, "file")), "src/[1, 2]\"q\\\".c");
	cr_assert_str_eq(json_string_value(json_object_get(first, "function")), "f[3,\n4]");
	cr_assert_str_eq(json_string_value(json_object_get(second, "file")), "src/??.c");
	cr_assert_not_null(strstr(s, "\"histogram\": [[100, 1]]"), "histogram on one line: %s", s);
	json_decref(root);
	free(s);
	agg_free(a);
}
