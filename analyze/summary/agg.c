/*
 * agg.c - rows keyed by (syscall, source id) in an open-addressing hash table
 * of integer keys, plus a direct syscall-number index for the plain -c case,
 * so that agg_add costs a few nanoseconds per call. Source locations are
 * interned once (strings hashed and copied into an arena owned by the
 * aggregation) into small ids; a caller that keeps the id of a source
 * (agg_source_id) adds calls with agg_add_id without touching strings.
 */
#include "analyze/summary/agg.h"

#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"
#include "libtrace/trace_hash.h"

#define DIRECT_NR   1024 /* syscall numbers indexed directly when not by source */
#define ARENA_BLOCK 65536
#define HASH_K      0x9e3779b97f4a7c15ull

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

struct slot {
	uint32_t row1; /* row (or interned source) index + 1; 0 = empty */
	uint32_t h32;  /* high bits of the hash, to skip most key compares */
};

/* Interned source locations: id i + 1 is srcs[i]; id 0 is "no source". */
struct src_table {
	struct agg_source *srcs; /* strings in the arena */
	uint64_t *hash;          /* hash of each source's content */
	unsigned n, nslots;
	size_t cap;
	struct slot *slots; /* power-of-two table over content hashes, at most half full */
};

struct agg {
	bool by_source;
	enum agg_sort_key sort_key;
	struct agg_row *rows;
	uint64_t *row_key; /* each row's key: source id << 32 | I/O class << 24 | syscall number */
	unsigned nrows;
	size_t cap;
	struct slot *slots; /* power-of-two table over row keys, at most half full */
	unsigned nslots;
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

static uint64_t hash_mix(uint64_t h)
{
	h ^= h >> 32;
	h *= HASH_K;
	h ^= h >> 29;
	return h;
}

static uint64_t load64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t load32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Folds string s (NULL distinct from "") into h. Only the length and the
 * first and last 16 bytes are hashed (overlapping loads, no byte loops):
 * source strings differ mostly at their ends, and equal hashes are settled
 * by a full compare anyway. */
static uint64_t hash_str(uint64_t h, const char *s)
{
	uint64_t a = 0, b = 0, c = 0, d = 0;

	if (!s)
		return hash_mix(h ^ 0x6e756c6cull);
	size_t n = strlen(s);

	if (n >= 16) {
		a = load64(s);
		b = load64(s + 8);
		c = load64(s + n - 16);
		d = load64(s + n - 8);
	} else if (n >= 8) {
		a = load64(s);
		b = load64(s + n - 8);
	} else if (n >= 4) {
		a = load32(s);
		b = load32(s + n - 4);
	} else if (n) {
		a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
		    (uint64_t)(unsigned char)s[n - 1] << 16;
	}
	h = (h ^ n ^ a) * HASH_K;
	h = (h ^ b ^ (c << 1)) * HASH_K;
	return hash_mix(h ^ d);
}

static uint64_t src_hash(const struct agg_source *src)
{
	uint64_t h = hash_mix(src->line * HASH_K + 1);

	h = hash_str(h, src->file);
	h = hash_str(h, src->function);
	return hash_str(h, src->module);
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

/* Puts index idx (hash h) into the first free slot of a table. */
static void slot_put(struct slot *slots, unsigned nslots, uint64_t h, unsigned idx)
{
	unsigned mask = nslots - 1;
	unsigned i = (unsigned)h & mask;

	while (slots[i].row1)
		i = (i + 1) & mask;
	slots[i].row1 = idx + 1;
	slots[i].h32 = (uint32_t)(h >> 32);
}

/* Rebuilds both row indexes from the rows (after growth or sorting). */
static void index_rebuild(struct agg *a, unsigned nslots)
{
	free(a->slots);
	a->nslots = nslots;
	a->slots = xcalloc(nslots, sizeof(struct slot));
	for (unsigned i = 0; i < DIRECT_NR; i++)
		a->direct[i] = -1;
	for (unsigned r = 0; r < a->nrows; r++) {
		slot_put(a->slots, a->nslots, trace_hash64(a->row_key[r]), r);
		int nr = a->rows[r].nr;

		if (!a->by_source && !a->rows[r].io && nr >= 0 && nr < DIRECT_NR)
			a->direct[nr] = (int32_t)r;
	}
}

static void src_index_rebuild(struct src_table *t, unsigned nslots)
{
	free(t->slots);
	t->nslots = nslots;
	t->slots = xcalloc(nslots, sizeof(struct slot));
	for (unsigned i = 0; i < t->n; i++)
		slot_put(t->slots, t->nslots, t->hash[i], i);
}

struct agg *agg_new(bool by_source)
{
	struct agg *a = xcalloc(1, sizeof(*a));

	a->by_source = by_source;
	a->sort_key = AGG_SORT_TIME;
	index_rebuild(a, 64);
	src_index_rebuild(&a->st, 64);
	return a;
}

/* Whether src names nothing: it then keys the same rows as no source. */
static bool src_empty(const struct agg_source *src)
{
	return !src->file && !src->line && !src->function && !src->module;
}

uint32_t agg_source_id(struct agg *a, const struct agg_source *src)
{
	struct src_table *t = &a->st;

	if (!a->by_source || !src || src_empty(src))
		return 0;
	uint64_t h = src_hash(src);
	unsigned mask = t->nslots - 1;

	for (unsigned i = (unsigned)h & mask; t->slots[i].row1; i = (i + 1) & mask) {
		if (t->slots[i].h32 == (uint32_t)(h >> 32) &&
		    src_eq(&t->srcs[t->slots[i].row1 - 1], src))
			return t->slots[i].row1;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap;

		xgrow((void **)&t->srcs, &cap, t->n + 1, sizeof(*t->srcs));
		xgrow((void **)&t->hash, &t->cap, t->n + 1, sizeof(*t->hash));
	}
	unsigned i = t->n++;
	struct agg_source *copy = &t->srcs[i];

	copy->file = arena_strdup(a, src->file);
	copy->line = src->line;
	copy->function = arena_strdup(a, src->function);
	copy->module = arena_strdup(a, src->module);
	t->hash[i] = h;
	if (2 * t->n > t->nslots)
		src_index_rebuild(t, t->nslots * 2);
	else
		slot_put(t->slots, t->nslots, h, i);
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
	free(a->slots);
	free(a->st.srcs);
	free(a->st.hash);
	free(a->st.slots);
	free(a);
}

bool agg_by_source(const struct agg *a)
{
	return a->by_source;
}

/* Out of line: once per row, and it keeps the per-call path free of register saves. */
static __attribute__((noinline)) unsigned row_create(struct agg *a, int nr, unsigned io,
                                                     const char *name, uint32_t src_id, uint64_t h)
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
	if (2 * a->nrows > a->nslots)
		index_rebuild(a, a->nslots * 2);
	else
		slot_put(a->slots, a->nslots, h, i);
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

	uint64_t key = row_key(nr, io, src_id);
	uint64_t h = trace_hash64(key);
	unsigned mask = a->nslots - 1;

	for (unsigned i = (unsigned)h & mask; a->slots[i].row1; i = (i + 1) & mask) {
		unsigned row = a->slots[i].row1 - 1;

		if (a->row_key[row] == key)
			return &a->rows[row];
	}
	unsigned i = row_create(a, nr, io, name, src_id, h); /* may move the rows */

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
	struct agg_row *r = row_get(a, from->nr, from->io, agg_source_id(a, &from->src), from->name);

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
	index_rebuild(a, a->nslots);
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
	           a->nslots * sizeof(struct slot) +
	           a->st.cap * (sizeof(struct agg_source) + sizeof(uint64_t)) +
	           a->st.nslots * sizeof(struct slot);

	for (const struct arena_block *b = a->arena; b; b = b->next)
		n += sizeof(*b) + b->size;
	for (unsigned i = 0; i < a->nrows; i++)
		n += agg_hist_bytes(a->rows[i].hist);
	return n;
}
