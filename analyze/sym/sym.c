/*
 * sym.c - offline symbolization: maps a PC to its module and ELF address
 * through the trace model's address spaces (analyze/model), opens each
 * module's files on first use, and resolves each unique (module, address)
 * once through a cache. Also the text form of a frame (attribution of a
 * whole stack: sym_attr.c).
 */
#include "analyze/sym/sym.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/model/model.h"
#include "analyze/sym/sym_find.h"
#include "analyze/sym/sym_module.h"
#include "libtrace/trace_map.h"
#include "libtrace/trace_util.h"

/* The dynamic loader's file names (glibc's, musl's). */
static const char *const loader_names[] = {"ld-linux*", "ld-*.so*", "ld.so*"};

/* Modules whose frames are skipped by source attribution, besides the loader
 * and --skip-module. */
static const char *const default_skip[] = {
    "libc.so*",      "libc-*.so",    "libpthread.so*", "libpthread-*",   "libm.so*",
    "libm-*.so",     "libdl.so*",    "libdl-*.so",     "librt.so*",      "librt-*.so",
    "libstdc++.so*", "libgcc_s.so*", "\\[vdso\\]",     "linux-vdso.so*",
};

struct cache_slot {
	uint64_t addr;
	uint32_t mod; /* module index */
	unsigned line;
	bool inlined;
	const char *function, *file;
};

/* path_flags: what a recorded path is to attribution (worked out on first use). */
#define PATH_KNOWN  0x1
#define PATH_SYSTEM 0x2
#define PATH_LOADER 0x4

struct sym_ctx {
	bool quiet;
	char **skip; /* --skip-module globs */
	unsigned nskip;
	struct sym_finder *finder;
	const struct model *model; /* the address spaces */
	struct model *own;         /* the model sym_feed feeds (sym_new), or NULL */
	struct sym_module **mods;  /* by model module index; made on first lookup */
	size_t capmods;
	uint8_t *path_flags; /* by model path index: PATH_* */
	size_t cappaths;
	struct cache_slot *cache; /* every resolution, in the order made */
	size_t ncache, capcache;
	struct trace_map cache_index; /* (module, address) -> index in cache (trace_map_find) */
	struct sym_stats stats;
};

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

/* PATH_* of the model's path i. */
static uint8_t path_flags(struct sym_ctx *s, uint32_t i)
{
	if (i >= s->cappaths) {
		size_t old = s->cappaths;
		xgrow((void **)&s->path_flags, &s->cappaths, (size_t)i + 1, sizeof(*s->path_flags));
		memset(s->path_flags + old, 0, s->cappaths - old);
	}
	if (!s->path_flags[i]) {
		const char *path = model_path(s->model, i);
		s->path_flags[i] = PATH_KNOWN | (is_system_path(s, path) ? PATH_SYSTEM : 0) |
		                   (is_loader_path(path) ? PATH_LOADER : 0);
	}
	return s->path_flags[i];
}

/* The symbolizer's side of the model's module i, made on first use. */
static struct sym_module *module_of(struct sym_ctx *s, uint32_t i)
{
	if (i >= s->capmods) {
		size_t old = s->capmods;
		xgrow((void **)&s->mods, &s->capmods, (size_t)i + 1, sizeof(*s->mods));
		memset(s->mods + old, 0, (s->capmods - old) * sizeof(*s->mods));
	}
	const struct model_module *mm = model_module(s->model, i);
	struct sym_module *m = s->mods[i];
	if (!m) {
		m = s->mods[i] = xcalloc(1, sizeof(*m));
		m->bid_len = mm->build_id_len;
		memcpy(m->bid, mm->build_id, mm->build_id_len);
		m->path = xstrdup(mm->path);
		m->dev = mm->dev;
		m->inode = mm->inode;
		m->is_vdso = is_vdso_path(mm->path);
		m->system = is_system_path(s, mm->path);
	}
	m->min_map_offset = mm->min_offset; /* later mappings may lower it */
	return m;
}

static void module_load(struct sym_ctx *s, struct sym_module *m, uint32_t i)
{
	const struct model_image *im =
	    m->is_vdso ? model_image_for(s->model, model_module(s->model, i)) : NULL;
	if (sym_module_load(m, s->finder, im ? im->data : NULL, im ? im->size : 0, s->quiet))
		s->stats.warnings++;
	if (m->state == SYM_MOD_READY)
		s->stats.modules_ready++;
}

void sym_feed(struct sym_ctx *s, const struct trace_record *rec)
{
	if (s->own)
		model_feed(s->own, rec);
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
	const struct model_map *m = model_map_at(s->model, (int32_t)pid, at);
	if (!m) {
		out->offset = pc;
		return -1;
	}
	s->stats.lookups++;
	uint32_t mi = m->module;
	struct sym_module *mod = module_of(s, mi);
	if (mod->state == SYM_MOD_NEW)
		module_load(s, mod, mi);
	uint8_t pf = path_flags(s, m->path);
	out->module = model_path(s->model, m->path);
	out->system = pf & PATH_SYSTEM;
	out->loader = pf & PATH_LOADER;
	out->offset = pc - m->start + m->offset;
	uint64_t vaddr;
	if (mod->state != SYM_MOD_READY || !sym_module_vaddr(mod, m->start, m->offset, at, &vaddr))
		return 0;
	out->offset = vaddr + (pc - at);
	out->module_lines = mod->has_lines;
	const struct cache_slot *c = resolve_cached(s, mi, vaddr);
	out->function = c->function;
	out->file = c->file;
	out->line = c->line;
	out->inlined = c->inlined;
	out->start_code = sym_module_start_code(mod, vaddr, c->function);
	return 0;
}

bool sym_pc_in_loader(struct sym_ctx *s, pid_t pid, uint64_t pc)
{
	const struct model_map *m = pc ? model_map_at(s->model, (int32_t)pid, pc - 1) : NULL;
	return m && (path_flags(s, m->path) & PATH_LOADER);
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

struct sym_ctx *sym_new_on(const struct sym_options *o, const struct model *model)
{
	struct sym_ctx *s = xcalloc(1, sizeof(*s));
	trace_map_init(&s->cache_index);
	static const struct sym_options none;
	if (!o)
		o = &none;
	if (!model)
		model = s->own = model_new(true);
	s->model = model;
	s->quiet = o->quiet;
	s->nskip = o->nskip_globs;
	s->skip = xcalloc(s->nskip ? s->nskip : 1, sizeof(*s->skip));
	for (unsigned i = 0; i < s->nskip; i++)
		s->skip[i] = xstrdup(o->skip_globs[i]);
	s->finder = sym_finder_new(o->debug_dirs, o->ndebug_dirs, o->sysroot, o->system_debug_dir);
	return s;
}

struct sym_ctx *sym_new(const struct sym_options *o)
{
	return sym_new_on(o, NULL);
}

void sym_free(struct sym_ctx *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->capmods; i++) {
		if (!s->mods[i])
			continue;
		sym_module_release(s->mods[i]);
		free(s->mods[i]);
	}
	free(s->mods);
	free(s->path_flags);
	free(s->cache);
	trace_map_free(&s->cache_index);
	for (unsigned i = 0; i < s->nskip; i++)
		free(s->skip[i]);
	free(s->skip);
	sym_finder_free(s->finder);
	model_free(s->own);
	free(s);
}

void sym_get_stats(const struct sym_ctx *s, struct sym_stats *out)
{
	*out = s->stats;
	out->modules = model_modules(s->model);
}
