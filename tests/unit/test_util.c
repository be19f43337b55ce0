/* Unit tests for libtrace/trace_util and trace_strbuf. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_util.h"

Test(util, parse_duration)
{
	uint64_t ns;

	cr_assert_eq(trace_parse_duration("1.5", &ns), 0);
	cr_assert_eq(ns, 1500000000ull);
	cr_assert_eq(trace_parse_duration("250ms", &ns), 0);
	cr_assert_eq(ns, 250000000ull);
	cr_assert_eq(trace_parse_duration("10us", &ns), 0);
	cr_assert_eq(ns, 10000ull);
	cr_assert_eq(trace_parse_duration("300ns", &ns), 0);
	cr_assert_eq(ns, 300ull);
	cr_assert_eq(trace_parse_duration("2s", &ns), 0);
	cr_assert_eq(ns, 2000000000ull);
	cr_assert_eq(trace_parse_duration("", &ns), -1);
	cr_assert_eq(trace_parse_duration("abc", &ns), -1);
	cr_assert_eq(trace_parse_duration("5 parsecs", &ns), -1);
	cr_assert_eq(trace_parse_duration("-1", &ns), -1);
}

Test(util, glob_and_strings)
{
	cr_assert(trace_glob_match("libc.so*", "libc.so.6"));
	cr_assert(!trace_glob_match("libc.so*", "libcrypt.so.1"));
	char *s = xasprintf("%s-%d", "a", 7);
	cr_assert_str_eq(s, "a-7");
	free(s);
	s = xstrndup("abcdef", 3);
	cr_assert_str_eq(s, "abc");
	free(s);
	cr_assert(trace_mono_ns() > 0);
	cr_assert(trace_wall_ns() > 1600000000ull * 1000000000ull);
}

Test(strbuf, cstring_escapes_like_strace)
{
	struct strbuf sb = STRBUF_INIT;
	const uint8_t data[] = {'a', '\n', '\t', '"', '\\', 0, '1', 0, 'x', 0xff};

	sb_put_cstring(&sb, data, sizeof(data), 32, 0);
	cr_assert_str_eq(sb_str(&sb), "\"a\\n\\t\\\"\\\\\\0001\\0x\\377\"");
	sb_reset(&sb);
	sb_put_cstring(&sb, (const uint8_t *)"line 1\n", 7, 32, 0);
	cr_assert_str_eq(sb_str(&sb), "\"line 1\\n\"");
	sb_reset(&sb);
	sb_put_cstring(&sb, (const uint8_t *)"abcdef", 6, 4, 0);
	cr_assert_str_eq(sb_str(&sb), "\"abcd\"...");
	sb_reset(&sb);
	sb_put_cstring(&sb, (const uint8_t *)"ab", 2, 32, 1);
	cr_assert_str_eq(sb_str(&sb), "\"ab\"...");
	sb_free(&sb);
}

Test(strbuf, csv_quoting_and_growth)
{
	struct strbuf sb = STRBUF_INIT;

	cr_assert_str_eq(sb_str(&sb), "");
	sb_put_csv(&sb, "plain");
	sb_putc(&sb, ',');
	sb_put_csv(&sb, "a,b \"q\"\nline");
	cr_assert_str_eq(sb_str(&sb), "plain,\"a,b \"\"q\"\"\nline\"");
	sb_reset(&sb);
	for (int i = 0; i < 1000; i++)
		sb_printf(&sb, "%04d", i);
	cr_assert_eq(sb.len, 4000);
	cr_assert_eq(strncmp(sb_str(&sb) + 3996, "0999", 4), 0);
	sb_free(&sb);
}

/* Decimal integers: equal to printf's for every digit count and at the limits. */
Test(strbuf, integers_like_printf)
{
	static const uint64_t u[] = {0,
	                             1,
	                             9,
	                             10,
	                             99,
	                             100,
	                             999,
	                             1000,
	                             9999,
	                             10000,
	                             123456789,
	                             999999999,
	                             1000000000,
	                             4294967295,
	                             4294967296,
	                             UINT64_MAX,
	                             UINT64_MAX - 1};
	struct strbuf sb = STRBUF_INIT;
	char want[64];
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		for (int d = -2; d <= 2; d++) { /* wraps at 0 and UINT64_MAX: more values */
			uint64_t v = u[i] + (uint64_t)(int64_t)d;
			sb_reset(&sb);
			sb_put_u64(&sb, v);
			snprintf(want, sizeof(want), "%llu", (unsigned long long)v);
			cr_assert_str_eq(sb_str(&sb), want);
			for (unsigned width = 0; width <= 22; width += 3) {
				sb_reset(&sb);
				sb_put_u64_pad(&sb, v, width);
				snprintf(want, sizeof(want), "%0*llu", (int)width,
				         (unsigned long long)v);
				cr_assert_str_eq(sb_str(&sb), want, "width %u", width);
			}
		}
	}
	static const int64_t s[] = {0,   -1,   1,         -9,        -10,
	                            -99, -100, INT64_MAX, INT64_MIN, INT64_MIN + 1};
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		sb_reset(&sb);
		sb_put_i64(&sb, s[i]);
		snprintf(want, sizeof(want), "%lld", (long long)s[i]);
		cr_assert_str_eq(sb_str(&sb), want);
	}
	/* appends: the contents before stay */
	sb_reset(&sb);
	sb_puts(&sb, "n=");
	sb_put_i64(&sb, -42);
	sb_putc(&sb, ' ');
	sb_put_u64_pad(&sb, 7, 3);
	cr_assert_str_eq(sb_str(&sb), "n=-42 007");
	sb_free(&sb);
}

/* Batched writes: nothing written up to the batch size, everything past it. */
Test(strbuf, flush_in_batches)
{
	char *data = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&data, &size);
	cr_assert_not_null(f);
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "abcd");
	cr_assert_eq(sb_flush(&sb, f, 4), 0);
	cr_assert_eq(sb.len, 4, "at the batch size: kept");
	sb_putc(&sb, 'e');
	cr_assert_eq(sb_flush(&sb, f, 4), 0);
	cr_assert_eq(sb.len, 0, "past the batch size: written");
	sb_puts(&sb, "f");
	cr_assert_eq(sb_flush(&sb, f, 0), 0);
	cr_assert_eq(sb_flush(&sb, f, 0), 0, "nothing to write");
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(size, 6);
	cr_assert_str_eq(data, "abcdef");
	free(data);
	sb_free(&sb);
}
