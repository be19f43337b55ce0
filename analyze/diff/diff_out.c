/*
 * diff_out.c - text, JSON and CSV output of renacer-diff.
 */
#include "analyze/diff/diff_out.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_util.h"

static const char *verdict_name(enum diff_verdict v)
{
	switch (v) {
	case DIFF_NOISE:
		return "within noise";
	case DIFF_SLOWER:
		return "slower";
	case DIFF_FASTER:
		return "faster";
	default:
		return "n/a";
	}
}

static void put_ms(struct strbuf *sb, uint64_t ns, int decimals)
{
	sb_printf(sb, "%.*fms", decimals, (double)ns / 1e6);
}

static void put_pct(struct strbuf *sb, uint64_t b, uint64_t a)
{
	double p = diff_pct(b, a);

	if (isinf(p))
		sb_puts(sb, " (new)");
	else if (b != a)
		sb_printf(sb, " (%+.1f%%)", p);
}

/* "B -> A (+x%)" for a counter. */
static void cell_count(struct strbuf *sb, const struct diff_metrics *b,
                       const struct diff_metrics *a, uint64_t vb, uint64_t va)
{
	if (!b->present)
		sb_printf(sb, "- -> %llu", (unsigned long long)va);
	else if (!a->present)
		sb_printf(sb, "%llu -> -", (unsigned long long)vb);
	else {
		sb_printf(sb, "%llu -> %llu", (unsigned long long)vb, (unsigned long long)va);
		put_pct(sb, vb, va);
	}
}

static void cell_time(struct strbuf *sb, const struct diff_metrics *b, const struct diff_metrics *a,
                      uint64_t vb, uint64_t va, int dec, bool pct)
{
	if (b->present)
		put_ms(sb, vb, dec);
	else
		sb_putc(sb, '-');
	sb_puts(sb, " -> ");
	if (a->present)
		put_ms(sb, va, dec);
	else
		sb_putc(sb, '-');
	if (pct && b->present && a->present)
		put_pct(sb, vb, va);
}

static void row_cells(const struct diff_row *r, bool by_source, struct strbuf cells[9])
{
	const struct diff_metrics *b = &r->before, *a = &r->after;

	for (int i = 0; i < 9; i++)
		sb_reset(&cells[i]);
	sb_puts(&cells[0], r->name);
	if (!b->present)
		sb_puts(&cells[0], " [new]");
	else if (!a->present)
		sb_puts(&cells[0], " [gone]");
	cell_count(&cells[1], b, a, b->calls, a->calls);
	cell_count(&cells[2], b, a, b->errors, a->errors);
	cell_time(&cells[3], b, a, b->total_ns, a->total_ns, 2, true);
	cell_time(&cells[4], b, a, b->avg_ns, a->avg_ns, 3, false);
	cell_time(&cells[5], b, a, b->p50_ns, a->p50_ns, 3, false);
	cell_time(&cells[6], b, a, b->p99_ns, a->p99_ns, 3, false);
	sb_puts(&cells[7], verdict_name(r->verdict));
	if (r->verdict != DIFF_NA)
		sb_printf(&cells[7], " (p=%.3g)", r->p_value);
	if (by_source) {
		if (r->function || r->file)
			sb_printf(&cells[8], "%s in %s", r->file ? r->file : "?",
			          r->function ? r->function : "?");
		else
			sb_putc(&cells[8], '?');
	}
}

/* The "total" row: all syscalls together. */
static void total_row(const struct diff_result *res, struct diff_row *total)
{
	memset(total, 0, sizeof(*total));
	total->name = "total";
	total->before = res->total_before;
	total->after = res->total_after;
	total->verdict = res->total_verdict;
	total->p_value = res->total_p_value;
}

/* A title read from a summary, with control bytes as '?' (a hostile file
 * cannot drive the terminal). */
static void put_title(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		sb_putc(sb, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static void put_share(struct strbuf *sb, double share)
{
	sb_printf(sb, "%.1f%%", share * 100);
}

/* The Findings section: what appeared, went away and stayed. */
static void findings_text(const struct diff_findings *df, const char *before, const char *after,
                          struct strbuf *sb)
{
	static const char *const tag[] = {[DF_NEW] = "new", [DF_GONE] = "gone", [DF_BOTH] = "both"};

	if (!df->compared) {
		sb_printf(sb,
		          "\nFindings: not compared: %s has none recorded (written with "
		          "--no-findings)\n",
		          !df->before.known ? before : after);
		return;
	}
	if (!df->n) {
		sb_puts(sb, "\nFindings: none in either run\n");
		return;
	}
	sb_printf(sb, "\nFindings: %u new, %u gone, %u in both\n", df->nnew, df->ngone,
	          df->n - df->nnew - df->ngone);
	for (unsigned i = 0; i < df->n; i++) {
		const struct diff_finding *x = &df->v[i];
		const struct finding_ref *r = x->after ? x->after : x->before;
		sb_printf(sb, "[%s] ", tag[x->status]);
		put_title(sb, r->key);
		sb_puts(sb, ": ");
		put_title(sb, r->title);
		sb_puts(sb, "; ");
		if (x->status == DF_GONE)
			sb_puts(sb, "was ");
		if (x->before && x->after) {
			put_share(sb, x->before->share);
			sb_puts(sb, " -> ");
		}
		put_share(sb, r->share);
		sb_puts(sb, " of syscall time\n");
	}
}

static int print_text(const struct diff_result *res, const char *before, const char *after,
                      bool by_source, const struct diff_gate_result *gates, unsigned ngates,
                      FILE *out)
{
	static const char *heads[9] = {"Syscall", "Calls", "Errors",  "Total Time", "Avg Time",
	                               "p50",     "p99",   "Latency", "Source"};
	unsigned ncols = by_source ? 9 : 8;
	size_t width[9];
	struct strbuf cells[9];
	struct diff_row total;

	memset(cells, 0, sizeof(cells));
	total_row(res, &total);
	for (unsigned c = 0; c < ncols; c++)
		width[c] = strlen(heads[c]);
	for (unsigned i = 0; i <= res->nrows; i++) {
		row_cells(i < res->nrows ? &res->rows[i] : &total, by_source, cells);
		for (unsigned c = 0; c < ncols; c++)
			if (cells[c].len > width[c])
				width[c] = cells[c].len;
	}
	fprintf(out, "Syscall Comparison: %s -> %s\n", before, after);
	fprintf(out, "====================\n");
	for (unsigned c = 0; c < ncols; c++)
		fprintf(out, "%-*s%s", c + 1 < ncols ? (int)width[c] : 0, heads[c],
		        c + 1 < ncols ? "    " : "\n");
	for (unsigned i = 0; i <= res->nrows; i++) {
		row_cells(i < res->nrows ? &res->rows[i] : &total, by_source, cells);
		for (unsigned c = 0; c < ncols; c++)
			fprintf(out, "%-*s%s", c + 1 < ncols ? (int)width[c] : 0, sb_str(&cells[c]),
			        c + 1 < ncols ? "    " : "\n");
	}
	fprintf(out, "\nLatency: Mann-Whitney U test on each row's durations; a change counts when "
	             "p < 0.01 and the median moved by 2%% or more.\n");
	sb_reset(&cells[0]);
	findings_text(&res->findings, before, after, &cells[0]);
	fputs(sb_str(&cells[0]), out);
	for (unsigned g = 0; g < ngates; g++)
		fprintf(out, "%s %s\n", gates[g].failed ? "FAIL" : "ok  ", gates[g].detail);
	for (unsigned c = 0; c < 9; c++)
		sb_free(&cells[c]);
	return ferror(out) ? -1 : 0;
}

static json_t *metrics_json(const struct diff_metrics *m)
{
	if (!m->present)
		return json_null();
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "calls", (json_int_t)m->calls,
	                 "errors", (json_int_t)m->errors, "duration_ns", (json_int_t)m->total_ns,
	                 "avg_ns", (json_int_t)m->avg_ns, "p50_ns", (json_int_t)m->p50_ns, "p90_ns",
	                 (json_int_t)m->p90_ns, "p99_ns", (json_int_t)m->p99_ns, "max_ns",
	                 (json_int_t)m->max_ns);
}

static json_t *pct_json(const struct diff_metrics *b, const struct diff_metrics *a, uint64_t vb,
                        uint64_t va)
{
	double p = diff_pct(vb, va);

	if (!b->present || !a->present || isinf(p))
		return json_null();
	return json_real(p);
}

static json_t *row_json(const struct diff_row *r)
{
	const char *status = !r->before.present ? "new" : !r->after.present ? "gone" : "both";
	json_t *o = json_pack("{s:s,s:s,s:o,s:o}", "name", r->name, "status", status, "before",
	                      metrics_json(&r->before), "after", metrics_json(&r->after));

	if (r->function)
		json_object_set_new(o, "function", json_string(r->function));
	if (r->file)
		json_object_set_new(o, "file", json_string(r->file));
	json_object_set_new(
	    o, "change_pct",
	    json_pack("{s:o,s:o,s:o,s:o,s:o}", "calls",
	              pct_json(&r->before, &r->after, r->before.calls, r->after.calls), "errors",
	              pct_json(&r->before, &r->after, r->before.errors, r->after.errors),
	              "duration",
	              pct_json(&r->before, &r->after, r->before.total_ns, r->after.total_ns), "p50",
	              pct_json(&r->before, &r->after, r->before.p50_ns, r->after.p50_ns), "p99",
	              pct_json(&r->before, &r->after, r->before.p99_ns, r->after.p99_ns)));
	json_object_set_new(o, "latency", json_string(verdict_name(r->verdict)));
	json_object_set_new(o, "p_value",
	                    r->verdict == DIFF_NA ? json_null() : json_real(r->p_value));
	return o;
}

static json_t *ref_json(const struct finding_ref *r)
{
	if (!r)
		return json_null();
	return json_pack("{s:o,s:o,s:f}", "title", summary_jstr(r->title), "syscall",
	                 summary_jstr(r->syscall), "share", r->share);
}

/* "findings": null when a side has none recorded, else one object per finding. */
static json_t *findings_json(const struct diff_findings *df)
{
	static const char *const status[] = {
	    [DF_NEW] = "new", [DF_GONE] = "gone", [DF_BOTH] = "both"};

	if (!df->compared)
		return json_null();
	json_t *arr = json_array();
	for (unsigned i = 0; i < df->n; i++) {
		const struct diff_finding *x = &df->v[i];
		const struct finding_ref *r = x->after ? x->after : x->before;
		json_array_append_new(
		    arr, json_pack("{s:o,s:o,s:s,s:o,s:o}", "key", summary_jstr(r->key), "kind",
		                   summary_jstr(r->kind), "status", status[x->status], "before",
		                   ref_json(x->before), "after", ref_json(x->after)));
	}
	return arr;
}

static int print_json(const struct diff_result *res, const char *before, const char *after,
                      const struct diff_gate_result *gates, unsigned ngates, FILE *out)
{
	json_t *rows = json_array(), *jg = json_array();
	struct diff_row total;

	for (unsigned i = 0; i < res->nrows; i++)
		json_array_append_new(rows, row_json(&res->rows[i]));
	total_row(res, &total);
	for (unsigned g = 0; g < ngates; g++)
		json_array_append_new(jg,
		                      json_pack("{s:s,s:b,s:s}", "expr", gates[g].expr, "failed",
		                                gates[g].failed, "detail", gates[g].detail));
	json_t *root =
	    json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "format", "renacer-diff/1", "before", before,
	              "after", after, "totals", row_json(&total), "syscalls", rows, "findings",
	              findings_json(&res->findings), "gates", jg);
	int rc = json_dumpf(root, out, JSON_INDENT(2)) == 0 ? 0 : -1;
	fputc('\n', out);
	json_decref(root);
	return rc || ferror(out) ? -1 : 0;
}

static void csv_num(struct strbuf *sb, const struct diff_metrics *m, uint64_t v, bool time)
{
	sb_putc(sb, ',');
	if (!m->present)
		return;
	if (time)
		sb_printf(sb, "%.6f", (double)v / 1e6);
	else
		sb_printf(sb, "%llu", (unsigned long long)v);
}

static int print_csv(const struct diff_result *res, bool by_source, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb,
	        "syscall,status,calls_before,calls_after,errors_before,errors_after,"
	        "total_time_ms_before,total_time_ms_after,avg_time_ms_before,avg_time_ms_after,"
	        "p50_ms_before,p50_ms_after,p99_ms_before,p99_ms_after,latency,p_value");
	if (by_source)
		sb_puts(&sb, ",source_file,source_function");
	sb_puts(&sb, "\r\n");
	for (unsigned i = 0; i < res->nrows; i++) {
		const struct diff_row *r = &res->rows[i];
		const struct diff_metrics *b = &r->before, *a = &r->after;
		sb_put_csv(&sb, r->name);
		sb_printf(&sb, ",%s", !b->present ? "new" : !a->present ? "gone" : "both");
		csv_num(&sb, b, b->calls, false);
		csv_num(&sb, a, a->calls, false);
		csv_num(&sb, b, b->errors, false);
		csv_num(&sb, a, a->errors, false);
		csv_num(&sb, b, b->total_ns, true);
		csv_num(&sb, a, a->total_ns, true);
		csv_num(&sb, b, b->avg_ns, true);
		csv_num(&sb, a, a->avg_ns, true);
		csv_num(&sb, b, b->p50_ns, true);
		csv_num(&sb, a, a->p50_ns, true);
		csv_num(&sb, b, b->p99_ns, true);
		csv_num(&sb, a, a->p99_ns, true);
		sb_putc(&sb, ',');
		sb_put_csv(&sb, verdict_name(r->verdict));
		sb_putc(&sb, ',');
		if (r->verdict != DIFF_NA)
			sb_printf(&sb, "%.6g", r->p_value);
		if (by_source) {
			sb_putc(&sb, ',');
			sb_put_csv(&sb, r->file ? r->file : "");
			sb_putc(&sb, ',');
			sb_put_csv(&sb, r->function ? r->function : "");
		}
		sb_puts(&sb, "\r\n");
	}
	int rc = sb_write(&sb, out);
	sb_free(&sb);
	return rc;
}

int diff_print(const struct diff_result *res, const char *before, const char *after, bool by_source,
               const struct diff_gate_result *gates, unsigned ngates, enum out_format format,
               FILE *out)
{
	switch (format) {
	case OUT_JSON:
		return print_json(res, before, after, gates, ngates, out);
	case OUT_CSV:
		return print_csv(res, by_source, out);
	default:
		return print_text(res, before, after, by_source, gates, ngates, out);
	}
}
