/*
 * report.c - the report engine: takes records in trace order, feeds them to
 * the trace model (threads, address spaces, stacks), applies the filters (-e, --pid,
 * --tid, --comm, --since/--until), attributes syscalls to source lines (cached
 * per process and stack), writes event lines and/or aggregates durations, and
 * prints the summary at the end; or, with --format sqlite, writes all of it
 * to the database export. The per-syscall path allocates nothing and
 * symbolizes nothing unless source lines are asked for.
 */
#include "analyze/report/report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/decode/decode_net.h"
#include "analyze/export/export_html.h"
#include "analyze/export/export_perfetto.h"
#include "analyze/export/export_sqlite.h"
#include "analyze/findings/findings.h"
#include "analyze/model/model.h"
#include "analyze/report/events_out.h"
#include "analyze/report/file_mmap.h"
#include "analyze/report/stacks_out.h"
#include "analyze/sym/sym_attr.h"
#include "libtrace/trace_fdkind.h"
#include "libtrace/trace_map.h"
#include "libtrace/trace_stacks.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

/* A cached source attribution of one (pid, stack id). */
struct src_entry {
	uint64_t stamp; /* the model's stamp it was made under (model_stamp) */
	bool known;     /* some frame could be named */
	char *text;     /* owned: "file:line in function" or "module+0xoff" */
	struct agg_source agg;
	uint32_t agg_id;  /* agg interned in r->agg (0: no source row) */
	uint32_t find_id; /* agg interned in r->find (0: none) */
	struct event_source ev;
	char *stack_text;   /* -k text lines, or NULL */
	char *stack_json;   /* -k JSON array, or NULL */
	char *stack_folded; /* --format folded frames, root first, or NULL */
};

struct report {
	struct report_options o;
	const struct trace_meta *meta;
	uint64_t start_mono_ns, overhead_ns;
	bool correct;      /* subtract overhead_ns from durations (calibrated, no --raw-times) */
	uint64_t floor_ns; /* a corrected duration is at least this (or its raw value) */
	uint64_t first_ts, last_ts;  /* span of the records seen (wall clock of the run) */
	bool file_mmap;              /* the program mmapped a file (page faults not measured) */
	struct file_mmap fmm;        /* decides file_mmap (the loader's mappings do not count) */
	struct agg *agg;             /* NULL when nothing is summarized */
	struct events_out *ev;       /* NULL when no events are listed */
	struct export_sqlite *x;     /* --format sqlite, else NULL (not owned) */
	struct export_perfetto *pf;  /* --format perfetto, else NULL */
	struct export_html *html;    /* --format html, else NULL */
	struct findings *find;       /* NULL when no findings are collected */
	struct folded *fold;         /* --format folded, else NULL */
	const struct finding *found; /* computed by report_finish */
	unsigned nfound;
	struct sym_ctx *sym; /* NULL when neither sources nor a summary are made */
	struct model *model; /* threads, address spaces, stacks (with sym) */
	bool sources;        /* calls are attributed to source lines (needs sym) */
	bool filter_all;     /* -e selects every syscall and status */
	bool label_io;       /* rows split and labelled by I/O class (file,network) */
	bool filter_who;     /* --pid, --tid, --comm, --since or --until given */
	bool began;          /* events_out_begin done */

	struct trace_map srcmap; /* pid << 32 | stack id -> index in srcs */
	struct src_entry *srcs;
	size_t nsrcs, capsrcs;
	uint32_t src_ids; /* last event_source id given out */

	struct report_counts counts;
	uint64_t trailer_lost;
	uint64_t bad_chunks;
	bool truncated;
};

void report_options_default(struct report_options *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = REPORT_EVENTS;
	o->format = OUT_TEXT;
	o->out = stdout;
	trace_filter_init(&o->filter);
	o->ts = TS_NONE;
	o->sort = AGG_SORT_TIME;
	o->strsize = 32;
}

int report_format_parse(const char *s, enum out_format *f)
{
	static const struct {
		const char *name;
		enum out_format f;
	} whole[] = {{"sqlite", OUT_SQLITE},
	             {"perfetto", OUT_PERFETTO},
	             {"html", OUT_HTML},
	             {"folded", OUT_FOLDED}};
	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
		if (strcmp(s, whole[i].name) == 0) {
			*f = whole[i].f;
			return 0;
		}
	}
	return out_format_parse(s, f);
}

/* The SQLite export takes the events and the summary, and nothing is printed. */
static bool exports_sqlite(const struct report_options *o)
{
	return o->format == OUT_SQLITE;
}

/* Whole-report formats: the mode (-c, -C) does not apply. */
static bool whole_report(const struct report_options *o)
{
	return o->format == OUT_SQLITE || o->format == OUT_PERFETTO || o->format == OUT_HTML ||
	       o->format == OUT_FOLDED;
}

static bool lists_events(const struct report_options *o)
{
	return !whole_report(o) && (o->mode == REPORT_EVENTS || o->mode == REPORT_BOTH);
}

static bool aggregates(const struct report_options *o)
{
	if (whole_report(o))
		return o->format != OUT_PERFETTO && o->format != OUT_FOLDED;
	return o->mode != REPORT_EVENTS;
}

bool report_wants_findings(const struct report_options *o)
{
	if (o->no_findings)
		return false;
	if (o->mode == REPORT_AGG_ONLY || o->format == OUT_HTML)
		return true;
	return (o->mode == REPORT_SUMMARY || o->mode == REPORT_BOTH) &&
	       (o->format == OUT_TEXT || o->format == OUT_JSON);
}

/* Source lines are needed for --source, for the JSON/CSV event listing whose
 * records carry a source field, for -k, for the whole-report formats, and for the
 * findings to name where their calls come from (renacer-diff too: many-files
 * findings are per source location, and it must find what renacer-report -c
 * finds). */
static bool needs_source(const struct report_options *o)
{
	return o->source || o->stack || whole_report(o) ||
	       (lists_events(o) && o->format != OUT_TEXT) || report_wants_findings(o);
}

/* The HTML page has a per-source table: its aggregation is by source (the
 * per-syscall table is merged from it). */
static bool agg_by_src(const struct report_options *o)
{
	return o->source || o->format == OUT_HTML;
}

static enum events_ts events_ts_of(enum report_ts t)
{
	switch (t) {
	case TS_T:
		return EVTS_T;
	case TS_TT:
		return EVTS_TT;
	case TS_TTT:
		return EVTS_TTT;
	default:
		return EVTS_NONE;
	}
}

struct report *report_new(const struct report_options *o, const struct trace_meta *meta)
{
	if (exports_sqlite(o) && !o->sqlite) {
		errno = EINVAL;
		return NULL;
	}
	struct report *r = xcalloc(1, sizeof(*r));
	r->o = *o;
	r->x = exports_sqlite(o) ? o->sqlite : NULL;
	if (!r->o.out)
		r->o.out = stdout;
	r->meta = meta;
	uint64_t start_wall;
	if (meta) {
		decode_set_ifnames(
		    meta->ifnames); /* IPv6 scope ids by the recording host's names */
		r->start_mono_ns = meta->start_mono_ns;
		start_wall = meta->start_wall_ns;
		r->overhead_ns = meta->overhead_ns;
		r->correct = !o->raw_times && meta->overhead_samples > 0;
		r->floor_ns = meta->overhead_floor_ns ? meta->overhead_floor_ns : 1;
	} else {
		decode_set_ifnames(NULL);
		r->start_mono_ns = trace_mono_ns();
		start_wall = trace_wall_ns();
	}
	file_mmap_init(&r->fmm);
	r->filter_all = trace_filter_selects_all(&o->filter) && o->filter.status == TFS_ALL;
	r->label_io = trace_filter_labels_io(&o->filter);
	r->filter_who = o->npids || o->ntids || o->ncomms || o->has_since || o->has_until;
	if (aggregates(o))
		r->agg = agg_new(agg_by_src(o));
	if (o->format == OUT_PERFETTO)
		r->pf = export_perfetto_new(r->o.out, r->start_mono_ns, o->strsize);
	if (o->format == OUT_HTML)
		r->html = export_html_new(r->start_mono_ns);
	if (lists_events(o)) {
		struct events_out_opts eo = {
		    .format = o->format,
		    .ts = events_ts_of(o->ts),
		    .relative_ts = o->relative_ts,
		    .show_duration = o->show_duration,
		    .source = o->source,
		    .strsize = o->strsize,
		    .live = o->live,
		    .stack = o->stack,
		    .start_mono_ns = r->start_mono_ns,
		    .start_wall_ns = start_wall,
		};
		r->ev = events_out_new(&eo, r->o.out);
	}
	if (report_wants_findings(o))
		r->find = findings_new();
	if (o->format == OUT_FOLDED)
		r->fold = folded_new(o->weight_calls);
	r->sources = needs_source(o);
	/* A summary without sources still follows address spaces and stacks, to
	 * tell the dynamic loader's mmaps from the program's (counts_file_mmap). */
	bool symbolize = r->sources || r->agg;
	/* Sources looked up for the findings alone warn about nothing. */
	if (symbolize && !o->source && !o->stack && !whole_report(o) &&
	    !(lists_events(o) && o->format != OUT_TEXT))
		r->o.sym.quiet = true;
	r->model = model_new(symbolize);
	if (symbolize)
		r->sym = sym_new_on(&r->o.sym, r->model);
	if (r->x)
		export_sqlite_use_model(r->x, r->model);
	trace_map_init(&r->srcmap);
	return r;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	if (r->agg)
		agg_free(r->agg);
	events_out_free(r->ev);
	export_perfetto_free(r->pf);
	export_html_free(r->html);
	findings_free(r->find);
	folded_free(r->fold);
	for (size_t i = 0; i < r->nsrcs; i++) {
		free(r->srcs[i].text);
		free(r->srcs[i].stack_text);
		free(r->srcs[i].stack_json);
		free(r->srcs[i].stack_folded);
	}
	free(r->srcs);
	if (r->sym)
		sym_free(r->sym);
	model_free(r->model);
	trace_map_free(&r->srcmap);
	free(r);
}

/* --- filters ------------------------------------------------------------ */

static bool id_in(const pid_t *ids, unsigned n, int32_t id)
{
	for (unsigned i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static bool comm_ok(const struct report *r, const struct model_thread *t)
{
	if (!t || !t->comm[0])
		return false;
	for (unsigned i = 0; i < r->o.ncomms; i++)
		if (trace_glob_match(r->o.comms[i], t->comm))
			return true;
	return false;
}

/* --pid, --tid, --comm, --since and --until: true when the event passes. */
static bool who_when_ok(const struct report *r, int32_t pid, int32_t tid,
                        const struct model_thread *t, uint64_t ts)
{
	if (r->o.npids && !id_in(r->o.pids, r->o.npids, pid))
		return false;
	if (r->o.ntids && !id_in(r->o.tids, r->o.ntids, tid))
		return false;
	if (r->o.ncomms && !comm_ok(r, t))
		return false;
	if (r->o.has_since || r->o.has_until) {
		uint64_t rel = ts > r->start_mono_ns ? ts - r->start_mono_ns : 0;
		if (r->o.has_since && rel < r->o.since_ns)
			return false;
		if (r->o.has_until && rel >= r->o.until_ns)
			return false;
	}
	return true;
}

/* --- source attribution ---------------------------------------------------- */

static void set_entry_frame(struct report *r, struct src_entry *e, const struct sym_frame *f,
                            const char *text)
{
	free(e->text);
	e->text = xstrdup(text);
	e->known = true;
	e->ev.text = e->text;
	e->ev.file = f->file;
	e->ev.line = f->line;
	e->ev.module = f->module;
	e->ev.id = ++r->src_ids;
	/* Without a function name, the module+offset text or the label names the place. */
	e->ev.function = f->function ? f->function : (f->file ? NULL : e->text);
	e->agg.file = f->file;
	e->agg.line = f->line;
	e->agg.function = e->ev.function;
	e->agg.module = f->module;
}

/* The source of the call that made (pid, stack id): the program's own line,
 * or the label of who made it (analyze/sym/sym_attr.h); none without a stack
 * or when no frame lies in a known module. */
static void attribute(struct report *r, struct src_entry *e, int32_t pid, uint32_t stack_id)
{
	uint32_t depth = 0;
	const uint64_t *pcs = trace_stacks_get(model_stacks(r->model), stack_id, &depth);
	struct sym_attr a;
	sym_attribute(r->sym, pid, pcs, pcs ? depth : 0, &a);
	if (a.kind == SYM_ATTR_NONE) {
		free(e->text);
		memset(e, 0, sizeof(*e));
		return;
	}
	set_entry_frame(r, e, &a.frame, a.text);
}

/* Renders the whole stack of e as -k and --format folded need it: each pc
 * symbolized once per (process, stack) here, kept with the attribution. */
static void render_stack(struct report *r, struct src_entry *e, int32_t pid, uint32_t stack_id)
{
	bool text = r->o.stack && r->ev && r->o.format == OUT_TEXT;
	bool json = r->o.stack && r->ev && r->o.format == OUT_JSON;
	uint32_t depth = 0;
	const uint64_t *pcs = trace_stacks_get(model_stacks(r->model), stack_id, &depth);
	if ((!text && !json && !r->fold) || !pcs || !depth)
		return;
	struct sym_frame *f = xcalloc(depth, sizeof(*f));
	struct strbuf sb = STRBUF_INIT;
	for (uint32_t i = 0; i < depth; i++)
		sym_frame(r->sym, pid, pcs[i], true, &f[i]); /* -1 leaves the bare pc */
	if (text || json) {
		(text ? stacks_text : stacks_json)(&sb, f, depth);
		*(text ? &e->stack_text : &e->stack_json) = xstrdup(sb_str(&sb));
	}
	if (r->fold) {
		sb_reset(&sb);
		stacks_folded(&sb, f, depth);
		e->stack_folded = xstrdup(sb_str(&sb));
	}
	sb_free(&sb);
	free(f);
}

static void stack_strings_free(struct src_entry *e)
{
	free(e->stack_text);
	free(e->stack_json);
	free(e->stack_folded);
	e->stack_text = e->stack_json = e->stack_folded = NULL;
}

/* The cache entry of a syscall's (process, stack), made now when missing or
 * stale; NULL when the call has no stack. */
static const struct src_entry *entry_of(struct report *r, const struct trace_syscall *s)
{
	if (s->stack_id == 0)
		return NULL;
	uint64_t key = (uint64_t)(uint32_t)s->pid << 32 | s->stack_id;
	uint64_t stamp = model_stamp(r->model, s->pid);
	uint64_t *idx = trace_map_get(&r->srcmap, key);
	struct src_entry *e;
	if (idx) {
		e = &r->srcs[*idx];
		if (e->stamp == stamp)
			return e;
	} else {
		xgrow((void **)&r->srcs, &r->capsrcs, r->nsrcs + 1, sizeof(*r->srcs));
		e = &r->srcs[r->nsrcs];
		memset(e, 0, sizeof(*e));
		trace_map_put(&r->srcmap, key, r->nsrcs);
		r->nsrcs++;
	}
	stack_strings_free(e);
	attribute(r, e, s->pid, s->stack_id);
	render_stack(r, e, s->pid, s->stack_id);
	e->stamp = stamp;
	e->agg_id = r->agg && e->known ? agg_source_id(r->agg, &e->agg) : 0;
	e->find_id = r->find && e->known ? findings_source_id(r->find, &e->agg) : 0;
	return e;
}

/* --- records --------------------------------------------------------------- */

/* The duration of s to show: raw, or with the time it waited for a CPU and
 * the tracing overhead subtracted but never below the floor (the untraced
 * cost of the cheapest call) nor above raw. */
static uint64_t shown_duration(const struct report *r, const struct trace_syscall *s)
{
	uint64_t raw = s->duration;

	if (!r->correct)
		return raw;
	uint64_t least = raw < r->floor_ns ? raw : r->floor_ns;
	uint64_t busy = s->wait < raw ? raw - s->wait : 0;
	uint64_t d = busy > r->overhead_ns ? busy - r->overhead_ns : 0;
	return d > least ? d : least;
}

/* The run's wall-clock span grows with every timed record. */
static void note_time(struct report *r, uint64_t start, uint64_t end)
{
	if (!start)
		return;
	if (!r->first_ts || start < r->first_ts)
		r->first_ts = start;
	if (end > r->last_ts)
		r->last_ts = end;
}

/* Whether a counted call is an mmap of a file by the program, whose data is
 * then read through page faults that no syscall shows (the summary's note):
 * not the dynamic loader's (file_mmap.h), told by the call's syscall site
 * when its stack was recorded. */
static bool counts_file_mmap(const struct report *r, const struct trace_syscall *s)
{
	if (s->nr != r->fmm.nr_mmap)
		return false;
	uint32_t depth = 0;
	const struct trace_stacks *stacks = model_stacks(r->model);
	const uint64_t *pcs =
	    stacks && s->stack_id ? trace_stacks_get(stacks, s->stack_id, &depth) : NULL;
	int in_loader = pcs && depth ? sym_pc_in_loader(r->sym, s->pid, pcs[0]) : -1;
	return file_mmap_counts(&r->fmm, s, in_loader);
}

static struct event_ctx ctx_of(const struct report *r, const struct model_thread *t)
{
	struct event_ctx c = {.pid_prefix = model_threads_traced(r->model) > 1,
	                      .comm = t && t->comm[0] ? t->comm : NULL};
	return c;
}

/* --format folded: the call under its thread's command and its stack. */
static void fold_call(struct report *r, const struct trace_syscall *s, uint64_t dur,
                      const struct model_thread *t, const struct src_entry *ent)
{
	char name[48];
	if (!trace_syscall_returned(s))
		return;
	folded_add(r->fold, t && t->comm[0] ? t->comm : NULL, ent ? ent->stack_folded : NULL,
	           trace_syscall_name_r(s->nr, name, sizeof(name)), dur);
}

static int out_begin(struct report *r)
{
	if (r->began || !r->ev)
		return 0;
	r->began = true;
	return events_out_begin(r->ev);
}

static int feed_syscall(struct report *r, const struct trace_syscall *s,
                        const struct model_thread *t)
{
	r->counts.syscalls++;
	note_time(r, s->ts, s->ts + s->duration);
	file_mmap_follow(&r->fmm, s);
	if (!r->filter_all && (!trace_filter_match(&r->o.filter, s->nr, s->fd_kinds) ||
	                       !trace_filter_status_ok(&r->o.filter, s)))
		return 0;
	if (r->filter_who && !who_when_ok(r, s->pid, s->tid, t, s->ts))
		return 0;
	r->counts.selected++;
	uint64_t dur = shown_duration(r, s);
	const struct src_entry *ent = r->sources ? entry_of(r, s) : NULL;
	const struct src_entry *src = ent && ent->known ? ent : NULL;
	if (r->fold)
		fold_call(r, s, dur, t, ent);
	if (r->x && export_sqlite_syscall(r->x, s, dur, t && t->comm[0] ? t->comm : NULL,
	                                  src ? &src->agg : NULL) < 0)
		return -1;
	if (r->pf && export_perfetto_syscall(r->pf, s, dur, src ? &src->ev : NULL) < 0)
		return -1;
	if (r->html)
		export_html_call(r->html, s, dur);
	if (r->agg && trace_syscall_returned(s)) {
		r->file_mmap = r->file_mmap || counts_file_mmap(r, s);
		agg_add_io(r->agg, s->nr, r->label_io ? trace_call_io_class(s->nr, s->fd_kinds) : 0,
		           src ? src->agg_id : 0, dur, trace_ret_is_error(s->ret));
		if (r->find)
			findings_add(r->find, s, dur, src ? src->find_id : 0);
	}
	if (!r->ev)
		return 0;
	struct event_ctx c = ctx_of(r, t);
	c.stack_text = ent ? ent->stack_text : NULL;
	c.stack_json = ent ? ent->stack_json : NULL;
	if (out_begin(r) < 0 || events_out_syscall(r->ev, s, dur, src ? &src->ev : NULL, &c) < 0)
		return -1;
	r->counts.events = events_out_count(r->ev);
	return 0;
}

static int feed_signal(struct report *r, const struct trace_signal *sig,
                       const struct model_thread *t)
{
	if (!who_when_ok(r, sig->pid, sig->tid, t, sig->ts))
		return 0;
	if (r->x && export_sqlite_signal(r->x, sig) < 0)
		return -1;
	if (r->pf && export_perfetto_signal(r->pf, sig) < 0)
		return -1;
	/* A record of the death alone (no delivery stop: a seccomp kill, SIGKILL)
	 * or following the delivery's own record is no event line: the exit's
	 * "+++ killed by" line says it, as strace does. */
	if (!r->ev || !(sig->flags & TSIG_DELIVERED))
		return 0;
	struct event_ctx c = ctx_of(r, t);
	if (out_begin(r) < 0 || events_out_signal(r->ev, sig, &c) < 0)
		return -1;
	r->counts.events = events_out_count(r->ev);
	return 0;
}

static int feed_exit(struct report *r, const struct trace_exit *ex, const struct model_thread *t)
{
	int rc = 0;
	note_time(r, ex->ts, ex->ts);
	if (r->pf && who_when_ok(r, ex->pid, ex->tid, t, ex->ts) &&
	    export_perfetto_exit(r->pf, ex) < 0)
		rc = -1;
	if (r->ev && who_when_ok(r, ex->pid, ex->tid, t, ex->ts)) {
		struct event_ctx c = ctx_of(r, t);
		if (out_begin(r) < 0 || events_out_exit(r->ev, ex, &c) < 0)
			rc = -1;
		r->counts.events = events_out_count(r->ev);
	}
	return rc;
}

/* Process and thread lifecycles and lost-event counts go to the export
 * unfiltered, so that every selected row finds its process and thread. */
static int export_record(struct report *r, const struct trace_record *rec)
{
	switch (rec->type) {
	case TREC_THREAD:
	case TREC_EXEC:
	case TREC_RENAME:
	case TREC_EXIT:
	case TREC_LOST:
	case TREC_TRAILER:
		return export_sqlite_record(r->x, rec);
	default:
		return 0;
	}
}

/* A thread got its name (start or exec): the timelines label its track. */
static int thread_named(struct report *r, int32_t pid, int32_t tid, const char *comm)
{
	char name[TRACE_COMM_LEN];
	memcpy(name, comm, TRACE_COMM_LEN);
	name[TRACE_COMM_LEN - 1] = '\0';
	if (r->html)
		export_html_thread(r->html, pid, tid, name);
	if (r->pf)
		return export_perfetto_thread(r->pf, pid, tid, name);
	return 0;
}

int report_feed(struct report *r, const struct trace_record *rec)
{
	r->counts.records++;
	const struct model_thread *t = model_feed(r->model, rec);
	if (rec->type == TREC_SYSCALL) {
		r->counts.threads = model_threads_seen(r->model);
		return feed_syscall(r, &rec->u.sys, t);
	}
	if (rec->type == TREC_STACK)
		return 0;
	if (r->x && export_record(r, rec) < 0)
		return -1;
	r->counts.threads = model_threads_seen(r->model);
	switch (rec->type) {
	case TREC_THREAD:
		note_time(r, rec->u.thread.ts, rec->u.thread.ts);
		return thread_named(r, rec->u.thread.pid, rec->u.thread.tid, rec->u.thread.comm);
	case TREC_EXEC:
		return thread_named(r, rec->u.exec.pid, rec->u.exec.tid, rec->u.exec.comm);
	case TREC_RENAME:
		return thread_named(r, rec->u.rename.pid, rec->u.rename.tid, rec->u.rename.comm);
	case TREC_SIGNAL:
		return feed_signal(r, &rec->u.sig, t);
	case TREC_EXIT:
		return feed_exit(r, &rec->u.exit, t);
	case TREC_LOST:
		r->counts.lost += rec->u.lost.count;
		return 0;
	case TREC_TRAILER:
		r->trailer_lost = rec->u.trailer.lost;
		return 0;
	default:
		return 0;
	}
}

static int sink_emit(struct trace_sink *s, const struct trace_record *rec)
{
	struct report *r = s->ctx;
	if (report_feed(r, rec) < 0)
		return errno && !r->x ? -errno : -EIO; /* the export keeps its own message */
	return 0;
}

static int sink_tick(struct trace_sink *s, uint64_t now_ns)
{
	struct report *r = s->ctx;
	if (r->ev && (events_out_flush(r->ev) < 0 || fflush(r->o.out) != 0))
		return errno ? -errno : -EIO;
	return 0;
}

struct trace_sink report_sink(struct report *r)
{
	struct trace_sink s = {.emit = sink_emit, .tick = sink_tick, .ctx = r};
	return s;
}

void report_note_input(struct report *r, uint64_t bad_chunks, bool truncated)
{
	r->bad_chunks = bad_chunks;
	r->truncated = truncated;
}

/* The summary rows, and how the times were made and the input read, in the export. */
static int finish_sqlite(struct report *r)
{
	char buf[32];
	agg_sort(r->agg, r->o.sort);
	if (export_sqlite_summary(r->x, r->agg) < 0)
		return -1;
	if (export_sqlite_meta_set(r->x, "times", r->correct ? "overhead-corrected" : "raw") < 0)
		return -1;
	if (r->bad_chunks) {
		snprintf(buf, sizeof(buf), "%" PRIu64, r->bad_chunks);
		if (export_sqlite_meta_set(r->x, "bad_chunks", buf) < 0)
			return -1;
	}
	if (r->truncated && export_sqlite_meta_set(r->x, "truncated", "1") < 0)
		return -1;
	return 0;
}

/* The run's wall clock: the span of its records, less (when times are
 * corrected) what tracing added to each recorded call, but never less than
 * the time in the calls shown; 0 when unknown or when only part of the run is
 * selected. */
static uint64_t wall_clock(const struct report *r)
{
	if (r->filter_who || r->last_ts <= r->first_ts)
		return 0;
	uint64_t span = r->last_ts - r->first_ts;
	if (!r->correct || !r->meta->overhead_call_ns)
		return span;
	uint64_t added = r->counts.syscalls * r->meta->overhead_call_ns, calls, errors, total = 0;
	if (r->agg)
		agg_totals(r->agg, &calls, &errors, &total);
	uint64_t wall = added < span ? span - added : 0;
	return wall > total ? wall : total;
}

static void summary_opts_of(const struct report *r, uint64_t lost, struct summary_opts *so)
{
	memset(so, 0, sizeof(*so));
	so->format = r->o.format;
	so->by_source = r->o.source;
	so->overhead_corrected = r->correct;
	so->calibrated = r->meta && r->meta->overhead_samples > 0;
	so->overhead_ns = r->overhead_ns;
	so->floor_ns = r->correct ? r->floor_ns : 0;
	so->wall_ns = wall_clock(r);
	so->file_mmap = r->file_mmap;
	so->meta = r->meta;
	so->bad_chunks = r->bad_chunks;
	so->truncated = r->truncated;
	so->lost = lost;
	so->findings = r->found;
	so->nfindings = r->nfound;
	so->with_findings = r->find != NULL;
}

/* The HTML page: per-syscall rows merged from the per-source aggregation. */
static int finish_html(struct report *r, uint64_t lost)
{
	struct summary_opts so;
	summary_opts_of(r, lost, &so);
	struct agg *by_nr = agg_new(false);
	agg_merge(by_nr, r->agg);
	agg_sort(by_nr, r->o.sort);
	agg_sort(r->agg, r->o.sort);
	int rc = export_html_write(r->html, by_nr, r->agg, &so, r->o.out);
	agg_free(by_nr);
	if (fflush(r->o.out) != 0)
		rc = -1;
	return rc;
}

int report_finish(struct report *r)
{
	uint64_t lost = r->counts.lost > r->trailer_lost ? r->counts.lost : r->trailer_lost;
	if (lost && !r->o.quiet)
		pr_warn("the recorder lost %" PRIu64 " events: counts are lower bounds", lost);
	if (r->find)
		r->found = findings_compute(r->find, &r->nfound);
	if (r->x)
		return finish_sqlite(r);
	if (r->pf)
		return export_perfetto_finish(r->pf) < 0 || fflush(r->o.out) != 0 ? -1 : 0;
	if (r->html)
		return finish_html(r, lost);
	if (r->fold)
		return folded_print(r->fold, r->o.out) < 0 || fflush(r->o.out) != 0 ? -1 : 0;
	if (out_begin(r) < 0 || events_out_flush(r->ev) < 0)
		return -1;
	if (r->o.mode == REPORT_SUMMARY || r->o.mode == REPORT_BOTH) {
		struct summary_opts so;
		summary_opts_of(r, lost, &so);
		agg_sort(r->agg, r->o.sort);
		if (summary_print(r->agg, &so, r->o.out) < 0)
			return -1;
		if (r->o.format == OUT_TEXT &&
		    findings_print_text(r->found, r->nfound, r->o.out) < 0)
			return -1;
	}
	if (fflush(r->o.out) != 0)
		return -1;
	return 0;
}

const struct agg *report_agg(const struct report *r)
{
	return r->agg;
}

const struct report_counts *report_counts(const struct report *r)
{
	return &r->counts;
}

const struct finding *report_findings(const struct report *r, unsigned *n)
{
	*n = r->nfound;
	return r->found;
}
