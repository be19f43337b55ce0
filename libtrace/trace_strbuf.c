/*
 * trace_strbuf.c - growable string buffer and the escaping shared by the
 * output formats.
 */
#include "libtrace/trace_strbuf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_util.h"

void sb_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need > sb->cap)
		xgrow((void **)&sb->buf, &sb->cap, need < 64 ? 64 : need, 1);
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	sb_reserve(sb, 64);
	va_start(ap, fmt);
	int n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sb->cap - sb->len) {
		sb_reserve(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

const char sb_digit_pairs[201] = "00010203040506070809101112131415161718192021222324"
                                 "25262728293031323334353637383940414243444546474849"
                                 "50515253545556575859606162636465666768697071727374"
                                 "75767778798081828384858687888990919293949596979899";

/* The number of decimal digits of v (1 for 0); small values are the common case. */
static inline unsigned u64_ndigits(uint64_t v)
{
	unsigned n = 0;
	while (v >= 100000000) {
		v /= 100000000;
		n += 8;
	}
	uint32_t x = (uint32_t)v; /* the rest in 32 bits: cheaper to divide */
	if (x < 10000)
		return n + (x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : 4);
	return n + (x < 100000 ? 5 : x < 1000000 ? 6 : x < 10000000 ? 7 : 8);
}

/* Writes the n (<= 8) decimal digits of x < 10^n ending at end, two at a time. */
static inline void put_digits32(char *end, uint32_t x, unsigned n)
{
	for (; n >= 2; n -= 2) {
		uint32_t d = x % 100 * 2;
		x /= 100;
		end -= 2;
		memcpy(end, sb_digit_pairs + d, 2);
	}
	if (n)
		end[-1] = (char)('0' + x);
}

char *sb_fmt_u64_n(char *q, uint64_t v, unsigned n)
{
	char *end = q + n, *at = end;
	while (n > 8) { /* eight digits at a time, in 32-bit arithmetic */
		uint64_t high = v / 100000000;
		sb_fmt_8(at - 8, (uint32_t)(v - high * 100000000));
		v = high;
		at -= 8;
		n -= 8;
	}
	put_digits32(at, (uint32_t)v, n);
	return end;
}

char *sb_fmt_u64_wide(char *q, uint64_t v)
{
	return sb_fmt_u64_n(q, v, u64_ndigits(v));
}

void sb_put_u64_pad(struct strbuf *sb, uint64_t v, unsigned width)
{
	unsigned n = u64_ndigits(v);
	if (n < width)
		n = width;
	sb_reserve(sb, n);
	sb_end_at(sb, sb_fmt_u64_n(sb->buf + sb->len, v, n));
}

/* strace's escaping: \t \n \v \f \r, \" and \\, printable ASCII as is, the
 * rest as octal (\0 short form unless a digit follows). */
static void put_escaped_byte(struct strbuf *sb, uint8_t c, int next)
{
	static const char esc[] = {
	    ['\t'] = 't', ['\n'] = 'n', ['\v'] = 'v', ['\f'] = 'f', ['\r'] = 'r'};

	if (c < sizeof(esc) && esc[c]) {
		sb_putc(sb, '\\');
		sb_putc(sb, esc[c]);
	} else if (c == '"' || c == '\\') {
		sb_putc(sb, '\\');
		sb_putc(sb, (char)c);
	} else if (c >= ' ' && c < 0x7f) {
		sb_putc(sb, (char)c);
	} else if (next >= '0' && next <= '7') {
		sb_printf(sb, "\\%03o", c);
	} else {
		sb_printf(sb, "\\%o", c);
	}
}

void sb_put_cstring(struct strbuf *sb, const uint8_t *data, size_t len, size_t max, int truncated)
{
	size_t n = len < max ? len : max;

	sb_putc(sb, '"');
	for (size_t i = 0; i < n; i++)
		put_escaped_byte(sb, data[i], i + 1 < n ? data[i + 1] : -1);
	sb_putc(sb, '"');
	if (truncated || len > max)
		sb_puts(sb, "...");
}

void sb_put_csv(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		sb_puts(sb, s);
		return;
	}
	sb_putc(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			sb_putc(sb, '"');
		sb_putc(sb, *s);
	}
	sb_putc(sb, '"');
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

int sb_write(const struct strbuf *sb, FILE *f)
{
	if (sb->len == 0)
		return 0;
	return fwrite(sb->buf, 1, sb->len, f) == sb->len ? 0 : -1;
}

int sb_flush(struct strbuf *sb, FILE *f, size_t batch)
{
	if (sb->len <= batch || sb->len == 0)
		return 0;
	int rc = sb_write(sb, f);
	sb_reset(sb);
	return rc;
}
