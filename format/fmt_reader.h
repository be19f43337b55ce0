/*
 * fmt_reader.h - reads a renacer trace file as a stream of records, with
 * memory bounded independently of the trace size. Verifies chunk checksums,
 * skips damaged chunks with a warning naming their file offset, and reports a
 * truncated file as such while returning every complete chunk. Never crashes
 * on any input.
 */
#ifndef RENACER_FMT_READER_H
#define RENACER_FMT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "libtrace/trace_event.h"

/* Status of fmt_reader_open / fmt_reader_next. */
enum fmt_status {
	FMT_OK = 0,
	FMT_EOF = 1,          /* fmt_reader_next: no more records */
	FMT_ERR_IO = -1,      /* cannot open or read the file */
	FMT_ERR_NOTRACE = -2, /* not a renacer trace (bad magic) */
	FMT_ERR_VERSION = -3, /* a major version this reader does not know */
	FMT_ERR_HEADER = -4,  /* header damaged */
};

struct fmt_reader_stats {
	uint64_t chunks;          /* chunks read intact */
	uint64_t bad_chunks;      /* chunks skipped as damaged */
	uint64_t records;         /* records returned (fmt_reader_pass_stacks: each chunk's copy
	                           * of a stack definition counts) */
	uint64_t skipped_records; /* records of unknown type skipped */
	int truncated;            /* the file ends inside a chunk or without a trailer */
	int has_trailer;
};

struct fmt_reader;

/* Opens path ("-" = standard input) and reads the header.
 * FMT_OK, or a negative fmt_status with a one-line message in err. */
int fmt_reader_open(struct fmt_reader **r, const char *path, char *err, size_t errlen);
/* The same over descriptor fd (taken over: closed by fmt_reader_close) named
 * name in messages, whose first plen bytes, already read by the caller (to
 * tell what the input is), are prefix (copied). For pipes and standard input. */
int fmt_reader_open_fd(struct fmt_reader **r, int fd, const char *name, const void *prefix,
                       size_t plen, char *err, size_t errlen);
/* The same over a memory buffer (not copied; must outlive r). Used by the fuzzer. */
int fmt_reader_open_mem(struct fmt_reader **r, const void *data, size_t len, char *err,
                        size_t errlen);
/* The header's metadata (strings owned by r). */
const struct trace_meta *fmt_reader_meta(const struct fmt_reader *r);
/* The next record in *rec: FMT_OK, FMT_EOF, or FMT_ERR_IO on a read error.
 * Payload records are attached to their syscall; stack definitions are
 * returned as TREC_STACK records too (once per id and content, although the
 * file repeats them in every chunk) and kept for fmt_reader_stack.
 * Warnings (damaged chunk, truncation) go to stderr through pr_warn unless
 * silenced with fmt_reader_quiet. Borrowed pointers live until the next call. */
int fmt_reader_next(struct fmt_reader *r, struct trace_record *rec);
/* The pcs of stack id seen so far, or NULL (always, after fmt_reader_pass_stacks). */
const uint64_t *fmt_reader_stack(const struct fmt_reader *r, uint32_t id, uint32_t *depth);
/* Call before the first fmt_reader_next when the caller keeps the stacks
 * itself (renacer-report's trace model): the reader then keeps none, and
 * returns each TREC_STACK record as the file holds it, once in every chunk
 * that carries it (redefinitions included, in order). */
void fmt_reader_pass_stacks(struct fmt_reader *r);
/* Counters so far. */
const struct fmt_reader_stats *fmt_reader_stats(const struct fmt_reader *r);
/* Bytes consumed from the file so far, and its size when known (0 for a pipe). */
uint64_t fmt_reader_offset(const struct fmt_reader *r);
uint64_t fmt_reader_size(const struct fmt_reader *r);
/* Suppress the reader's own warnings (the stats still count). */
void fmt_reader_quiet(struct fmt_reader *r, int quiet);
void fmt_reader_close(struct fmt_reader *r);

#endif
