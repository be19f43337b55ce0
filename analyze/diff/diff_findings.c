/*
 * diff_findings.c - pairing two runs' findings by key (sorted merge, so a
 * hostile summary with many findings costs n log n), and the -e filter on a
 * JSON summary's findings.
 */
#include "analyze/diff/diff_findings.h"

#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

static int by_key(const void *pa, const void *pb)
{
	const struct finding_ref *a = pa, *b = pb;
	return strcmp(a->key, b->key);
}

static double share_of(const struct diff_finding *x)
{
	return x->status == DF_GONE ? x->before->share : x->after->share;
}

static const char *key_of(const struct diff_finding *x)
{
	return x->after ? x->after->key : x->before->key;
}

/* New first (what a change brought), then gone, then both; larger share first. */
static int by_status_share(const void *pa, const void *pb)
{
	const struct diff_finding *a = pa, *b = pb;
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	double sa = share_of(a), sb = share_of(b);
	if (sa != sb)
		return sa > sb ? -1 : 1;
	return strcmp(key_of(a), key_of(b));
}

static void add(struct diff_findings *df, size_t *cap, enum diff_fstatus st,
                const struct finding_ref *b, const struct finding_ref *a)
{
	xgrow((void **)&df->v, cap, df->n + 1, sizeof(*df->v));
	df->v[df->n++] = (struct diff_finding){st, b, a};
	df->nnew += st == DF_NEW;
	df->ngone += st == DF_GONE;
}

void diff_findings_compute(struct diff_findings *df, struct diff_found *before,
                           struct diff_found *after)
{
	memset(df, 0, sizeof(*df));
	df->before = *before;
	df->after = *after;
	memset(before, 0, sizeof(*before));
	memset(after, 0, sizeof(*after));
	df->compared = df->before.known && df->after.known;
	if (!df->compared)
		return;
	struct finding_refs *b = &df->before.refs, *a = &df->after.refs;
	trace_sort(b->v, b->n, sizeof(*b->v), by_key);
	trace_sort(a->v, a->n, sizeof(*a->v), by_key);
	size_t cap = 0;
	unsigned i = 0, j = 0;
	while (i < b->n || j < a->n) {
		int c = i == b->n ? 1 : j == a->n ? -1 : strcmp(b->v[i].key, a->v[j].key);
		if (c < 0)
			add(df, &cap, DF_GONE, &b->v[i++], NULL);
		else if (c > 0)
			add(df, &cap, DF_NEW, NULL, &a->v[j++]);
		else {
			add(df, &cap, DF_BOTH, &b->v[i], &a->v[j]);
			i++;
			j++;
		}
	}
	trace_sort(df->v, df->n, sizeof(*df->v), by_status_share);
}

/* Whether every syscall of "a+b+c" is selected (an unknown name is not). */
static bool selected(const char *syscalls, const struct trace_filter *filter)
{
	char name[64];
	const char *p = syscalls;

	for (;;) {
		size_t len = strcspn(p, "+");
		if (len == 0 || len >= sizeof(name))
			return false;
		memcpy(name, p, len);
		name[len] = '\0';
		long nr = trace_syscall_by_name(name);
		if (nr < 0 || !trace_filter_has(filter, (int)nr))
			return false;
		if (!p[len])
			return true;
		p += len + 1;
	}
}

void diff_findings_filter(struct finding_refs *refs, const struct trace_filter *filter)
{
	unsigned kept = 0;

	for (unsigned i = 0; i < refs->n; i++) {
		if (selected(refs->v[i].syscall, filter)) {
			refs->v[kept++] = refs->v[i];
			continue;
		}
		findings_ref_clear(&refs->v[i]);
	}
	refs->n = kept;
}

void diff_findings_free(struct diff_findings *df)
{
	findings_refs_free(&df->before.refs);
	findings_refs_free(&df->after.refs);
	free(df->v);
	memset(df, 0, sizeof(*df));
}
