/*
 * stacks_out.c - -k lines, JSON stack arrays and folded stacks.
 */
#include "analyze/report/stacks_out.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_jsonw.h"
#include "libtrace/trace_map.h"
#include "libtrace/trace_util.h"
#include "libtrace/trace_hash.h"

void stacks_text(struct strbuf *sb, const struct sym_frame *f, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		sb_printf(sb, " > %s", f[i].function ? f[i].function : "?");
		if (f[i].file) {
			sb_printf(sb, " at %s", f[i].file);
			if (f[i].line)
				sb_printf(sb, ":%u", f[i].line);
		}
		if (f[i].inlined)
			sb_puts(sb, " [inlined]");
		if (f[i].module)
			sb_printf(sb, " (%s+0x%" PRIx64 ")\n", f[i].module, f[i].offset);
		else
			sb_printf(sb, " (0x%" PRIx64 ")\n", f[i].offset);
	}
}

void stacks_json(struct strbuf *sb, const struct sym_frame *f, unsigned n)
{
	struct jsonw w;
	jw_init(&w, sb);
	jw_arr(&w);
	for (unsigned i = 0; i < n; i++) {
		jw_obj(&w);
		jw_k(&w, "function");
		jw_str(&w, f[i].function);
		jw_k(&w, "file");
		jw_str(&w, f[i].file);
		jw_k(&w, "line");
		if (f[i].line)
			jw_u64(&w, f[i].line);
		else
			jw_null(&w);
		jw_k(&w, "module");
		jw_str(&w, f[i].module);
		jw_k(&w, "offset");
		jw_u64(&w, f[i].offset);
		jw_k(&w, "inlined");
		jw_bool(&w, f[i].inlined);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
}

/* Appends s with the characters the folded format reserves replaced. */
static void put_folded_name(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		sb_putc(sb, *s == ';' ? ':' : (*s == '\n' || *s == '\r') ? ' ' : *s);
}

void stacks_folded(struct strbuf *sb, const struct sym_frame *f, unsigned n)
{
	char buf[64];
	for (unsigned i = n; i-- > 0;) {
		if (f[i].function) {
			put_folded_name(sb, f[i].function);
		} else {
			const char *m = f[i].module ? strrchr(f[i].module, '/') : NULL;
			m = m ? m + 1 : f[i].module;
			if (m)
				put_folded_name(sb, m);
			snprintf(buf, sizeof(buf), "%s0x%" PRIx64, m ? "+" : "", f[i].offset);
			sb_puts(sb, buf);
		}
		if (f[i].inlined)
			sb_puts(sb, "_[i]");
		sb_putc(sb, ';');
	}
}

struct folded_line {
	char *stack; /* "comm;frames;syscall" */
	uint64_t weight;
};

struct folded {
	bool by_calls;
	struct trace_map index; /* hash of stack -> index in lines */
	struct folded_line *lines;
	size_t n, cap;
	struct strbuf key;
};

struct folded *folded_new(bool by_calls)
{
	struct folded *fo = xcalloc(1, sizeof(*fo));
	fo->by_calls = by_calls;
	trace_map_init(&fo->index);
	return fo;
}

void folded_free(struct folded *fo)
{
	if (!fo)
		return;
	for (size_t i = 0; i < fo->n; i++)
		free(fo->lines[i].stack);
	free(fo->lines);
	trace_map_free(&fo->index);
	sb_free(&fo->key);
	free(fo);
}

static uint64_t hash_str(const char *s, size_t n)
{
	uint64_t h = trace_hash_bytes(TRACE_HASH_FNV_BASIS, s, n);
	return h ^ h >> 29;
}

static bool same_line(const void *ctx, uint64_t idx)
{
	const struct folded *fo = ctx;
	return strcmp(fo->lines[idx].stack, fo->key.buf) == 0;
}

void folded_add(struct folded *fo, const char *comm, const char *frames, const char *syscall,
                uint64_t duration_ns)
{
	sb_reset(&fo->key);
	put_folded_name(&fo->key, comm && *comm ? comm : "?");
	sb_putc(&fo->key, ';');
	sb_puts(&fo->key, frames ? frames : "");
	put_folded_name(&fo->key, syscall);
	uint64_t h = 0;
	uint64_t *v =
	    trace_map_find(&fo->index, hash_str(fo->key.buf, fo->key.len), same_line, fo, &h);
	if (v) {
		fo->lines[*v].weight += fo->by_calls ? 1 : duration_ns;
		return;
	}
	xgrow((void **)&fo->lines, &fo->cap, fo->n + 1, sizeof(*fo->lines));
	fo->lines[fo->n].stack = xstrdup(fo->key.buf);
	fo->lines[fo->n].weight = fo->by_calls ? 1 : duration_ns;
	trace_map_put(&fo->index, h, fo->n);
	fo->n++;
}

static int by_stack(const void *a, const void *b)
{
	return strcmp(((const struct folded_line *)a)->stack,
	              ((const struct folded_line *)b)->stack);
}

int folded_print(const struct folded *fo, FILE *out)
{
	struct folded_line *sorted = xmalloc((fo->n ? fo->n : 1) * sizeof(*sorted));
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;
	memcpy(sorted, fo->lines, fo->n * sizeof(*sorted));
	trace_sort(sorted, fo->n, sizeof(*sorted), by_stack);
	for (size_t i = 0; i < fo->n && rc == 0; i++) {
		if (!sorted[i].weight)
			continue;
		sb_printf(&sb, "%s %" PRIu64 "\n", sorted[i].stack, sorted[i].weight);
		rc = sb_flush(&sb, out, SB_BATCH);
	}
	if (rc == 0)
		rc = sb_flush(&sb, out, 0);
	sb_free(&sb);
	free(sorted);
	return rc < 0 ? -1 : 0;
}
