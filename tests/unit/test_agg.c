/*
 * test_agg.c - aggregation rows: counters per syscall and per source
 * location, string ownership, many rows, sorting, merging, collapsing.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze/summary/agg.h"
#include "libtrace/trace_syscalls.h"

#define NR_READ   0
#define NR_WRITE  1
#define NR_CLOSE  3
#define NR_FSYNC  74
#define NR_OPENAT 257

static const struct agg_row *find(const struct agg *a, const char *name, unsigned line)
{
	for (unsigned i = 0; i < agg_rows(a); i++) {
		const struct agg_row *r = agg_row(a, i);

		if (strcmp(r->name, name) == 0 && r->src.line == line)
			return r;
	}
	return NULL;
}

Test(agg, counts_per_syscall)
{
	struct agg *a = agg_new(false);
	uint64_t calls, errors, total;

	for (int i = 1; i <= 10; i++)
		agg_add(a, NR_READ, NULL, (uint64_t)i * 1000, i % 4 == 0);
	agg_add(a, NR_OPENAT, NULL, 50000, true);
	cr_assert_eq(agg_rows(a), 2);

	const struct agg_row *r = find(a, "read", 0);

	cr_assert_not_null(r);
	cr_assert_eq(r->nr, NR_READ);
	cr_assert_eq(r->calls, 10);
	cr_assert_eq(r->errors, 2);
	cr_assert_eq(r->total_ns, 55000);
	cr_assert_eq(r->min_ns, 1000);
	cr_assert_eq(r->max_ns, 10000);
	cr_assert_eq(agg_hist_count(r->hist), 10);
	/* within the histogram's error bound of the exact median (5000) */
	cr_assert_leq(fabs((double)agg_row_quantile(r, 0.5) - 5000) / 5000, 0.01);
	cr_assert_null(r->src.file);
	r = find(a, "openat", 0);
	cr_assert_not_null(r);
	cr_assert_eq(r->calls, 1);
	cr_assert_eq(r->errors, 1);
	cr_assert_eq(agg_row_quantile(r, 0.99), 50000);
	agg_totals(a, &calls, &errors, &total);
	cr_assert_eq(calls, 11);
	cr_assert_eq(errors, 3);
	cr_assert_eq(total, 105000);
	cr_assert_not(agg_by_source(a));
	agg_free(a);
}

Test(agg, source_is_ignored_when_not_by_source)
{
	struct agg *a = agg_new(false);
	struct agg_source s1 = {"a.c", 1, "f", "app"}, s2 = {"b.c", 2, "g", "app"};

	agg_add(a, NR_WRITE, &s1, 10, false);
	agg_add(a, NR_WRITE, &s2, 20, false);
	agg_add(a, NR_WRITE, NULL, 30, false);
	cr_assert_eq(agg_rows(a), 1);
	cr_assert_eq(agg_row(a, 0)->calls, 3);
	cr_assert_null(agg_row(a, 0)->src.file);
	agg_free(a);
}

Test(agg, unknown_and_large_syscall_numbers)
{
	struct agg *a = agg_new(false);

	agg_add(a, 999, NULL, 10, false);
	agg_add(a, 5000, NULL, 10, false);
	agg_add(a, 5000, NULL, 30, false);
	cr_assert_eq(agg_rows(a), 2);
	char n999[32], n5000[32];

	trace_syscall_name_r(999, n999, sizeof(n999));
	trace_syscall_name_r(5000, n5000, sizeof(n5000));
	cr_assert_str_neq(n999, n5000);
	cr_assert_not_null(find(a, n999, 0));
	cr_assert_eq(find(a, n5000, 0)->calls, 2);
	agg_free(a);
}

Test(agg, rows_by_source_location)
{
	struct agg *a = agg_new(true);
	char file[32], func[32];
	struct agg_source s = {file, 42, func, "/usr/bin/app"};

	strcpy(file, "src/parser.c");
	strcpy(func, "parse_line");
	for (int i = 0; i < 5; i++)
		agg_add(a, NR_READ, &s, 100, false);
	/* The row copied the strings: changing the caller's buffers changes nothing. */
	strcpy(file, "src/output.c");
	strcpy(func, "write_out");
	s.line = 67;
	agg_add(a, NR_READ, &s, 200, false);
	agg_add(a, NR_READ, NULL, 300, false);
	struct agg_source unknown = {0};

	agg_add(a, NR_READ, &unknown, 300, false);
	/* Same text at other addresses finds the same row. */
	struct agg_source again = {"src/parser.c", 42, "parse_line", "/usr/bin/app"};

	agg_add(a, NR_READ, &again, 100, true);
	cr_assert_eq(agg_rows(a), 3);

	const struct agg_row *r = find(a, "read", 42);

	cr_assert_not_null(r);
	cr_assert_eq(r->calls, 6);
	cr_assert_eq(r->errors, 1);
	cr_assert_str_eq(r->src.file, "src/parser.c");
	cr_assert_str_eq(r->src.function, "parse_line");
	cr_assert_str_eq(r->src.module, "/usr/bin/app");
	cr_assert_eq(find(a, "read", 67)->calls, 1);
	r = find(a, "read", 0);
	cr_assert_eq(r->calls, 2, "NULL and an all-unknown source share one row");
	cr_assert_null(r->src.file);
	cr_assert(agg_by_source(a));
	agg_free(a);
}

/* Interned source ids: equal locations share an id, the id-keyed and the
 * string-keyed adds reach the same rows, and ids survive sorting. */
Test(agg, source_ids_key_the_same_rows_as_strings)
{
	struct agg *a = agg_new(true);
	char file[32];
	struct agg_source s = {file, 42, "parse_line", "/usr/bin/app"};
	struct agg_source t = {"src/output.c", 67, "write_out", "/usr/bin/app"};
	struct agg_source unknown = {0};

	strcpy(file, "src/parser.c");
	uint32_t id = agg_source_id(a, &s);

	strcpy(file, "src/changed.c"); /* the interned copy is kept */
	struct agg_source same = {"src/parser.c", 42, "parse_line", "/usr/bin/app"};

	cr_assert_neq(id, 0);
	cr_assert_eq(agg_source_id(a, &same), id);
	uint32_t id2 = agg_source_id(a, &t);

	cr_assert_neq(id2, 0);
	cr_assert_neq(id2, id);
	cr_assert_eq(agg_source_id(a, NULL), 0);
	cr_assert_eq(agg_source_id(a, &unknown), 0, "a source naming nothing is no source");

	agg_add_id(a, NR_READ, id, 100, false);
	agg_add(a, NR_READ, &same, 300, true);
	agg_add_id(a, NR_WRITE, id, 50, false);
	agg_add_id(a, NR_READ, id2, 10, false);
	agg_add_id(a, NR_READ, 0, 7, false);
	agg_add(a, NR_READ, NULL, 8, false);
	cr_assert_eq(agg_rows(a), 4);
	const struct agg_row *r = find(a, "read", 42);

	cr_assert_not_null(r);
	cr_assert_eq(r->calls, 2);
	cr_assert_eq(r->errors, 1);
	cr_assert_eq(r->total_ns, 400);
	cr_assert_str_eq(r->src.file, "src/parser.c");
	cr_assert_eq(find(a, "read", 0)->calls, 2);
	cr_assert_eq(find(a, "write", 42)->calls, 1);

	agg_sort(a, AGG_SORT_CALLS);
	agg_add_id(a, NR_READ, id2, 20, false);
	cr_assert_eq(agg_rows(a), 4, "ids still find their rows after sorting");
	cr_assert_eq(find(a, "read", 67)->total_ns, 30);
	agg_free(a);

	/* Not by source: every source is no source. */
	a = agg_new(false);
	cr_assert_eq(agg_source_id(a, &t), 0);
	agg_add_id(a, NR_READ, 0, 5, false);
	agg_add(a, NR_READ, &t, 5, false);
	cr_assert_eq(agg_rows(a), 1);
	cr_assert_eq(agg_row(a, 0)->calls, 2);
	agg_free(a);
}

Test(agg, null_strings_differ_from_empty_ones)
{
	struct agg *a = agg_new(true);
	struct agg_source n = {NULL, 1, NULL, NULL}, e = {"", 1, "", ""};

	agg_add(a, NR_READ, &n, 1, false);
	agg_add(a, NR_READ, &e, 1, false);
	cr_assert_eq(agg_rows(a), 2);
	agg_free(a);
}

Test(agg, many_rows_stay_distinct)
{
	enum { ROWS = 20000 };
	struct agg *a = agg_new(true);
	char file[64];

	for (int pass = 0; pass < 3; pass++) {
		for (int i = 0; i < ROWS; i++) {
			snprintf(file, sizeof(file), "src/module_%d.c", i % 500);
			struct agg_source s = {file, (unsigned)(i / 500), "fn", NULL};

			agg_add(a, i % 2 ? NR_READ : NR_WRITE, &s, (uint64_t)i + 1, false);
		}
	}
	cr_assert_eq(agg_rows(a), ROWS);
	for (unsigned i = 0; i < agg_rows(a); i++)
		cr_assert_eq(agg_row(a, i)->calls, 3);
	agg_free(a);
}

Test(agg, sort_orders)
{
	struct agg *a = agg_new(false);
	enum agg_sort_key k;

	agg_add(a, NR_READ, NULL, 100, false);
	agg_add(a, NR_READ, NULL, 100, false);
	agg_add(a, NR_READ, NULL, 100, false);   /* total 300, 3 calls */
	agg_add(a, NR_OPENAT, NULL, 1000, true); /* total 1000, 1 call, 1 error */
	agg_add(a, NR_CLOSE, NULL, 150, false);
	agg_add(a, NR_CLOSE, NULL, 150, false); /* total 300, 2 calls: ties read on time */

	agg_sort(a, AGG_SORT_TIME);
	cr_assert_eq(agg_sort_key(a), AGG_SORT_TIME);
	cr_assert_str_eq(agg_row(a, 0)->name, "openat");
	cr_assert_str_eq(agg_row(a, 1)->name, "close"); /* tie broken by name */
	cr_assert_str_eq(agg_row(a, 2)->name, "read");
	agg_sort(a, AGG_SORT_CALLS);
	cr_assert_str_eq(agg_row(a, 0)->name, "read");
	cr_assert_str_eq(agg_row(a, 2)->name, "openat");
	agg_sort(a, AGG_SORT_ERRORS);
	cr_assert_str_eq(agg_row(a, 0)->name, "openat");
	agg_sort(a, AGG_SORT_AVG);
	cr_assert_str_eq(agg_row(a, 1)->name, "close");
	agg_sort(a, AGG_SORT_P99);
	cr_assert_str_eq(agg_row(a, 2)->name, "read");
	agg_sort(a, AGG_SORT_NAME);
	cr_assert_str_eq(agg_row(a, 0)->name, "close");
	cr_assert_str_eq(agg_row(a, 1)->name, "openat");
	cr_assert_str_eq(agg_row(a, 2)->name, "read");

	/* The index follows the rows: adding after a sort hits the right row. */
	agg_add(a, NR_OPENAT, NULL, 5, false);
	cr_assert_eq(agg_rows(a), 3);
	cr_assert_eq(find(a, "openat", 0)->calls, 2);

	cr_assert_eq(agg_sort_key_parse("calls", &k), 0);
	cr_assert_eq(k, AGG_SORT_CALLS);
	cr_assert_eq(agg_sort_key_parse("p90", &k), 0);
	cr_assert_eq(k, AGG_SORT_P90);
	cr_assert_eq(agg_sort_key_parse("name", &k), 0);
	cr_assert_eq(k, AGG_SORT_NAME);
	cr_assert_eq(agg_sort_key_parse("bogus", &k), -1);
	agg_free(a);
}

Test(agg, sort_by_source_breaks_ties_by_location)
{
	struct agg *a = agg_new(true);
	struct agg_source s1 = {"b.c", 9, "f", NULL}, s2 = {"a.c", 9, "f", NULL};
	struct agg_source s3 = {"a.c", 3, "f", NULL};

	agg_add(a, NR_READ, &s1, 100, false);
	agg_add(a, NR_READ, &s2, 100, false);
	agg_add(a, NR_READ, &s3, 100, false);
	agg_sort(a, AGG_SORT_TIME);
	cr_assert_str_eq(agg_row(a, 0)->src.file, "a.c");
	cr_assert_eq(agg_row(a, 0)->src.line, 3);
	cr_assert_eq(agg_row(a, 1)->src.line, 9);
	cr_assert_str_eq(agg_row(a, 2)->src.file, "b.c");
	/* Still findable after the permutation. */
	agg_add(a, NR_READ, &s1, 1, false);
	cr_assert_eq(agg_rows(a), 3);
	cr_assert_eq(agg_row(a, 2)->calls, 2);
	agg_free(a);
}

Test(agg, merge_equals_one_aggregation)
{
	struct agg *x = agg_new(true), *y = agg_new(true), *all = agg_new(true);
	struct agg_source s[3] = {
	    {"a.c", 1, "f", NULL}, {"b.c", 2, "g", NULL}, {NULL, 0, NULL, "lib"}};

	for (int i = 0; i < 300; i++) {
		int nr = i % 5 ? NR_READ : NR_FSYNC;
		uint64_t d = 1000 + (uint64_t)i * 37;

		agg_add(i % 2 ? x : y, nr, &s[i % 3], d, i % 7 == 0);
		agg_add(all, nr, &s[i % 3], d, i % 7 == 0);
	}
	agg_merge(x, y);
	agg_sort(x, AGG_SORT_TIME);
	agg_sort(all, AGG_SORT_TIME);
	cr_assert_eq(agg_rows(x), agg_rows(all));
	for (unsigned i = 0; i < agg_rows(x); i++) {
		const struct agg_row *p = agg_row(x, i), *q = agg_row(all, i);

		cr_assert_str_eq(p->name, q->name);
		cr_assert_eq(p->src.line, q->src.line);
		cr_assert_eq(p->calls, q->calls);
		cr_assert_eq(p->errors, q->errors);
		cr_assert_eq(p->total_ns, q->total_ns);
		cr_assert_eq(p->min_ns, q->min_ns);
		cr_assert_eq(p->max_ns, q->max_ns);
		cr_assert_eq(agg_row_quantile(p, 0.9), agg_row_quantile(q, 0.9));
	}

	struct agg *sys = agg_by_syscall(all);
	struct agg_hist *th = agg_total_hist(all);

	cr_assert_eq(agg_rows(sys), 2);
	cr_assert_not(agg_by_source(sys));
	cr_assert_str_eq(agg_row(sys, 0)->name, "read"); /* sorted like all: by time */
	cr_assert_eq(agg_row(sys, 0)->calls, 240);
	cr_assert_eq(agg_row(sys, 1)->calls, 60);
	cr_assert_eq(agg_hist_count(agg_row(sys, 0)->hist), 240);
	cr_assert_eq(agg_hist_count(th), 300);
	agg_hist_free(th);
	agg_free(sys);
	agg_free(x);
	agg_free(y);
	agg_free(all);
}

Test(agg, add_row_without_histogram)
{
	struct agg *a = agg_new(false);
	struct agg_row r = {
	    .nr = NR_FSYNC, .calls = 4, .errors = 1, .total_ns = 400, .min_ns = 50, .max_ns = 200};

	agg_add_row(a, &r);
	agg_add(a, NR_FSYNC, NULL, 10, false);
	cr_assert_eq(agg_rows(a), 1);
	cr_assert_str_eq(agg_row(a, 0)->name, "fsync");
	cr_assert_eq(agg_row(a, 0)->calls, 5);
	cr_assert_eq(agg_row(a, 0)->min_ns, 10);
	cr_assert_eq(agg_row(a, 0)->max_ns, 200);
	cr_assert_eq(agg_row(a, 0)->total_ns, 410);
	agg_free(a);
}

Test(agg, memory_grows_with_rows_not_events)
{
	struct agg *a = agg_new(false);

	for (int i = 0; i < 1000; i++)
		agg_add(a, i % 10, NULL, 1000 + (uint64_t)(i % 100) * 10, false);
	size_t after_1k = agg_bytes(a);

	for (int i = 0; i < 1000000; i++)
		agg_add(a, i % 10, NULL, 1000 + (uint64_t)(i % 100) * 10, false);
	cr_assert_eq(agg_bytes(a), after_1k);
	agg_free(a);
}
