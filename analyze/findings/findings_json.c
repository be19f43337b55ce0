/*
 * findings_json.c - findings in JSON: the "findings" array of the summary
 * document (Jansson), and reading it back into the references renacer-diff
 * compares.
 */
#include <stdlib.h>
#include <string.h>

#include "analyze/findings/findings.h"
#include "analyze/summary/summary.h"
#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_util.h"

static json_t *site_json(const struct finding_site *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *o = json_object();
	summary_source_str(&s->src, &sb);
	json_object_set_new(o, "location", summary_jstr(sb_str(&sb)));
	json_object_set_new(o, "file", summary_jstr(s->src.file));
	json_object_set_new(o, "line", json_integer(s->src.line));
	json_object_set_new(o, "function", summary_jstr(s->src.function));
	json_object_set_new(o, "module", summary_jstr(s->src.module));
	json_object_set_new(o, "calls", summary_ju64(s->calls));
	sb_free(&sb);
	return o;
}

/* The figures of a kind (spec/findings.md lists which apply). */
static void put_figures(json_t *o, const struct finding *x)
{
	switch (x->kind) {
	case FK_SMALL_IO:
		json_object_set_new(o, "bytes", summary_ju64(x->bytes));
		json_object_set_new(o, "avg_bytes", summary_ju64(x->avg_bytes));
		json_object_set_new(o, "avg_requested",
		                    x->avg_requested ? summary_ju64(x->avg_requested)
		                                     : json_null());
		break;
	case FK_SYNC_PER_WRITE:
		json_object_set_new(o, "syncs", summary_ju64(x->syncs));
		json_object_set_new(o, "writes", x->writes ? summary_ju64(x->writes) : json_null());
		break;
	case FK_MMAP_CHURN:
		json_object_set_new(o, "size", summary_ju64(x->size));
		json_object_set_new(o, "pairs", summary_ju64(x->count));
		break;
	case FK_SLOW_CALL:
		json_object_set_new(o, "max_ns", summary_ju64(x->max_ns));
		break;
	case FK_LATENCY_OUTLIER:
		json_object_set_new(o, "p50_ns", summary_ju64(x->p50_ns));
		json_object_set_new(o, "p99_ns", summary_ju64(x->p99_ns));
		json_object_set_new(o, "max_ns", summary_ju64(x->max_ns));
		break;
	default: /* repeated-*, many-files, enoent-storm */
		json_object_set_new(o, "count", summary_ju64(x->count));
		if (x->subject[0])
			json_object_set_new(o, "subject", summary_jstr(x->subject));
		if (x->example)
			json_object_set_new(o, "example_count", summary_ju64(x->example));
		break;
	}
}

json_t *findings_to_json(const struct finding *v, unsigned n)
{
	json_t *arr = json_array();
	for (unsigned i = 0; i < n; i++) {
		const struct finding *x = &v[i];
		json_t *o = json_object(), *sites = json_array();
		json_object_set_new(o, "kind", json_string(findings_kind_name(x->kind)));
		json_object_set_new(o, "key", summary_jstr(x->key));
		json_object_set_new(o, "syscall", summary_jstr(x->syscall));
		json_object_set_new(o, "title", summary_jstr(x->title));
		json_object_set_new(o, "calls", summary_ju64(x->calls));
		json_object_set_new(o, "duration_ns", summary_ju64(x->time_ns));
		json_object_set_new(o, "share", json_real(x->share));
		put_figures(o, x);
		for (unsigned j = 0; j < x->nsites; j++)
			json_array_append_new(sites, site_json(&x->sites[j]));
		json_object_set_new(o, "sites", sites);
		json_object_set_new(o, "fix", json_string(findings_fix(x->kind)));
		json_array_append_new(arr, o);
	}
	return arr;
}

static void ref_add(struct finding_refs *r, size_t *cap, const char *kind, const char *key,
                    const char *syscall, const char *title, double share)
{
	xgrow((void **)&r->v, cap, r->n + 1, sizeof(*r->v));
	struct finding_ref *f = &r->v[r->n++];
	f->kind = xstrdup(kind);
	f->key = xstrdup(key);
	f->syscall = xstrdup(syscall);
	f->title = xstrdup(title);
	f->share = share;
}

/* share as a JSON summary stores it, so that a trace's findings compare
 * exactly as the summary written from it. */
static double share_as_stored(double share)
{
	char buf[40];
	snprintf(buf, sizeof(buf), "%.*g", SUMMARY_JSON_REAL_DIGITS, share);
	return strtod(buf, NULL);
}

void findings_refs_from(const struct finding *v, unsigned n, struct finding_refs *out)
{
	size_t cap = 0;
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < n; i++)
		ref_add(out, &cap, findings_kind_name(v[i].kind), v[i].key, v[i].syscall,
		        v[i].title, share_as_stored(v[i].share));
}

int findings_refs_from_json(const json_t *arr, struct finding_refs *out, char *err, size_t errlen)
{
	size_t cap = 0, i;
	json_t *o;
	memset(out, 0, sizeof(*out));
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr)) {
		snprintf(err, errlen, "\"findings\" is not an array");
		return -1;
	}
	json_array_foreach(arr, i, o)
	{
		json_t *kind = json_object_get(o, "kind"), *key = json_object_get(o, "key");
		json_t *title = json_object_get(o, "title"), *share = json_object_get(o, "share");
		json_t *sc = json_object_get(o, "syscall");
		if (!json_is_string(kind) || !json_is_string(key) || !json_is_string(title) ||
		    !json_is_string(sc)) {
			snprintf(err, errlen,
			         "finding %zu has no \"kind\", \"key\", \"syscall\" and \"title\"",
			         i);
			findings_refs_free(out);
			return -1;
		}
		ref_add(out, &cap, json_string_value(kind), json_string_value(key),
		        json_string_value(sc), json_string_value(title),
		        json_is_number(share) ? json_number_value(share) : 0);
	}
	return 0;
}

void findings_ref_clear(struct finding_ref *r)
{
	free(r->kind);
	free(r->key);
	free(r->syscall);
	free(r->title);
	memset(r, 0, sizeof(*r));
}

void findings_refs_free(struct finding_refs *r)
{
	for (unsigned i = 0; i < r->n; i++)
		findings_ref_clear(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}
