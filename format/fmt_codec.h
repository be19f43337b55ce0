/*
 * fmt_codec.h - the byte-level building blocks of the trace format shared by
 * the writer and the reader (spec/format.md): file and chunk layout
 * constants, a growable output buffer, and a bounds-checked input cursor
 * with little-endian, LEB128 varint and zigzag coding.
 */
#ifndef RENACER_FMT_CODEC_H
#define RENACER_FMT_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* File header (spec/format.md, "File header"). */
#define FMT_FILE_MAGIC     "RNCTRACE"
#define FMT_MAGIC_LEN      8
#define FMT_VERSION_MAJOR  1
#define FMT_VERSION_MINOR  5
#define FMT_ENDIAN_MARK    0x01020304u
#define FMT_FILE_HDR_FIXED 24          /* magic .. meta_count */
#define FMT_FILE_HDR_MAX   (16u << 20) /* readers refuse longer headers */

/* Chunk header (spec/format.md, "Chunks"). */
#define FMT_CHUNK_MAGIC   "RNCCHUNK"
#define FMT_CHUNK_HDR_LEN 56          /* version 1.0 length */
#define FMT_CHUNK_CRC_OFF 52          /* header CRC: of bytes [0, 52) */
#define FMT_CHUNK_HDR_MAX 4096        /* readers refuse longer chunk headers */
#define FMT_CHUNK_RAW_MAX (64u << 20) /* largest uncompressed chunk */

/* Syscall delta references exist for syscall numbers below this. */
#define FMT_NR_REFS 1024

/* Metadata value types. */
#define FMT_META_STRING 's'
#define FMT_META_UINT   'u'

/* A growable byte buffer (writer side). */
struct fmt_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

void fmt_buf_reserve(struct fmt_buf *b, size_t extra);
void fmt_buf_free(struct fmt_buf *b);

static inline void fmt_put_bytes(struct fmt_buf *b, const void *p, size_t n)
{
	fmt_buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

static inline void fmt_put_u8(struct fmt_buf *b, uint8_t v)
{
	fmt_buf_reserve(b, 1);
	b->data[b->len++] = v;
}

static inline void fmt_store_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t fmt_load_le(const uint8_t *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static inline void fmt_put_le(struct fmt_buf *b, uint64_t v, int n)
{
	fmt_buf_reserve(b, (size_t)n);
	fmt_store_le(b->data + b->len, v, n);
	b->len += (size_t)n;
}

static inline size_t fmt_varint_len(uint64_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

/* Stores v as LEB128 at p (room for 10 bytes needed); returns the bytes used. */
static inline size_t fmt_store_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

static inline void fmt_put_varint(struct fmt_buf *b, uint64_t v)
{
	fmt_buf_reserve(b, 10);
	b->len += fmt_store_varint(b->data + b->len, v);
}

static inline uint64_t fmt_zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline int64_t fmt_unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static inline void fmt_put_svarint(struct fmt_buf *b, int64_t v)
{
	fmt_put_varint(b, fmt_zigzag(v));
}

/* A length-prefixed byte string. */
static inline void fmt_put_blob(struct fmt_buf *b, const void *p, size_t n)
{
	fmt_put_varint(b, n);
	fmt_put_bytes(b, p, n);
}

/* A bounds-checked reader over [p, end): any read past end sets bad and
 * returns zeros, so decoders check bad once at the end. */
struct fmt_cur {
	const uint8_t *p;
	const uint8_t *end;
	bool bad;
};

static inline size_t fmt_cur_left(const struct fmt_cur *c)
{
	return (size_t)(c->end - c->p);
}

static inline uint8_t fmt_get_u8(struct fmt_cur *c)
{
	if (c->p >= c->end) {
		c->bad = true;
		return 0;
	}
	return *c->p++;
}

static inline uint64_t fmt_get_le(struct fmt_cur *c, int n)
{
	if (fmt_cur_left(c) < (size_t)n) {
		c->bad = true;
		c->p = c->end;
		return 0;
	}
	uint64_t v = fmt_load_le(c->p, n);
	c->p += n;
	return v;
}

/* LEB128: at most 10 bytes, and the 10th may only carry the top bit. */
static inline uint64_t fmt_get_varint(struct fmt_cur *c)
{
	uint64_t v = 0;
	/* Most fields of a record are small deltas: one or two bytes, no loop. */
	if (__builtin_expect(c->end - c->p >= 2, 1)) {
		if (c->p[0] < 0x80)
			return *c->p++;
		if (c->p[1] < 0x80) {
			v = (uint64_t)(c->p[0] & 0x7f) | (uint64_t)c->p[1] << 7;
			c->p += 2;
			return v;
		}
	} else if (c->p < c->end && *c->p < 0x80) {
		return *c->p++;
	}
	for (int shift = 0; shift < 70; shift += 7) {
		if (c->p >= c->end)
			break;
		uint8_t byte = *c->p++;
		if (shift == 63 && byte > 1)
			break;
		v |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return v;
	}
	c->bad = true;
	c->p = c->end;
	return 0;
}

static inline int64_t fmt_get_svarint(struct fmt_cur *c)
{
	return fmt_unzigzag(fmt_get_varint(c));
}

/* A varint that must fit max; larger values mark the cursor bad. */
static inline uint64_t fmt_get_varint_max(struct fmt_cur *c, uint64_t max)
{
	uint64_t v = fmt_get_varint(c);
	if (v > max) {
		c->bad = true;
		c->p = c->end;
		return 0;
	}
	return v;
}

/* A length-prefixed byte string: a pointer into the input and its length in *n. */
static inline const uint8_t *fmt_get_blob(struct fmt_cur *c, size_t *n)
{
	uint64_t len = fmt_get_varint(c);
	if (c->bad || len > fmt_cur_left(c)) {
		c->bad = true;
		c->p = c->end;
		*n = 0;
		return NULL;
	}
	const uint8_t *p = c->p;
	c->p += len;
	*n = (size_t)len;
	return p;
}

#endif
