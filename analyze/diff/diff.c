/*
 * diff.c - loading both sides of a comparison, pairing rows, and the
 * significance test.
 */
#include "analyze/diff/diff.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/summary/summary.h"
#include "format/fmt_reader.h"
#include "libtrace/trace_util.h"

#define MIN_SAMPLES 5

void diff_options_default(struct diff_options *o)
{
	memset(o, 0, sizeof(*o));
	report_options_default(&o->filters);
	o->filters.mode = REPORT_AGG_ONLY;
	o->alpha = 0.01;
	o->min_effect = 0.02;
}

/* One side's input, opened once to tell a JSON summary from a trace. A
 * regular file is then read again by path; a pipe or standard input can be
 * read only once, so the bytes already read are handed on with it. */
struct input {
	const char *path, *name;
	int fd;
	bool stream;
	char head[4096];
	size_t hlen, skip; /* bytes in head; leading white space among them */
};

#define WHITE_MAX (64u << 20) /* leading white space skipped at most */

/* Reads until the first byte that is not white space (or the end): *c is it,
 * or EOF. 0, or -1 with a message. */
static int first_byte(struct input *in, int *c, char *err, size_t errlen)
{
	size_t white = 0;

	*c = EOF;
	for (;;) {
		for (; in->skip < in->hlen; in->skip++)
			if (!isspace((unsigned char)in->head[in->skip])) {
				*c = (unsigned char)in->head[in->skip];
				return 0;
			}
		if (in->hlen == sizeof(in->head)) { /* all white: drop it */
			white += in->hlen;
			in->hlen = in->skip = 0;
			if (white > WHITE_MAX)
				return 0;
		}
		ssize_t n = read(in->fd, in->head + in->hlen, sizeof(in->head) - in->hlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: cannot read: %s", in->name, strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		in->hlen += (size_t)n;
	}
}

/* Opens in->path ("-": standard input) and reads its first bytes: 1 when it
 * starts (after white space) with '{', a JSON summary; 0 for anything else
 * not JSON (a trace, or not); -1 with a message for JSON (or a text with a
 * byte-order mark) that cannot be a renacer summary, or an unreadable input. */
static int input_open(struct input *in, const char *path, char *err, size_t errlen)
{
	bool is_stdin = strcmp(path, "-") == 0;
	struct stat st = {0};
	int c;

	memset(in, 0, sizeof(*in));
	in->path = path;
	in->name = is_stdin ? "standard input" : path;
	in->fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0) {
		snprintf(err, errlen, "%s: %s", in->name, strerror(errno));
		return -1;
	}
	/* Standard input shares its offset with the caller's: read once, always. */
	in->stream =
	    is_stdin || fstat(in->fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode));
	if (S_ISDIR(st.st_mode))
		return 0; /* the trace reader says what it is */
	if (first_byte(in, &c, err, errlen) < 0)
		return -1;
	if (c == '{')
		return 1;
	const char *what = c == 0xef  ? "it starts with a UTF-8 byte-order mark"
	                   : c == '[' ? "it is a JSON array"
	                   : c == '"' ? "it is a JSON string"
	                   : c == '-' || (c >= '0' && c <= '9') ? "it is a JSON number"
	                                                        : NULL;
	if (!what)
		return 0;
	snprintf(err, errlen,
	         "%s: not a renacer summary (%s; renacer-report -c --format json writes an "
	         "object without one) and not a trace",
	         in->name, what);
	return -1;
}

static void input_close(struct input *in)
{
	if (in->fd >= 0)
		close(in->fd);
	in->fd = -1;
}

/* Drops the rows of a whose syscall the -e filter does not select. */
static struct agg *filter_rows(struct agg *a, const struct diff_options *o)
{
	struct agg *kept = agg_new(agg_by_source(a));

	for (unsigned i = 0; i < agg_rows(a); i++) {
		const struct agg_row *r = agg_row(a, i);
		if (trace_filter_has(&o->filters.filter, r->nr))
			agg_add_row(kept, r);
	}
	agg_free(a);
	return kept;
}

static int load_trace(struct input *in, const struct diff_options *o, struct agg **out,
                      struct diff_found *found, char *err, size_t errlen)
{
	struct fmt_reader *rd;
	struct trace_record rec;
	char rerr[512];
	int orc;

	if (in->stream) { /* the reader takes the descriptor over */
		orc = fmt_reader_open_fd(&rd, in->fd, in->name, in->head, in->hlen, rerr,
		                         sizeof(rerr));
		in->fd = -1;
	} else {
		input_close(in);
		orc = fmt_reader_open(&rd, in->path, rerr, sizeof(rerr));
	}
	if (orc != FMT_OK) {
		snprintf(err, errlen, "%s", rerr);
		return -1;
	}
	struct report_options ro = o->filters;
	ro.mode = REPORT_AGG_ONLY;
	ro.source = o->by_source;
	struct report *rep = report_new(&ro, fmt_reader_meta(rd));
	fmt_reader_pass_stacks(rd); /* the report's trace model keeps them */
	int st;
	while ((st = fmt_reader_next(rd, &rec)) == FMT_OK)
		report_feed(rep, &rec);
	const struct fmt_reader_stats *rs = fmt_reader_stats(rd);
	report_note_input(rep, rs->bad_chunks, rs->truncated);
	report_finish(rep);
	fmt_reader_close(rd);
	if (st != FMT_EOF) {
		report_free(rep);
		snprintf(err, errlen, "%s: read error", in->name);
		return -1;
	}
	struct agg *a = agg_new(o->by_source);
	agg_merge(a, report_agg(rep));
	if (found) {
		unsigned n;
		const struct finding *v = report_findings(rep, &n);
		found->known = true;
		findings_refs_from(v, n, &found->refs);
	}
	report_free(rep);
	*out = a;
	return 0;
}

static int load_json(struct input *in, const struct diff_options *o, struct agg **out,
                     struct diff_found *found, char *err, size_t errlen)
{
	struct agg *a;
	struct summary_info info;
	char jerr[512];
	int rc;

	if (o->has_process_filter) {
		snprintf(err, errlen,
		         "%s: a JSON summary has no per-process data; --pid/--tid/--comm/--since/"
		         "--until need two traces",
		         in->name);
		return -1;
	}
	if (in->stream) {
		rc =
		    summary_load_json_fd(in->fd, in->name, in->head + in->skip, in->hlen - in->skip,
		                         o->by_source, &a, &info, jerr, sizeof(jerr));
	} else {
		input_close(in);
		rc = summary_load_json_info(in->path, o->by_source, &a, &info, jerr, sizeof(jerr));
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s", jerr);
		return -1;
	}
	*out = filter_rows(a, o);
	if (found) {
		found->known = info.has_findings;
		found->refs = info.findings;
		diff_findings_filter(&found->refs, &o->filters.filter);
	} else {
		findings_refs_free(&info.findings);
	}
	return 0;
}

int diff_load(const char *path, const struct diff_options *o, struct agg **out,
              struct diff_found *found, char *err, size_t errlen)
{
	struct input in;
	if (found)
		memset(found, 0, sizeof(*found));
	int json = input_open(&in, path, err, errlen);
	int rc = json < 0 ? -1
	         : json   ? load_json(&in, o, out, found, err, errlen)
	                  : load_trace(&in, o, out, found, err, errlen);

	input_close(&in);
	return rc;
}

double diff_pct(uint64_t before, uint64_t after)
{
	if (before == 0)
		return after == 0 ? 0.0 : INFINITY;
	return ((double)after - (double)before) * 100.0 / (double)before;
}

double diff_mann_whitney(const struct agg_hist *a, const struct agg_hist *b)
{
	if (!a || !b)
		return -1;
	double n1 = (double)agg_hist_count(a), n2 = (double)agg_hist_count(b);
	if (n1 < MIN_SAMPLES || n2 < MIN_SAMPLES)
		return -1;
	uint64_t va, ca = 0, vb, cb = 0;
	int ia = agg_hist_next(a, -1, &va, &ca), ib = agg_hist_next(b, -1, &vb, &cb);
	double rank = 0, r1 = 0, ties = 0;

	/* Walk both bucket lists in value order; a bucket is a group of ties. */
	while (ia >= 0 || ib >= 0) {
		uint64_t ta = 0, tb = 0;
		int step_a = ia >= 0 && (ib < 0 || ia <= ib);
		int step_b = ib >= 0 && (ia < 0 || ib <= ia);
		if (step_a)
			ta = ca;
		if (step_b)
			tb = cb;
		double t = (double)(ta + tb);
		double midrank = rank + (t + 1) / 2;
		r1 += (double)ta * midrank;
		ties += t * t * t - t;
		rank += t;
		if (step_a)
			ia = agg_hist_next(a, ia, &va, &ca);
		if (step_b)
			ib = agg_hist_next(b, ib, &vb, &cb);
	}
	double n = n1 + n2;
	double u1 = r1 - n1 * (n1 + 1) / 2;
	double mean = n1 * n2 / 2;
	double var = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
	if (var <= 0)
		return 1.0; /* every sample ties: no difference */
	double z = fabs(u1 - mean);
	z = z > 0.5 ? (z - 0.5) / sqrt(var) : 0; /* continuity correction */
	return erfc(z / sqrt(2.0));
}

static void fill_metrics(struct diff_metrics *m, const struct agg_row *r)
{
	memset(m, 0, sizeof(*m));
	if (!r)
		return;
	m->present = true;
	m->calls = r->calls;
	m->errors = r->errors;
	m->total_ns = r->total_ns;
	m->avg_ns = r->calls ? r->total_ns / r->calls : 0;
	m->max_ns = r->max_ns;
	m->p50_ns = agg_row_quantile(r, 0.50);
	m->p90_ns = agg_row_quantile(r, 0.90);
	m->p99_ns = agg_row_quantile(r, 0.99);
	m->hist = r->hist;
}

static void fill_hist_metrics(struct diff_metrics *m, const struct agg *a, struct agg_hist *h)
{
	uint64_t calls, errors, total;

	memset(m, 0, sizeof(*m));
	agg_totals(a, &calls, &errors, &total);
	m->present = true;
	m->calls = calls;
	m->errors = errors;
	m->total_ns = total;
	m->avg_ns = calls ? total / calls : 0;
	m->max_ns = agg_hist_max(h);
	m->p50_ns = agg_hist_quantile(h, 0.50);
	m->p90_ns = agg_hist_quantile(h, 0.90);
	m->p99_ns = agg_hist_quantile(h, 0.99);
	m->hist = h;
}

static enum diff_verdict verdict_of(const struct diff_metrics *b, const struct diff_metrics *a,
                                    const struct diff_options *o, double *p_out)
{
	double p = diff_mann_whitney(b->hist, a->hist);

	*p_out = p;
	if (p < 0)
		return DIFF_NA;
	double effect = b->p50_ns ? fabs(diff_pct(b->p50_ns, a->p50_ns)) / 100.0 : 1.0;
	if (p >= o->alpha || effect < o->min_effect)
		return DIFF_NOISE;
	return a->p50_ns > b->p50_ns ? DIFF_SLOWER : DIFF_FASTER;
}

/* Re-keys a by (syscall, function, file) with line 0 so moved lines pair up. */
static struct agg *rekey_by_function(struct agg *a)
{
	struct agg *k = agg_new(true);

	for (unsigned i = 0; i < agg_rows(a); i++) {
		struct agg_row r = *agg_row(a, i);
		r.src.line = 0;
		agg_add_row(k, &r);
	}
	agg_free(a);
	return k;
}

static int same_str(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return strcmp(x, y) == 0;
}

static int same_key(const struct agg_row *x, const struct agg_row *y)
{
	return strcmp(x->name, y->name) == 0 && same_str(x->src.function, y->src.function) &&
	       same_str(x->src.file, y->src.file);
}

static const struct agg_row *find_row(const struct agg *a, const struct agg_row *key)
{
	for (unsigned i = 0; i < agg_rows(a); i++)
		if (same_key(agg_row(a, i), key))
			return agg_row(a, i);
	return NULL;
}

static uint64_t abs_diff(uint64_t x, uint64_t y)
{
	return x > y ? x - y : y - x;
}

static int by_change(const void *pa, const void *pb)
{
	const struct diff_row *a = pa, *b = pb;
	uint64_t ca = abs_diff(a->before.total_ns, a->after.total_ns);
	uint64_t cb = abs_diff(b->before.total_ns, b->after.total_ns);

	if (ca != cb)
		return ca < cb ? 1 : -1;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	return strcmp(a->function ? a->function : "", b->function ? b->function : "");
}

static void add_row(struct diff_result *res, size_t *cap, const struct agg_row *b,
                    const struct agg_row *a, const struct diff_options *o)
{
	const struct agg_row *any = b ? b : a;

	xgrow((void **)&res->rows, cap, res->nrows + 1, sizeof(*res->rows));
	struct diff_row *d = &res->rows[res->nrows++];
	memset(d, 0, sizeof(*d));
	d->name = any->name;
	d->function = any->src.function;
	d->file = any->src.file;
	fill_metrics(&d->before, b);
	fill_metrics(&d->after, a);
	d->verdict = (b && a) ? verdict_of(&d->before, &d->after, o, &d->p_value) : DIFF_NA;
}

void diff_compute(struct agg *before, struct agg *after, const struct diff_options *o,
                  struct diff_result *res)
{
	size_t cap = 0;

	memset(res, 0, sizeof(*res));
	if (o->by_source) {
		before = rekey_by_function(before);
		after = rekey_by_function(after);
	}
	res->before = before;
	res->after = after;
	for (unsigned i = 0; i < agg_rows(before); i++) {
		const struct agg_row *b = agg_row(before, i);
		add_row(res, &cap, b, find_row(after, b), o);
	}
	for (unsigned i = 0; i < agg_rows(after); i++) {
		const struct agg_row *a = agg_row(after, i);
		if (!find_row(before, a))
			add_row(res, &cap, NULL, a, o);
	}
	trace_sort(res->rows, res->nrows, sizeof(*res->rows), by_change);
	res->total_hist_before = agg_total_hist(before);
	res->total_hist_after = agg_total_hist(after);
	fill_hist_metrics(&res->total_before, before, res->total_hist_before);
	fill_hist_metrics(&res->total_after, after, res->total_hist_after);
	res->total_verdict =
	    verdict_of(&res->total_before, &res->total_after, o, &res->total_p_value);
}

void diff_result_free(struct diff_result *res)
{
	free(res->rows);
	agg_free(res->before);
	agg_free(res->after);
	agg_hist_free(res->total_hist_before);
	agg_hist_free(res->total_hist_after);
	diff_findings_free(&res->findings);
	memset(res, 0, sizeof(*res));
}
