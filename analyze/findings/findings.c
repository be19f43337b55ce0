/*
 * findings.c - the collector. Every counted call goes into
 * an aggregation by (syscall, source) (times, histograms); calls of the
 * syscalls a detector looks at also update small keyed tables: per source
 * site (bytes moved, syncs, repeated lookups...), per path looked up, per
 * open descriptor (writes since the last sync, fstats since it was opened),
 * per mapping size, per thread (the ENOENT run in progress). Each table has
 * a cap: past it, new keys are not tracked (descriptor and thread state is
 * dropped and starts over), so memory never grows with the events.
 * findings_detect.c turns the tables into findings with the thresholds of
 * find_T below (spec/findings.md).
 */
#include "analyze/findings/findings.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/findings/findings_int.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"
#include "libtrace/trace_hash.h"

/* The thresholds (spec/findings.md says why each is what it is). */
const struct find_thresholds find_T = {
    .small_io_min_calls = 1000,
    .small_io_max_avg = 512,
    .sync_min = 10,
    .sync_max_writes = 2,
    .sync_min_fraction = 0.5,
    .sync_alone_min = 100,
    .repeat_min = 100,
    .fstat_per_fd = 3,
    .many_files_min = 500,
    .many_files_bytes = 4096,
    .churn_min = 50,
    .storm_run = 3,
    .storm_min = 20,
    .slow_min_ns = 100000000,
    .slow_min_share = 0.5,
    .outlier_min_calls = 100,
    .outlier_ratio = 10.0,
    .outlier_min_p99_ns = 1000000,
    .outlier_min_share = 0.1,
};

/* Caps of the keyed tables. */
#define CAP_SITES    65536
#define CAP_PATHS    16384
#define CAP_SIZES    4096
#define CAP_FDS      65536
#define CAP_THREADS  4096
#define PATH_KEY_MAX 4096 /* longer paths are refused by the kernel: not tracked */

static const struct {
	const char *name;
	enum cat cat;
} cat_names[] = {
    {"read", C_READ},       {"pread64", C_READ},   {"recvfrom", C_READ},   {"write", C_WRITE},
    {"pwrite64", C_WRITE},  {"sendto", C_WRITE},   {"readv", C_READV},     {"preadv", C_READV},
    {"preadv2", C_READV},   {"writev", C_WRITEV},  {"pwritev", C_WRITEV},  {"pwritev2", C_WRITEV},
    {"fsync", C_SYNC},      {"fdatasync", C_SYNC}, {"open", C_OPEN},       {"openat", C_OPEN},
    {"openat2", C_OPEN},    {"creat", C_OPEN},     {"stat", C_STAT},       {"lstat", C_STAT},
    {"newfstatat", C_STAT}, {"statx", C_STAT},     {"access", C_STAT},     {"faccessat", C_STAT},
    {"faccessat2", C_STAT}, {"readlink", C_STAT},  {"readlinkat", C_STAT}, {"fstat", C_FSTAT},
    {"execve", C_EXEC},     {"execveat", C_EXEC},  {"close", C_CLOSE},     {"dup", C_DUP},
    {"dup2", C_DUP},        {"dup3", C_DUP},       {"chdir", C_CHDIR},     {"fchdir", C_CHDIR},
    {"mmap", C_MMAP},       {"munmap", C_MUNMAP},
};

/* Syscalls that wait by design (for time, children, events, locks, peers):
 * a long one is the program waiting, not a slow call. */
static const char *const waiting_names[] = {
    "nanosleep",    "clock_nanosleep", "pause",       "rt_sigsuspend", "rt_sigtimedwait",
    "wait4",        "waitid",          "poll",        "ppoll",         "select",
    "pselect6",     "epoll_wait",      "epoll_pwait", "epoll_pwait2",  "futex",
    "accept",       "accept4",         "msgrcv",      "semop",         "semtimedop",
    "io_getevents", "io_pgetevents",   "sigwaitinfo",
};

static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
	return trace_hash64(trace_hash_bytes(h ^ TRACE_HASH_FNV_BASIS, s, n) ^ n);
}

static void nr_table_init(struct findings *f)
{
	for (size_t i = 0; i < sizeof(cat_names) / sizeof(cat_names[0]); i++) {
		long nr = trace_syscall_by_name(cat_names[i].name);
		if (nr < 0 || nr >= FIND_NR_MAX)
			continue;
		const struct trace_syscall_desc *d = trace_syscall_desc(nr);
		struct nr_info *ni = &f->nr[nr];
		ni->cat = (uint8_t)cat_names[i].cat;
		ni->path_arg = ni->dirfd_arg = -1;
		for (unsigned a = 0; d && a < d->nargs; a++) {
			if (d->args[a].kind == TA_PATH && ni->path_arg < 0)
				ni->path_arg = (int8_t)a;
			if (d->args[a].kind == TA_DIRFD && ni->dirfd_arg < 0)
				ni->dirfd_arg = (int8_t)a;
		}
	}
	for (size_t i = 0; i < sizeof(waiting_names) / sizeof(waiting_names[0]); i++) {
		long nr = trace_syscall_by_name(waiting_names[i]);
		if (nr >= 0 && nr < FIND_NR_MAX)
			f->nr[nr].waits = true;
	}
}

struct findings *findings_new(void)
{
	struct findings *f = xcalloc(1, sizeof(*f));
	f->agg = agg_new(true);
	nr_table_init(f);
	trace_map_init(&f->site_map);
	trace_map_init(&f->path_map);
	trace_map_init(&f->size_map);
	trace_map_init(&f->fd_map);
	trace_map_init(&f->thread_map);
	trace_map_init(&f->cwd_map);
	return f;
}

void findings_free(struct findings *f)
{
	if (!f)
		return;
	findings_list_clear(f);
	free(f->list);
	agg_free(f->agg);
	for (size_t i = 0; i < f->nsrcs; i++) {
		free((char *)f->srcs[i].file);
		free((char *)f->srcs[i].function);
		free((char *)f->srcs[i].module);
	}
	free(f->srcs);
	free(f->sites);
	for (size_t i = 0; i < f->npaths; i++)
		free((char *)f->paths[i].id.path);
	free(f->paths);
	free(f->sizes);
	free(f->threads);
	trace_map_free(&f->site_map);
	trace_map_free(&f->path_map);
	trace_map_free(&f->size_map);
	trace_map_free(&f->fd_map);
	trace_map_free(&f->thread_map);
	trace_map_free(&f->cwd_map);
	free(f);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

uint32_t findings_source_id(struct findings *f, const struct agg_source *src)
{
	uint32_t id = agg_source_id(f->agg, src);
	if (id > f->nsrcs) { /* ids are handed out in order: this one is new */
		xgrow((void **)&f->srcs, &f->capsrcs, id, sizeof(*f->srcs));
		struct agg_source *c = &f->srcs[id - 1];
		c->file = dup_or_null(src->file);
		c->line = src->line;
		c->function = dup_or_null(src->function);
		c->module = dup_or_null(src->module);
		f->nsrcs = id;
	}
	return id;
}

/* --- keyed tables ----------------------------------------------------------- */

static struct site *site_get(struct findings *f, int nr, uint32_t src)
{
	uint64_t key = (uint64_t)src << 32 | (uint32_t)nr;
	uint64_t *v = trace_map_get(&f->site_map, key);
	if (v)
		return &f->sites[*v];
	if (f->nsites >= CAP_SITES) {
		f->dropped++;
		return &f->overflow_site;
	}
	xgrow((void **)&f->sites, &f->capsites, f->nsites + 1, sizeof(*f->sites));
	struct site *s = &f->sites[f->nsites];
	memset(s, 0, sizeof(*s));
	s->nr = nr;
	s->src = src;
	trace_map_put(&f->site_map, key, f->nsites);
	return &f->sites[f->nsites++];
}

/* Descriptor state, packed: generation (32 bits), writes since the last sync
 * (16), fstats since it was opened (16). 0 = unknown or closed. */
#define FD_GEN(v)    ((uint32_t)((v) >> 32))
#define FD_WRITES(v) ((uint32_t)((v) >> 16) & 0xffff)
#define FD_FSTATS(v) ((uint32_t)(v)&0xffff)
#define FD_PACK(g, w, s)                                                                           \
	((uint64_t)(g) << 32 | (uint64_t)((w) > 0xffff ? 0xffff : (w)) << 16 |                     \
	 (uint64_t)((s) > 0xffff ? 0xffff : (s)))

static uint64_t fd_key(int32_t pid, int64_t fd)
{
	return (uint64_t)(uint32_t)pid << 32 | (uint32_t)fd;
}

static uint64_t fd_get(const struct findings *f, int32_t pid, int64_t fd)
{
	uint64_t *v = trace_map_get(&f->fd_map, fd_key(pid, fd));
	return v ? *v : 0;
}

static void fd_put(struct findings *f, int32_t pid, int64_t fd, uint64_t val)
{
	uint64_t *v = trace_map_get(&f->fd_map, fd_key(pid, fd));
	if (v) {
		*v = val;
		return;
	}
	if (f->fd_map.count >= CAP_FDS) { /* start over rather than grow */
		trace_map_free(&f->fd_map);
		trace_map_init(&f->fd_map);
	}
	trace_map_put(&f->fd_map, fd_key(pid, fd), val);
}

static void fd_opened(struct findings *f, int32_t pid, int64_t fd)
{
	if (fd >= 0)
		fd_put(f, pid, fd, FD_PACK(++f->fd_gen, 0, 0));
}

/* The path of a call (payload of argument path_arg), or NULL. */
static const struct trace_payload *path_payload(const struct trace_syscall *s, int arg)
{
	for (unsigned i = 0; arg >= 0 && i < s->npayloads; i++)
		if (s->payloads[i].arg == arg && s->payloads[i].kind == TPAY_STRING &&
		    !(s->payloads[i].flags & TPAYF_UNREADABLE))
			return &s->payloads[i];
	return NULL;
}

/* What identifies the file a path names: absolute paths by process and
 * text; relative ones also by the directory they are relative to (the
 * generation of the dirfd, or of the working directory). */
static struct path_id path_id_of(const struct findings *f, const struct trace_syscall *s,
                                 const struct nr_info *ni, const struct trace_payload *p)
{
	struct path_id id = {.pid = s->pid, .path = (const char *)p->data, .len = p->len};
	if (p->len == 0 || p->data[0] != '/') {
		int64_t dirfd = ni->dirfd_arg >= 0 ? (int32_t)s->args[ni->dirfd_arg] : AT_FDCWD;
		if (dirfd == AT_FDCWD) {
			uint64_t *g = trace_map_get(&f->cwd_map, (uint32_t)s->pid);
			id.dir_kind = PATH_DIR_CWD;
			id.dir = g ? *g : 0;
		} else {
			id.dir_kind = PATH_DIR_FD;
			id.dir = (uint64_t)(uint32_t)dirfd << 32 | FD_GEN(fd_get(f, s->pid, dirfd));
		}
	}
	return id;
}

static uint64_t path_hash(const struct path_id *id)
{
	uint64_t h = trace_hash64((uint64_t)(uint32_t)id->pid ^ (uint64_t)id->dir_kind << 32 ^
	                          trace_hash64(id->dir));
	return hash_bytes(h, id->path, id->len);
}

struct path_cmp {
	const struct findings *f;
	const struct path_id *id;
};

static bool same_path(const void *ctx, uint64_t idx)
{
	const struct path_cmp *c = ctx;
	const struct path_id *a = &c->f->paths[idx].id, *b = c->id;
	return a->pid == b->pid && a->dir_kind == b->dir_kind && a->dir == b->dir &&
	       a->len == b->len && memcmp(a->path, b->path, a->len) == 0;
}

/* The entry of the file a lookup names (made when new), or NULL when it is
 * not tracked: the table is full, or the path is longer than any the kernel
 * takes. */
static struct path_entry *path_get(struct findings *f, const struct trace_syscall *s,
                                   const struct nr_info *ni, const struct trace_payload *p)
{
	struct path_id id = path_id_of(f, s, ni, p);
	struct path_cmp cmp = {f, &id};
	uint64_t key = 0;
	uint64_t *v = trace_map_find(&f->path_map, path_hash(&id), same_path, &cmp, &key);
	if (v)
		return &f->paths[*v];
	if (f->npaths >= CAP_PATHS || id.len > PATH_KEY_MAX) {
		f->dropped++;
		return NULL;
	}
	xgrow((void **)&f->paths, &f->cappaths, f->npaths + 1, sizeof(*f->paths));
	struct path_entry *e = &f->paths[f->npaths];
	memset(e, 0, sizeof(*e));
	e->id = id;
	char *copy = xmalloc(id.len + 1);
	memcpy(copy, id.path, id.len);
	copy[id.len] = '\0';
	e->id.path = copy;
	trace_map_put(&f->path_map, key, f->npaths);
	return &f->paths[f->npaths++];
}

static struct thread_state *thread_get(struct findings *f, int32_t tid)
{
	uint64_t *v = trace_map_get(&f->thread_map, (uint32_t)tid);
	if (v)
		return &f->threads[*v];
	if (f->nthreads >= CAP_THREADS) { /* start over rather than grow */
		trace_map_free(&f->thread_map);
		trace_map_init(&f->thread_map);
		f->nthreads = 0;
	}
	xgrow((void **)&f->threads, &f->capthreads, f->nthreads + 1, sizeof(*f->threads));
	struct thread_state *t = &f->threads[f->nthreads];
	memset(t, 0, sizeof(*t));
	trace_map_put(&f->thread_map, (uint32_t)tid, f->nthreads);
	return &f->threads[f->nthreads++];
}

static struct size_entry *size_get(struct findings *f, uint64_t size)
{
	uint64_t *v = trace_map_get(&f->size_map, size);
	if (v)
		return &f->sizes[*v];
	if (f->nsizes >= CAP_SIZES) {
		f->dropped++;
		return NULL;
	}
	xgrow((void **)&f->sizes, &f->capsizes, f->nsizes + 1, sizeof(*f->sizes));
	struct size_entry *e = &f->sizes[f->nsizes];
	memset(e, 0, sizeof(*e));
	e->size = size;
	trace_map_put(&f->size_map, size, f->nsizes);
	return &f->sizes[f->nsizes++];
}

/* --- per call ---------------------------------------------------------------- */

/* A failed lookup of the same file name right after failed lookups of it in
 * other places is a search along a path list; a run of find_T.storm_run or more
 * counts, up to the try that finds it. */
static void note_search(struct findings *f, const struct trace_syscall *s, struct site *site,
                        const struct trace_payload *p, uint64_t dur, bool enoent)
{
	const char *path = (const char *)p->data;
	const char *base = memrchr(path, '/', p->len);
	size_t blen = base ? p->len - (size_t)(base + 1 - path) : p->len;
	base = base ? base + 1 : path;
	uint32_t nh = (uint32_t)hash_bytes(0, base, blen);
	struct thread_state *t = thread_get(f, s->tid);

	if (!enoent) {
		t->run = 0;
		return;
	}
	if (t->run == 0 || t->name_hash != nh) {
		t->name_hash = nh;
		t->run = 0;
		t->run_ns = 0;
	}
	t->run++;
	t->run_ns += dur;
	if (t->run < find_T.storm_run)
		return;
	uint64_t fails = t->run == find_T.storm_run ? t->run : 1;
	uint64_t ns = t->run == find_T.storm_run ? t->run_ns : dur;
	site->storm_fails += fails;
	site->storm_ns += ns;
	f->storm_fails += fails;
	if (t->run == find_T.storm_run)
		f->storm_names++;
	if (t->run > f->storm_best_run) {
		f->storm_best_run = t->run;
		size_t n = blen < sizeof(f->storm_name) - 1 ? blen : sizeof(f->storm_name) - 1;
		memcpy(f->storm_name, base, n);
		f->storm_name[n] = '\0';
	}
}

static void note_lookup(struct findings *f, const struct trace_syscall *s, const struct nr_info *ni,
                        struct site *site, uint64_t dur)
{
	const struct trace_payload *p = path_payload(s, ni->path_arg);
	if (!p)
		return;
	bool ok = !trace_ret_is_error(s->ret);
	note_search(f, s, site, p, dur, s->ret == -ENOENT);
	if (ni->cat == C_EXEC)
		return;
	struct path_entry *e = path_get(f, s, ni, p);
	if (!e)
		return;
	if (ni->cat == C_OPEN) {
		if (ok && e->opens_ok == 0)
			site->distinct_opens++;
		e->opens++;
		e->opens_ok += ok;
		e->open_site = (uint32_t)(site - f->sites);
		e->open_ns += dur;
	} else {
		e->stats++;
		e->stat_site = (uint32_t)(site - f->sites);
		e->stat_ns += dur;
	}
}

/* newfstatat(fd, "", AT_EMPTY_PATH) and statx(fd, "", AT_EMPTY_PATH) are fstats. */
static bool is_empty_path_stat(const struct trace_syscall *s, const struct nr_info *ni)
{
	const struct trace_payload *p = path_payload(s, ni->path_arg);
	return ni->dirfd_arg >= 0 && p && p->len == 0;
}

static void note_fstat(struct findings *f, const struct trace_syscall *s, int64_t fd,
                       struct site *site, uint64_t dur)
{
	uint64_t v = fd_get(f, s->pid, fd);
	if (!v || trace_ret_is_error(s->ret))
		return;
	uint32_t n = FD_FSTATS(v) + 1;
	fd_put(f, s->pid, fd, FD_PACK(FD_GEN(v), FD_WRITES(v), n));
	f->fstats++;
	if (n > find_T.fstat_per_fd) {
		site->fstat_repeats++;
		site->fstat_ns += dur;
	}
}

static void note_io(struct findings *f, const struct trace_syscall *s, enum cat c,
                    struct site *site)
{
	bool writing = c == C_WRITE || c == C_WRITEV;
	if (s->ret <= 0)
		return;
	site->io_calls++;
	site->bytes += (uint64_t)s->ret;
	if (c == C_READ || c == C_WRITE)
		site->requested += s->args[2];
	else
		site->no_request = true;
	if (!writing)
		return;
	f->writes++;
	int64_t fd = (int32_t)s->args[0];
	uint64_t v = fd_get(f, s->pid, fd);
	if (!v)
		v = FD_PACK(++f->fd_gen, 0, 0); /* inherited or untracked: a fresh state */
	fd_put(f, s->pid, fd, FD_PACK(FD_GEN(v), FD_WRITES(v) + 1, FD_FSTATS(v)));
}

static void note_sync(struct findings *f, const struct trace_syscall *s, struct site *site)
{
	int64_t fd = (int32_t)s->args[0];
	uint64_t v = fd_get(f, s->pid, fd);
	uint32_t w = FD_WRITES(v);
	site->syncs++;
	site->synced_writes += w;
	if (w <= find_T.sync_max_writes)
		site->syncs_per_write++;
	if (v)
		fd_put(f, s->pid, fd, FD_PACK(FD_GEN(v), 0, FD_FSTATS(v)));
}

static void note_map(struct findings *f, const struct trace_syscall *s, enum cat c,
                     struct site *site, uint64_t dur)
{
	if (trace_ret_is_error(s->ret))
		return;
	struct size_entry *e = size_get(f, s->args[1]);
	if (!e)
		return;
	uint32_t si = (uint32_t)(site - f->sites);
	if (c == C_MMAP) {
		e->maps++;
		e->map_site = si;
	} else {
		e->unmaps++;
		e->unmap_site = si;
	}
	e->ns += dur;
}

static void note_fd_calls(struct findings *f, const struct trace_syscall *s, enum cat c)
{
	if (trace_ret_is_error(s->ret))
		return;
	if (c == C_CLOSE) {
		if (fd_get(f, s->pid, (int32_t)s->args[0]))
			fd_put(f, s->pid, (int32_t)s->args[0], 0);
	} else if (c == C_DUP) {
		fd_opened(f, s->pid, s->ret);
	} else if (c == C_CHDIR) {
		uint64_t *g = trace_map_get(&f->cwd_map, (uint32_t)s->pid);
		if (g)
			(*g)++;
		else if (f->cwd_map.count < CAP_THREADS)
			trace_map_put(&f->cwd_map, (uint32_t)s->pid, 1);
	}
}

void findings_add(struct findings *f, const struct trace_syscall *s, uint64_t dur, uint32_t src_id)
{
	bool failed = trace_ret_is_error(s->ret);
	agg_add_id(f->agg, s->nr, src_id, dur, failed);
	f->total_ns += dur;
	if (s->nr >= FIND_NR_MAX || f->nr[s->nr].cat == C_NONE)
		return;
	const struct nr_info *ni = &f->nr[s->nr];
	enum cat c = (enum cat)ni->cat;
	if (c == C_CLOSE || c == C_DUP || c == C_CHDIR) {
		note_fd_calls(f, s, c);
		return;
	}
	struct site *site = site_get(f, s->nr, src_id);
	site->calls++;
	site->ns += dur;
	switch (c) {
	case C_READ:
	case C_WRITE:
	case C_READV:
	case C_WRITEV:
		note_io(f, s, c, site);
		break;
	case C_SYNC:
		note_sync(f, s, site);
		break;
	case C_OPEN:
		note_lookup(f, s, ni, site, dur);
		if (!failed)
			fd_opened(f, s->pid, s->ret);
		break;
	case C_STAT:
		if (is_empty_path_stat(s, ni))
			note_fstat(f, s, (int32_t)s->args[ni->dirfd_arg], site, dur);
		else
			note_lookup(f, s, ni, site, dur);
		break;
	case C_FSTAT:
		note_fstat(f, s, (int32_t)s->args[0], site, dur);
		break;
	case C_EXEC:
		note_lookup(f, s, ni, site, dur);
		break;
	case C_MMAP:
	case C_MUNMAP:
		note_map(f, s, c, site, dur);
		break;
	default:
		break;
	}
}
