/*
 * trace_jsonw.c - streaming JSON writer: separators, escaping with UTF-8
 * validation; integers through trace_strbuf.
 */
#include "libtrace/trace_jsonw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Appends c; the caller reserved room for it. */
static inline void put1(struct strbuf *sb, char c)
{
	sb->buf[sb->len++] = c;
}

static inline void end_str(struct strbuf *sb)
{
	sb->buf[sb->len] = '\0';
}

void jw_init(struct jsonw *w, struct strbuf *sb)
{
	w->sb = sb;
	w->comma = false;
	if (!sb->buf)
		sb_puts(sb, "");
}

/* Before a value or a key: the separator from the previous one. */
static inline void sep(struct jsonw *w)
{
	if (w->comma) {
		sb_reserve(w->sb, 1);
		put1(w->sb, ',');
		end_str(w->sb);
	}
	w->comma = true;
}

static inline void put_byte(struct strbuf *sb, char c)
{
	sb_reserve(sb, 1);
	put1(sb, c);
	end_str(sb);
}

void jw_obj(struct jsonw *w)
{
	sep(w);
	put_byte(w->sb, '{');
	w->comma = false;
}

void jw_obj_end(struct jsonw *w)
{
	put_byte(w->sb, '}');
	w->comma = true;
}

void jw_arr(struct jsonw *w)
{
	sep(w);
	put_byte(w->sb, '[');
	w->comma = false;
}

void jw_arr_end(struct jsonw *w)
{
	put_byte(w->sb, ']');
	w->comma = true;
}

void jw_key(struct jsonw *w, const char *key)
{
	sep(w);
	sb_put_json_str(w->sb, key, strlen(key));
	put_byte(w->sb, ':');
	w->comma = false;
}

void jw_str(struct jsonw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_strn(w, s, strlen(s));
}

void jw_strn(struct jsonw *w, const void *data, size_t len)
{
	sep(w);
	sb_put_json_str(w->sb, data, len);
}

void jw_i64(struct jsonw *w, int64_t v)
{
	sep(w);
	sb_put_i64(w->sb, v);
}

void jw_u64(struct jsonw *w, uint64_t v)
{
	sep(w);
	sb_put_u64(w->sb, v);
}

void jw_double(struct jsonw *w, double v)
{
	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%.17g", v);
	sep(w);
	sb_put(w->sb, buf, (size_t)n);
}

void jw_bool(struct jsonw *w, bool v)
{
	sep(w);
	sb_puts(w->sb, v ? "true" : "false");
}

void jw_null(struct jsonw *w)
{
	sep(w);
	sb_puts(w->sb, "null");
}

void jw_raw(struct jsonw *w, const char *json, size_t len)
{
	sep(w);
	sb_put(w->sb, json, len);
}

char *jw_fmt_u64_recache(char *q, struct jw_u64_cache *c, uint64_t v)
{
	uint64_t high = v / 1000000000;
	char *end = sb_fmt_u64(q, v);
	size_t n = (size_t)(end - q);
	c->high = high;
	c->len = 0;
	if (high && n > 9 && n - 9 <= sizeof(c->text)) {
		c->len = (unsigned char)(n - 9);
		memcpy(c->text, q, c->len);
	}
	return end;
}

/* The length of the well-formed UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0) /* overlong */
			return 0;
		if (c == 0xed && p[1] >= 0xa0) /* UTF-16 surrogate */
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90) /* overlong */
			return 0;
		if (c == 0xf4 && p[1] >= 0x90) /* above U+10FFFF */
			return 0;
		return 4;
	}
	return 0; /* 0x80-0xc1 (continuation, overlong lead), 0xf5-0xff */
}

/* Writes the escape of ASCII byte c at q; returns the end. */
static char *put_escape(char *q, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	*q++ = '\\';
	switch (c) {
	case '"':
	case '\\':
		*q++ = (char)c;
		return q;
	case '\b':
		*q++ = 'b';
		return q;
	case '\f':
		*q++ = 'f';
		return q;
	case '\n':
		*q++ = 'n';
		return q;
	case '\r':
		*q++ = 'r';
		return q;
	case '\t':
		*q++ = 't';
		return q;
	default:
		memcpy(q, "u00", 3);
		q[3] = hex[c >> 4];
		q[4] = hex[c & 15];
		return q + 5;
	}
}

#define ONES  UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Whether none of the 8 bytes of w needs care: no control byte, no '"', no
 * '\\', nothing at or above 0x80 (the classic "has a byte less than n" and
 * "has a zero byte" tests, exact for the presence of one). */
static inline bool plain8(uint64_t w)
{
	uint64_t ctl = (w - ONES * 0x20) & ~w;
	uint64_t quo = w ^ (ONES * '"'), bsl = w ^ (ONES * '\\');
	quo = (quo - ONES) & ~quo;
	bsl = (bsl - ONES) & ~bsl;
	return !((ctl | quo | bsl | w) & HIGHS);
}

/* 1 for the bytes a JSON string holds as they are: printable ASCII and DEL,
 * but '"' and '\\'. */
#define ROW16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const unsigned char plain_byte[256] = {
    ROW16(0), ROW16(0),                                           /* 0x00-0x1f */
    1,        1,        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2f */
    ROW16(1), ROW16(1),                                           /* 0x30-0x4f */
    1,        1,        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50-0x5f */
    ROW16(1), ROW16(1),                                           /* 0x60-0x7f */
};

char *jw_fmt_str(char *q, const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + len;
	*q++ = '"';
	if (len < 8) { /* short (most arguments): byte by byte while plain */
		while (p < end && plain_byte[*p])
			*q++ = (char)*p++;
	}
	while (p < end) {
		uint64_t w;
		if (end - p >= 8 && (memcpy(&w, p, 8), plain8(w))) {
			memcpy(q, p, 8); /* the usual case: 8 plain bytes at once */
			q += 8;
			p += 8;
			continue;
		}
		unsigned char c = *p;
		if (plain_byte[c]) {
			*q++ = (char)c;
			p++;
			continue;
		}
		if (c < 0x80) {
			q = put_escape(q, c);
			p++;
			continue;
		}
		size_t n = utf8_len(p, (size_t)(end - p));
		if (n) {
			memcpy(q, p, n);
			q += n;
			p += n;
		} else {
			memcpy(q, "\\ufffd", 6);
			q += 6;
			p++;
		}
	}
	*q++ = '"';
	return q;
}

void sb_put_json_str(struct strbuf *sb, const void *data, size_t len)
{
	sb_reserve(sb, JW_STR_ROOM(len));
	sb_end_at(sb, jw_fmt_str(sb->buf + sb->len, data, len));
}
