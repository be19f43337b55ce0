/* Unit tests for libtrace/trace_util and trace_strbuf. */
#include <criterion/criterion.h>
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
