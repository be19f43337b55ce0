/*
 * findings_detect.c - the detectors: turn the collector's tables (findings.c)
 * into findings with the thresholds of find_T (spec/findings.md), ranked by
 * their share of syscall time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/findings/findings_int.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

/* --- detectors --------------------------------------------------------------- */

static struct finding *new_finding(struct findings *f, enum finding_kind k, const char *syscall)
{
	xgrow((void **)&f->list, &f->caplist, f->nlist + 1, sizeof(*f->list));
	struct finding *x = &f->list[f->nlist++];
	memset(x, 0, sizeof(*x));
	x->kind = k;
	snprintf(x->syscall, sizeof(x->syscall), "%s", syscall);
	snprintf(x->key, sizeof(x->key), "%s:%s", findings_kind_name(k), syscall);
	return x;
}

static void set_share(const struct findings *f, struct finding *x)
{
	x->share = f->total_ns ? (double)x->time_ns / (double)f->total_ns : 0;
}

/* Adds site s (counting calls) to x, keeping the FINDING_MAX_SITES largest. */
static void add_site(const struct findings *f, struct finding *x, uint32_t src, uint64_t calls)
{
	if (!calls)
		return;
	struct finding_site fs = {.calls = calls};
	if (src && src <= f->nsrcs)
		fs.src = f->srcs[src - 1];
	for (unsigned i = 0; i < x->nsites; i++) {
		if (x->sites[i].src.file == fs.src.file &&
		    x->sites[i].src.function == fs.src.function &&
		    x->sites[i].src.line == fs.src.line &&
		    x->sites[i].src.module == fs.src.module) {
			x->sites[i].calls += calls;
			fs = x->sites[i];
			memmove(&x->sites[i], &x->sites[i + 1],
			        (x->nsites - i - 1) * sizeof(x->sites[0]));
			x->nsites--;
			break;
		}
	}
	unsigned at = x->nsites;
	while (at > 0 && x->sites[at - 1].calls < fs.calls)
		at--;
	if (at >= FINDING_MAX_SITES)
		return;
	unsigned n = x->nsites < FINDING_MAX_SITES ? x->nsites : FINDING_MAX_SITES - 1;
	memmove(&x->sites[at + 1], &x->sites[at], (n - at) * sizeof(x->sites[0]));
	x->sites[at] = fs;
	if (x->nsites < FINDING_MAX_SITES)
		x->nsites++;
}

static const char *nr_name(int nr, char *buf, unsigned len)
{
	return trace_syscall_name_r(nr, buf, len);
}

struct io_sum {
	uint64_t calls, bytes, requested, ns;
	bool no_request;
};

static void detect_small_io(struct findings *f)
{
	struct io_sum *sum = xcalloc(FIND_NR_MAX, sizeof(*sum));
	char name[48];

	for (size_t i = 0; i < f->nsites; i++) {
		const struct site *s = &f->sites[i];
		struct io_sum *u = &sum[s->nr];
		u->calls += s->io_calls;
		u->bytes += s->bytes;
		u->requested += s->requested;
		u->ns += s->ns;
		u->no_request |= s->no_request;
	}
	for (int nr = 0; nr < FIND_NR_MAX; nr++) {
		const struct io_sum *u = &sum[nr];
		if (u->calls < find_T.small_io_min_calls ||
		    u->bytes / u->calls >= find_T.small_io_max_avg)
			continue;
		struct finding *x = new_finding(f, FK_SMALL_IO, nr_name(nr, name, sizeof(name)));
		x->calls = u->calls;
		x->time_ns = u->ns;
		x->bytes = u->bytes;
		x->avg_bytes = u->bytes / u->calls;
		x->avg_requested = u->no_request ? 0 : u->requested / u->calls;
		for (size_t i = 0; i < f->nsites; i++)
			if (f->sites[i].nr == nr)
				add_site(f, x, f->sites[i].src, f->sites[i].io_calls);
		set_share(f, x);
	}
	free(sum);
}

static void detect_sync(struct findings *f)
{
	uint64_t syncs = 0, per_write = 0, writes = 0, ns = 0, most = 0;
	char name[48] = "fsync";

	for (size_t i = 0; i < f->nsites; i++) {
		const struct site *s = &f->sites[i];
		if (!s->syncs)
			continue;
		if (s->syncs > most) {
			most = s->syncs;
			nr_name(s->nr, name, sizeof(name));
		}
		syncs += s->syncs;
		per_write += s->syncs_per_write;
		writes += s->synced_writes;
		ns += s->ns;
	}
	bool alone = f->writes == 0;
	if (syncs < (alone ? find_T.sync_alone_min : find_T.sync_min))
		return;
	if (!alone && (double)per_write < find_T.sync_min_fraction * (double)syncs)
		return;
	struct finding *x = new_finding(f, FK_SYNC_PER_WRITE, name);
	x->calls = x->syncs = syncs;
	x->writes = alone ? 0 : writes;
	x->time_ns = ns;
	for (size_t i = 0; i < f->nsites; i++)
		add_site(f, x, f->sites[i].src, f->sites[i].syncs);
	set_share(f, x);
}

/* Repeated lookups: paths looked up find_T.repeat_min times or more. */
static void detect_repeats(struct findings *f, enum finding_kind k)
{
	struct finding *x = NULL;
	uint64_t best = 0;
	for (size_t i = 0; i < f->npaths; i++) {
		const struct path_entry *e = &f->paths[i];
		uint64_t n = k == FK_REPEATED_OPEN ? e->opens : e->stats;
		if (n < find_T.repeat_min)
			continue;
		if (!x)
			x = new_finding(f, k, k == FK_REPEATED_OPEN ? "open" : "stat");
		uint32_t si = k == FK_REPEATED_OPEN ? e->open_site : e->stat_site;
		x->calls += n;
		x->count++;
		x->time_ns += k == FK_REPEATED_OPEN ? e->open_ns : e->stat_ns;
		if (n > best) {
			best = n;
			snprintf(x->subject, sizeof(x->subject), "%.*s",
			         (int)(e->id.len < PATH_KEEP ? e->id.len : PATH_KEEP), e->id.path);
			x->example = n;
			nr_name(f->sites[si].nr, x->syscall, sizeof(x->syscall));
		}
		add_site(f, x, f->sites[si].src, n);
	}
	if (x) {
		snprintf(x->key, sizeof(x->key), "%s:%s", findings_kind_name(k), x->syscall);
		set_share(f, x);
	}
}

static void detect_fstat_repeats(struct findings *f)
{
	uint64_t n = 0, ns = 0;
	char name[48] = "fstat";
	for (size_t i = 0; i < f->nsites; i++) {
		n += f->sites[i].fstat_repeats;
		ns += f->sites[i].fstat_ns;
		if (f->sites[i].fstat_repeats)
			nr_name(f->sites[i].nr, name, sizeof(name));
	}
	if (n < find_T.repeat_min)
		return;
	struct finding *x = new_finding(f, FK_REPEATED_STAT, name);
	snprintf(x->key, sizeof(x->key), "%s:%s:fd", findings_kind_name(FK_REPEATED_STAT), name);
	snprintf(x->subject, sizeof(x->subject), "an open descriptor");
	x->calls = n;
	x->count = f->fstats;
	x->time_ns = ns;
	for (size_t i = 0; i < f->nsites; i++)
		add_site(f, x, f->sites[i].src, f->sites[i].fstat_repeats);
	set_share(f, x);
}

static void detect_many_files(struct findings *f)
{
	char name[48];
	uint64_t read_bytes = 0, files = 0;
	for (size_t i = 0; i < f->nsites; i++) {
		const struct nr_info *ni = &f->nr[f->sites[i].nr];
		if (ni->cat == C_READ || ni->cat == C_READV)
			read_bytes += f->sites[i].bytes;
		files += f->sites[i].distinct_opens;
	}
	if (!files || read_bytes / files >= find_T.many_files_bytes)
		return;
	for (size_t i = 0; i < f->nsites; i++) {
		const struct site *s = &f->sites[i];
		if (s->distinct_opens < find_T.many_files_min || !s->src)
			continue;
		struct finding *x =
		    new_finding(f, FK_MANY_FILES, nr_name(s->nr, name, sizeof(name)));
		const struct agg_source *src = &f->srcs[s->src - 1];
		snprintf(x->key, sizeof(x->key), "%s:%s:%s", findings_kind_name(FK_MANY_FILES),
		         name,
		         src->function ? src->function
		         : src->file   ? src->file
		                       : "?");
		x->calls = s->calls;
		x->count = s->distinct_opens;
		x->time_ns = s->ns;
		add_site(f, x, s->src, s->calls);
		set_share(f, x);
	}
}

static void detect_churn(struct findings *f)
{
	for (size_t i = 0; i < f->nsizes; i++) {
		const struct size_entry *e = &f->sizes[i];
		uint64_t pairs = e->maps < e->unmaps ? e->maps : e->unmaps;
		if (pairs < find_T.churn_min)
			continue;
		struct finding *x = new_finding(f, FK_MMAP_CHURN, "mmap+munmap");
		snprintf(x->key, sizeof(x->key), "%s:%llu", findings_kind_name(FK_MMAP_CHURN),
		         (unsigned long long)e->size);
		x->size = e->size;
		x->calls = e->maps + e->unmaps;
		x->count = pairs;
		x->time_ns = e->ns;
		add_site(f, x, f->sites[e->map_site].src, e->maps);
		add_site(f, x, f->sites[e->unmap_site].src, e->unmaps);
		set_share(f, x);
	}
}

static void detect_storm(struct findings *f)
{
	if (f->storm_fails < find_T.storm_min)
		return;
	struct finding *x = new_finding(f, FK_ENOENT_STORM, "lookup");
	uint64_t best = 0;
	char name[48];
	for (size_t i = 0; i < f->nsites; i++) {
		const struct site *s = &f->sites[i];
		if (!s->storm_fails)
			continue;
		x->time_ns += s->storm_ns;
		add_site(f, x, s->src, s->storm_fails);
		if (s->storm_fails > best) {
			best = s->storm_fails;
			nr_name(s->nr, name, sizeof(name));
			snprintf(x->syscall, sizeof(x->syscall), "%s", name);
		}
	}
	snprintf(x->key, sizeof(x->key), "%s:%s", findings_kind_name(FK_ENOENT_STORM), x->syscall);
	x->calls = f->storm_fails;
	x->count = f->storm_names;
	x->example = f->storm_best_run;
	snprintf(x->subject, sizeof(x->subject), "%s", f->storm_name);
	set_share(f, x);
}

/* The rows of syscall nr in the by-source aggregation, as sites, by calls
 * slower than at_least. */
static void add_slow_sites(struct findings *f, struct finding *x, int nr, uint64_t at_least)
{
	for (unsigned i = 0; i < agg_rows(f->agg); i++) {
		const struct agg_row *r = agg_row(f->agg, i);
		if (r->nr == nr && r->max_ns >= at_least)
			add_site(f, x, findings_source_id(f, &r->src), r->calls);
	}
}

static void detect_timing(struct findings *f)
{
	struct agg *sys = agg_by_syscall(f->agg);
	for (unsigned i = 0; i < agg_rows(sys); i++) {
		const struct agg_row *r = agg_row(sys, i);
		if (r->nr < 0 || r->nr >= FIND_NR_MAX || f->nr[r->nr].waits || !f->total_ns)
			continue;
		if (r->max_ns >= find_T.slow_min_ns &&
		    (double)r->max_ns >= find_T.slow_min_share * (double)f->total_ns) {
			struct finding *x = new_finding(f, FK_SLOW_CALL, r->name);
			x->calls = 1;
			x->time_ns = r->max_ns;
			x->max_ns = r->max_ns;
			add_slow_sites(f, x, r->nr, r->max_ns);
			set_share(f, x);
			continue;
		}
		uint64_t p50 = agg_row_quantile(r, 0.50), p99 = agg_row_quantile(r, 0.99);
		if (r->calls < find_T.outlier_min_calls || p99 < find_T.outlier_min_p99_ns ||
		    (double)p99 < find_T.outlier_ratio * (double)(p50 ? p50 : 1) ||
		    (double)r->total_ns < find_T.outlier_min_share * (double)f->total_ns)
			continue;
		struct finding *x = new_finding(f, FK_LATENCY_OUTLIER, r->name);
		x->calls = r->calls;
		x->time_ns = r->total_ns;
		x->p50_ns = p50;
		x->p99_ns = p99;
		x->max_ns = r->max_ns;
		add_slow_sites(f, x, r->nr, p99);
		set_share(f, x);
	}
	agg_free(sys);
}

static int by_share(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	if (a->share != b->share)
		return a->share < b->share ? 1 : -1;
	return strcmp(a->key, b->key);
}

const struct finding *findings_compute(struct findings *f, unsigned *n)
{
	findings_list_clear(f);
	detect_small_io(f);
	detect_sync(f);
	detect_repeats(f, FK_REPEATED_STAT);
	detect_fstat_repeats(f);
	detect_repeats(f, FK_REPEATED_OPEN);
	detect_many_files(f);
	detect_churn(f);
	detect_storm(f);
	detect_timing(f);
	trace_sort(f->list, f->nlist, sizeof(*f->list), by_share);
	findings_titles(f);
	*n = (unsigned)f->nlist;
	return f->list;
}
