/*
 * trace_jsonw.h - a streaming JSON writer into a strbuf, for the outputs
 * that write one object per event (JSON Lines events, the Perfetto/Chrome
 * trace, the HTML report's data) where building Jansson trees costs 20 times
 * the text output. Commas and colons are placed by the writer; strings are
 * escaped as RFC 8259 requires: '"', '\\' and control bytes escaped (\n, \t,
 * ... or \u00XX), and bytes that are not well-formed UTF-8 (stray
 * continuation bytes, overlong forms, surrogates, code points above
 * U+10FFFF, cut sequences) each replaced by \ufffd, so the output is always
 * valid UTF-8 JSON. Valid UTF-8 passes through unescaped, as Jansson's
 * compact output does. Summaries stay with Jansson.
 */
#ifndef RENACER_TRACE_JSONW_H
#define RENACER_TRACE_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "libtrace/trace_strbuf.h"

struct jsonw {
	struct strbuf *sb; /* where the JSON goes (not owned) */
	bool comma;        /* a value was written at this level: the next one needs ',' */
};

/* Starts writing values at the end of sb (a new top level). */
void jw_init(struct jsonw *w, struct strbuf *sb);
/* '{' and '}', '[' and ']'. */
void jw_obj(struct jsonw *w);
void jw_obj_end(struct jsonw *w);
void jw_arr(struct jsonw *w);
void jw_arr_end(struct jsonw *w);
/* An object member's key (escaped like any string); the value follows. */
void jw_key(struct jsonw *w, const char *key);
/* jw_key for a key that is a string literal of plain ASCII without quotes
 * or backslashes: pasted in as is, no scanning. */
#define jw_k(w, lit) jw_key_raw((w), "\"" lit "\":", sizeof("\"" lit "\":") - 1)
static inline void jw_key_raw(struct jsonw *w, const char *quoted_key_colon, size_t len)
{
	struct strbuf *sb = w->sb;
	sb_reserve(sb, len + 1);
	if (w->comma)
		sb->buf[sb->len++] = ',';
	memcpy(sb->buf + sb->len, quoted_key_colon, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	w->comma = false;
}
/* A string value that is a literal of plain ASCII without quotes or
 * backslashes: pasted in as is, no scanning. */
#define jw_s(w, lit) jw_raw((w), "\"" lit "\"", sizeof("\"" lit "\"") - 1)
/* Values. jw_str(NULL) writes null. */
void jw_str(struct jsonw *w, const char *s);
void jw_strn(struct jsonw *w, const void *data, size_t len);
void jw_i64(struct jsonw *w, int64_t v);
void jw_u64(struct jsonw *w, uint64_t v);
void jw_double(struct jsonw *w, double v); /* %.17g; NaN and infinities become null */
void jw_bool(struct jsonw *w, bool v);
void jw_null(struct jsonw *w);
/* A value already rendered as JSON (e.g. cached), written as is. */
void jw_raw(struct jsonw *w, const char *json, size_t len);

/* Appends data as a quoted, escaped JSON string (the writer's escaping alone). */
void sb_put_json_str(struct strbuf *sb, const void *data, size_t len);

/* In place (trace_strbuf's sb_fmt_ convention: q has the room, the end is
 * returned), for writers that fill a reserved record through a cursor. */
#define JW_STR_ROOM(len) ((len)*6 + 2) /* every byte may become \u00XX or \ufffd */
char *jw_fmt_str(char *q, const void *data, size_t len);
/* The digits of v (jw_u64's) for values that change slowly (timestamps in
 * ns): the digits above the last nine are kept from the previous value in c
 * and pasted when they are the same. */
struct jw_u64_cache {
	uint64_t high;     /* v / 10^9 of the value cached */
	unsigned char len; /* its digits (0: nothing cached) */
	char text[12];
};
#define JW_U64_CACHED_ROOM 24
/* jw_fmt_u64_cached for a v whose leading digits are not those cached. */
char *jw_fmt_u64_recache(char *q, struct jw_u64_cache *c, uint64_t v);
static inline char *jw_fmt_u64_cached(char *q, struct jw_u64_cache *c, uint64_t v)
{
	uint64_t high = v / 1000000000;
	if (!c->len || high != c->high)
		return jw_fmt_u64_recache(q, c, v);
	/* the same leading digits as the last value: pasted, then nine digits */
	uint32_t low = (uint32_t)(v - high * 1000000000);
	memcpy(q, c->text, sizeof(c->text));
	q += c->len;
	*q++ = (char)('0' + low / 100000000);
	return sb_fmt_8(q, low % 100000000);
}

#endif
