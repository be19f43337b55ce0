/*
 * fmt_header.c - writes and parses the trace file header. Metadata keys are
 * strings so a reader skips keys it does not know; values are typed ('s'
 * string, 'u' unsigned varint) and length-prefixed so unknown types skip too.
 */
#include "format/fmt_header.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/fmt_crc.h"
#include "format/fmt_reader.h"
#include "libtrace/trace_util.h"

/* The metadata keys and where their values live. */
struct meta_key {
	const char *key;
	char type;
	size_t offset;  /* in struct trace_meta */
	int width;      /* bytes of an integer field */
	bool omit_zero; /* an integer not written when 0 (absent means 0) */
};

#define META_STR(k, f)                                                                             \
	{                                                                                          \
		k, FMT_META_STRING, offsetof(struct trace_meta, f), 0, false                       \
	}
#define META_INT(k, f)                                                                             \
	{                                                                                          \
		k, FMT_META_UINT, offsetof(struct trace_meta, f),                                  \
		    (int)sizeof(((struct trace_meta *)0)->f), false                                \
	}

static const struct meta_key meta_keys[] = {
    META_STR("hostname", hostname),
    META_STR("kernel", kernel),
    META_STR("arch", arch),
    META_INT("page_size", page_size),
    META_STR("recorder_version", recorder_version),
    META_STR("cmdline", cmdline),
    META_STR("options", options),
    META_INT("start_wall_ns", start_wall_ns),
    META_INT("start_mono_ns", start_mono_ns),
    META_INT("overhead_ns", overhead_ns),
    META_INT("overhead_stack_ns", overhead_stack_ns),
    META_INT("overhead_samples", overhead_samples),
    META_STR("backend", backend),
    {"fd_kinds", FMT_META_UINT, offsetof(struct trace_meta, fd_kinds), 4, true},
    META_INT("overhead_floor_ns", overhead_floor_ns),
    META_INT("overhead_call_ns", overhead_call_ns),
    META_STR("ifnames", ifnames),
};
#define N_META_KEYS (sizeof(meta_keys) / sizeof(meta_keys[0]))

static uint64_t meta_int(const struct trace_meta *m, const struct meta_key *k)
{
	const char *base = (const char *)m + k->offset;
	uint64_t v64;
	uint32_t v32;

	if (k->width == 8) {
		memcpy(&v64, base, 8);
		return v64;
	}
	memcpy(&v32, base, 4);
	return v32;
}

static void meta_set_int(struct trace_meta *m, const struct meta_key *k, uint64_t v)
{
	char *base = (char *)m + k->offset;
	uint32_t v32 = (uint32_t)v;

	if (k->width == 8)
		memcpy(base, &v, 8);
	else
		memcpy(base, &v32, 4);
}

void fmt_header_encode(struct fmt_buf *out, const struct trace_meta *meta)
{
	size_t start = out->len;
	uint32_t count = 0;
	uint8_t tmp[10];

	fmt_put_bytes(out, FMT_FILE_MAGIC, FMT_MAGIC_LEN);
	fmt_put_le(out, FMT_VERSION_MAJOR, 2);
	fmt_put_le(out, FMT_VERSION_MINOR, 2);
	fmt_put_le(out, FMT_ENDIAN_MARK, 4);
	fmt_put_le(out, 0, 4); /* header_len, patched below */
	fmt_put_le(out, 0, 4); /* meta_count, patched below */
	for (size_t i = 0; i < N_META_KEYS; i++) {
		const struct meta_key *k = &meta_keys[i];
		if (k->type == FMT_META_STRING) {
			const char *s;
			memcpy(&s, (const char *)meta + k->offset, sizeof(s));
			if (!s)
				continue;
			fmt_put_blob(out, k->key, strlen(k->key));
			fmt_put_u8(out, FMT_META_STRING);
			fmt_put_blob(out, s, strlen(s));
		} else {
			if (k->omit_zero && meta_int(meta, k) == 0)
				continue;
			size_t n = fmt_store_varint(tmp, meta_int(meta, k));
			fmt_put_blob(out, k->key, strlen(k->key));
			fmt_put_u8(out, FMT_META_UINT);
			fmt_put_blob(out, tmp, n);
		}
		count++;
	}
	uint32_t len = (uint32_t)(out->len - start + 4);
	fmt_store_le(out->data + start + 16, len, 4);
	fmt_store_le(out->data + start + 20, count, 4);
	fmt_put_le(out, fmt_crc32c(0, out->data + start, len - 4), 4);
}

int fmt_header_check_fixed(const uint8_t *p, size_t n, uint32_t *header_len, char *err,
                           size_t errlen)
{
	size_t m = n < FMT_MAGIC_LEN ? n : FMT_MAGIC_LEN;

	if (n == 0) {
		snprintf(err, errlen, "empty file, not a renacer trace");
		return FMT_ERR_NOTRACE;
	}
	if (memcmp(p, FMT_FILE_MAGIC, m) != 0) {
		snprintf(err, errlen, "not a renacer trace (bad magic)");
		return FMT_ERR_NOTRACE;
	}
	if (n < FMT_FILE_HDR_FIXED) {
		snprintf(err, errlen, "trace header is truncated (%zu bytes)", n);
		return FMT_ERR_HEADER;
	}
	uint32_t major = (uint32_t)fmt_load_le(p + 8, 2);
	uint32_t minor = (uint32_t)fmt_load_le(p + 10, 2);
	if (major != FMT_VERSION_MAJOR) {
		snprintf(err, errlen,
		         "trace format version %u.%u is not supported (this reader knows %d.x)",
		         major, minor, FMT_VERSION_MAJOR);
		return FMT_ERR_VERSION;
	}
	if (fmt_load_le(p + 12, 4) != FMT_ENDIAN_MARK) {
		snprintf(err, errlen, "trace header is damaged (bad byte-order mark)");
		return FMT_ERR_HEADER;
	}
	*header_len = (uint32_t)fmt_load_le(p + 16, 4);
	if (*header_len < FMT_FILE_HDR_FIXED + 4 || *header_len > FMT_FILE_HDR_MAX) {
		snprintf(err, errlen, "trace header is damaged (length %u)", *header_len);
		return FMT_ERR_HEADER;
	}
	return FMT_OK;
}

static char *store_string(struct fmt_meta_store *store, const uint8_t *p, size_t n)
{
	char *s = xstrndup((const char *)p, n);
	store->strings[store->nstrings++] = s;
	return s;
}

/* Applies one key/value entry (unknown keys and types are ignored). */
static int apply_entry(struct fmt_meta_store *store, const uint8_t *key, size_t klen, uint8_t type,
                       const uint8_t *val, size_t vlen)
{
	for (size_t i = 0; i < N_META_KEYS; i++) {
		const struct meta_key *k = &meta_keys[i];
		if (strlen(k->key) != klen || memcmp(k->key, key, klen) != 0 || k->type != type)
			continue;
		if (type == FMT_META_STRING) {
			char *old;
			memcpy(&old, (char *)&store->meta + k->offset, sizeof(old));
			if (old)
				return 0; /* first occurrence wins */
			char *s = store_string(store, val, vlen);
			memcpy((char *)&store->meta + k->offset, &s, sizeof(s));
		} else {
			struct fmt_cur c = {val, val + vlen, false};
			uint64_t v = fmt_get_varint(&c);
			if (c.bad)
				return -1;
			meta_set_int(&store->meta, k, v);
		}
		return 0;
	}
	return 0;
}

int fmt_header_decode(const uint8_t *p, size_t len, struct fmt_meta_store *store, char *err,
                      size_t errlen)
{
	memset(store, 0, sizeof(*store));
	if (fmt_crc32c(0, p, len - 4) != (uint32_t)fmt_load_le(p + len - 4, 4)) {
		snprintf(err, errlen, "trace header is damaged (checksum mismatch)");
		return FMT_ERR_HEADER;
	}
	uint32_t count = (uint32_t)fmt_load_le(p + 20, 4);
	struct fmt_cur c = {p + FMT_FILE_HDR_FIXED, p + len - 4, false};
	for (uint32_t i = 0; i < count && !c.bad; i++) {
		size_t klen, vlen;
		const uint8_t *key = fmt_get_blob(&c, &klen);
		uint8_t type = fmt_get_u8(&c);
		const uint8_t *val = fmt_get_blob(&c, &vlen);
		if (c.bad || apply_entry(store, key, klen, type, val, vlen) < 0)
			c.bad = true;
	}
	if (c.bad) {
		fmt_meta_store_free(store);
		snprintf(err, errlen, "trace header is damaged (bad metadata entry)");
		return FMT_ERR_HEADER;
	}
	return FMT_OK;
}

void fmt_meta_store_free(struct fmt_meta_store *store)
{
	for (int i = 0; i < store->nstrings; i++)
		free(store->strings[i]);
	memset(store, 0, sizeof(*store));
}
