/*
 * fmt_writer.c - writes a trace file: the header, then records gathered into
 * chunks that are compressed as one zstd frame each and written with a
 * checksummed chunk header (spec/format.md). A chunk is flushed when it
 * reaches chunk_bytes or is older than flush_interval_ns; stack definitions
 * are repeated in each chunk that uses them so every chunk stands alone.
 */
#include "format/fmt_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "format/fmt_codec.h"
#include "format/fmt_crc.h"
#include "format/fmt_header.h"
#include "format/fmt_records.h"
#include "libtrace/trace_map.h"
#include "libtrace/trace_outfile.h"
#include "libtrace/trace_stacks.h"
#include "libtrace/trace_util.h"

#define CHUNK_BYTES_MIN 4096u
#define CHUNK_BYTES_MAX (FMT_CHUNK_RAW_MAX / 2)
#define N_TYPES         (TREC_RENAME + 1)

struct fmt_writer {
	int fd;
	bool regular; /* a regular file: fsync and truncation apply */
	struct fmt_writer_opts opts;
	ZSTD_CCtx *cctx;
	struct fmt_buf raw; /* records of the current chunk */
	struct fmt_buf tmp; /* one record body being built */
	struct fmt_buf out; /* chunk header + compressed frame */
	struct fmt_delta *delta;
	struct trace_stacks *stacks;
	struct trace_map stack_chunk; /* id -> seq + 1 of the chunk that holds its definition */
	struct trace_outfile *file;   /* opened by path: the trace's temporary file, else NULL */
	uint32_t seq;                 /* index of the current chunk */
	uint32_t nrec;                /* framed records in the current chunk */
	bool has_ts;
	uint64_t first_ts, last_ts, max_ts;
	uint64_t born_ns; /* when the current chunk got its first record */
	uint64_t last_sync_ns;
	uint64_t bytes;
	uint64_t counts[N_TYPES];
	uint64_t total;
	uint64_t lost_events, processes;
	int err; /* first write error: sticky */
	struct { /* syscalls repeating their reference, not yet encoded */
		uint16_t nr;
		uint32_t count;
		uint64_t end; /* end of the last call in the run */
		bool waited;  /* a call of the run has a CPU wait */
		int64_t gaps[FMT_RUN_MAX];
		uint64_t durs[FMT_RUN_MAX];
		uint64_t waits[FMT_RUN_MAX];
	} run;
};

void fmt_writer_opts_default(struct fmt_writer_opts *opts)
{
	opts->zstd_level = 3;
	opts->chunk_bytes = 1u << 20;
	opts->flush_interval_ns = 1000000000ull;
	opts->sync_interval_ns = 0;
}

static void clamp_opts(struct fmt_writer_opts *o)
{
	if (o->zstd_level < 1)
		o->zstd_level = 1;
	if (o->zstd_level > ZSTD_maxCLevel())
		o->zstd_level = ZSTD_maxCLevel();
	if (o->chunk_bytes < CHUNK_BYTES_MIN)
		o->chunk_bytes = CHUNK_BYTES_MIN;
	if (o->chunk_bytes > CHUNK_BYTES_MAX)
		o->chunk_bytes = CHUNK_BYTES_MAX;
}

static void writer_free(struct fmt_writer *w)
{
	ZSTD_freeCCtx(w->cctx);
	fmt_buf_free(&w->raw);
	fmt_buf_free(&w->tmp);
	fmt_buf_free(&w->out);
	free(w->delta);
	trace_stacks_free(w->stacks);
	trace_map_free(&w->stack_chunk);
	free(w);
}

/* Remembers a write error; on a regular file, cuts a partly written chunk off
 * so the file ends on a chunk boundary and stays cleanly readable. */
static int fail(struct fmt_writer *w, int err)
{
	if (!w->err)
		w->err = err;
	if (w->regular && ftruncate(w->fd, (off_t)w->bytes) != 0)
		pr_debug(1, "cannot cut the trace back to %llu bytes: %s",
		         (unsigned long long)w->bytes, strerror(errno));
	return w->err;
}

int fmt_writer_open_fd(struct fmt_writer **wp, int fd, const struct trace_meta *meta,
                       const struct fmt_writer_opts *opts, char *err, size_t errlen)
{
	struct fmt_writer *w = xcalloc(1, sizeof(*w));
	struct stat st;
	int rc;

	*wp = NULL;
	w->fd = fd;
	w->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (opts)
		w->opts = *opts;
	else
		fmt_writer_opts_default(&w->opts);
	clamp_opts(&w->opts);
	w->cctx = ZSTD_createCCtx();
	if (!w->cctx || ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel,
	                                                    w->opts.zstd_level))) {
		snprintf(err, errlen, "cannot set up zstd compression");
		close(fd);
		writer_free(w);
		return -ENOMEM;
	}
	w->delta = xcalloc(1, sizeof(*w->delta));
	fmt_delta_reset(w->delta);
	w->stacks = trace_stacks_new();
	w->last_sync_ns = trace_mono_ns();

	struct trace_meta none = {0};
	fmt_header_encode(&w->out, meta ? meta : &none);
	rc = trace_write_all(fd, w->out.data, w->out.len);
	if (rc < 0) {
		snprintf(err, errlen, "cannot write the trace header: %s", strerror(-rc));
		close(fd);
		writer_free(w);
		return rc;
	}
	w->bytes = w->out.len;
	*wp = w;
	return 0;
}

int fmt_writer_open(struct fmt_writer **w, const char *path, const struct trace_meta *meta,
                    const struct fmt_writer_opts *opts, char *err, size_t errlen)
{
	struct trace_outfile *f = xcalloc(1, sizeof(*f));
	int rc;

	*w = NULL;
	if (trace_outfile_open(f, path, TRACE_OUT_KEEP, err, errlen) < 0) {
		free(f);
		return -EACCES;
	}
	/* The writer owns the descriptor: the outfile only renames. */
	rc = fmt_writer_open_fd(w, f->fd, meta, opts, err, errlen);
	f->fd = -1;
	if (rc < 0) {
		size_t n = strlen(err);
		if (n + 1 < errlen)
			snprintf(err + n, errlen - n, " (%s)", path);
		trace_outfile_abort(f);
		free(f);
		return rc;
	}
	(*w)->file = f;
	return 0;
}

/* Renames the trace's temporary file over its target (when opened by path):
 * on success and after an error alike, since it holds what was recorded. */
static int finish_file(struct fmt_writer *w, int rc, char *err, size_t errlen)
{
	char ferr[512];

	if (!w->file)
		return rc;
	if (trace_outfile_commit(w->file, ferr, sizeof(ferr)) < 0 && !rc) {
		rc = -EIO;
		if (err)
			snprintf(err, errlen, "%s", ferr);
	}
	free(w->file);
	w->file = NULL;
	return rc;
}

/* fsync, tolerating descriptors that cannot be synced (pipes, terminals). */
static int sync_fd(struct fmt_writer *w)
{
	w->last_sync_ns = trace_mono_ns();
	if (fsync(w->fd) == 0 || errno == EINVAL || errno == EROFS)
		return 0;
	return -errno;
}

/* Encodes the pending run: as one plain syscall when it holds a single call. */
static void run_close(struct fmt_writer *w)
{
	uint32_t n = w->run.count;

	if (n == 0)
		return;
	w->run.count = 0;
	w->nrec++;
	if (n > 1) {
		fmt_encode_run(&w->raw, &w->tmp, w->delta, w->run.nr, n, w->run.gaps, w->run.durs,
		               w->run.waited ? w->run.waits : NULL);
		return;
	}
	const struct fmt_sys_ref *ref = &w->delta->refs[w->run.nr];
	struct trace_record rec = {.type = TREC_SYSCALL};
	struct trace_syscall *s = &rec.u.sys;
	s->nr = w->run.nr;
	fmt_ref_load(s, ref);
	s->ts = w->delta->ref_ts + (uint64_t)w->run.gaps[0];
	s->duration = w->run.durs[0];
	s->wait = w->run.waits[0];
	fmt_encode_record(&w->raw, &w->tmp, w->delta, &rec);
}

/* Adds s to the pending run when it repeats its reference. */
static bool run_append(struct fmt_writer *w, const struct trace_syscall *s)
{
	if (w->run.count && (s->nr != w->run.nr || w->run.count == FMT_RUN_MAX))
		run_close(w);
	if (!fmt_sys_repeats_ref(w->delta, s))
		return false;
	if (w->run.count == 0) {
		w->run.nr = s->nr;
		w->run.end = w->delta->ref_ts;
		w->run.waited = false;
	}
	w->run.gaps[w->run.count] = (int64_t)(s->ts - w->run.end);
	w->run.durs[w->run.count] = s->duration;
	w->run.waits[w->run.count] = s->wait;
	w->run.waited = w->run.waited || s->wait;
	w->run.count++;
	w->run.end = s->ts + s->duration;
	return true;
}

/* Bytes of the chunk so far, the pending run estimated. */
static size_t chunk_size(const struct fmt_writer *w)
{
	return w->raw.len + (size_t)w->run.count * 6;
}

/* Compresses the records of the current chunk and writes the chunk. */
int fmt_writer_flush(struct fmt_writer *w)
{
	if (w->err)
		return w->err;
	run_close(w);
	if (w->nrec == 0)
		return 0;

	size_t bound = ZSTD_compressBound(w->raw.len);
	w->out.len = 0;
	fmt_buf_reserve(&w->out, FMT_CHUNK_HDR_LEN + bound);
	size_t csize = ZSTD_compress2(w->cctx, w->out.data + FMT_CHUNK_HDR_LEN, bound, w->raw.data,
	                              w->raw.len);
	if (ZSTD_isError(csize)) {
		pr_err("zstd compression failed: %s", ZSTD_getErrorName(csize));
		return fail(w, -EIO);
	}

	uint8_t *h = w->out.data;
	memcpy(h, FMT_CHUNK_MAGIC, FMT_MAGIC_LEN);
	fmt_store_le(h + 8, FMT_CHUNK_HDR_LEN, 4);
	fmt_store_le(h + 12, w->seq, 4);
	fmt_store_le(h + 16, csize, 4);
	fmt_store_le(h + 20, w->raw.len, 4);
	fmt_store_le(h + 24, w->nrec, 4);
	fmt_store_le(h + 28, 0, 4); /* flags */
	fmt_store_le(h + 32, w->has_ts ? w->first_ts : 0, 8);
	fmt_store_le(h + 40, w->has_ts ? w->last_ts : 0, 8);
	fmt_store_le(h + 48, fmt_crc32c(0, h + FMT_CHUNK_HDR_LEN, csize), 4);
	fmt_store_le(h + FMT_CHUNK_CRC_OFF, fmt_crc32c(0, h, FMT_CHUNK_CRC_OFF), 4);
	w->out.len = FMT_CHUNK_HDR_LEN + csize;

	int rc = trace_write_all(w->fd, w->out.data, w->out.len);
	if (rc < 0)
		return fail(w, rc);
	w->bytes += w->out.len;
	w->seq++;
	w->raw.len = 0;
	w->nrec = 0;
	w->has_ts = false;
	fmt_delta_reset(w->delta);

	if (w->opts.sync_interval_ns &&
	    trace_mono_ns() - w->last_sync_ns >= w->opts.sync_interval_ns) {
		rc = sync_fd(w);
		if (rc < 0)
			return fail(w, rc);
	}
	return 0;
}

int fmt_writer_tick(struct fmt_writer *w, uint64_t now_ns)
{
	if (w->err)
		return w->err;
	if ((w->nrec || w->run.count) && now_ns - w->born_ns >= w->opts.flush_interval_ns &&
	    now_ns >= w->born_ns)
		return fmt_writer_flush(w);
	return 0;
}

static bool record_has_ts(const struct trace_record *rec, uint64_t *ts)
{
	switch (rec->type) {
	case TREC_THREAD:
		*ts = rec->u.thread.ts;
		return true;
	case TREC_EXEC:
		*ts = rec->u.exec.ts;
		return true;
	case TREC_EXIT:
		*ts = rec->u.exit.ts;
		return true;
	case TREC_MODULE_MAP:
		*ts = rec->u.map.ts;
		return true;
	case TREC_MODULE_UNMAP:
		*ts = rec->u.unmap.ts;
		return true;
	case TREC_SYSCALL:
		*ts = rec->u.sys.ts;
		return true;
	case TREC_SIGNAL:
		*ts = rec->u.sig.ts;
		return true;
	case TREC_LOST:
		*ts = rec->u.lost.ts;
		return true;
	case TREC_RENAME:
		*ts = rec->u.rename.ts;
		return true;
	default:
		return false;
	}
}

/* An upper bound of the encoded size of rec, stack re-emission included. */
static uint64_t record_bound(const struct trace_record *rec)
{
	uint64_t n = 256;

	switch (rec->type) {
	case TREC_EXEC:
		n += (rec->u.exec.filename ? strlen(rec->u.exec.filename) : 0) +
		     rec->u.exec.argv_len;
		break;
	case TREC_MODULE_MAP:
		n += rec->u.map.path ? strlen(rec->u.map.path) : 0;
		break;
	case TREC_SYSCALL:
		n += 16 + 11 * TRACE_MAX_STACK;
		for (int i = 0; i < rec->u.sys.npayloads && i < TRACE_MAX_PAYLOADS; i++)
			n += 64 + (uint64_t)rec->u.sys.payloads[i].len;
		break;
	case TREC_STACK:
		n += 11 * (uint64_t)rec->u.stack.depth;
		break;
	case TREC_IMAGE:
		n += (rec->u.image.name ? strlen(rec->u.image.name) : 0) + rec->u.image.size;
		break;
	default:
		break;
	}
	return n;
}

static void note_chunk_record(struct fmt_writer *w, const struct trace_record *rec)
{
	uint64_t ts;

	if (w->nrec == 0 && w->raw.len == 0)
		w->born_ns = trace_mono_ns();
	if (!record_has_ts(rec, &ts))
		return;
	if (!w->has_ts) {
		w->first_ts = w->last_ts = ts;
		w->has_ts = true;
	}
	if (ts < w->first_ts)
		w->first_ts = ts;
	if (ts > w->last_ts)
		w->last_ts = ts;
	if (ts > w->max_ts)
		w->max_ts = ts;
}

/* Writes the definition of stack id into the current chunk. */
static void emit_stack(struct fmt_writer *w, uint32_t id)
{
	struct trace_record def = {.type = TREC_STACK};
	const uint64_t *pcs = trace_stacks_get(w->stacks, id, &def.u.stack.depth);

	if (!pcs)
		return; /* used but never defined: the reader reports it unknown */
	def.u.stack.id = id;
	def.u.stack.pcs = pcs;
	fmt_encode_record(&w->raw, &w->tmp, w->delta, &def);
	w->nrec++;
	trace_map_put(&w->stack_chunk, id, w->seq + 1);
}

static bool stack_in_chunk(const struct fmt_writer *w, uint32_t id)
{
	const uint64_t *seq = trace_map_get(&w->stack_chunk, id);
	return seq && *seq == w->seq + 1;
}

static int check_record(const struct trace_record *rec)
{
	switch (rec->type) {
	case TREC_PAYLOAD:
	case TREC_TRAILER:
		return -EINVAL;
	case TREC_SYSCALL:
		return rec->u.sys.npayloads <= TRACE_MAX_PAYLOADS &&
		               rec->u.sys.wait <= rec->u.sys.duration
		           ? 0
		           : -EINVAL;
	case TREC_STACK:
		if (rec->u.stack.id == 0 || rec->u.stack.depth == 0 ||
		    rec->u.stack.depth > TRACE_MAX_STACK || !rec->u.stack.pcs)
			return -EINVAL;
		return 0;
	default:
		return fmt_type_known((uint8_t)rec->type) ? 0 : -EINVAL;
	}
}

static void clear_stale_stack_mark(struct fmt_writer *w, uint32_t id)
{
	uint64_t *seq = trace_map_get(&w->stack_chunk, id);
	if (seq)
		*seq = 0;
}

/* Stores a stack definition; a changed one must be written again. false when
 * the id is unusable. */
static bool keep_stack(struct fmt_writer *w, const struct trace_stack *s)
{
	enum trace_stack_update u = trace_stacks_update(w->stacks, s->id, s->pcs, s->depth);

	if (u == TRACE_STACK_REFUSED)
		return false;
	if (u != TRACE_STACK_SAME)
		clear_stale_stack_mark(w, s->id);
	return true;
}

int fmt_writer_add(struct fmt_writer *w, const struct trace_record *rec)
{
	int rc = check_record(rec);

	if (rc < 0)
		return rc;
	if (w->err)
		return w->err;
	uint64_t bound = record_bound(rec);
	if (bound > FMT_CHUNK_RAW_MAX - CHUNK_BYTES_MAX)
		return -EMSGSIZE;
	if (chunk_size(w) + bound > FMT_CHUNK_RAW_MAX && (rc = fmt_writer_flush(w)) < 0)
		return rc;

	if (rec->type == TREC_SYSCALL && run_append(w, &rec->u.sys)) {
		note_chunk_record(w, rec);
	} else if (rec->type == TREC_STACK) {
		run_close(w);
		if (!keep_stack(w, &rec->u.stack))
			return -EINVAL;
		note_chunk_record(w, rec);
		if (!stack_in_chunk(w, rec->u.stack.id))
			emit_stack(w, rec->u.stack.id);
	} else {
		run_close(w);
		note_chunk_record(w, rec);
		if (rec->type == TREC_SYSCALL && rec->u.sys.stack_id &&
		    !stack_in_chunk(w, rec->u.sys.stack_id))
			emit_stack(w, rec->u.sys.stack_id);
		fmt_encode_record(&w->raw, &w->tmp, w->delta, rec);
		w->nrec += 1 + (rec->type == TREC_SYSCALL ? rec->u.sys.npayloads : 0);
	}

	w->counts[rec->type]++;
	w->total++;
	if (rec->type == TREC_LOST)
		w->lost_events += rec->u.lost.count;
	if (rec->type == TREC_THREAD && !(rec->u.thread.flags & TTHREAD_IS_THREAD))
		w->processes++;
	if (chunk_size(w) >= w->opts.chunk_bytes)
		return fmt_writer_flush(w);
	return 0;
}

/* Totals for a close without an explicit trailer. */
static void default_trailer(const struct fmt_writer *w, struct trace_trailer *t)
{
	memset(t, 0, sizeof(*t));
	t->ts_end = w->max_ts;
	t->events = w->counts[TREC_SYSCALL];
	t->lost = w->lost_events;
	t->stacks = trace_stacks_count(w->stacks);
	t->signals = w->counts[TREC_SIGNAL];
	t->processes = w->processes;
	t->threads = w->counts[TREC_THREAD];
}

int fmt_writer_close(struct fmt_writer *w, const struct trace_trailer *trailer, char *err,
                     size_t errlen)
{
	struct trace_trailer t;
	int rc = w->err;

	if (!rc) {
		if (!trailer) {
			default_trailer(w, &t);
			trailer = &t;
		}
		run_close(w);
		if (w->nrec == 0)
			w->born_ns = trace_mono_ns();
		fmt_encode_trailer(&w->raw, &w->tmp, trailer);
		w->nrec++;
		rc = fmt_writer_flush(w);
	}
	if (!rc && (rc = sync_fd(w)) < 0)
		fail(w, rc);
	if (close(w->fd) != 0 && !rc)
		rc = -errno;
	if (rc < 0)
		snprintf(err, errlen, "cannot write the trace: %s", strerror(-rc));
	rc = finish_file(w, rc, err, errlen);
	writer_free(w);
	return rc;
}

void fmt_writer_abort(struct fmt_writer *w)
{
	if (!w)
		return;
	close(w->fd);
	(void)finish_file(w, -EIO, NULL, 0);
	writer_free(w);
}

const char *fmt_writer_path(const struct fmt_writer *w)
{
	return w->file ? (w->file->tmp ? w->file->tmp : w->file->path) : NULL;
}

uint64_t fmt_writer_bytes(const struct fmt_writer *w)
{
	return w->bytes;
}

uint64_t fmt_writer_records(const struct fmt_writer *w)
{
	return w->total;
}

uint64_t fmt_writer_records_of(const struct fmt_writer *w, enum trace_rec_type type)
{
	return (unsigned)type < N_TYPES ? w->counts[type] : 0;
}

static int sink_emit(struct trace_sink *s, const struct trace_record *rec)
{
	return fmt_writer_add(s->ctx, rec);
}

static int sink_tick(struct trace_sink *s, uint64_t now_ns)
{
	return fmt_writer_tick(s->ctx, now_ns);
}

struct trace_sink fmt_writer_sink(struct fmt_writer *w)
{
	struct trace_sink s = {sink_emit, sink_tick, w};
	return s;
}
