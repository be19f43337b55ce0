/*
 * agg.c - rows keyed by (syscall, source id) in the project's hash map
 * (trace_map) of integer keys, plus a direct syscall-number index for the plain -c case,
 * so that agg_add costs a few nanoseconds per call. Source locations are
 * interned once (strings hashed and copied into an arena owned by the
 * aggregation) into small ids; a caller that keeps the id of a source
 * (agg_source_id) adds calls with agg_add_id without touching strings.
 */
#include "analyze/summary/agg.h"

#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_hash.h"
#include "libtrace/trace_map.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

#define DIRECT_NR   1024 /* syscall numbers indexed directly when not by source */
#define ARENA_BLOCK 65536

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

/* Interned source locations: id i + 1 is srcs[i]; id 0 is "no source". */
struct src_table {
	struct agg_source *srcs; /* strings in the arena */
	unsigned n;
	size_t cap;
	struct trace_map index; /* content hash -> index in srcs (trace_map_find) */
};

struct agg {
	bool by_source;
	enum agg_sort_key sort_key;
	struct agg_row *rows;
	uint64_t *row_key; /* each row's key: source id << 32 | I/O class << 24 | syscall number */
	unsigned nrows;
	size_t cap;
	struct trace_map index;    /* row key -> index in rows */
	int32_t direct[DIRECT_NR]; /* nr -> row index, -1 when none (not by source) */
	struct src_table st;
	struct arena_block *arena;
};

static char *arena_strdup(struct agg *a, const char *s)
{
	if (!s)
		return NULL;
	size_t len = strlen(s) + 1;
	struct arena_block *b = a->arena;

	if (!b || b->size - b->used < len) {
		size_t size = len > ARENA_BLOCK ? len : ARENA_BLOCK;

		b = xmalloc(sizeof(*b) + size);
		b->next = a->arena;
		b->used = 0;
		b->size = size;
		a->arena = b;
	}
	char *p = b->data + b->used;

	memcpy(p, s, len);
	b->used += len;
	return p;
}

static uint64_t src_hash(const struct agg_source *src)
{
	uint64_t h = trace_hash_fold(src->line * TRACE_HASH_K + 1);

	h = trace_hash_str(h, src->file);
	h = trace_hash_str(h, src->function);
	return trace_hash_str(h, src->module);
}

static bool str_eq(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return x == y || strcmp(x, y) == 0;
}

static bool src_eq(const struct agg_source *x, const struct agg_source *y)
{
	return x->line == y->line && str_eq(x->file, y->file) && str_eq(x->function, y->function) &&
	       str_eq(x->module, y->module);
}

/* A row key: the source id in the high half, the I/O class and the syscall
 * number in the low. */
static uint64_t row_key(int nr, unsigned io, uint32_t src_id)
{
	return (uint64_t)src_id << 32 | (uint64_t)(io & 0xff) << 24 | ((uint32_t)nr & 0xffffff);
}

/* Rebuilds the row indexes from the rows (after sorting). */
static void index_rebuild(struct agg *a)
{
	trace_map_free(&a->index);
	for (unsigned i = 0; i < DIRECT_NR; i++)
		a->direct[i] = -1;
	for (unsigned r = 0; r < a->nrows; r++) {
		trace_map_put(&a->index, a->row_key[r], r);
		int nr = a->rows[r].nr;

		if (!a->by_source && !a->rows[r].io && nr >= 0 && nr < DIRECT_NR)
			a->direct[nr] = (int32_t)r;
	}
}

struct agg *agg_new(bool by_source)
{
	struct agg *a = xcalloc(1, sizeof(*a));

	a->by_source = by_source;
	a->sort_key = AGG_SORT_TIME;
	trace_map_init(&a->index);
	trace_map_init(&a->st.index);
	index_rebuild(a);
	return a;
}

/* Whether src names nothing: it then keys the same rows as no source. */
static bool src_empty(const struct agg_source *src)
{
	return !src->file && !src->line && !src->function && !src->module;
}

/* The source looked up by content. */
struct src_key {
	const struct src_table *t;
	const struct agg_source *src;
};

static bool same_src(const void *ctx, uint64_t idx)
{
	const struct src_key *k = ctx;
	return src_eq(&k->t->srcs[idx], k->src);
}

uint32_t agg_source_id(struct agg *a, const struct agg_source *src)
{
	struct src_table *t = &a->st;

	if (!a->by_source || !src || src_empty(src))
		return 0;
	struct src_key k = {t, src};
	uint64_t key = 0;
	const uint64_t *v = trace_map_find(&t->index, src_hash(src), same_src, &k, &key);

	if (v)
		return (uint32_t)*v + 1;
	xgrow((void **)&t->srcs, &t->cap, t->n + 1, sizeof(*t->srcs));
	unsigned i = t->n++;
	struct agg_source *copy = &t->srcs[i];

	copy->file = arena_strdup(a, src->file);
	copy->line = src->line;
	copy->function = arena_strdup(a, src->function);
	copy->module = arena_strdup(a, src->module);
	trace_map_put(&t->index, key, i);
	return i + 1;
}

void agg_free(struct agg *a)
{
	if (!a)
		return;
	for (unsigned i = 0; i < a->nrows; i++)
		agg_hist_free(a->rows[i].hist);
	while (a->arena) {
		struct arena_block *next = a->arena->next;

		free(a->arena);
		a->arena = next;
	}
	free(a->rows);
	free(a->row_key);
	trace_map_free(&a->index);
	free(a->st.srcs);
	trace_map_free(&a->st.index);
	free(a);
}

bool agg_by_source(const struct agg *a)
{
	return a->by_source;
}

/* Out of line: once per row, and it keeps the per-call path free of register saves. */
static __attribute__((noinline)) unsigned row_create(struct agg *a, int nr, unsigned io,
                                                     const char *name, uint32_t src_id)
{
	char buf[32];

	if (a->nrows == a->cap) {
		size_t cap = a->cap;

		xgrow((void **)&a->rows, &cap, a->nrows + 1, sizeof(struct agg_row));
		xgrow((void **)&a->row_key, &a->cap, a->nrows + 1, sizeof(uint64_t));
	}
	unsigned i = a->nrows++;
	struct agg_row *r = &a->rows[i];

	memset(r, 0, sizeof(*r));
	r->nr = nr;
	r->io = (uint8_t)io;
	r->name = arena_strdup(a, name ? name : trace_syscall_name_r(nr, buf, sizeof(buf)));
	if (src_id)
		r->src = a->st.srcs[src_id - 1]; /* the interned strings */
	r->hist = agg_hist_new();
	a->row_key[i] = row_key(nr, io, src_id);
	trace_map_put(&a->index, a->row_key[i], i);
	if (!a->by_source && !io && nr >= 0 && nr < DIRECT_NR)
		a->direct[nr] = (int32_t)i;
	return i;
}

/* The row of key (nr, io, src_id), created (with name, when set) if missing. */
static struct agg_row *row_get(struct agg *a, int nr, unsigned io, uint32_t src_id,
                               const char *name)
{
	if (!src_id && !io && nr >= 0 && nr < DIRECT_NR && a->direct[nr] >= 0)
		return &a->rows[a->direct[nr]];

	const uint64_t *row = trace_map_get(&a->index, row_key(nr, io, src_id));

	if (row)
		return &a->rows[*row];
	unsigned i = row_create(a, nr, io, name, src_id); /* may move the rows */

	return &a->rows[i];
}

void agg_add(struct agg *a, int nr, const struct agg_source *src, uint64_t duration_ns, bool failed)
{
	agg_add_id(a, nr, agg_source_id(a, src), duration_ns, failed);
}

static void row_add(struct agg_row *r, uint64_t duration_ns, bool failed);

void agg_add_id(struct agg *a, int nr, uint32_t src_id, uint64_t duration_ns, bool failed)
{
	struct agg_row *r;

	if (!src_id && nr >= 0 && nr < DIRECT_NR && a->direct[nr] >= 0)
		r = &a->rows[a->direct[nr]];
	else
		r = row_get(a, nr, 0, src_id, NULL);
	row_add(r, duration_ns, failed);
}

void agg_add_io(struct agg *a, int nr, unsigned io, uint32_t src_id, uint64_t duration_ns,
                bool failed)
{
	row_add(row_get(a, nr, io, src_id, NULL), duration_ns, failed);
}

static void row_add(struct agg_row *r, uint64_t duration_ns, bool failed)
{
	if (!r->calls || duration_ns < r->min_ns)
		r->min_ns = duration_ns;
	if (duration_ns > r->max_ns)
		r->max_ns = duration_ns;
	r->calls++;
	r->errors += failed;
	r->total_ns += duration_ns;
	agg_hist_add(r->hist, duration_ns, 1);
}

void agg_add_row(struct agg *a, const struct agg_row *from)
{
	struct agg_row *r =
	    row_get(a, from->nr, from->io, agg_source_id(a, &from->src), from->name);

	if (from->calls) {
		if (!r->calls || from->min_ns < r->min_ns)
			r->min_ns = from->min_ns;
		if (from->max_ns > r->max_ns)
			r->max_ns = from->max_ns;
	}
	r->calls += from->calls;
	r->errors += from->errors;
	r->total_ns += from->total_ns;
	if (from->hist)
		agg_hist_merge(r->hist, from->hist);
}

void agg_merge(struct agg *into, const struct agg *from)
{
	for (unsigned i = 0; i < from->nrows; i++)
		agg_add_row(into, &from->rows[i]);
}

unsigned agg_rows(const struct agg *a)
{
	return a->nrows;
}

const struct agg_row *agg_row(const struct agg *a, unsigned i)
{
	return i < a->nrows ? &a->rows[i] : NULL;
}

uint64_t agg_row_quantile(const struct agg_row *r, double q)
{
	return r->hist ? agg_hist_quantile(r->hist, q) : 0;
}

struct sort_item {
	double key; /* ascending order of key gives the wanted order */
	unsigned idx;
	const struct agg_row *row;
};

static int cmp_str_null(const char *x, const char *y)
{
	if (!x || !y)
		return (x != NULL) - (y != NULL);
	return strcmp(x, y);
}

static int cmp_rows(const struct agg_row *x, const struct agg_row *y)
{
	int c = strcmp(x->name, y->name);

	if (!c)
		c = cmp_str_null(x->src.file, y->src.file);
	if (!c)
		c = (x->src.line > y->src.line) - (x->src.line < y->src.line);
	if (!c)
		c = cmp_str_null(x->src.function, y->src.function);
	if (!c)
		c = cmp_str_null(x->src.module, y->src.module);
	if (!c)
		c = (x->nr > y->nr) - (x->nr < y->nr);
	if (!c)
		c = (x->io > y->io) - (x->io < y->io);
	return c;
}

static int cmp_items(const void *pa, const void *pb)
{
	const struct sort_item *x = pa, *y = pb;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return cmp_rows(x->row, y->row);
}

static double sort_value(const struct agg_row *r, enum agg_sort_key key)
{
	switch (key) {
	case AGG_SORT_TIME:
		return (double)r->total_ns;
	case AGG_SORT_CALLS:
		return (double)r->calls;
	case AGG_SORT_ERRORS:
		return (double)r->errors;
	case AGG_SORT_AVG:
		return r->calls ? (double)r->total_ns / (double)r->calls : 0;
	case AGG_SORT_P50:
		return (double)agg_row_quantile(r, 0.50);
	case AGG_SORT_P90:
		return (double)agg_row_quantile(r, 0.90);
	case AGG_SORT_P99:
		return (double)agg_row_quantile(r, 0.99);
	case AGG_SORT_NAME:
		break;
	}
	return 0;
}

void agg_sort(struct agg *a, enum agg_sort_key key)
{
	struct sort_item *items = xmalloc((a->nrows ? a->nrows : 1) * sizeof(*items));

	for (unsigned i = 0; i < a->nrows; i++) {
		items[i].key = -sort_value(&a->rows[i], key);
		items[i].idx = i;
		items[i].row = &a->rows[i];
	}
	trace_sort(items, a->nrows, sizeof(*items), cmp_items);

	struct agg_row *rows = xmalloc((a->cap ? a->cap : 1) * sizeof(*rows));
	uint64_t *keys = xmalloc((a->cap ? a->cap : 1) * sizeof(*keys));

	for (unsigned i = 0; i < a->nrows; i++) {
		rows[i] = a->rows[items[i].idx];
		keys[i] = a->row_key[items[i].idx];
	}
	free(items);
	free(a->rows);
	free(a->row_key);
	a->rows = rows;
	a->row_key = keys;
	a->sort_key = key;
	index_rebuild(a);
}

enum agg_sort_key agg_sort_key(const struct agg *a)
{
	return a->sort_key;
}

int agg_sort_key_parse(const char *s, enum agg_sort_key *key)
{
	static const struct {
		const char *name;
		enum agg_sort_key key;
	} keys[] = {
	    {"time", AGG_SORT_TIME},     {"total", AGG_SORT_TIME}, {"calls", AGG_SORT_CALLS},
	    {"errors", AGG_SORT_ERRORS}, {"avg", AGG_SORT_AVG},    {"avg-time", AGG_SORT_AVG},
	    {"p50", AGG_SORT_P50},       {"p90", AGG_SORT_P90},    {"p99", AGG_SORT_P99},
	    {"name", AGG_SORT_NAME},
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(s, keys[i].name) == 0) {
			*key = keys[i].key;
			return 0;
		}
	}
	return -1;
}

void agg_totals(const struct agg *a, uint64_t *calls, uint64_t *errors, uint64_t *total_ns)
{
	uint64_t c = 0, e = 0, t = 0;

	for (unsigned i = 0; i < a->nrows; i++) {
		c += a->rows[i].calls;
		e += a->rows[i].errors;
		t += a->rows[i].total_ns;
	}
	if (calls)
		*calls = c;
	if (errors)
		*errors = e;
	if (total_ns)
		*total_ns = t;
}

struct agg_hist *agg_total_hist(const struct agg *a)
{
	struct agg_hist *h = agg_hist_new();

	for (unsigned i = 0; i < a->nrows; i++)
		agg_hist_merge(h, a->rows[i].hist);
	return h;
}

struct agg *agg_by_syscall(const struct agg *a)
{
	struct agg *s = agg_new(false);

	agg_merge(s, a);
	agg_sort(s, a->sort_key);
	return s;
}

size_t agg_bytes(const struct agg *a)
{
	size_t n = sizeof(*a) + a->cap * (sizeof(struct agg_row) + sizeof(uint64_t)) +
	           trace_map_bytes(&a->index) + a->st.cap * sizeof(struct agg_source) +
	           trace_map_bytes(&a->st.index);

	for (const struct arena_block *b = a->arena; b; b = b->next)
		n += sizeof(*b) + b->size;
	for (unsigned i = 0; i < a->nrows; i++)
		n += agg_hist_bytes(a->rows[i].hist);
	return n;
}
