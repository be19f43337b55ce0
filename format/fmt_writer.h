/*
 * fmt_writer.h - writes a renacer trace file (spec/format.md): a header with
 * metadata, then independent zstd-compressed chunks of records, then a trailer.
 * Memory is bounded by the chunk size; a chunk is flushed when it reaches its
 * size or has held data for flush_interval_ns, so a killed recorder loses at
 * most that much.
 */
#ifndef RENACER_FMT_WRITER_H
#define RENACER_FMT_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "libtrace/trace_event.h"

struct fmt_writer_opts {
	int zstd_level;             /* 1..19 (clamped); default 3 */
	size_t chunk_bytes;         /* uncompressed, 4 KiB..32 MiB; default 1 MiB */
	uint64_t flush_interval_ns; /* max age of buffered data; default 1 s */
	uint64_t sync_interval_ns;  /* fsync at most this often; 0 = only at close */
};

struct fmt_writer;

/* Fills opts with the defaults above. */
void fmt_writer_opts_default(struct fmt_writer_opts *opts);
/* Creates path by the output-file rule (libtrace/trace_outfile.h: no link
 * owned by another user followed, mode 0600) and writes the header. The trace
 * is written to "path.tmp-PID-N" beside it and renamed to path by
 * fmt_writer_close or fmt_writer_abort; until then (a recorder killed by
 * SIGKILL) that file is the trace, readable up to its last complete chunk.
 * NULL opts = defaults. 0, or -errno with a message in err. */
int fmt_writer_open(struct fmt_writer **w, const char *path, const struct trace_meta *meta,
                    const struct fmt_writer_opts *opts, char *err, size_t errlen);
/* The same on an open file descriptor (the writer owns and closes it). */
int fmt_writer_open_fd(struct fmt_writer **w, int fd, const struct trace_meta *meta,
                       const struct fmt_writer_opts *opts, char *err, size_t errlen);
/* Appends one record (TREC_SYSCALL carries its payloads; TREC_PAYLOAD and
 * TREC_TRAILER are not accepted here). Stack definitions (TREC_STACK, id >= 1,
 * depth 1..TRACE_MAX_STACK) must precede their first use; the writer repeats
 * them in each chunk that uses them. 0, -EINVAL for a record it refuses,
 * -EMSGSIZE for one too big for any chunk, or the -errno of a failed write
 * (which sticks: every later call returns it). */
int fmt_writer_add(struct fmt_writer *w, const struct trace_record *rec);
/* Flushes the current chunk if it is older than flush_interval_ns at now_ns. */
int fmt_writer_tick(struct fmt_writer *w, uint64_t now_ns);
/* Compresses and writes the current chunk now. 0 or -errno. */
int fmt_writer_flush(struct fmt_writer *w);
/* Writes the trailer (NULL: totals counted by the writer), flushes, fsyncs
 * and closes. Frees w even on error. 0 or -errno (message in err). */
int fmt_writer_close(struct fmt_writer *w, const struct trace_trailer *trailer, char *err,
                     size_t errlen);
/* Frees w without a trailer (after a write error); what was flushed stays
 * readable (and, when opened by path, is renamed to path). */
void fmt_writer_abort(struct fmt_writer *w);
/* The file being written while w runs (the temporary file when opened by
 * path), or NULL when opened on a descriptor. */
const char *fmt_writer_path(const struct fmt_writer *w);
/* Bytes written to the file so far (header + flushed chunks). */
uint64_t fmt_writer_bytes(const struct fmt_writer *w);
/* Records accepted so far, in total (see fmt_writer_records_of for one type). */
uint64_t fmt_writer_records(const struct fmt_writer *w);
/* Records of one type (TREC_*) accepted so far. */
uint64_t fmt_writer_records_of(const struct fmt_writer *w, enum trace_rec_type type);
/* A trace_sink that feeds w (tick included); valid while w is. */
struct trace_sink fmt_writer_sink(struct fmt_writer *w);

#endif
