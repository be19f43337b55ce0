/*
 * model_space.c - the model's address spaces: per process, its executable
 * mappings sorted by start (a new mapping punches out what it overlaps, an
 * unmap punches a hole), the image before its last exec (the execve call's
 * own stack lies there), and the trace's modules and in-memory images (the
 * vDSO), each kept once. Threads share their process's space.
 */
#include "analyze/model/model_int.h"

#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_hash.h"
#include "libtrace/trace_util.h"

struct space {
	struct model_map *maps; /* sorted by start, disjoint */
	size_t n, cap;
	struct model_map *pre_exec; /* the image before the last exec */
	size_t pre_exec_n;
};

static void space_free(struct space *sp)
{
	if (!sp)
		return;
	free(sp->maps);
	free(sp->pre_exec);
	free(sp);
}

void model_spaces_free(struct model *m)
{
	uint32_t pos = 0;
	uint64_t v;
	while (trace_map_next(&m->spaces, &pos, NULL, &v))
		space_free((struct space *)(uintptr_t)v);
	trace_map_free(&m->spaces);
	for (size_t i = 0; i < m->nmods; i++)
		free((char *)m->mods[i].path);
	free(m->mods);
	for (size_t i = 0; i < m->npaths; i++)
		free(m->paths[i]);
	free(m->paths);
	trace_map_free(&m->path_index);
	for (size_t i = 0; i < m->nimages; i++) {
		free(m->images[i].name);
		free(m->images[i].data);
	}
	free(m->images);
}

/* --- interned paths -------------------------------------------------------- */

struct path_cmp {
	const struct model *m;
	const char *path;
};

static bool same_path(const void *ctx, uint64_t idx)
{
	const struct path_cmp *c = ctx;
	return strcmp(c->m->paths[idx], c->path) == 0;
}

static uint32_t path_intern(struct model *m, const char *path)
{
	struct path_cmp c = {m, path};
	uint64_t key = 0;
	const uint64_t *v =
	    trace_map_find(&m->path_index, trace_hash_str(0, path), same_path, &c, &key);
	if (v)
		return (uint32_t)*v;
	xgrow((void **)&m->paths, &m->cappaths, m->npaths + 1, sizeof(*m->paths));
	m->paths[m->npaths] = xstrdup(path);
	trace_map_put(&m->path_index, key, m->npaths);
	return (uint32_t)m->npaths++;
}

/* --- spaces ---------------------------------------------------------------- */

static struct space *space_of(const struct model *m, int32_t pid)
{
	const uint64_t *v = trace_map_get(&m->spaces, (uint32_t)pid);
	return v ? (struct space *)(uintptr_t)*v : NULL;
}

/* A new, empty space for pid (a new process), replacing its old one. */
static struct space *space_new(struct model *m, int32_t pid)
{
	space_free(space_of(m, pid));
	struct space *sp = xcalloc(1, sizeof(*sp));
	trace_map_put(&m->spaces, (uint32_t)pid, (uint64_t)(uintptr_t)sp);
	return sp;
}

static struct space *space_get(struct model *m, int32_t pid)
{
	struct space *sp = space_of(m, pid);
	return sp ? sp : space_new(m, pid);
}

/* Removes [start, end) from sp, splitting the mappings it cuts through. */
static void space_punch(struct space *sp, uint64_t start, uint64_t end)
{
	size_t n = 0;
	struct model_map *out = xcalloc(sp->n + 2, sizeof(*out));
	for (size_t i = 0; i < sp->n; i++) {
		struct model_map mm = sp->maps[i];
		if (mm.end <= start || mm.start >= end) {
			out[n++] = mm;
			continue;
		}
		if (mm.start < start) {
			out[n] = mm;
			out[n++].end = start;
		}
		if (mm.end > end) {
			out[n] = mm;
			out[n].offset += end - mm.start;
			out[n++].start = end;
		}
	}
	free(sp->maps);
	sp->maps = out;
	sp->n = n;
	sp->cap = sp->n + 2;
}

/* Index of the first of maps[0..n) whose start is > pc. */
static size_t maps_upper(const struct model_map *maps, size_t n, uint64_t pc)
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

static const struct model_map *maps_find(const struct model_map *maps, size_t n, uint64_t pc)
{
	size_t i = maps_upper(maps, n, pc);
	if (i == 0 || pc >= maps[i - 1].end)
		return NULL;
	return &maps[i - 1];
}

static void space_insert(struct space *sp, const struct model_map *mm)
{
	space_punch(sp, mm->start, mm->end);
	xgrow((void **)&sp->maps, &sp->cap, sp->n + 1, sizeof(*sp->maps));
	size_t at = maps_upper(sp->maps, sp->n, mm->start);
	memmove(&sp->maps[at + 1], &sp->maps[at], (sp->n - at) * sizeof(*sp->maps));
	sp->maps[at] = *mm;
	sp->n++;
}

const struct model_map *model_map_at(const struct model *m, int32_t pid, uint64_t pc)
{
	const struct space *sp = space_of(m, pid);
	if (!sp) { /* a thread's id: its process's space */
		const uint64_t *t = trace_map_get(&m->by_tid, (uint32_t)pid);
		sp = t && m->threads[*t].pid != pid ? space_of(m, m->threads[*t].pid) : NULL;
	}
	if (!sp)
		return NULL;
	const struct model_map *mm = maps_find(sp->maps, sp->n, pc);
	return mm ? mm : maps_find(sp->pre_exec, sp->pre_exec_n, pc);
}

/* --- modules and images ---------------------------------------------------- */

static bool module_is(const struct model_module *mod, const struct trace_module *tm)
{
	if (mod->build_id_len != tm->build_id_len)
		return false;
	if (tm->build_id_len)
		return !memcmp(mod->build_id, tm->build_id, tm->build_id_len);
	return !strcmp(mod->path, tm->path) && mod->dev == tm->dev && mod->inode == tm->inode;
}

static uint32_t module_get(struct model *m, const struct trace_module *tm)
{
	for (size_t i = 0; i < m->nmods; i++)
		if (module_is(&m->mods[i], tm))
			return (uint32_t)i;
	xgrow((void **)&m->mods, &m->capmods, m->nmods + 1, sizeof(*m->mods));
	struct model_module *mod = &m->mods[m->nmods];
	memset(mod, 0, sizeof(*mod));
	mod->build_id_len = tm->build_id_len;
	memcpy(mod->build_id, tm->build_id, tm->build_id_len);
	mod->path = xstrdup(tm->path);
	mod->dev = tm->dev;
	mod->inode = tm->inode;
	mod->min_offset = UINT64_MAX;
	return (uint32_t)m->nmods++;
}

static void feed_map(struct model *m, const struct trace_module *tm)
{
	if (!tm->path || tm->end <= tm->start || tm->build_id_len > TRACE_BUILD_ID_MAX)
		return;
	struct model_map mm = {
	    .start = tm->start,
	    .end = tm->end,
	    .offset = tm->offset,
	    .module = module_get(m, tm),
	    .path = path_intern(m, tm->path),
	};
	if (tm->offset < m->mods[mm.module].min_offset)
		m->mods[mm.module].min_offset = tm->offset;
	space_insert(space_get(m, tm->pid), &mm);
}

static void feed_image(struct model *m, const struct trace_image *ti)
{
	if (!ti->data || !ti->size || ti->build_id_len > TRACE_BUILD_ID_MAX)
		return;
	const char *name = ti->name ? ti->name : "[vdso]";
	for (size_t i = 0; i < m->nimages; i++)
		if (m->images[i].build_id_len == ti->build_id_len &&
		    !memcmp(m->images[i].build_id, ti->build_id, ti->build_id_len) &&
		    !strcmp(m->images[i].name, name))
			return;
	xgrow((void **)&m->images, &m->capimages, m->nimages + 1, sizeof(*m->images));
	struct model_image *im = &m->images[m->nimages++];
	memset(im, 0, sizeof(*im));
	im->build_id_len = ti->build_id_len;
	memcpy(im->build_id, ti->build_id, ti->build_id_len);
	im->name = xstrdup(name);
	im->data = xmalloc(ti->size);
	memcpy(im->data, ti->data, ti->size);
	im->size = ti->size;
}

const struct model_image *model_image_for(const struct model *m, const struct model_module *mod)
{
	for (size_t i = 0; i < m->nimages; i++) {
		const struct model_image *im = &m->images[i];
		if (mod->build_id_len ? im->build_id_len == mod->build_id_len &&
		                            !memcmp(im->build_id, mod->build_id, mod->build_id_len)
		                      : !strcmp(im->name, mod->path))
			return im;
	}
	return NULL;
}

const struct model_module *model_module(const struct model *m, uint32_t i)
{
	return i < m->nmods ? &m->mods[i] : NULL;
}

uint32_t model_modules(const struct model *m)
{
	return (uint32_t)m->nmods;
}

const char *model_path(const struct model *m, uint32_t i)
{
	return i < m->npaths ? m->paths[i] : NULL;
}

uint32_t model_paths(const struct model *m)
{
	return (uint32_t)m->npaths;
}

/* --- records --------------------------------------------------------------- */

void model_space_feed(struct model *m, const struct trace_record *rec)
{
	switch (rec->type) {
	case TREC_THREAD:
		if (!(rec->u.thread.flags & TTHREAD_IS_THREAD))
			space_new(m, rec->u.thread.pid); /* its modules follow as MAP records */
		break;
	case TREC_EXEC: {
		struct space *sp = space_get(m, rec->u.exec.pid);
		free(sp->pre_exec);
		sp->pre_exec = sp->maps;
		sp->pre_exec_n = sp->n;
		sp->maps = NULL;
		sp->n = sp->cap = 0;
		break;
	}
	case TREC_MODULE_MAP:
		feed_map(m, &rec->u.map);
		break;
	case TREC_MODULE_UNMAP: {
		struct space *sp = space_of(m, rec->u.unmap.pid);
		if (sp)
			space_punch(sp, rec->u.unmap.start, rec->u.unmap.end);
		break;
	}
	case TREC_IMAGE:
		feed_image(m, &rec->u.image);
		break;
	default:
		break;
	}
}
