/* Unit tests for libtrace/trace_jsonw: separators, numbers, and string
 * escaping checked byte for byte and by parsing the output with Jansson. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "libtrace/trace_jsonw.h"

/* s rendered as a JSON string by the writer. */
static char *render(const void *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	sb_put_json_str(&sb, s, len);
	return sb.buf;
}

static void expect_str(const char *in, size_t len, const char *want)
{
	char *got = render(in, len);
	cr_assert_str_eq(got, want, "escaping %zu bytes", len);
	/* Jansson must accept it and its value must be valid UTF-8 */
	json_error_t err;
	char *doc = NULL;
	cr_assert(asprintf(&doc, "[%s]", got) > 0);
	json_t *j = json_loads(doc, JSON_ALLOW_NUL, &err);
	cr_assert_not_null(j, "Jansson rejects %s: %s", got, err.text);
	cr_assert(json_is_string(json_array_get(j, 0)));
	json_decref(j);
	free(doc);
	free(got);
}

Test(jsonw, plain_and_escapes)
{
	expect_str("abc", 3, "\"abc\"");
	expect_str("", 0, "\"\"");
	expect_str("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"");
	expect_str("\n\t\r\b\f", 5, "\"\\n\\t\\r\\b\\f\"");
	expect_str("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"");
	expect_str("a\0b", 3, "\"a\\u0000b\"");
}

Test(jsonw, utf8_valid_passes)
{
	expect_str("h\xc3\xa9llo", 6, "\"h\xc3\xa9llo\"");         /* é */
	expect_str("\xe2\x82\xac", 3, "\"\xe2\x82\xac\"");         /* € */
	expect_str("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\""); /* U+1F600 */
	expect_str("\xf4\x8f\xbf\xbf", 4, "\"\xf4\x8f\xbf\xbf\""); /* U+10FFFF */
	expect_str("\xed\x9f\xbf", 3, "\"\xed\x9f\xbf\"");         /* U+D7FF */
}

Test(jsonw, utf8_invalid_replaced)
{
	expect_str("\xff", 1, "\"\\ufffd\"");
	expect_str("a\x80z", 3, "\"a\\ufffdz\"");                   /* stray continuation */
	expect_str("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");            /* overlong '/' */
	expect_str("\xe0\x80\xaf", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* overlong */
	expect_str("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate D800 */
	expect_str("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > 10FFFF */
	expect_str("\xe2\x82", 2, "\"\\ufffd\\ufffd\"");                       /* cut at the end */
	expect_str("\xc3(", 2, "\"\\ufffd(\""); /* bad continuation */
	expect_str("\xf8\x88\x80\x80\x80", 5, "\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

/* Every byte value alone and after a lead byte: always parseable. */
Test(jsonw, every_byte_parses)
{
	for (int a = 0; a < 256; a++) {
		for (int b = 0; b < 256; b += 17) {
			unsigned char in[3] = {(unsigned char)a, (unsigned char)b, 'x'};
			char *got = render(in, sizeof(in));
			char *doc = NULL;
			cr_assert(asprintf(&doc, "[%s]", got) > 0);
			json_error_t err;
			json_t *j = json_loads(doc, JSON_ALLOW_NUL, &err);
			cr_assert_not_null(j, "bytes %02x %02x: %s", a, b, err.text);
			json_decref(j);
			free(doc);
			free(got);
		}
	}
}

Test(jsonw, structure_and_numbers)
{
	struct strbuf sb = STRBUF_INIT;
	struct jsonw w;
	jw_init(&w, &sb);
	jw_obj(&w);
	jw_k(&w, "a");
	jw_u64(&w, UINT64_MAX);
	jw_k(&w, "b");
	jw_i64(&w, INT64_MIN);
	jw_key(&w, "k\"ey");
	jw_arr(&w);
	jw_i64(&w, 0);
	jw_i64(&w, -7);
	jw_u64(&w, 10);
	jw_u64(&w, 99);
	jw_u64(&w, 100);
	jw_obj(&w);
	jw_obj_end(&w);
	jw_arr(&w);
	jw_arr_end(&w);
	jw_null(&w);
	jw_bool(&w, true);
	jw_str(&w, NULL);
	jw_double(&w, 0.5);
	jw_double(&w, 1.0 / 0.0);
	jw_raw(&w, "{\"x\":1}", 7);
	jw_arr_end(&w);
	jw_k(&w, "c");
	jw_str(&w, "d");
	jw_obj_end(&w);
	cr_assert_str_eq(sb.buf, "{\"a\":18446744073709551615,\"b\":-9223372036854775808,"
	                         "\"k\\\"ey\":[0,-7,10,99,100,{},[],null,true,null,0.5,null,"
	                         "{\"x\":1}],\"c\":\"d\"}");
	json_error_t err;
	json_t *j = json_loads(sb.buf, JSON_DECODE_INT_AS_REAL, &err);
	cr_assert_not_null(j, "%s", err.text);
	json_decref(j);
	sb_free(&sb);
}

/* The 8-bytes-at-a-time path: each special byte at each position of a long
 * string is still escaped as by the byte loop (compared with a string of one
 * byte at a time, which never takes the fast path). */
Test(jsonw, long_strings_escape_at_every_position)
{
	static const unsigned char special[] = {'"',  '\\', '\n', 0x01, 0x1f,
	                                        0x7f, 0x80, 0xc3, 0xff, ' '};
	for (size_t k = 0; k < sizeof(special); k++) {
		for (size_t at = 0; at < 24; at++) {
			unsigned char in[24];
			memset(in, 'a', sizeof(in));
			in[at] = special[k];
			if (special[k] == 0xc3 && at + 1 < sizeof(in))
				in[at + 1] = 0xa9; /* é: a valid sequence split across words */
			struct strbuf whole = STRBUF_INIT, bytes = STRBUF_INIT;
			sb_put_json_str(&whole, in, sizeof(in));
			sb_putc(&bytes, '"');
			for (size_t i = 0; i < sizeof(in);) {
				size_t n = in[i] == 0xc3 && i + 1 < sizeof(in) && in[i + 1] == 0xa9
				               ? 2
				               : 1;
				struct strbuf one = STRBUF_INIT;
				sb_put_json_str(&one, in + i, n);
				sb_put(&bytes, one.buf + 1, one.len - 2);
				sb_free(&one);
				i += n;
			}
			sb_putc(&bytes, '"');
			cr_assert_str_eq(whole.buf, bytes.buf, "byte 0x%02x at %zu", special[k],
			                 at);
			sb_free(&whole);
			sb_free(&bytes);
		}
	}
}

/* Cached leading digits: equal to jw_u64 whatever the sequence of values. */
Test(jsonw, u64_cached_equals_u64)
{
	static const uint64_t v[] = {1796124071420717896ull,
	                             1796124071420846417ull,
	                             1796124071999999999ull,
	                             1796124072000000000ull,
	                             1796124072000000001ull,
	                             999999999ull,
	                             1000000000ull,
	                             1000000001ull,
	                             0,
	                             5,
	                             1796124072000000001ull,
	                             18446744073709551615ull,
	                             18446744073000000000ull,
	                             42,
	                             1999999999ull,
	                             1000000000ull};
	struct jw_u64_cache c = {0};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		struct jsonw wa, wb;
		jw_init(&wa, &a);
		jw_init(&wb, &b);
		jw_arr(&wa);
		jw_arr(&wb);
		jw_u64(&wa, 7);
		jw_u64(&wb, 7);
		sb_putc(&a, ',');
		sb_reserve(&a, JW_U64_CACHED_ROOM);
		sb_end_at(&a, jw_fmt_u64_cached(a.buf + a.len, &c, v[i]));
		jw_u64(&wb, v[i]);
		cr_assert_str_eq(a.buf, b.buf, "value %zu", i);
		sb_free(&a);
		sb_free(&b);
	}
}
