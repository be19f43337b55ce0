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
