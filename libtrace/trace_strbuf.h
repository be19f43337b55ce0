/*
 * trace_strbuf.h - a growable string buffer for building output lines, plus
 * the primitives the output formats share: decimal integers without printf,
 * C-style escaping for strace lines, RFC 4180 for CSV (JSON strings are
 * trace_jsonw's).
 */
#ifndef RENACER_TRACE_STRBUF_H
#define RENACER_TRACE_STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct strbuf {
	char *buf; /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Makes room for extra more bytes (and the NUL) after the contents. */
void sb_grow(struct strbuf *sb, size_t extra);
static inline void sb_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 > sb->cap)
		sb_grow(sb, extra);
}
/* Empties sb, keeping its memory. */
static inline void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}
/* Frees sb's memory. */
void sb_free(struct strbuf *sb);
/* Appending (inline: the output formats call these for every few bytes). */
static inline void sb_put(struct strbuf *sb, const void *data, size_t len)
{
	sb_reserve(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}
static inline void sb_putc(struct strbuf *sb, char c)
{
	sb_reserve(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}
static inline void sb_puts(struct strbuf *sb, const char *s)
{
	sb_put(sb, s, strlen(s));
}
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends data as a C string literal with strace's escapes: "ab\n\t\0\377",
 * cut to max bytes and followed by "..." when truncated is set or len > max. */
void sb_put_cstring(struct strbuf *sb, const uint8_t *data, size_t len, size_t max, int truncated);
/* Appends v in decimal with leading zeros up to width digits ("%0*llu"). */
void sb_put_u64_pad(struct strbuf *sb, uint64_t v, unsigned width);

/* Writing in place, for the writers that reserve room for a whole record and
 * fill it through a cursor: each sb_fmt_ function writes at q, which has room
 * enough, and returns the end; sb_end_at then sets sb's length there. */
#define SB_U64_ROOM 20 /* digits of the largest uint64_t */
/* Exactly n digits of v, leading zeros included; v must have at most n digits. */
char *sb_fmt_u64_n(char *q, uint64_t v, unsigned n);
/* sb_fmt_u64 of a v of 3 digits or more. */
char *sb_fmt_u64_wide(char *q, uint64_t v);
extern const char sb_digit_pairs[201]; /* "00" "01" ... "99" */
/* The eight decimal digits of x < 10^8, leading zeros included. */
static inline char *sb_fmt_8(char *q, uint32_t x)
{
	uint32_t hi = x / 10000, lo = x % 10000;
	memcpy(q, sb_digit_pairs + hi / 100 * 2, 2);
	memcpy(q + 2, sb_digit_pairs + hi % 100 * 2, 2);
	memcpy(q + 4, sb_digit_pairs + lo / 100 * 2, 2);
	memcpy(q + 6, sb_digit_pairs + lo % 100 * 2, 2);
	return q + 8;
}
/* The decimal digits of v (no printf, no locale); inline for the one- and
 * two-digit numbers that most arguments are. */
static inline char *sb_fmt_u64(char *q, uint64_t v)
{
	if (v < 10) {
		*q = (char)('0' + v);
		return q + 1;
	}
	if (v < 100) {
		memcpy(q, sb_digit_pairs + 2 * v, 2);
		return q + 2;
	}
	return sb_fmt_u64_wide(q, v);
}
static inline char *sb_fmt_i64(char *q, int64_t v) /* room: SB_U64_ROOM + 1 */
{
	if (v >= 0)
		return sb_fmt_u64(q, (uint64_t)v);
	*q++ = '-';
	return sb_fmt_u64(q, (uint64_t)0 - (uint64_t)v);
}
/* Copies a string literal: SB_LIT(q, "abc") returns q + 3. */
#define SB_LIT(q, lit) ((char *)memcpy((q), (lit), sizeof(lit) - 1) + sizeof(lit) - 1)
/* Ends sb's contents at q (inside its reserved room) with the NUL. */
static inline void sb_end_at(struct strbuf *sb, char *q)
{
	sb->len = (size_t)(q - sb->buf);
	*q = '\0';
}
/* Appends the decimal digits of v. */
static inline void sb_put_u64(struct strbuf *sb, uint64_t v)
{
	sb_reserve(sb, SB_U64_ROOM);
	sb_end_at(sb, sb_fmt_u64(sb->buf + sb->len, v));
}
static inline void sb_put_i64(struct strbuf *sb, int64_t v)
{
	sb_reserve(sb, SB_U64_ROOM + 1);
	sb_end_at(sb, sb_fmt_i64(sb->buf + sb->len, v));
}
/* Appends s as one CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180). */
void sb_put_csv(struct strbuf *sb, const char *s);
/* The contents (never NULL: "" when empty). */
const char *sb_str(const struct strbuf *sb);
/* Writes the contents to f; 0 or -1 on a write error. */
int sb_write(const struct strbuf *sb, FILE *f);
/* Batched output: when sb holds more than batch bytes, writes them to f and
 * empties sb (batch 0: whenever it holds any). 0, or -1 on a write error. */
int sb_flush(struct strbuf *sb, FILE *f, size_t batch);
#define SB_BATCH 65536 /* bytes gathered before a write: a good size for files and pipes */

#endif
