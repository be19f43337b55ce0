/*
 * export_html.c - the self-contained HTML report: header facts, the summary
 * and per-source tables as HTML, the histograms' buckets and the timeline's
 * calls as a JSON data block that the page's script draws
 * (export_html_page.c).
 */
#include "analyze/export/export_html.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze/export/export_html_page.h"
#include "analyze/findings/findings.h"
#include "libtrace/trace_filter.h"
#include "libtrace/trace_jsonw.h"
#include "libtrace/trace_map.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

#define HIST_ROWS 12 /* histograms drawn: the syscalls that took the most time */

struct html_thread {
	int32_t pid, tid;
	char name[TRACE_COMM_LEN];
	uint32_t ncalls;
};

struct html_call {
	uint64_t start, dur; /* ns from the trace start */
	uint32_t thread;     /* index in threads */
	uint16_t nr;
};

struct export_html {
	uint64_t start;
	struct trace_map tmap; /* tid -> index in threads */
	struct html_thread *threads;
	size_t nthreads, capthreads;
	struct html_call *calls;
	size_t ncalls, capcalls;
	uint64_t dropped; /* calls beyond EXPORT_HTML_MAX_CALLS */
	uint64_t end;     /* latest call end seen */
};

struct export_html *export_html_new(uint64_t start_mono_ns)
{
	struct export_html *x = xcalloc(1, sizeof(*x));
	x->start = start_mono_ns;
	trace_map_init(&x->tmap);
	return x;
}

void export_html_free(struct export_html *x)
{
	if (!x)
		return;
	trace_map_free(&x->tmap);
	free(x->threads);
	free(x->calls);
	free(x);
}

static uint32_t thread_index(struct export_html *x, int32_t pid, int32_t tid)
{
	uint64_t *v = trace_map_get(&x->tmap, (uint32_t)tid);
	if (v)
		return (uint32_t)*v;
	xgrow((void **)&x->threads, &x->capthreads, x->nthreads + 1, sizeof(*x->threads));
	struct html_thread *t = &x->threads[x->nthreads];
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->tid = tid;
	trace_map_put(&x->tmap, (uint32_t)tid, x->nthreads);
	return (uint32_t)x->nthreads++;
}

void export_html_thread(struct export_html *x, int32_t pid, int32_t tid, const char *comm)
{
	uint32_t i = thread_index(x, pid, tid); /* may move x->threads */
	struct html_thread *t = &x->threads[i];
	t->pid = pid;
	snprintf(t->name, sizeof(t->name), "%s", comm);
}

void export_html_call(struct export_html *x, const struct trace_syscall *s, uint64_t duration_ns)
{
	uint64_t start = s->ts > x->start ? s->ts - x->start : 0;
	uint64_t dur = trace_syscall_returned(s) ? duration_ns : 0;
	if (start + dur > x->end)
		x->end = start + dur;
	if (x->ncalls >= EXPORT_HTML_MAX_CALLS) {
		x->dropped++;
		return;
	}
	uint32_t ti = thread_index(x, s->pid, s->tid);
	xgrow((void **)&x->calls, &x->capcalls, x->ncalls + 1, sizeof(*x->calls));
	x->calls[x->ncalls++] = (struct html_call){start, dur, ti, s->nr};
	x->threads[ti].ncalls++;
}

/* --- HTML text --------------------------------------------------------------- */

static void put_html(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			sb_puts(sb, "&amp;");
			break;
		case '<':
			sb_puts(sb, "&lt;");
			break;
		case '>':
			sb_puts(sb, "&gt;");
			break;
		case '"':
			sb_puts(sb, "&quot;");
			break;
		default:
			sb_putc(sb, *s);
		}
	}
}

static void put_ms(struct strbuf *sb, uint64_t ns)
{
	char buf[32];
	sb_puts(sb, "<td>");
	sb_puts(sb, summary_fmt_ms_short(ns, buf, sizeof(buf)));
	sb_puts(sb, "</td>");
}

static void put_header(struct strbuf *sb, const struct summary_opts *o, uint64_t span)
{
	const struct trace_meta *m = o->meta;
	sb_puts(sb, "<header><h1>renacer report</h1><div class=\"meta\">");
	if (m && m->cmdline) {
		sb_puts(sb, "<code>");
		put_html(sb, m->cmdline);
		sb_puts(sb, "</code> &middot; ");
	}
	if (m && m->hostname) {
		put_html(sb, m->hostname);
		sb_puts(sb, " &middot; Linux ");
		put_html(sb, m->kernel ? m->kernel : "?");
		sb_puts(sb, " &middot; ");
	}
	if (m && m->start_wall_ns) {
		time_t secs = (time_t)(m->start_wall_ns / 1000000000u);
		struct tm tm;
		char when[64];
		gmtime_r(&secs, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
		sb_printf(sb, "recorded %s &middot; ", when);
	}
	char buf[32];
	sb_printf(sb, "calls span %s</div></header>\n",
	          summary_fmt_ms_short(span, buf, sizeof(buf)));
	sb_puts(sb, "<nav><a href=\"#summary\">Summary</a><a href=\"#histograms\">Latency "
	            "histograms</a><a href=\"#findings\">Findings</a><a "
	            "href=\"#sources\">Sources</a><a href=\"#timeline-sec\">Timeline</a>"
	            "</nav>\n<main>\n");
}

/* Footnotes on how the numbers were made. */
static void put_notes(struct strbuf *sb, const struct summary_opts *o)
{
	if (o->overhead_corrected)
		sb_printf(sb,
		          "<p class=\"note\">Times are overhead-corrected: %" PRIu64
		          " ns of tracing overhead subtracted from each call.</p>",
		          o->overhead_ns);
	if (o->lost)
		sb_printf(sb,
		          "<p class=\"note warn\">The recorder lost %" PRIu64
		          " events: counts are lower bounds.</p>",
		          o->lost);
	if (o->bad_chunks || o->truncated)
		sb_printf(sb,
		          "<p class=\"note warn\">The trace was damaged (%" PRIu64
		          " chunks skipped%s): these numbers cover what could be read.</p>",
		          o->bad_chunks, o->truncated ? ", cut short" : "");
}

static void put_summary(struct strbuf *sb, const struct agg *a, const struct summary_opts *o)
{
	uint64_t total = 0, calls = 0, errors = 0;
	for (unsigned i = 0; i < agg_rows(a); i++) {
		total += agg_row(a, i)->total_ns;
		calls += agg_row(a, i)->calls;
		errors += agg_row(a, i)->errors;
	}
	sb_puts(sb,
	        "<section id=\"summary\"><h2>Summary</h2><table><tr><th class=\"l\">syscall</th>"
	        "<th class=\"l\">% time</th><th>calls</th><th>errors</th><th>total</th>"
	        "<th>avg</th><th>p50</th><th>p90</th><th>p99</th><th>max</th></tr>\n");
	for (unsigned i = 0; i < agg_rows(a); i++) {
		const struct agg_row *r = agg_row(a, i);
		double pct = total ? 100.0 * (double)r->total_ns / (double)total : 0;
		sb_puts(sb, "<tr><td class=\"l\">");
		put_html(sb, r->name);
		sb_printf(sb,
		          "</td><td class=\"l\"><span class=\"bar\" "
		          "style=\"width:%.0fpx\"></span>%.1f</td>"
		          "<td>%" PRIu64 "</td><td>%" PRIu64 "</td>",
		          pct, pct, r->calls, r->errors);
		put_ms(sb, r->total_ns);
		put_ms(sb, r->calls ? r->total_ns / r->calls : 0);
		put_ms(sb, agg_row_quantile(r, 0.50));
		put_ms(sb, agg_row_quantile(r, 0.90));
		put_ms(sb, agg_row_quantile(r, 0.99));
		put_ms(sb, r->max_ns);
		sb_puts(sb, "</tr>\n");
	}
	sb_printf(
	    sb,
	    "<tr class=\"total\"><td class=\"l\">Total</td><td class=\"l\">100</td><td>%" PRIu64
	    "</td><td>%" PRIu64 "</td>",
	    calls, errors);
	put_ms(sb, total);
	sb_puts(sb, "<td></td><td></td><td></td><td></td><td></td></tr></table>");
	put_notes(sb, o);
	sb_puts(sb, "</section>\n");
}

static void put_sources(struct strbuf *sb, const struct agg *a)
{
	struct strbuf src = STRBUF_INIT;
	sb_puts(
	    sb,
	    "<section id=\"sources\"><h2>By source location</h2><table><tr>"
	    "<th class=\"l\">syscall</th><th class=\"l\">source</th><th>calls</th><th>errors</th>"
	    "<th>total</th><th>avg</th><th>p99</th></tr>\n");
	for (unsigned i = 0; i < agg_rows(a); i++) {
		const struct agg_row *r = agg_row(a, i);
		sb_reset(&src);
		summary_source_str(&r->src, &src);
		sb_puts(sb, "<tr><td class=\"l\">");
		put_html(sb, r->name);
		sb_puts(sb, "</td><td class=\"src\">");
		put_html(sb, sb_str(&src));
		sb_printf(sb, "</td><td>%" PRIu64 "</td><td>%" PRIu64 "</td>", r->calls, r->errors);
		put_ms(sb, r->total_ns);
		put_ms(sb, r->calls ? r->total_ns / r->calls : 0);
		put_ms(sb, agg_row_quantile(r, 0.99));
		sb_puts(sb, "</tr>\n");
	}
	sb_puts(sb, "</table></section>\n");
	sb_free(&src);
}

/* The findings (findings.h), as the text summary lists them. */
static void put_findings(struct strbuf *sb, const struct summary_opts *o)
{
	struct strbuf src = STRBUF_INIT;
	sb_puts(sb, "<section id=\"findings\"><h2>Findings</h2>\n");
	if (!o->nfindings)
		sb_puts(
		    sb,
		    "<p class=\"note\">None of the patterns of spec/findings.md was found.</p>");
	for (unsigned i = 0; i < o->nfindings; i++) {
		const struct finding *f = &o->findings[i];
		sb_printf(
		    sb, "<div class=\"finding\"><div class=\"ft\"><span class=\"kind\">%s</span> ",
		    findings_kind_name(f->kind));
		put_html(sb, f->title);
		sb_printf(sb, " <span class=\"share\">%.1f%% of syscall time</span></div><ul>",
		          100.0 * f->share);
		for (unsigned k = 0; k < f->nsites; k++) {
			sb_reset(&src);
			summary_source_str(&f->sites[k].src, &src);
			sb_puts(sb, "<li><code>");
			put_html(sb, sb_str(&src));
			sb_printf(sb, "</code> (%" PRIu64 " calls)</li>", f->sites[k].calls);
		}
		sb_puts(sb, "</ul><div class=\"fix\">Fix: ");
		put_html(sb, findings_fix(f->kind));
		sb_puts(sb, "</div></div>\n");
	}
	sb_puts(sb, "</section>\n");
	sb_free(&src);
}

/* --- the JSON data block ------------------------------------------------------- */

static void data_rows(struct jsonw *w, const struct agg *a)
{
	jw_k(w, "rows");
	jw_arr(w);
	for (unsigned i = 0; i < agg_rows(a); i++) {
		const struct agg_row *r = agg_row(a, i);
		jw_obj(w);
		jw_k(w, "name");
		jw_str(w, r->name);
		jw_k(w, "calls");
		jw_u64(w, r->calls);
		jw_k(w, "min_ns");
		jw_u64(w, r->min_ns);
		jw_k(w, "max_ns");
		jw_u64(w, r->max_ns);
		jw_k(w, "p50_ns");
		jw_u64(w, agg_row_quantile(r, 0.50));
		jw_k(w, "p99_ns");
		jw_u64(w, agg_row_quantile(r, 0.99));
		jw_k(w, "hist");
		jw_arr(w);
		uint64_t v, c;
		for (int b = agg_hist_next(r->hist, -1, &v, &c); b >= 0;
		     b = agg_hist_next(r->hist, b, &v, &c)) {
			jw_arr(w);
			jw_u64(w, v);
			jw_u64(w, c);
			jw_arr_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_k(w, "hist_rows");
	jw_u64(w, HIST_ROWS);
	jw_k(w, "names_by_time");
	jw_arr(w);
	for (unsigned i = 0; i < agg_rows(a); i++)
		jw_str(w, agg_row(a, i)->name);
	jw_arr_end(w);
}

static void data_timeline(struct export_html *x, struct jsonw *w)
{
	size_t *first = xcalloc(x->nthreads + 1, sizeof(*first));
	size_t *order = xcalloc(x->ncalls + 1, sizeof(*order));
	for (size_t t = 0; t < x->nthreads; t++)
		first[t + 1] = first[t] + x->threads[t].ncalls;
	size_t *fill = xcalloc(x->nthreads + 1, sizeof(*fill));
	for (size_t i = 0; i < x->ncalls; i++) {
		uint32_t t = x->calls[i].thread;
		order[first[t] + fill[t]++] = i;
	}
	bool seen[TRACE_FILTER_NR_MAX] = {false};
	jw_k(w, "timeline");
	jw_obj(w);
	jw_k(w, "span_ns");
	jw_u64(w, x->end);
	jw_k(w, "threads");
	jw_arr(w);
	for (size_t t = 0; t < x->nthreads; t++) {
		const struct html_thread *th = &x->threads[t];
		if (!th->ncalls)
			continue;
		jw_obj(w);
		jw_k(w, "pid");
		jw_i64(w, th->pid);
		jw_k(w, "tid");
		jw_i64(w, th->tid);
		jw_k(w, "name");
		jw_str(w, th->name);
		const char *keys[3] = {"s", "d", "k"};
		for (int f = 0; f < 3; f++) {
			jw_key(w, keys[f]);
			jw_arr(w);
			for (size_t j = first[t]; j < first[t + 1]; j++) {
				const struct html_call *c = &x->calls[order[j]];
				jw_u64(w, f == 0 ? c->start : f == 1 ? c->dur : c->nr);
				if (c->nr < TRACE_FILTER_NR_MAX)
					seen[c->nr] = true;
			}
			jw_arr_end(w);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_k(w, "names");
	jw_obj(w);
	char num[48], key[16];
	for (unsigned nr = 0; nr < TRACE_FILTER_NR_MAX; nr++) {
		if (!seen[nr])
			continue;
		snprintf(key, sizeof(key), "%u", nr);
		jw_key(w, key);
		jw_str(w, trace_syscall_name_r((int)nr, num, sizeof(num)));
	}
	jw_obj_end(w);
	jw_obj_end(w);
	free(first);
	free(order);
	free(fill);
}

/* The data block; "</" is written "<\/" so no string can end the script element. */
static void put_data(struct export_html *x, struct strbuf *sb, const struct agg *by_nr)
{
	struct strbuf js = STRBUF_INIT;
	struct jsonw w;
	jw_init(&w, &js);
	jw_obj(&w);
	data_rows(&w, by_nr);
	data_timeline(x, &w);
	jw_obj_end(&w);
	sb_puts(sb, "<script id=\"renacer-data\" type=\"application/json\">");
	for (size_t i = 0; i < js.len; i++) {
		if (js.buf[i] == '<' && i + 1 < js.len && js.buf[i + 1] == '/')
			sb_puts(sb, "<\\");
		else
			sb_putc(sb, js.buf[i]);
	}
	sb_puts(sb, "</script>\n");
	sb_free(&js);
}

int export_html_write(struct export_html *x, const struct agg *by_nr, const struct agg *by_src,
                      const struct summary_opts *o, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb,
	        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width\">\n<title>renacer report");
	if (o->meta && o->meta->cmdline) {
		sb_puts(&sb, ": ");
		put_html(&sb, o->meta->cmdline);
	}
	sb_printf(&sb, "</title>\n<style>\n%s</style></head><body>\n", export_html_css);
	put_header(&sb, o, x->end);
	put_summary(&sb, by_nr, o);
	if (o->with_findings)
		put_findings(&sb, o);
	sb_printf(&sb,
	          "<section id=\"histograms\"><h2>Latency histograms</h2><p class=\"note\">Calls "
	          "per duration (log scale), from the recorded histograms, for the %d syscalls "
	          "that took the most time; dashed lines: p50 and p99.</p>"
	          "<div class=\"hists\" id=\"hists\"></div></section>\n",
	          HIST_ROWS);
	put_sources(&sb, by_src);
	sb_puts(&sb, "<section id=\"timeline-sec\"><h2>Timeline</h2><p class=\"note\">A lane per "
	             "thread, a box per call (at least one pixel wide); hover for details.");
	if (x->dropped)
		sb_printf(&sb,
		          " <span class=\"warn\">Showing the first %zu calls; %" PRIu64
		          " later calls are in the tables but not drawn.</span>",
		          x->ncalls, x->dropped);
	sb_puts(&sb, "</p><div class=\"legend\" id=\"legend\"></div><div id=\"timeline-wrap\">"
	             "<div id=\"tip\"></div></div></section>\n</main>\n");
	put_data(x, &sb, by_nr);
	sb_printf(&sb, "<script>\n%s</script>\n</body></html>\n", export_html_js);
	int rc = sb_write(&sb, out);
	sb_free(&sb);
	return rc;
}
