/*
 * fmt_crc.h - CRC-32C (Castagnoli), the checksum of trace headers and chunks.
 */
#ifndef RENACER_FMT_CRC_H
#define RENACER_FMT_CRC_H

#include <stddef.h>
#include <stdint.h>

/* Continues a CRC-32C over data: start with crc = 0; the result of one call
 * can be passed as crc to the next to checksum non-contiguous pieces. */
uint32_t fmt_crc32c(uint32_t crc, const void *data, size_t len);

#endif
