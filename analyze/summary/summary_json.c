/*
 * summary_json.c - the JSON summary ("renacer-summary/1", see spec/cli.md):
 * trace metadata, totals, one object per syscall with its times in ns and
 * ms, its histogram ([[value_ns, count], ...], bucket midpoints of hist.h)
 * and, when aggregated by source, its per-source rows. Also reads such a
 * document back into an aggregation with the same rows and histograms.
 *
 * The per-call *_ms fields (avg, min, max, percentiles) are never below
 * 0.000001 (1 ns, the clock's resolution) so that ratios such as
 * p99_ms / p50_ms stay defined; the *_ns fields are exact.
 */
#include "analyze/summary/summary_json.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze/findings/findings.h"
#include "libtrace/trace_fdkind.h"
#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

#define SUMMARY_FORMAT "renacer-summary/1"

json_t *summary_jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *v = json_string(s);

	if (v)
		return v;
	char *copy = xstrdup(s);

	for (char *p = copy; *p; p++) {
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	}
	v = json_string(copy);
	free(copy);
	return v;
}

json_t *summary_ju64(uint64_t v)
{
	return json_integer(v > (uint64_t)INT64_MAX ? INT64_MAX : (json_int_t)v);
}

/* ns as milliseconds; per-call values are floored at 1 ns (see the top comment). */
static json_t *jms(double ns, bool per_call)
{
	if (per_call && ns < 1)
		ns = 1;
	return json_real(ns / 1e6);
}

static json_t *hist_json(const struct agg_hist *h)
{
	json_t *arr = json_array();
	uint64_t value, count;

	for (int b = agg_hist_next(h, -1, &value, &count); b >= 0;
	     b = agg_hist_next(h, b, &value, &count))
		json_array_append_new(arr, json_pack("[II]", (json_int_t)value, (json_int_t)count));
	return arr;
}

/* The counters, times and histogram shared by syscall and source rows. */
static void put_stats(json_t *o, const struct agg_row *r)
{
	uint64_t p50 = agg_row_quantile(r, 0.50), p90 = agg_row_quantile(r, 0.90);
	uint64_t p99 = agg_row_quantile(r, 0.99);
	double avg = r->calls ? (double)r->total_ns / (double)r->calls : 0;

	json_object_set_new(o, "calls", summary_ju64(r->calls));
	json_object_set_new(o, "errors", summary_ju64(r->errors));
	json_object_set_new(o, "duration_ns", summary_ju64(r->total_ns));
	json_object_set_new(o, "avg_ns", summary_ju64(r->calls ? r->total_ns / r->calls : 0));
	json_object_set_new(o, "min_ns", summary_ju64(r->min_ns));
	json_object_set_new(o, "max_ns", summary_ju64(r->max_ns));
	json_object_set_new(o, "p50_ns", summary_ju64(p50));
	json_object_set_new(o, "p90_ns", summary_ju64(p90));
	json_object_set_new(o, "p99_ns", summary_ju64(p99));
	json_object_set_new(o, "total_ms", jms((double)r->total_ns, false));
	json_object_set_new(o, "avg_ms", jms(avg, true));
	json_object_set_new(o, "min_ms", jms((double)r->min_ns, true));
	json_object_set_new(o, "max_ms", jms((double)r->max_ns, true));
	json_object_set_new(o, "p50_ms", jms((double)p50, true));
	json_object_set_new(o, "p90_ms", jms((double)p90, true));
	json_object_set_new(o, "p99_ms", jms((double)p99, true));
	json_object_set_new(o, "histogram", hist_json(r->hist));
}

static json_t *source_json(const struct agg_row *r)
{
	json_t *o = json_object();
	struct strbuf sb = STRBUF_INIT;

	summary_source_str(&r->src, &sb);
	json_object_set_new(o, "file", summary_jstr(r->src.file));
	json_object_set_new(o, "line", json_integer(r->src.line));
	json_object_set_new(o, "function", summary_jstr(r->src.function));
	json_object_set_new(o, "module", summary_jstr(r->src.module));
	json_object_set_new(o, "location", summary_jstr(sb_str(&sb)));
	sb_free(&sb);
	put_stats(o, r);
	return o;
}

static json_t *trace_json(const struct trace_meta *m, const struct summary_opts *o)
{
	json_t *t = json_object();

	if (m) {
		json_object_set_new(t, "hostname", summary_jstr(m->hostname));
		json_object_set_new(t, "kernel", summary_jstr(m->kernel));
		json_object_set_new(t, "arch", summary_jstr(m->arch));
		json_object_set_new(t, "page_size", json_integer(m->page_size));
		json_object_set_new(t, "recorder_version", summary_jstr(m->recorder_version));
		json_object_set_new(t, "command", summary_jstr(m->cmdline));
		json_object_set_new(t, "options", summary_jstr(m->options));
		if (m->start_wall_ns) {
			time_t sec = (time_t)(m->start_wall_ns / 1000000000u);
			struct tm tm;
			char when[64];

			gmtime_r(&sec, &tm);
			size_t n = strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);

			snprintf(when + n, sizeof(when) - n, ".%03uZ",
			         (unsigned)(m->start_wall_ns / 1000000u % 1000u));
			json_object_set_new(t, "start_time", json_string(when));
		}
		json_object_set_new(t, "start_wall_ns", summary_ju64(m->start_wall_ns));
		json_object_set_new(t, "overhead_ns", summary_ju64(m->overhead_ns));
		json_object_set_new(t, "overhead_stack_ns", summary_ju64(m->overhead_stack_ns));
		json_object_set_new(t, "overhead_samples", json_integer(m->overhead_samples));
		json_object_set_new(t, "overhead_floor_ns", summary_ju64(m->overhead_floor_ns));
	} else {
		json_object_set_new(t, "overhead_ns", summary_ju64(o->overhead_ns));
	}
	return t;
}

static json_t *totals_json(const struct agg *a, const struct agg *sys, const struct summary_opts *o)
{
	uint64_t calls, errors, total;
	struct agg_hist *h = agg_total_hist(a);
	json_t *t = json_object();

	agg_totals(a, &calls, &errors, &total);
	json_object_set_new(t, "calls", summary_ju64(calls));
	json_object_set_new(t, "errors", summary_ju64(errors));
	json_object_set_new(t, "duration_ns", summary_ju64(total));
	json_object_set_new(t, "avg_ns", summary_ju64(calls ? total / calls : 0));
	json_object_set_new(t, "p50_ns", summary_ju64(agg_hist_quantile(h, 0.50)));
	json_object_set_new(t, "p90_ns", summary_ju64(agg_hist_quantile(h, 0.90)));
	json_object_set_new(t, "p99_ns", summary_ju64(agg_hist_quantile(h, 0.99)));
	json_object_set_new(t, "total_ms", jms((double)total, false));
	json_object_set_new(t, "syscalls", json_integer(agg_rows(sys)));
	json_object_set_new(t, "rows", json_integer(agg_rows(a)));
	json_object_set_new(t, "lost_events", summary_ju64(o->lost));
	json_object_set_new(t, "damaged_chunks", summary_ju64(o->bad_chunks));
	json_object_set_new(t, "truncated", json_boolean(o->truncated));
	agg_hist_free(h);
	return t;
}

/* Index of the row of syscall nr and I/O class io in sys (rows are few: a
 * linear scan of a sorted copy would gain nothing measurable). */
static unsigned sys_index(const struct agg *sys, int nr, unsigned io)
{
	unsigned n = agg_rows(sys);

	for (unsigned i = 0; i < n; i++) {
		if (agg_row(sys, i)->nr == nr && agg_row(sys, i)->io == io)
			return i;
	}
	return n;
}

static json_t *syscalls_json(const struct agg *a, const struct agg *sys)
{
	unsigned nsys = agg_rows(sys);
	json_t *arr = json_array();
	json_t **sources = xcalloc(nsys ? nsys : 1, sizeof(json_t *));
	bool by_source = agg_by_source(a);

	if (by_source) {
		for (unsigned i = 0; i < nsys; i++)
			sources[i] = json_array();
		for (unsigned i = 0; i < agg_rows(a); i++) {
			const struct agg_row *r = agg_row(a, i);
			unsigned j = sys_index(sys, r->nr, r->io);

			if (j < nsys)
				json_array_append_new(sources[j], source_json(r));
		}
	}
	for (unsigned i = 0; i < nsys; i++) {
		const struct agg_row *r = agg_row(sys, i);
		json_t *o = json_object();

		json_object_set_new(o, "name", summary_jstr(r->name));
		if (r->io) /* rows split by I/O class (trace=file,network) */
			json_object_set_new(o, "class", json_string(trace_io_class_name(r->io)));
		put_stats(o, r);
		if (by_source)
			json_object_set_new(o, "sources", sources[i]);
		json_array_append_new(arr, o);
	}
	free(sources);
	return arr;
}

static const char *skip_blanks(const char *q)
{
	while (*q == ' ' || *q == '\n')
		q++;
	return q;
}

/* Length of the number, or of the array of numbers or of such arrays
 * (histograms), at p; 0 when p holds anything else. */
static size_t numeric_len(const char *p, int depth)
{
	if (*p != '[')
		return strspn(p, "0123456789+-.eE");
	if (depth >= 2)
		return 0;
	for (const char *q = skip_blanks(p + 1);;) {
		size_t n = numeric_len(q, depth + 1);

		if (!n)
			return 0;
		q = skip_blanks(q + n);
		if (*q == ']')
			return (size_t)(q - p) + 1;
		if (*q != ',')
			return 0;
		q = skip_blanks(q + 1);
	}
}

/* Copies Jansson's indented text, writing arrays of numbers on one line: a
 * histogram reads [[99839, 50], [102911, 48]] instead of taking four lines
 * per bucket. */
static void put_compact_pairs(struct strbuf *sb, const char *text)
{
	bool in_string = false;

	for (const char *p = text; *p; p++) {
		size_t n;

		if (in_string) {
			if (*p == '\\' && p[1])
				sb_putc(sb, *p++);
			else if (*p == '"')
				in_string = false;
		} else if (*p == '"') {
			in_string = true;
		} else if (*p == '[' && (n = numeric_len(p, 0)) > 0) {
			for (size_t i = 0; i < n; i++) {
				if (p[i] == ',')
					sb_puts(sb, ", ");
				else if (p[i] != ' ' && p[i] != '\n')
					sb_putc(sb, p[i]);
			}
			p += n - 1;
			continue;
		}
		sb_putc(sb, *p);
	}
}

int summary_print_json(const struct agg *a, const struct summary_opts *o, FILE *out)
{
	struct agg *sys = agg_by_syscall(a);
	json_t *root = json_object();

	json_object_set_new(root, "format", json_string(SUMMARY_FORMAT));
	json_object_set_new(root, "trace", trace_json(o->meta, o));
	json_object_set_new(root, "times",
	                    json_string(o->overhead_corrected ? "overhead-corrected" : "raw"));
	json_object_set_new(root, "overhead_ns", summary_ju64(o->overhead_ns));
	json_object_set_new(root, "overhead_floor_ns", summary_ju64(o->floor_ns));
	if (o->wall_ns)
		json_object_set_new(root, "wall_clock_ns", summary_ju64(o->wall_ns));
	json_object_set_new(root, "file_mmap", json_boolean(o->file_mmap));
	json_object_set_new(root, "by_source", json_boolean(agg_by_source(a)));
	json_object_set_new(root, "totals", totals_json(a, sys, o));
	json_object_set_new(root, "syscalls", syscalls_json(a, sys));
	if (o->with_findings)
		json_object_set_new(root, "findings", findings_to_json(o->findings, o->nfindings));

	char *text =
	    json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(SUMMARY_JSON_REAL_DIGITS));
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	if (text) {
		put_compact_pairs(&sb, text);
		sb_putc(&sb, '\n');
		rc = sb_write(&sb, out);
	}
	sb_free(&sb);
	free(text);
	json_decref(root);
	agg_free(sys);
	return rc ? -1 : 0;
}

/* --- loading ------------------------------------------------------------ */

struct load_ctx {
	const char *path;
	char *err;
	unsigned errlen;
};

#define SUMMARY_JSON_MAX (64 << 20) /* largest JSON summary read */

__attribute__((format(printf, 2, 3))) static int load_fail(struct load_ctx *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->err && c->errlen)
		snprintf(c->err, c->errlen, "%s: %s", c->path, msg);
	return -1;
}

/* name as printable ASCII for a message: other bytes as \xHH, at most 48 of
 * them shown (a hostile summary's name must not reach a terminal raw). */
static const char *printable(const char *name, char *buf, size_t cap)
{
	size_t o = 0, i;

	for (i = 0; name[i] && i < 48 && o + 5 < cap; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (ch >= 0x20 && ch < 0x7f && ch != '\\' && ch != '"')
			buf[o++] = (char)ch;
		else
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", ch);
	}
	if (name[i] && o + 4 < cap)
		o += (size_t)snprintf(buf + o, cap - o, "...");
	buf[o] = '\0';
	return buf;
}

/* A non-negative integer member; absent gives 0 unless required. */
static int get_u64(struct load_ctx *c, json_t *o, const char *what, const char *key, bool required,
                   uint64_t *v)
{
	json_t *x = json_object_get(o, key);

	*v = 0;
	if (!x || json_is_null(x))
		return required ? load_fail(c, "%s has no \"%s\"", what, key) : 0;
	if (!json_is_integer(x) || json_integer_value(x) < 0)
		return load_fail(c, "%s: \"%s\" is not a non-negative integer", what, key);
	*v = (uint64_t)json_integer_value(x);
	return 0;
}

/* A string member or null/absent (NULL). */
static int get_str(struct load_ctx *c, json_t *o, const char *what, const char *key, const char **s)
{
	json_t *x = json_object_get(o, key);

	*s = NULL;
	if (!x || json_is_null(x))
		return 0;
	if (!json_is_string(x))
		return load_fail(c, "%s: \"%s\" is not a string", what, key);
	*s = json_string_value(x);
	return 0;
}

static int load_hist(struct load_ctx *c, json_t *o, const char *what, struct agg_hist *h)
{
	json_t *arr = json_object_get(o, "histogram"), *pair;
	size_t i;

	if (!json_is_array(arr))
		return load_fail(c, "%s has no \"histogram\" array", what);
	json_array_foreach(arr, i, pair)
	{
		json_t *v = json_array_get(pair, 0), *n = json_array_get(pair, 1);

		if (json_array_size(pair) != 2 || !json_is_integer(v) || !json_is_integer(n) ||
		    json_integer_value(v) < 0 || json_integer_value(n) < 0)
			return load_fail(c, "%s: histogram entry %zu is not [value_ns, count]",
			                 what, i);
		agg_hist_add(h, (uint64_t)json_integer_value(v), (uint64_t)json_integer_value(n));
	}
	return 0;
}

/* Reads the counters and histogram of o into a row of key (nr, name, src). */
static int load_row(struct load_ctx *c, json_t *o, const char *what, struct agg_row *r,
                    struct agg *a)
{
	r->hist = agg_hist_new();

	int rc = get_u64(c, o, what, "calls", true, &r->calls);

	if (!rc)
		rc = get_u64(c, o, what, "errors", false, &r->errors);
	if (!rc)
		rc = get_u64(c, o, what, "duration_ns", true, &r->total_ns);
	if (!rc)
		rc = get_u64(c, o, what, "min_ns", true, &r->min_ns);
	if (!rc)
		rc = get_u64(c, o, what, "max_ns", true, &r->max_ns);
	if (!rc)
		rc = load_hist(c, o, what, r->hist);
	if (!rc && agg_hist_count(r->hist) != r->calls)
		rc = load_fail(c, "%s: histogram holds %llu calls, \"calls\" says %llu", what,
		               (unsigned long long)agg_hist_count(r->hist),
		               (unsigned long long)r->calls);
	if (!rc && r->min_ns > r->max_ns)
		rc = load_fail(c, "%s: min_ns is above max_ns", what);
	if (!rc) {
		agg_hist_set_minmax(r->hist, r->min_ns, r->max_ns);
		agg_add_row(a, r);
	}
	agg_hist_free(r->hist);
	r->hist = NULL;
	return rc;
}

static int load_sources(struct load_ctx *c, json_t *sys, struct agg_row *r, struct agg *a)
{
	json_t *arr = json_object_get(sys, "sources"), *s;
	size_t i;
	uint64_t line;
	char what[96];

	if (!json_is_array(arr))
		return load_fail(c, "%s has no per-source rows: write it with --source", r->name);
	json_array_foreach(arr, i, s)
	{
		snprintf(what, sizeof(what), "%s source %zu", r->name, i);
		if (!json_is_object(s) || get_str(c, s, what, "file", &r->src.file) ||
		    get_str(c, s, what, "function", &r->src.function) ||
		    get_str(c, s, what, "module", &r->src.module) ||
		    get_u64(c, s, what, "line", false, &line))
			return json_is_object(s) ? -1 : load_fail(c, "%s is not an object", what);
		r->src.line = (unsigned)line;
		if (load_row(c, s, what, r, a))
			return -1;
	}
	return 0;
}

static int load_syscall(struct load_ctx *c, json_t *sys, size_t idx, bool by_source, struct agg *a)
{
	struct agg_row r = {0};
	char what[64];

	snprintf(what, sizeof(what), "syscall entry %zu", idx);
	if (!json_is_object(sys))
		return load_fail(c, "%s is not an object", what);
	if (get_str(c, sys, what, "name", &r.name))
		return -1;
	if (!r.name)
		return load_fail(c, "%s has no \"name\"", what);
	long nr = trace_syscall_by_name(r.name);

	char shown[200];
	if (nr < 0)
		return load_fail(c, "unknown syscall \"%s\"",
		                 printable(r.name, shown, sizeof(shown)));
	r.nr = (int)nr;
	const char *cls = NULL;
	if (get_str(c, sys, what, "class", &cls))
		return -1;
	if (cls && strcmp(cls, trace_io_class_name(TIO_FILE)) == 0)
		r.io = TIO_FILE;
	else if (cls && strcmp(cls, trace_io_class_name(TIO_NET)) == 0)
		r.io = TIO_NET;
	else if (cls)
		return load_fail(c, "%s: unknown \"class\" \"%s\" (file or network)", what, cls);
	if (by_source)
		return load_sources(c, sys, &r, a);
	return load_row(c, sys, r.name, &r, a);
}

static int load_info(struct load_ctx *c, json_t *root, struct summary_info *info)
{
	json_t *totals = json_object_get(root, "totals");
	json_t *x;
	char ferr[160];

	memset(info, 0, sizeof(*info));
	x = json_object_get(root, "findings");
	info->has_findings = x != NULL;
	if (findings_refs_from_json(x, &info->findings, ferr, sizeof(ferr)) != 0)
		return load_fail(c, "%s", ferr);
	info->by_source = json_is_true(json_object_get(root, "by_source"));
	x = json_object_get(root, "times");
	info->overhead_corrected =
	    json_is_string(x) && strcmp(json_string_value(x), "overhead-corrected") == 0;
	x = json_object_get(root, "overhead_ns");
	info->overhead_ns = json_is_integer(x) ? (uint64_t)json_integer_value(x) : 0;
	x = json_object_get(totals, "lost_events");
	info->lost = json_is_integer(x) ? (uint64_t)json_integer_value(x) : 0;
	x = json_object_get(totals, "damaged_chunks");
	info->bad_chunks = json_is_integer(x) ? (uint64_t)json_integer_value(x) : 0;
	info->truncated = json_is_true(json_object_get(totals, "truncated"));
	return 0;
}

/* Reads the whole document into *buf: prefix, then fd to its end. Past
 * SUMMARY_JSON_MAX it stops (a pipe or standard input has no size to check
 * first), so a stream costs at most that much memory before it is refused.
 * The length, or -1 (errno set; E2BIG past the cap). */
static ssize_t slurp(int fd, const void *prefix, size_t plen, char **buf)
{
	size_t cap = plen + 65536, len = plen;

	*buf = xmalloc(cap);
	if (plen)
		memcpy(*buf, prefix, plen);
	for (;;) {
		if (len > SUMMARY_JSON_MAX) {
			errno = E2BIG;
			return -1;
		}
		if (len == cap)
			xgrow((void **)buf, &cap,
			      cap * 2 < SUMMARY_JSON_MAX + 1 ? cap * 2 : SUMMARY_JSON_MAX + 1, 1);
		ssize_t n = read(fd, *buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return (ssize_t)len;
		len += (size_t)n;
	}
}

int summary_load_json_info(const char *path, bool by_source, struct agg **out,
                           struct summary_info *info, char *err, unsigned errlen)
{
	struct load_ctx c = {path, err, errlen};
	bool is_stdin = strcmp(path, "-") == 0;
	struct stat st;

	*out = NULL;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return load_fail(&c, "%s", strerror(errno));
	/* The whole document is parsed first (about 14 bytes of memory per byte
	 * of JSON): refuse sizes no renacer summary reaches. */
	int rc = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > SUMMARY_JSON_MAX)
		rc = load_fail(&c,
		               "%lld bytes: larger than any renacer JSON summary (at most %d MiB "
		               "are read); compare the traces instead",
		               (long long)st.st_size, SUMMARY_JSON_MAX >> 20);
	else
		rc = summary_load_json_fd(fd, is_stdin ? "standard input" : path, NULL, 0,
		                          by_source, out, info, err, errlen);
	if (!is_stdin)
		close(fd);
	return rc;
}

int summary_load_json_fd(int fd, const char *name, const void *prefix, size_t plen, bool by_source,
                         struct agg **out, struct summary_info *info, char *err, unsigned errlen)
{
	struct load_ctx c = {name, err, errlen};
	json_error_t jerr;
	char *doc;
	int rc = 0;

	*out = NULL;
	ssize_t len = slurp(fd, prefix, plen, &doc);
	if (len < 0) {
		int e = errno;
		free(doc);
		if (e == E2BIG)
			return load_fail(&c,
			                 "more than %d MiB: larger than any renacer JSON summary; "
			                 "compare the traces instead",
			                 SUMMARY_JSON_MAX >> 20);
		return load_fail(&c, "cannot read: %s", strerror(e));
	}
	json_t *root = json_loadb(doc, (size_t)len, 0, &jerr);
	free(doc);
	if (!root)
		return load_fail(&c, "not readable as JSON: %s (line %d)", jerr.text, jerr.line);

	json_t *fmt = json_object_get(root, "format");
	json_t *syscalls = json_object_get(root, "syscalls"), *sys;
	size_t i;

	if (!json_is_string(fmt) || strcmp(json_string_value(fmt), SUMMARY_FORMAT) != 0)
		rc = load_fail(&c, "not a renacer JSON summary (expected \"format\": \"%s\")",
		               SUMMARY_FORMAT);
	else if (!json_is_array(syscalls))
		rc = load_fail(&c, "has no \"syscalls\" array");
	if (rc == 0) {
		struct agg *a = agg_new(by_source);

		json_array_foreach(syscalls, i, sys)
		{
			rc = load_syscall(&c, sys, i, by_source, a);
			if (rc)
				break;
		}
		if (rc == 0 && info)
			rc = load_info(&c, root, info);
		if (rc == 0) {
			agg_sort(a, AGG_SORT_TIME);
			*out = a;
		} else {
			agg_free(a);
		}
	}
	json_decref(root);
	return rc;
}
