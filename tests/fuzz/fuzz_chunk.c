/*
 * fuzz_chunk.c - libFuzzer target: any bytes as the decompressed records of
 * one chunk. The input is wrapped in a valid file header, zstd frame and
 * checksums so the fuzzer reaches the record decoders directly instead of
 * stopping at a checksum; the reader must still never crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "format/fmt_codec.h"
#include "format/fmt_crc.h"
#include "format/fmt_header.h"
#include "format/fmt_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t sink;

static void touch(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		sink += b[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fmt_buf file = {0};
	struct trace_meta meta = {.arch = "x86_64"};
	uint8_t h[FMT_CHUNK_HDR_LEN] = {0};

	if (size > (1u << 20))
		return 0;
	fmt_header_encode(&file, &meta);
	size_t bound = ZSTD_compressBound(size);
	uint8_t *z = malloc(bound);
	size_t cz = ZSTD_compress(z, bound, data, size, 1);
	if (ZSTD_isError(cz))
		abort();
	memcpy(h, FMT_CHUNK_MAGIC, FMT_MAGIC_LEN);
	fmt_store_le(h + 8, FMT_CHUNK_HDR_LEN, 4);
	fmt_store_le(h + 16, cz, 4);
	fmt_store_le(h + 20, size, 4);
	fmt_store_le(h + 48, fmt_crc32c(0, z, cz), 4);
	fmt_store_le(h + FMT_CHUNK_CRC_OFF, fmt_crc32c(0, h, FMT_CHUNK_CRC_OFF), 4);
	fmt_put_bytes(&file, h, sizeof(h));
	fmt_put_bytes(&file, z, cz);
	free(z);

	struct fmt_reader *r;
	struct trace_record rec;
	char err[256];
	if (fmt_reader_open_mem(&r, file.data, file.len, err, sizeof(err)) != FMT_OK)
		abort(); /* the wrapper itself is always valid */
	fmt_reader_quiet(r, 1);
	while (fmt_reader_next(r, &rec) == FMT_OK) {
		if (rec.type == TREC_SYSCALL)
			for (int i = 0; i < rec.u.sys.npayloads; i++)
				touch(rec.u.sys.payloads[i].data, rec.u.sys.payloads[i].len);
		if (rec.type == TREC_EXEC)
			touch(rec.u.exec.argv, rec.u.exec.argv_len + 1);
		if (rec.type == TREC_IMAGE)
			touch(rec.u.image.data, rec.u.image.size);
		if (rec.type == TREC_MODULE_MAP)
			touch(rec.u.map.path, strlen(rec.u.map.path) + 1);
	}
	fmt_reader_close(r);
	fmt_buf_free(&file);
	return 0;
}
