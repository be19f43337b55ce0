/* Unit tests for renacer-diff's engine: gates, pairing, the significance test. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analyze/diff/diff.h"
#include "analyze/diff/diff_gate.h"
#include "libtrace/trace_syscalls.h"

static struct agg *make_agg(long nr, unsigned calls, uint64_t base_ns, uint64_t spread_ns)
{
	struct agg *a = agg_new(false);
	for (unsigned i = 0; i < calls; i++)
		agg_add(a, (int)nr, NULL, base_ns + (i * 7919u) % (spread_ns + 1), false);
	return a;
}

Test(diff_gate, parses_the_documented_forms)
{
	struct diff_gate g;
	char err[256];

	cr_assert_eq(diff_gate_parse("calls(fsync)>+10%", &g, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(g.metric, GM_CALLS);
	cr_assert_str_eq(g.syscall, "fsync");
	cr_assert_eq(g.op, GO_GT);
	cr_assert_eq(g.kind, GV_PCT);
	cr_assert_float_eq(g.value, 10.0, 1e-9);

	cr_assert_eq(diff_gate_parse("total_time>+20%", &g, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(g.metric, GM_TOTAL);
	cr_assert_eq(g.syscall[0], '\0');

	cr_assert_eq(diff_gate_parse("p99(read)>2ms", &g, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(g.kind, GV_AFTER);
	cr_assert_float_eq(g.value, 2e6, 1e-3);

	cr_assert_eq(diff_gate_parse("errors>0", &g, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(g.metric, GM_ERRORS);
	cr_assert_eq(diff_gate_parse("new_syscalls", &g, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(g.metric, GM_NEW_SYSCALLS);
	cr_assert_eq(diff_gate_parse("avg(openat)<=-5", &g, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(g.kind, GV_DELTA);
	cr_assert_float_eq(g.value, -5e6, 1e-3);
}

Test(diff_gate, errors_name_the_bad_part)
{
	struct diff_gate g;
	char err[256];

	cr_assert_eq(diff_gate_parse("cals(fsync)>1", &g, err, sizeof(err)), -1);
	cr_assert(strstr(err, "unknown metric 'cals'"), "%s", err);
	cr_assert_eq(diff_gate_parse("calls(fsyncc)>1", &g, err, sizeof(err)), -1);
	cr_assert(strstr(err, "unknown syscall 'fsyncc'"), "%s", err);
	cr_assert_eq(diff_gate_parse("calls(fsync)=1", &g, err, sizeof(err)), -1);
	cr_assert(strstr(err, "operator"), "%s", err);
	cr_assert_eq(diff_gate_parse("calls(fsync)>10%", &g, err, sizeof(err)), -1,
	             "a percentage needs a sign");
	cr_assert_eq(diff_gate_parse("p99(read)>2parsecs", &g, err, sizeof(err)), -1);
	cr_assert(strstr(err, "bad value"), "%s", err);
}

Test(diff, seed_before_after_counts_and_gates)
{
	long fsync_nr = trace_syscall_by_name("fsync");
	long write_nr = trace_syscall_by_name("write");
	struct agg *before = make_agg(fsync_nr, 1000, 3000000, 1000000);
	struct agg *after = make_agg(fsync_nr, 10, 3000000, 1000000);
	struct diff_options o;
	struct diff_result res;
	struct diff_gate g;
	char err[256], detail[512];

	agg_add(after, (int)write_nr, NULL, 1000, false);
	diff_options_default(&o);
	diff_compute(before, after, &o, &res);
	cr_assert_eq(res.nrows, 2);
	cr_assert_str_eq(res.rows[0].name, "fsync", "sorted by total-time change");
	cr_assert_eq(res.rows[0].before.calls, 1000);
	cr_assert_eq(res.rows[0].after.calls, 10);
	cr_assert_float_eq(diff_pct(1000, 10), -99.0, 1e-9);
	cr_assert(!res.rows[1].before.present && res.rows[1].after.present, "write is new");

	cr_assert_eq(diff_gate_parse("calls(fsync)>+10%", &g, err, sizeof(err)), 0);
	cr_assert(!diff_gate_fails(&g, &res, detail, sizeof(detail)), "%s", detail);
	cr_assert_eq(diff_gate_parse("calls(fsync)<-50%", &g, err, sizeof(err)), 0);
	cr_assert(diff_gate_fails(&g, &res, detail, sizeof(detail)));
	cr_assert(strstr(detail, "1000 -> 10 (-99.0%)"), "%s", detail);
	cr_assert_eq(diff_gate_parse("new_syscalls", &g, err, sizeof(err)), 0);
	cr_assert(diff_gate_fails(&g, &res, detail, sizeof(detail)));
	cr_assert(strstr(detail, "write"), "%s", detail);
	cr_assert_eq(diff_gate_parse("errors>0", &g, err, sizeof(err)), 0);
	cr_assert(!diff_gate_fails(&g, &res, detail, sizeof(detail)));
	diff_result_free(&res);
}

Test(diff, mann_whitney_separates_shift_from_noise)
{
	struct agg_hist *a = agg_hist_new(), *b = agg_hist_new(), *c = agg_hist_new();

	for (unsigned i = 0; i < 400; i++) {
		agg_hist_add(a, 100000 + (i * 7919u) % 20000, 1);
		agg_hist_add(b, 100000 + (i * 104729u) % 20000, 1); /* same distribution */
		agg_hist_add(c, 130000 + (i * 7919u) % 20000, 1);   /* shifted 30% */
	}
	double p_same = diff_mann_whitney(a, b);
	double p_shift = diff_mann_whitney(a, c);
	cr_assert(p_same > 0.05, "p=%g", p_same);
	cr_assert(p_shift < 1e-6, "p=%g", p_shift);
	cr_assert_float_eq(diff_mann_whitney(a, a), 1.0, 1e-9);
	struct agg_hist *tiny = agg_hist_new();
	agg_hist_add(tiny, 5, 3);
	cr_assert_eq(diff_mann_whitney(a, tiny), -1, "too few samples is not testable");
	agg_hist_free(a);
	agg_hist_free(b);
	agg_hist_free(c);
	agg_hist_free(tiny);
}

/* --- findings that appeared, went away, stayed ------------------------------ */

static void add_ref(struct finding_refs *r, const char *kind, const char *key, const char *sc,
                    double share)
{
	r->v = realloc(r->v, (r->n + 1) * sizeof(*r->v));
	r->v[r->n++] =
	    (struct finding_ref){strdup(kind), strdup(key), strdup(sc), strdup(key), share};
}

static struct diff_result findings_result(void)
{
	struct diff_found b = {.known = true}, a = {.known = true};
	struct diff_result res;

	add_ref(&b.refs, "small-io", "small-io:write", "write", 0.10);
	add_ref(&b.refs, "sync-per-write", "sync-per-write:fsync", "fsync", 0.60);
	add_ref(&b.refs, "mmap-churn", "mmap-churn:4096", "mmap+munmap", 0.05);
	add_ref(&a.refs, "mmap-churn", "mmap-churn:4096", "mmap+munmap", 0.30);
	add_ref(&a.refs, "small-io", "small-io:read", "read", 0.20);
	add_ref(&a.refs, "many-files", "many-files:openat:load", "openat", 0.40);
	memset(&res, 0, sizeof(res));
	diff_findings_compute(&res.findings, &b, &a);
	return res;
}

Test(diff_findings, pairs_by_key_new_first_then_gone_then_both)
{
	struct diff_result res = findings_result();
	const struct diff_findings *df = &res.findings;

	cr_assert(df->compared);
	cr_assert_eq(df->n, 5);
	cr_assert_eq(df->nnew, 2);
	cr_assert_eq(df->ngone, 2);
	static const char *keys[] = {"many-files:openat:load", "small-io:read",
	                             "sync-per-write:fsync", "small-io:write", "mmap-churn:4096"};
	static const enum diff_fstatus st[] = {DF_NEW, DF_NEW, DF_GONE, DF_GONE, DF_BOTH};
	for (unsigned i = 0; i < 5; i++) {
		const struct diff_finding *x = &df->v[i];
		cr_assert_eq(x->status, st[i], "%u", i);
		cr_assert_str_eq((x->after ? x->after : x->before)->key, keys[i]);
		cr_assert_eq(x->before != NULL, st[i] != DF_NEW);
		cr_assert_eq(x->after != NULL, st[i] != DF_GONE);
	}
	cr_assert_float_eq(df->v[4].before->share, 0.05, 1e-12);
	cr_assert_float_eq(df->v[4].after->share, 0.30, 1e-12);
	diff_result_free(&res);
}

Test(diff_findings, a_side_without_findings_is_not_compared)
{
	struct diff_found b = {.known = true}, a = {.known = false};
	struct diff_findings df;

	add_ref(&b.refs, "small-io", "small-io:write", "write", 0.10);
	diff_findings_compute(&df, &b, &a);
	cr_assert(!df.compared);
	cr_assert_eq(df.n, 0, "nothing is called gone when AFTER says nothing");
	diff_findings_free(&df);
}

Test(diff_findings, the_syscall_filter_keeps_findings_whose_syscalls_are_all_selected)
{
	struct finding_refs r = {0};
	struct trace_filter f;
	char err[128];

	add_ref(&r, "small-io", "small-io:write", "write", 0.1);
	add_ref(&r, "mmap-churn", "mmap-churn:4096", "mmap+munmap", 0.1);
	add_ref(&r, "sync-per-write", "sync-per-write:fsync", "fsync", 0.1);
	add_ref(&r, "x", "x:bogus", "no_such_call", 0.1);
	trace_filter_init(&f);
	cr_assert_eq(trace_filter_parse(&f, "trace=write,mmap", err, sizeof(err)), 0, "%s", err);
	diff_findings_filter(&r, &f);
	cr_assert_eq(r.n, 1, "mmap alone does not select mmap+munmap");
	cr_assert_str_eq(r.v[0].key, "small-io:write");
	trace_filter_init(&f);
	cr_assert_eq(trace_filter_parse(&f, "trace=write,mmap,munmap", err, sizeof(err)), 0);
	add_ref(&r, "mmap-churn", "mmap-churn:4096", "mmap+munmap", 0.1);
	diff_findings_filter(&r, &f);
	cr_assert_eq(r.n, 2);
	findings_refs_free(&r);
}

Test(diff_gate, findings_gates_parse_and_fail_on_what_appeared)
{
	struct diff_gate g;
	char err[256], detail[512];
	struct diff_result res = findings_result();

	cr_assert_eq(diff_gate_parse("new_findings", &g, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(g.metric, GM_NEW_FINDINGS);
	cr_assert(diff_gate_on_findings(&g));
	cr_assert(diff_gate_fails(&g, &res, detail, sizeof(detail)));
	cr_assert_str_eq(detail, "new_findings: many-files:openat:load small-io:read");

	cr_assert_eq(diff_gate_parse("new_findings(sync-per-write)", &g, err, sizeof(err)), 0);
	cr_assert_str_eq(g.finding, "sync-per-write");
	cr_assert(!diff_gate_fails(&g, &res, detail, sizeof(detail)), "%s", detail);
	cr_assert_str_eq(detail, "new_findings(sync-per-write): none");

	cr_assert_eq(diff_gate_parse("vanished_findings(sync-per-write)", &g, err, sizeof(err)), 0);
	cr_assert_eq(g.metric, GM_VANISHED_FINDINGS);
	cr_assert(diff_gate_fails(&g, &res, detail, sizeof(detail)));
	cr_assert_str_eq(detail, "vanished_findings(sync-per-write): sync-per-write:fsync");

	cr_assert_eq(diff_gate_parse("new_findings(small_io)", &g, err, sizeof(err)), -1);
	cr_assert(strstr(err, "new_findings(small_io)") && strstr(err, "KIND"), "%s", err);
	cr_assert_eq(diff_gate_parse("new_findings(", &g, err, sizeof(err)), -1);
	cr_assert_eq(diff_gate_parse("new_findings()", &g, err, sizeof(err)), -1);
	cr_assert_eq(diff_gate_parse("new_findingsx", &g, err, sizeof(err)), -1);
	cr_assert_eq(diff_gate_parse("new_syscalls", &g, err, sizeof(err)), 0);
	cr_assert(!diff_gate_on_findings(&g));
	diff_result_free(&res);
}
