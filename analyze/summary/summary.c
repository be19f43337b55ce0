/*
 * summary.c - the summary table (text, as the user guide shows it) and the
 * CSV summary; JSON lives in summary_json.c.
 *
 * Percentiles come from each row's log-linear histogram (hist.h): within
 * 1/128 (0.79%) of the exact nearest-rank value, clamped to the exact min and
 * max, so a row whose calls all took the same time shows that time exactly.
 * Text times are milliseconds with their unit, so `sort -k4 -rn` on the table
 * ranks rows by total time.
 */
#include "analyze/summary/summary.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "analyze/summary/summary_json.h"
#include "libtrace/trace_fdkind.h"
#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_util.h"

enum column { C_NAME, C_CALLS, C_ERRORS, C_TOTAL, C_AVG, C_P50, C_P90, C_P99, C_SOURCE, NCOLS };

static const char *const col_title[NCOLS] = {"Syscall", "Calls", "Errors", "Total Time", "Avg Time",
                                             "p50",     "p90",   "p99",    "Source"};
/* The user guide's column widths; a column widens when a cell needs it. */
static const unsigned col_min_width[NCOLS] = {17, 9, 10, 14, 12, 9, 9, 9, 0};

#define CELL_LEN 48

/* One table line, formatted: short cells inline, the source in a buffer. */
struct text_line {
	char cell[C_SOURCE][CELL_LEN];
	struct strbuf source;
};

int out_format_parse(const char *s, enum out_format *f)
{
	if (strcmp(s, "text") == 0)
		*f = OUT_TEXT;
	else if (strcmp(s, "json") == 0)
		*f = OUT_JSON;
	else if (strcmp(s, "csv") == 0)
		*f = OUT_CSV;
	else
		return -1;
	return 0;
}

const char *summary_fmt_ms_short(uint64_t ns, char *buf, unsigned len)
{
	double ms = (double)ns / 1e6;
	int decimals = 1;

	if (ms > 0 && ms < 10)
		decimals = ms >= 1 ? 2 : 2 - (int)floor(log10(ms));
	if (decimals > 6)
		decimals = 6;
	int n = snprintf(buf, len, "%.*f", decimals, ms);

	if (n < 0 || (unsigned)n >= len)
		return buf;
	/* Drop trailing zeros, keeping one digit after the point. */
	while (n > 2 && buf[n - 1] == '0' && buf[n - 2] != '.')
		buf[--n] = '\0';
	snprintf(buf + n, len - (unsigned)n, "ms");
	return buf;
}

/* Whether function is already "MODULE+0xOFFSET" for this module's file name. */
static bool names_module(const char *function, const char *module)
{
	const char *base = strrchr(module, '/');
	size_t n;

	base = base ? base + 1 : module;
	n = strlen(base);
	return strncmp(function, base, n) == 0 && function[n] == '+';
}

/* "src/parser.c:42 in parse_line", "parse_line (libfoo.so)", "libfoo.so", "?" */
void summary_source_str(const struct agg_source *s, struct strbuf *sb)
{
	if (s->file) {
		sb_puts(sb, s->file);
		if (s->line)
			sb_printf(sb, ":%u", s->line);
		if (s->function)
			sb_printf(sb, " in %s", s->function);
	} else if (s->function) {
		sb_puts(sb, s->function);
		if (s->module && !names_module(s->function, s->module))
			sb_printf(sb, " (%s)", s->module);
	} else if (s->module) {
		sb_puts(sb, s->module);
	} else {
		sb_putc(sb, '?');
	}
}

static void fill_times(struct text_line *l, uint64_t calls, uint64_t total_ns,
                       const struct agg_hist *h)
{
	static const double qs[3] = {0.50, 0.90, 0.99};

	snprintf(l->cell[C_TOTAL], CELL_LEN, "%.2fms", (double)total_ns / 1e6);
	snprintf(l->cell[C_AVG], CELL_LEN, "%.3fms",
	         calls ? (double)total_ns / (double)calls / 1e6 : 0.0);
	for (int i = 0; i < 3; i++) {
		if (calls > 1 && h)
			summary_fmt_ms_short(agg_hist_quantile(h, qs[i]), l->cell[C_P50 + i],
			                     CELL_LEN);
		else
			snprintf(l->cell[C_P50 + i], CELL_LEN, "-");
	}
}

static void fill_row(struct text_line *l, const struct agg_row *r, bool by_source)
{
	const char *label = trace_io_class_label(r->io);

	snprintf(l->cell[C_NAME], CELL_LEN, "%s", r->name);
	snprintf(l->cell[C_CALLS], CELL_LEN, "%llu", (unsigned long long)r->calls);
	snprintf(l->cell[C_ERRORS], CELL_LEN, "%llu", (unsigned long long)r->errors);
	fill_times(l, r->calls, r->total_ns, r->hist);
	sb_reset(&l->source);
	/* The I/O class of a row split by class leads the last column: "(file I/O)". */
	if (label)
		sb_printf(&l->source, "(%s)%s", label, by_source ? "  " : "");
	if (by_source)
		summary_source_str(&r->src, &l->source);
}

/* True when the rows are split by I/O class (trace=file,network). */
static bool rows_have_io(const struct agg *a)
{
	for (unsigned i = 0; i < agg_rows(a); i++)
		if (agg_row(a, i)->io)
			return true;
	return false;
}

static void fill_total(struct text_line *l, const struct agg *a)
{
	uint64_t calls, errors, total;
	struct agg_hist *h = agg_total_hist(a);

	agg_totals(a, &calls, &errors, &total);
	snprintf(l->cell[C_NAME], CELL_LEN, "Total");
	snprintf(l->cell[C_CALLS], CELL_LEN, "%llu", (unsigned long long)calls);
	snprintf(l->cell[C_ERRORS], CELL_LEN, "%llu", (unsigned long long)errors);
	fill_times(l, calls, total, h);
	sb_reset(&l->source);
	agg_hist_free(h);
}

static const char *line_col(const struct text_line *l, int c)
{
	return c == C_SOURCE ? sb_str(&l->source) : l->cell[c];
}

static void widen(unsigned *width, const struct text_line *l, int ncols)
{
	for (int c = 0; c < ncols; c++) {
		size_t n = strlen(line_col(l, c)) + 2;

		if (n > width[c])
			width[c] = (unsigned)n;
	}
}

/* Prints cells padded to their column, the last one unpadded, without
 * trailing blanks when the last cells are empty. */
static void print_cells(FILE *out, const char *const *cells, const unsigned *width, int ncols)
{
	struct strbuf sb = STRBUF_INIT;

	for (int c = 0; c < ncols; c++) {
		if (c == ncols - 1)
			sb_puts(&sb, cells[c]);
		else
			sb_printf(&sb, "%-*s", (int)width[c], cells[c]);
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	sb_putc(&sb, '\n');
	sb_write(&sb, out);
	sb_free(&sb);
}

static void print_line(FILE *out, const struct text_line *l, const unsigned *width, int ncols)
{
	const char *cells[NCOLS];

	for (int c = 0; c < ncols; c++)
		cells[c] = line_col(l, c);
	print_cells(out, cells, width, ncols);
}

/* "850ns", "12.3us", "1.25ms" */
static void fmt_overhead(uint64_t ns, char *buf, size_t len)
{
	if (ns < 1000)
		snprintf(buf, len, "%lluns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.1fus", (double)ns / 1e3);
	else
		snprintf(buf, len, "%.2fms", (double)ns / 1e6);
}

static void print_footer(FILE *out, const struct summary_opts *o)
{
	char oh[32];

	fmt_overhead(o->overhead_ns, oh, sizeof(oh));
	fputc('\n', out);
	if (o->overhead_corrected)
		fprintf(out,
		        "Times are overhead-corrected: ~%s of tracing overhead subtracted from "
		        "each call (clamped at 0).\n",
		        oh);
	else if (o->overhead_ns)
		fprintf(out,
		        "Times are raw: each call includes ~%s of tracing overhead (use "
		        "--overhead-correct).\n",
		        oh);
	else
		fprintf(out, "Times are raw: the tracing overhead was not calibrated for this "
		             "trace.\n");
	if (o->lost)
		fprintf(out,
		        "Lost events: %llu (the recorder could not keep up; counts are lower "
		        "bounds).\n",
		        (unsigned long long)o->lost);
	if (o->bad_chunks)
		fprintf(out,
		        "Damaged chunks skipped: %llu (their events are missing from these "
		        "numbers).\n",
		        (unsigned long long)o->bad_chunks);
	if (o->truncated)
		fprintf(out, "Trace is truncated (recorder killed or disk full): the numbers cover "
		             "what was recorded.\n");
}

static int print_text(const struct agg *a, const struct summary_opts *o, FILE *out)
{
	bool by_source = agg_by_source(a);
	int ncols = by_source || rows_have_io(a) ? NCOLS : C_SOURCE;
	unsigned width[NCOLS];
	struct text_line l = {.source = STRBUF_INIT};
	unsigned n = agg_rows(a);
	const char *titles[NCOLS];

	memcpy(titles, col_title, sizeof(titles));
	if (!by_source)
		titles[C_SOURCE] = ""; /* only the rows' I/O class labels */

	memcpy(width, col_min_width, sizeof(width));
	for (int c = 0; c < ncols; c++) {
		if (strlen(titles[c]) + 2 > width[c])
			width[c] = (unsigned)strlen(titles[c]) + 2;
	}
	for (unsigned i = 0; i < n; i++) {
		fill_row(&l, agg_row(a, i), by_source);
		widen(width, &l, ncols);
	}
	fill_total(&l, a);
	widen(width, &l, ncols);

	fprintf(out, "System Call Summary:\n====================\n");
	print_cells(out, titles, width, ncols);
	for (unsigned i = 0; i < n; i++) {
		fill_row(&l, agg_row(a, i), by_source);
		print_line(out, &l, width, ncols);
	}
	unsigned rule = 0;

	for (int c = 0; c < ncols - 1; c++)
		rule += width[c];
	rule += (unsigned)strlen(titles[ncols - 1]);
	for (unsigned i = 0; i < rule; i++)
		fputc('-', out);
	fputc('\n', out);
	fill_total(&l, a);
	print_line(out, &l, width, ncols);
	sb_free(&l.source);
	print_footer(out, o);
	return 0;
}

static void csv_ms(struct strbuf *sb, double ns)
{
	sb_printf(sb, ",%.6f", ns / 1e6);
}

static int print_csv(const struct agg *a, FILE *out)
{
	bool by_source = agg_by_source(a), by_io = rows_have_io(a);
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	sb_puts(&sb, "syscall,calls,errors,total_time_ms,avg_time_ms,min_time_ms,max_time_ms,"
	             "p50_ms,p90_ms,p99_ms");
	sb_puts(&sb, by_source ? ",source_file,source_line,source_function" : "");
	sb_puts(&sb, by_io ? ",class\n" : "\n");
	for (unsigned i = 0; i < agg_rows(a) && rc == 0; i++) {
		const struct agg_row *r = agg_row(a, i);

		sb_put_csv(&sb, r->name);
		sb_printf(&sb, ",%llu,%llu", (unsigned long long)r->calls,
		          (unsigned long long)r->errors);
		csv_ms(&sb, (double)r->total_ns);
		csv_ms(&sb, r->calls ? (double)r->total_ns / (double)r->calls : 0);
		csv_ms(&sb, (double)r->min_ns);
		csv_ms(&sb, (double)r->max_ns);
		csv_ms(&sb, (double)agg_row_quantile(r, 0.50));
		csv_ms(&sb, (double)agg_row_quantile(r, 0.90));
		csv_ms(&sb, (double)agg_row_quantile(r, 0.99));
		if (by_source) {
			sb_putc(&sb, ',');
			sb_put_csv(&sb, r->src.file ? r->src.file : "");
			if (r->src.line)
				sb_printf(&sb, ",%u,", r->src.line);
			else
				sb_puts(&sb, ",,");
			sb_put_csv(&sb, r->src.function ? r->src.function : "");
		}
		if (by_io) {
			sb_putc(&sb, ',');
			sb_puts(&sb, trace_io_class_name(r->io));
		}
		sb_puts(&sb, "\n");
		if (sb.len > 65536) {
			rc = sb_write(&sb, out);
			sb_reset(&sb);
		}
	}
	if (rc == 0)
		rc = sb_write(&sb, out);
	sb_free(&sb);
	return rc;
}

int summary_print(const struct agg *a, const struct summary_opts *o, FILE *out)
{
	int rc;

	switch (o->format) {
	case OUT_SQLITE: /* whole-report formats: see report.h */
	case OUT_PERFETTO:
	case OUT_HTML:
		errno = EINVAL;
		return -1;
	case OUT_JSON:
		rc = summary_print_json(a, o, out);
		break;
	case OUT_CSV:
		rc = print_csv(a, out);
		break;
	default:
		rc = print_text(a, o, out);
		break;
	}
	if (fflush(out) != 0 || ferror(out))
		rc = -1;
	return rc;
}

int summary_load_json(const char *path, bool by_source, struct agg **out, char *err,
                      unsigned errlen)
{
	return summary_load_json_info(path, by_source, out, NULL, err, errlen);
}
