/*
 * diff_gate.c - parsing and evaluating renacer-diff's --fail-on expressions.
 */
#include "analyze/diff/diff_gate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

static const struct {
	const char *name;
	enum gate_metric metric;
	bool is_time;
} metrics[] = {
    {"calls", GM_CALLS, false}, {"errors", GM_ERRORS, false}, {"total_time", GM_TOTAL, true},
    {"time", GM_TOTAL, true},   {"avg", GM_AVG, true},        {"p50", GM_P50, true},
    {"p90", GM_P90, true},      {"p99", GM_P99, true},        {"max", GM_MAX, true},
};

static bool metric_is_time(enum gate_metric m)
{
	return m == GM_TOTAL || m == GM_AVG || m == GM_P50 || m == GM_P90 || m == GM_P99 ||
	       m == GM_MAX;
}

static const char *metric_name(enum gate_metric m)
{
	for (size_t i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++)
		if (metrics[i].metric == m)
			return metrics[i].name;
	return "?";
}

/* Parses the number after the operator. */
static int parse_value(const char *s, struct diff_gate *g, char *err, size_t errlen)
{
	bool sign = (*s == '+' || *s == '-');
	size_t len = strlen(s);

	if (len == 0)
		goto bad;
	if (s[len - 1] == '%') {
		if (!sign)
			goto bad;
		char *end;
		g->value = strtod(s, &end);
		if (end != s + len - 1)
			goto bad;
		g->kind = GV_PCT;
		return 0;
	}
	g->kind = sign ? GV_DELTA : GV_AFTER;
	const char *num = sign ? s + 1 : s;
	double v;
	if (metric_is_time(g->metric)) {
		uint64_t ns;
		char *end;
		v = strtod(num, &end);
		if (end == num)
			goto bad;
		if (*end == '\0')
			ns = (uint64_t)(v * 1e6 + 0.5); /* bare time numbers are milliseconds */
		else if (trace_parse_duration(num, &ns) != 0)
			goto bad;
		v = (double)ns;
	} else {
		char *end;
		v = strtod(num, &end);
		if (end == num || *end != '\0')
			goto bad;
	}
	g->value = (*s == '-') ? -v : v;
	return 0;
bad:
	snprintf(
	    err, errlen,
	    "--fail-on '%s': bad value '%s' (use N, +N, -N, +N%% or -N%%; times take ns/us/ms/s)",
	    g->text, s);
	return -1;
}

/* new_findings[(KIND)] and vanished_findings[(KIND)]: 1 parsed, 0 not one of
 * them, -1 bad (message in err). */
static int parse_findings_gate(const char *expr, struct diff_gate *g, char *err, size_t errlen)
{
	static const char *const names[] = {"new_findings", "vanished_findings"};
	size_t n = strcspn(expr, "(");
	unsigned i;

	for (i = 0; i < 2; i++)
		if (strlen(names[i]) == n && strncmp(expr, names[i], n) == 0)
			break;
	if (i == 2)
		return 0;
	g->metric = i == 0 ? GM_NEW_FINDINGS : GM_VANISHED_FINDINGS;
	if (!expr[n])
		return 1;
	size_t len = strlen(expr + n);
	if (len < 3 || expr[n + len - 1] != ')' || len - 2 >= sizeof(g->finding))
		goto bad;
	memcpy(g->finding, expr + n + 1, len - 2);
	g->finding[len - 2] = '\0';
	for (int k = 0; k < FK_COUNT; k++)
		if (strcmp(g->finding, findings_kind_name((enum finding_kind)k)) == 0)
			return 1;
bad:
	snprintf(err, errlen,
	         "--fail-on '%s': expected %s or %s(KIND) with KIND one of the finding kinds of "
	         "spec/findings.md (small-io, sync-per-write, ...)",
	         expr, names[i], names[i]);
	return -1;
}

int diff_gate_parse(const char *expr, struct diff_gate *g, char *err, size_t errlen)
{
	memset(g, 0, sizeof(*g));
	g->text = expr;
	if (strcmp(expr, "new_syscalls") == 0 || strcmp(expr, "vanished_syscalls") == 0) {
		g->metric = expr[0] == 'n' ? GM_NEW_SYSCALLS : GM_VANISHED_SYSCALLS;
		return 0;
	}
	int fg = parse_findings_gate(expr, g, err, errlen);
	if (fg != 0)
		return fg < 0 ? -1 : 0;
	size_t n = strcspn(expr, "(<>");
	size_t i;
	for (i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++)
		if (strlen(metrics[i].name) == n && strncmp(expr, metrics[i].name, n) == 0)
			break;
	if (i == sizeof(metrics) / sizeof(metrics[0])) {
		snprintf(
		    err, errlen,
		    "--fail-on '%s': unknown metric '%.*s' (calls, errors, total_time, avg, p50, "
		    "p90, p99, max, new_syscalls, vanished_syscalls, new_findings, "
		    "vanished_findings)",
		    expr, (int)n, expr);
		return -1;
	}
	g->metric = metrics[i].metric;
	const char *p = expr + n;
	if (*p == '(') {
		const char *close = strchr(p, ')');
		size_t len = close ? (size_t)(close - p - 1) : 0;
		if (!close || len == 0 || len >= sizeof(g->syscall)) {
			snprintf(err, errlen, "--fail-on '%s': expected METRIC(SYSCALL)", expr);
			return -1;
		}
		memcpy(g->syscall, p + 1, len);
		g->syscall[len] = '\0';
		if (trace_syscall_by_name(g->syscall) < 0) {
			snprintf(err, errlen, "--fail-on '%s': unknown syscall '%s'", expr,
			         g->syscall);
			return -1;
		}
		p = close + 1;
	}
	if (p[0] == '>' || p[0] == '<') {
		bool eq = p[1] == '=';
		g->op = p[0] == '>' ? (eq ? GO_GE : GO_GT) : (eq ? GO_LE : GO_LT);
		p += eq ? 2 : 1;
	} else {
		snprintf(err, errlen,
		         "--fail-on '%s': expected an operator (>, >=, <, <=) after '%.*s'", expr,
		         (int)(p - expr), expr);
		return -1;
	}
	return parse_value(p, g, err, errlen);
}

static uint64_t metric_of(const struct diff_metrics *m, enum gate_metric metric)
{
	switch (metric) {
	case GM_CALLS:
		return m->calls;
	case GM_ERRORS:
		return m->errors;
	case GM_TOTAL:
		return m->total_ns;
	case GM_AVG:
		return m->avg_ns;
	case GM_P50:
		return m->p50_ns;
	case GM_P90:
		return m->p90_ns;
	case GM_P99:
		return m->p99_ns;
	case GM_MAX:
		return m->max_ns;
	default:
		return 0;
	}
}

static bool compare(double x, enum gate_op op, double v)
{
	switch (op) {
	case GO_GT:
		return x > v;
	case GO_GE:
		return x >= v;
	case GO_LT:
		return x < v;
	case GO_LE:
		return x <= v;
	}
	return false;
}

static void fmt_value(char *buf, size_t len, enum gate_metric m, uint64_t v)
{
	if (metric_is_time(m))
		snprintf(buf, len, "%.3fms", (double)v / 1e6);
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
}

/* Sums the rows of one syscall (several rows with --by source). */
static void syscall_metrics(const struct diff_result *res, const char *name, bool after,
                            struct diff_metrics *out, struct agg_hist *h)
{
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < res->nrows; i++) {
		const struct diff_row *r = &res->rows[i];
		const struct diff_metrics *m = after ? &r->after : &r->before;
		if (strcmp(r->name, name) != 0 || !m->present)
			continue;
		out->present = true;
		out->calls += m->calls;
		out->errors += m->errors;
		out->total_ns += m->total_ns;
		if (m->hist)
			agg_hist_merge(h, m->hist);
	}
	out->avg_ns = out->calls ? out->total_ns / out->calls : 0;
	out->p50_ns = agg_hist_quantile(h, 0.50);
	out->p90_ns = agg_hist_quantile(h, 0.90);
	out->p99_ns = agg_hist_quantile(h, 0.99);
	out->max_ns = agg_hist_max(h);
}

static bool set_gate_fails(const struct diff_gate *g, const struct diff_result *res, char *detail,
                           size_t len)
{
	bool want_new = g->metric == GM_NEW_SYSCALLS;
	size_t used = (size_t)snprintf(detail, len, "%s:", g->text);
	unsigned found = 0;

	for (unsigned i = 0; i < res->nrows; i++) {
		const struct diff_row *r = &res->rows[i];
		bool hit = want_new ? (!r->before.present && r->after.present)
		                    : (r->before.present && !r->after.present);
		if (!hit)
			continue;
		found++;
		if (used < len)
			used += (size_t)snprintf(detail + used, len - used, " %s", r->name);
	}
	return found > 0;
}

bool diff_gate_on_findings(const struct diff_gate *g)
{
	return g->metric == GM_NEW_FINDINGS || g->metric == GM_VANISHED_FINDINGS;
}

/* new_findings / vanished_findings: the keys that appeared (went away). */
static bool findings_gate_fails(const struct diff_gate *g, const struct diff_result *res,
                                char *detail, size_t len)
{
	enum diff_fstatus want = g->metric == GM_NEW_FINDINGS ? DF_NEW : DF_GONE;
	size_t used = (size_t)snprintf(detail, len, "%s:", g->text);
	unsigned found = 0;

	for (unsigned i = 0; i < res->findings.n; i++) {
		const struct diff_finding *x = &res->findings.v[i];
		const struct finding_ref *r = x->after ? x->after : x->before;
		if (x->status != want || (g->finding[0] && strcmp(r->kind, g->finding) != 0))
			continue;
		found++;
		if (used < len)
			used += (size_t)snprintf(detail + used, len - used, " %s", r->key);
	}
	if (!found && used < len)
		snprintf(detail + used, len - used, " none");
	return found > 0;
}

bool diff_gate_fails(const struct diff_gate *g, const struct diff_result *res, char *detail,
                     size_t len)
{
	if (g->metric == GM_NEW_SYSCALLS || g->metric == GM_VANISHED_SYSCALLS)
		return set_gate_fails(g, res, detail, len);
	if (diff_gate_on_findings(g))
		return findings_gate_fails(g, res, detail, len);

	struct diff_metrics b, a;
	if (g->syscall[0]) {
		struct agg_hist *hb = agg_hist_new(), *ha = agg_hist_new();
		syscall_metrics(res, g->syscall, false, &b, hb);
		syscall_metrics(res, g->syscall, true, &a, ha);
		agg_hist_free(hb);
		agg_hist_free(ha);
	} else {
		b = res->total_before;
		a = res->total_after;
	}
	uint64_t vb = metric_of(&b, g->metric), va = metric_of(&a, g->metric);
	double x;
	switch (g->kind) {
	case GV_PCT:
		x = diff_pct(vb, va);
		break;
	case GV_DELTA:
		x = (double)va - (double)vb;
		break;
	default:
		x = (double)va;
		break;
	}
	char sb[32], sa[32], who[96];
	fmt_value(sb, sizeof(sb), g->metric, vb);
	fmt_value(sa, sizeof(sa), g->metric, va);
	snprintf(who, sizeof(who), "%s%s%s%s", metric_name(g->metric), g->syscall[0] ? "(" : "",
	         g->syscall, g->syscall[0] ? ")" : "");
	double pct = diff_pct(vb, va);
	if (isinf(pct))
		snprintf(detail, len, "%s: %s -> %s (new)", who, sb, sa);
	else
		snprintf(detail, len, "%s: %s -> %s (%+.1f%%)", who, sb, sa, pct);
	return compare(x, g->op, g->value);
}
