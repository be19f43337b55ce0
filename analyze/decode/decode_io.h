/*
 * decode_io.h - the I/O setup family: struct io_uring_params (io_uring_setup),
 * the directory entries getdents writes (the "N entries" comment), and the
 * single values a call writes through a pointer ("[0x7f...]", "[24]").
 */
#ifndef RENACER_DECODE_IO_H
#define RENACER_DECODE_IO_H

#include <stdbool.h>

#include "analyze/decode/decode.h"

/* Argument arg of kind kind (TA_URING_PARAMS, TA_DIRENTS_OUT, TA_PTR_OUT,
 * TA_ULONG_OUT) as strace shows it; false when kind is not one of them. */
bool decode_put_io_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, unsigned kind);

#endif
