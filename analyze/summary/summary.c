/*
 * summary.c - the summary table (text, as the user guide shows it) and the
 * CSV summary; JSON lives in summary_json.c.
 *
 * Percentiles come from each row's log-linear histogram (hist.h): within
 * 1/128 (0.79%) of the exact nearest-rank value, clamped to the exact min and
 * max, so a row whose calls all took the same time shows that time exactly.
 * Text times are milliseconds with their unit, so `sort -k4 -rn` on the table
 * ranks rows by total time. Column widths are fixed (a row never moves
 * because another row's values changed) and the footer holds no measured
 * figure, so two runs of one program diff only in the rows that changed.
 */
#include "analyze/summary/summary.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/summary/summary_json.h"
#include "libtrace/trace_fdkind.h"
#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_util.h"

enum column { C_NAME, C_CALLS, C_ERRORS, C_TOTAL, C_AVG, C_P50, C_P90, C_P99, C_SOURCE, NCOLS };

static const char *const col_title[NCOLS] = {"Syscall", "Calls", "Errors", "Total Time", "Avg Time",
                                             "p50",     "p90",   "p99",    "Source"};
/* Fixed column widths, the user guide's where its values fit: every x86_64
 * syscall name fits the first column, a time cell (at most 10 characters,
 * "0.000567ms") its column. A cell that is wider (a count of 10^9) pushes the
 * rest of its own row right, keeping two blanks; other rows do not move. */
static const unsigned col_width[NCOLS] = {24, 11, 10, 14, 12, 12, 12, 12, 0};

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
	char e[32];
	int decimals = 1, exp10 = 0;

	/* The exponent after rounding to 3 significant digits ("9.996" -> 1.00e+01). */
	if (ns) {
		snprintf(e, sizeof(e), "%.2e", ms);
		const char *x = strchr(e, 'e');
		exp10 = x ? atoi(x + 1) : 0;
		decimals = exp10 >= 2 ? 0 : 2 - exp10;
	}
	if (decimals > 6) /* 1 ns, the clock's resolution */
		decimals = 6;
	if (decimals == 0) { /* 123ms, 2350ms: round to 3 significant digits */
		double unit = pow(10.0, exp10 - 2);
		ms = floor(ms / unit + 0.5) * unit;
	}
	int n = snprintf(buf, len, "%.*f", decimals, ms);

	if (n < 0 || (unsigned)n >= len)
		return buf;
	/* Drop trailing zeros, keeping one digit after the point. */
	while (decimals > 1 && n > 2 && buf[n - 1] == '0' && buf[n - 2] != '.')
		buf[--n] = '\0';
	snprintf(buf + n, len - (unsigned)n, "ms");
	return buf;
}

const char *summary_fmt_human(uint64_t ns, char *buf, unsigned len)
{
	static const struct {
		double ns;
		const char *unit;
	} units[] = {{1e9, "seconds"}, {1e6, "milliseconds"}, {1e3, "microseconds"}};
	double v = (double)ns;

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		/* 999.6 ms rounds to 1.00 seconds, not 1000 milliseconds */
		if (v >= units[i].ns * 0.9995) {
			double x = v / units[i].ns;
			snprintf(buf, len, "%.*f %s",
			         x >= 99.95   ? 0
			         : x >= 9.995 ? 1
			                      : 2,
			         x, units[i].unit);
			return buf;
		}
	}
	snprintf(buf, len, "%llu nanoseconds", (unsigned long long)ns);
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

	summary_fmt_ms_short(total_ns, l->cell[C_TOTAL], CELL_LEN);
	summary_fmt_ms_short(calls ? (total_ns + calls / 2) / calls : 0, l->cell[C_AVG], CELL_LEN);
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

static const char *line_col(const struct text_line *l, int c)
{
	return c == C_SOURCE ? sb_str(&l->source) : l->cell[c];
}

/* Prints cells padded to their fixed columns, the last one unpadded, without
 * trailing blanks when the last cells are empty. A cell too wide for its
 * column keeps two blanks and pushes the rest of this row only. */
static void print_cells(FILE *out, const char *const *cells, int ncols)
{
	struct strbuf sb = STRBUF_INIT;
	size_t at = 0; /* where the current column starts */

	for (int c = 0; c < ncols; c++) {
		size_t start = sb.len > at ? sb.len + 2 : at;

		while (sb.len < start)
			sb_putc(&sb, ' ');
		sb_puts(&sb, cells[c]);
		at = start + col_width[c];
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	sb_putc(&sb, '\n');
	sb_write(&sb, out);
	sb_free(&sb);
}

static void print_line(FILE *out, const struct text_line *l, int ncols)
{
	const char *cells[NCOLS];

	for (int c = 0; c < ncols; c++)
		cells[c] = line_col(l, c);
	print_cells(out, cells, ncols);
}

/* "Total: 2.35 seconds", with the run's wall clock when known and the
 * page-fault caveat when files are mapped. Syscall time summed over threads
 * can exceed the wall clock; the percentage then says so. */
static void print_total(FILE *out, const struct agg *a, const struct summary_opts *o)
{
	uint64_t calls, errors, total;
	char t[48], w[48];

	agg_totals(a, &calls, &errors, &total);
	summary_fmt_human(total, t, sizeof(t));
	fprintf(out, "\nTotal: %s", t);
	if (o->wall_ns)
		fputs(" in system calls", out);
	if (o->file_mmap)
		fputs(" (data access via page faults, not measured)", out);
	if (o->wall_ns) {
		double pct = 100.0 * (double)total / (double)o->wall_ns;
		fprintf(out, ", %s wall clock (%.0f%%%s)",
		        summary_fmt_human(o->wall_ns, w, sizeof(w)), pct,
		        pct > 100.5 ? ", summed over threads" : "");
	}
	fputc('\n', out);
}

/* The notes under the table: how times were made and what the input lacked.
 * No measured figure here (the overhead is in the JSON summary), so the
 * footer of two runs of one program is the same. */
static void print_footer(FILE *out, const struct summary_opts *o)
{
	if (o->overhead_corrected)
		fputs(
		    "Times are overhead-corrected: the calibrated tracing cost is subtracted from "
		    "each call, down to at most the untraced cost of the cheapest call "
		    "(--raw-times "
		    "for raw times).\n",
		    out);
	else if (o->meta && o->meta->backend && strcmp(o->meta->backend, "ebpf") == 0)
		fputs("Times are measured in the kernel (eBPF backend): no tracing cost to "
		      "correct.\n",
		      out);
	else if (o->calibrated)
		fputs("Times are raw (--raw-times): each call includes the tracing cost.\n", out);
	else
		fputs("Times are raw: the tracing overhead was not calibrated for this trace.\n",
		      out);
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
	struct text_line l = {.source = STRBUF_INIT};
	unsigned n = agg_rows(a);
	const char *titles[NCOLS];

	memcpy(titles, col_title, sizeof(titles));
	if (!by_source)
		titles[C_SOURCE] = ""; /* only the rows' I/O class labels */

	fprintf(out, "System Call Summary:\n====================\n");
	if (o->lost) /* first, never silently: every number below is a lower bound */
		fprintf(out,
		        "%llu events lost (the recorder could not keep up): counts are lower "
		        "bounds.\n",
		        (unsigned long long)o->lost);
	print_cells(out, titles, ncols);
	for (unsigned i = 0; i < n; i++) {
		fill_row(&l, agg_row(a, i), by_source);
		print_line(out, &l, ncols);
	}
	sb_free(&l.source);
	print_total(out, a, o);
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
		rc = sb_flush(&sb, out, SB_BATCH);
	}
	if (rc == 0)
		rc = sb_flush(&sb, out, 0);
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
