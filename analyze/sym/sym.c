/*
 * sym.c - offline symbolization: follows each process's address space from
 * the trace records (threads share their process's space, exec resets it,
 * module map/unmap records edit it), maps a PC to its module and ELF address,
 * and resolves each unique (module, address) once through a cache. Also the
 * text form of a frame (attribution of a whole stack: sym_attr.c).
 */
#include "analyze/sym/sym.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/sym/sym_find.h"
#include "analyze/sym/sym_module.h"
#include "libtrace/trace_map.h"
#include "libtrace/trace_util.h"
#include "libtrace/trace_hash.h"

/* The dynamic loader's file names (glibc's, musl's). */
static const char *const loader_names[] = {"ld-linux*", "ld-*.so*", "ld.so*"};

/* Modules whose frames are skipped by source attribution, besides the loader
 * and --skip-module. */
static const char *const default_skip[] = {
    "libc.so*",      "libc-*.so",    "libpthread.so*", "libpthread-*",   "libm.so*",
    "libm-*.so",     "libdl.so*",    "libdl-*.so",     "librt.so*",      "librt-*.so",
    "libstdc++.so*", "libgcc_s.so*", "\\[vdso\\]",     "linux-vdso.so*",
};

/* One executable mapping of a process. */
struct mapping {
	uint64_t start, end, offset;
	uint32_t mod;     /* index in sym_ctx.mods */
	const char *path; /* interned */
	bool system;
	bool loader;
};

struct space {
	struct mapping *maps; /* sorted by start, disjoint */
	size_t n, cap;
	/* The image before the last exec: the execve call's own record follows the
	 * EXEC record, and its stack lies in the old image. */
	struct mapping *pre_exec;
	size_t pre_exec_n;
};

struct cache_slot {
	uint64_t addr;
	uint32_t mod; /* module index */
	unsigned line;
	bool inlined;
	const char *function, *file;
};

struct image {
	uint8_t bid[TRACE_BUILD_ID_MAX];
	uint8_t bid_len;
	char *name;
	uint8_t *data;
	size_t size;
};

struct sym_ctx {
	bool quiet;
	char **skip; /* --skip-module globs */
	unsigned nskip;
	struct sym_finder *finder;
	struct sym_module **mods;
	size_t nmods, capmods;
	struct space **spaces; /* every space, for freeing */
	size_t nspaces, capspaces;
	struct trace_map pids;    /* pid -> struct space * */
	struct cache_slot *cache; /* every resolution, in the order made */
	size_t ncache, capcache;
	struct trace_map cache_index; /* (module, address) -> index in cache (trace_map_find) */
	char **strs;                  /* interned strings, for freeing */
	size_t nstrs, capstrs;
	struct trace_map str_index; /* string content -> char * (trace_map_find) */
	struct image *images;
	size_t nimages, capimages;
	struct sym_stats stats;
};

static uint64_t hash_str(const char *s)
{
	return trace_hash_bytes(TRACE_HASH_FNV_BASIS, s, strlen(s));
}

/* --- interned strings ---------------------------------------------------- */

static bool same_str(const void *ctx, uint64_t val)
{
	return strcmp((const char *)(uintptr_t)val, ctx) == 0;
}

static const char *intern(struct sym_ctx *s, const char *str)
{
	uint64_t key = 0;
	const uint64_t *v = trace_map_find(&s->str_index, hash_str(str), same_str, str, &key);
	if (v)
		return (const char *)(uintptr_t)*v;
	xgrow((void **)&s->strs, &s->capstrs, s->nstrs + 1, sizeof(*s->strs));
	char *copy = s->strs[s->nstrs++] = xstrdup(str);
	trace_map_put(&s->str_index, key, (uint64_t)(uintptr_t)copy);
	return copy;
}

/* --- pid -> address space ------------------------------------------------ */

static struct space *space_of(struct sym_ctx *s, int32_t pid)
{
	const uint64_t *v = trace_map_get(&s->pids, (uint64_t)(uint32_t)pid);
	return v ? (struct space *)(uintptr_t)*v : NULL;
}

static void space_bind(struct sym_ctx *s, int32_t pid, struct space *sp)
{
	trace_map_put(&s->pids, (uint64_t)(uint32_t)pid, (uint64_t)(uintptr_t)sp);
}

static struct space *space_new(struct sym_ctx *s, int32_t pid)
{
	struct space *sp = xcalloc(1, sizeof(*sp));
	xgrow((void **)&s->spaces, &s->capspaces, s->nspaces + 1, sizeof(*s->spaces));
	s->spaces[s->nspaces++] = sp;
	space_bind(s, pid, sp);
	return sp;
}

static struct space *space_get(struct sym_ctx *s, int32_t pid)
{
	struct space *sp = space_of(s, pid);
	return sp ? sp : space_new(s, pid);
}

/* Removes [start, end) from sp, splitting the mappings it cuts through. */
static void space_punch(struct space *sp, uint64_t start, uint64_t end)
{
	size_t n = 0;
	struct mapping *out = xcalloc(sp->n + 2, sizeof(*out));
	for (size_t i = 0; i < sp->n; i++) {
		struct mapping m = sp->maps[i];
		if (m.end <= start || m.start >= end) {
			out[n++] = m;
			continue;
		}
		if (m.start < start) {
			out[n] = m;
			out[n++].end = start;
		}
		if (m.end > end) {
			out[n] = m;
			out[n].offset += end - m.start;
			out[n++].start = end;
		}
	}
	free(sp->maps);
	sp->maps = out;
	sp->n = n;
	sp->cap = sp->n + 2;
}

/* Index of the first of maps[0..n) whose start is > pc. */
static size_t maps_upper(const struct mapping *maps, size_t n, uint64_t pc)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (maps[mid].start <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct mapping *maps_find(const struct mapping *maps, size_t n, uint64_t pc)
{
	size_t i = maps_upper(maps, n, pc);
	if (i == 0 || pc >= maps[i - 1].end)
		return NULL;
	return &maps[i - 1];
}

static void space_insert(struct space *sp, const struct mapping *m)
{
	space_punch(sp, m->start, m->end);
	xgrow((void **)&sp->maps, &sp->cap, sp->n + 1, sizeof(*sp->maps));
	size_t at = maps_upper(sp->maps, sp->n, m->start);
	memmove(&sp->maps[at + 1], &sp->maps[at], (sp->n - at) * sizeof(*sp->maps));
	sp->maps[at] = *m;
	sp->n++;
}

/* The mapping holding pc; the image before the last exec serves what the current
 * one does not hold. */
static const struct mapping *space_find(const struct space *sp, uint64_t pc)
{
	const struct mapping *m = maps_find(sp->maps, sp->n, pc);
	return m ? m : maps_find(sp->pre_exec, sp->pre_exec_n, pc);
}

/* --- modules ------------------------------------------------------------- */

static bool matches_any(const char *const *globs, size_t n, const char *base)
{
	for (size_t i = 0; i < n; i++)
		if (trace_glob_match(globs[i], base))
			return true;
	return false;
}

static const char *path_base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static bool is_loader_path(const char *path)
{
	return matches_any(loader_names, sizeof(loader_names) / sizeof(loader_names[0]),
	                   path_base(path));
}

static bool is_system_path(const struct sym_ctx *s, const char *path)
{
	const char *base = path_base(path);
	if (is_loader_path(path) ||
	    matches_any(default_skip, sizeof(default_skip) / sizeof(default_skip[0]), base))
		return true;
	for (unsigned i = 0; i < s->nskip; i++)
		if (trace_glob_match(s->skip[i], base) || trace_glob_match(s->skip[i], path))
			return true;
	return false;
}

static bool is_vdso_path(const char *path)
{
	return !strcmp(path, "[vdso]") || !strncmp(path, "linux-vdso", 10);
}

static bool module_is(const struct sym_module *m, const struct trace_module *tm)
{
	if (m->bid_len != tm->build_id_len)
		return false;
	if (tm->build_id_len)
		return !memcmp(m->bid, tm->build_id, tm->build_id_len);
	return !strcmp(m->path, tm->path) && m->dev == tm->dev && m->inode == tm->inode;
}

static uint32_t module_get(struct sym_ctx *s, const struct trace_module *tm)
{
	for (size_t i = 0; i < s->nmods; i++)
		if (module_is(s->mods[i], tm))
			return (uint32_t)i;
	struct sym_module *m = xcalloc(1, sizeof(*m));
	m->bid_len = tm->build_id_len;
	memcpy(m->bid, tm->build_id, tm->build_id_len);
	m->path = xstrdup(tm->path);
	m->dev = tm->dev;
	m->inode = tm->inode;
	m->is_vdso = is_vdso_path(tm->path);
	m->system = is_system_path(s, tm->path);
	m->min_map_offset = UINT64_MAX;
	xgrow((void **)&s->mods, &s->capmods, s->nmods + 1, sizeof(*s->mods));
	s->mods[s->nmods] = m;
	s->stats.modules++;
	return (uint32_t)s->nmods++;
}

/* The saved image of a vDSO module: same build-id, else the same name. */
static const struct image *image_for(const struct sym_ctx *s, const struct sym_module *m)
{
	for (size_t i = 0; i < s->nimages; i++) {
		const struct image *im = &s->images[i];
		if (m->bid_len ? im->bid_len == m->bid_len && !memcmp(im->bid, m->bid, m->bid_len)
		               : !strcmp(im->name, m->path))
			return im;
	}
	return NULL;
}

static void module_load(struct sym_ctx *s, struct sym_module *m)
{
	const struct image *im = m->is_vdso ? image_for(s, m) : NULL;
	if (sym_module_load(m, s->finder, im ? im->data : NULL, im ? im->size : 0, s->quiet))
		s->stats.warnings++;
	if (m->state == SYM_MOD_READY)
		s->stats.modules_ready++;
}

/* --- records ------------------------------------------------------------- */

static void feed_thread(struct sym_ctx *s, const struct trace_thread *t)
{
	if (t->flags & TTHREAD_IS_THREAD) {
		if (t->tid != t->pid)
			space_bind(s, t->tid, space_get(s, t->pid));
		return;
	}
	/* A new process: its modules follow as MAP records. */
	struct space *sp = space_new(s, t->pid);
	if (t->tid != t->pid)
		space_bind(s, t->tid, sp);
}

static void feed_exec(struct sym_ctx *s, const struct trace_exec *e)
{
	struct space *sp = space_get(s, e->pid);
	free(sp->pre_exec);
	sp->pre_exec = sp->maps;
	sp->pre_exec_n = sp->n;
	sp->maps = NULL;
	sp->n = sp->cap = 0;
}

static void feed_map(struct sym_ctx *s, const struct trace_module *tm)
{
	if (!tm->path || tm->end <= tm->start || tm->build_id_len > TRACE_BUILD_ID_MAX)
		return;
	struct mapping m = {
	    .start = tm->start,
	    .end = tm->end,
	    .offset = tm->offset,
	    .path = intern(s, tm->path),
	};
	m.mod = module_get(s, tm);
	if (tm->offset < s->mods[m.mod]->min_map_offset)
		s->mods[m.mod]->min_map_offset = tm->offset;
	m.system = is_system_path(s, tm->path);
	m.loader = is_loader_path(tm->path);
	space_insert(space_get(s, tm->pid), &m);
}

static void feed_image(struct sym_ctx *s, const struct trace_image *ti)
{
	if (!ti->data || !ti->size || ti->build_id_len > TRACE_BUILD_ID_MAX)
		return;
	for (size_t i = 0; i < s->nimages; i++)
		if (s->images[i].bid_len == ti->build_id_len &&
		    !memcmp(s->images[i].bid, ti->build_id, ti->build_id_len) &&
		    !strcmp(s->images[i].name, ti->name ? ti->name : "[vdso]"))
			return;
	xgrow((void **)&s->images, &s->capimages, s->nimages + 1, sizeof(*s->images));
	struct image *im = &s->images[s->nimages++];
	memset(im, 0, sizeof(*im));
	im->bid_len = ti->build_id_len;
	memcpy(im->bid, ti->build_id, ti->build_id_len);
	im->name = xstrdup(ti->name ? ti->name : "[vdso]");
	im->data = xmalloc(ti->size);
	memcpy(im->data, ti->data, ti->size);
	im->size = ti->size;
}

void sym_feed(struct sym_ctx *s, const struct trace_record *rec)
{
	switch (rec->type) {
	case TREC_THREAD:
		feed_thread(s, &rec->u.thread);
		break;
	case TREC_EXEC:
		feed_exec(s, &rec->u.exec);
		break;
	case TREC_MODULE_MAP:
		feed_map(s, &rec->u.map);
		break;
	case TREC_MODULE_UNMAP: {
		struct space *sp = space_of(s, rec->u.unmap.pid);
		if (sp)
			space_punch(sp, rec->u.unmap.start, rec->u.unmap.end);
		break;
	}
	case TREC_IMAGE:
		feed_image(s, &rec->u.image);
		break;
	default:
		break;
	}
}

/* --- lookups ------------------------------------------------------------- */

/* The resolution looked up by (module, address). */
struct cache_key {
	const struct sym_ctx *s;
	uint32_t mod;
	uint64_t addr;
};

static bool same_slot(const void *ctx, uint64_t idx)
{
	const struct cache_key *k = ctx;
	return k->s->cache[idx].mod == k->mod && k->s->cache[idx].addr == k->addr;
}

/* The resolution of (module index mi, vaddr), computed on first use. Valid
 * until the next call. */
static const struct cache_slot *resolve_cached(struct sym_ctx *s, uint32_t mi, uint64_t vaddr)
{
	struct cache_key k = {s, mi, vaddr};
	uint64_t key = 0;
	const uint64_t *v =
	    trace_map_find(&s->cache_index, vaddr ^ (uint64_t)mi << 47, same_slot, &k, &key);
	if (v)
		return &s->cache[*v];
	struct sym_resolved r;
	sym_module_resolve(s->mods[mi], vaddr, &r);
	xgrow((void **)&s->cache, &s->capcache, s->ncache + 1, sizeof(*s->cache));
	struct cache_slot *c = &s->cache[s->ncache];
	*c = (struct cache_slot){
	    .addr = vaddr,
	    .mod = mi,
	    .line = r.line,
	    .inlined = r.inlined,
	    .function = r.function,
	    .file = r.file,
	};
	trace_map_put(&s->cache_index, key, s->ncache++);
	s->stats.symbolized++;
	return c;
}

int sym_frame(struct sym_ctx *s, pid_t pid, uint64_t pc, bool is_return, struct sym_frame *out)
{
	memset(out, 0, sizeof(*out));
	uint64_t at = is_return && pc > 0 ? pc - 1 : pc;
	const struct space *sp = space_of(s, (int32_t)pid);
	const struct mapping *m = sp ? space_find(sp, at) : NULL;
	if (!m) {
		out->offset = pc;
		return -1;
	}
	s->stats.lookups++;
	struct sym_module *mod = s->mods[m->mod];
	if (mod->state == SYM_MOD_NEW)
		module_load(s, mod);
	out->module = m->path;
	out->system = m->system;
	out->loader = m->loader;
	out->offset = pc - m->start + m->offset;
	uint64_t vaddr;
	if (mod->state != SYM_MOD_READY || !sym_module_vaddr(mod, m->start, m->offset, at, &vaddr))
		return 0;
	out->offset = vaddr + (pc - at);
	out->module_lines = mod->has_lines;
	const struct cache_slot *c = resolve_cached(s, m->mod, vaddr);
	out->function = c->function;
	out->file = c->file;
	out->line = c->line;
	out->inlined = c->inlined;
	out->start_code = sym_module_start_code(mod, vaddr, c->function);
	return 0;
}

bool sym_pc_in_loader(struct sym_ctx *s, pid_t pid, uint64_t pc)
{
	const struct space *sp = space_of(s, (int32_t)pid);
	const struct mapping *m = sp && pc ? space_find(sp, pc - 1) : NULL;
	return m && m->loader;
}

const char *sym_frame_str(const struct sym_frame *f, char *buf, unsigned len)
{
	const char *base = f->module ? path_base(f->module) : NULL;
	if (f->file && f->line && f->function)
		snprintf(buf, len, "%s:%u in %s", f->file, f->line, f->function);
	else if (f->file && f->line)
		snprintf(buf, len, "%s:%u", f->file, f->line);
	else if (f->function && base)
		snprintf(buf, len, "%s (%s+0x%llx)", f->function, base,
		         (unsigned long long)f->offset);
	else if (base)
		snprintf(buf, len, "%s+0x%llx", base, (unsigned long long)f->offset);
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)f->offset);
	return buf;
}

/* --- lifetime ------------------------------------------------------------ */

struct sym_ctx *sym_new(const struct sym_options *o)
{
	struct sym_ctx *s = xcalloc(1, sizeof(*s));
	trace_map_init(&s->pids);
	trace_map_init(&s->cache_index);
	trace_map_init(&s->str_index);
	static const struct sym_options none;
	if (!o)
		o = &none;
	s->quiet = o->quiet;
	s->nskip = o->nskip_globs;
	s->skip = xcalloc(s->nskip ? s->nskip : 1, sizeof(*s->skip));
	for (unsigned i = 0; i < s->nskip; i++)
		s->skip[i] = xstrdup(o->skip_globs[i]);
	s->finder = sym_finder_new(o->debug_dirs, o->ndebug_dirs, o->sysroot, o->system_debug_dir);
	return s;
}

void sym_free(struct sym_ctx *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nmods; i++) {
		sym_module_release(s->mods[i]);
		free(s->mods[i]);
	}
	free(s->mods);
	for (size_t i = 0; i < s->nspaces; i++) {
		free(s->spaces[i]->maps);
		free(s->spaces[i]->pre_exec);
		free(s->spaces[i]);
	}
	free(s->spaces);
	trace_map_free(&s->pids);
	free(s->cache);
	trace_map_free(&s->cache_index);
	for (size_t i = 0; i < s->nstrs; i++)
		free(s->strs[i]);
	free(s->strs);
	trace_map_free(&s->str_index);
	for (size_t i = 0; i < s->nimages; i++) {
		free(s->images[i].name);
		free(s->images[i].data);
	}
	free(s->images);
	for (unsigned i = 0; i < s->nskip; i++)
		free(s->skip[i]);
	free(s->skip);
	sym_finder_free(s->finder);
	free(s);
}

void sym_get_stats(const struct sym_ctx *s, struct sym_stats *out)
{
	*out = s->stats;
}
