/*
 * fmt_header.h - the file header of a trace (spec/format.md, "File header"):
 * magic, version, byte-order mark, length, metadata as typed key/value
 * entries (unknown keys are skipped) and a CRC-32C.
 */
#ifndef RENACER_FMT_HEADER_H
#define RENACER_FMT_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "format/fmt_codec.h"
#include "libtrace/trace_event.h"

/* Metadata decoded from a header, owning its strings. */
struct fmt_meta_store {
	struct trace_meta meta;
	char *strings[8]; /* the copies behind meta's string fields */
	int nstrings;
};

/* Appends the whole header (with its checksum) for meta to out. */
void fmt_header_encode(struct fmt_buf *out, const struct trace_meta *meta);
/* Checks the fixed first FMT_FILE_HDR_FIXED bytes (n of them available) and
 * gives the total header length. FMT_OK or a negative fmt_status with err set. */
int fmt_header_check_fixed(const uint8_t *p, size_t n, uint32_t *header_len, char *err,
                           size_t errlen);
/* Verifies the checksum of the complete header p[0..len) and decodes its
 * metadata into store. FMT_OK or FMT_ERR_HEADER with err set. */
int fmt_header_decode(const uint8_t *p, size_t len, struct fmt_meta_store *store, char *err,
                      size_t errlen);
void fmt_meta_store_free(struct fmt_meta_store *store);

#endif
