/*
 * fmt_reader.c - reads a trace file as a stream of records (spec/format.md).
 * Input comes through a sliding window over a file, a pipe or a memory
 * buffer; one decompressed chunk is held at a time. Damaged chunks are
 * skipped by scanning for the next chunk magic; a file that stops early is
 * reported as truncated after returning everything complete.
 */
#include "format/fmt_reader.h"

#include <errno.h>
#include <stdarg.h>
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
#include "libtrace/trace_stacks.h"
#include "libtrace/trace_util.h"

#define READ_BLOCK (256u << 10)

struct fmt_reader {
	char *name; /* for messages */
	int fd;     /* -1 over memory */
	bool own_fd;
	const uint8_t *win; /* the window: the memory buffer, or buf */
	size_t win_len;     /* valid bytes in win */
	size_t pos;         /* next unread byte in win */
	uint64_t base;      /* file offset of win[0] */
	uint8_t *buf;       /* fd mode storage */
	size_t cap;
	bool eof;
	uint64_t size;
	struct fmt_meta_store meta;

	ZSTD_DCtx *dctx;
	uint8_t *chunk; /* the current decompressed chunk */
	size_t chunk_cap, chunk_len, cpos;
	uint64_t chunk_off; /* file offset of its header */
	bool in_chunk;
	bool resync; /* skipping damaged bytes: already reported */
	bool done;
	uint64_t chunks_seen; /* intact and damaged */
	struct fmt_delta *delta;
	struct fmt_run run; /* a run record being expanded */
	struct fmt_buf scratch;
	uint64_t pcs[TRACE_MAX_STACK];
	struct trace_stacks *stacks;
	struct fmt_reader_stats st;
	bool quiet;
	/* Damage is reported once per damaged region (damage up to the next intact
	 * chunk), for the first FMT_WARN_REGIONS regions; the rest are counted. */
	uint64_t region_damages; /* damaged spots in the open region (0: none open) */
	uint64_t region_start;   /* file offset where it began */
	bool region_reported;
	uint64_t regions_warned, regions_unreported;
};

#define FMT_WARN_REGIONS 20

/* ---- input window -------------------------------------------------------- */

/* Makes n bytes available at win + pos if the input has them. Returns the
 * bytes available (less than n at the end of the input), or -1 on a read
 * error (errno set). Pointers into win are invalid afterwards. */
static ssize_t in_fill(struct fmt_reader *r, size_t n)
{
	if (r->fd < 0 || r->win_len - r->pos >= n || r->eof)
		return (ssize_t)(r->win_len - r->pos);
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->win_len - r->pos);
		r->base += r->pos;
		r->win_len -= r->pos;
		r->pos = 0;
	}
	size_t want = n > READ_BLOCK ? n : READ_BLOCK;
	if (r->cap < want) {
		xgrow((void **)&r->buf, &r->cap, want, 1);
		r->win = r->buf;
	}
	while (r->win_len < n) {
		ssize_t got = read(r->fd, r->buf + r->win_len, r->cap - r->win_len);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (got == 0) {
			r->eof = true;
			break;
		}
		r->win_len += (size_t)got;
	}
	return (ssize_t)r->win_len;
}

static uint64_t in_offset(const struct fmt_reader *r)
{
	return r->base + r->pos;
}

/* ---- messages -------------------------------------------------------------- */

static void warn(const struct fmt_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn(const struct fmt_reader *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (r->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_warn("%s: %s", r->name, msg);
}

/* Damage at file offset off: true when it is to be reported, that is when it
 * opens a damaged region and fewer than FMT_WARN_REGIONS were reported. */
static bool damage_reported(struct fmt_reader *r, uint64_t off)
{
	if (r->region_damages++)
		return false;
	r->region_start = off;
	r->region_reported = r->regions_warned < FMT_WARN_REGIONS;
	if (r->region_reported)
		r->regions_warned++;
	else
		r->regions_unreported++;
	return r->region_reported;
}

/* An intact chunk at end (or the end of the input) closes the open region. */
static void region_end(struct fmt_reader *r, uint64_t end)
{
	if (r->region_damages > 1 && r->region_reported)
		warn(r, "damaged region from offset %llu to %llu (%llu damaged spots) skipped",
		     (unsigned long long)r->region_start, (unsigned long long)end,
		     (unsigned long long)r->region_damages);
	r->region_damages = 0;
	r->region_reported = false;
}

/* Reports damage at file offset off; scanning resumes at off + 1. */
static void damaged(struct fmt_reader *r, uint64_t off, const char *why)
{
	r->st.bad_chunks++;
	r->chunks_seen++;
	if (damage_reported(r, off))
		warn(r, "chunk %llu at offset %llu is damaged (%s); skipped",
		     (unsigned long long)r->chunks_seen, (unsigned long long)off, why);
	r->resync = true;
}

/* The input ends: reports a missing trailer as truncation. */
static int at_end(struct fmt_reader *r)
{
	r->done = true;
	r->in_chunk = false;
	region_end(r, in_offset(r));
	if (r->regions_unreported)
		warn(r, "%llu more damaged regions not reported (only the first %d are)",
		     (unsigned long long)r->regions_unreported, FMT_WARN_REGIONS);
	if (!r->st.has_trailer) {
		r->st.truncated = 1;
		warn(r, "trace ends after chunk %llu: recorder was killed or the disk filled",
		     (unsigned long long)r->chunks_seen);
	}
	return 0;
}

/* Advances to the next chunk magic after pos (or to the end of the input).
 * 0, or -1 on a read error. */
static int skip_to_magic(struct fmt_reader *r)
{
	uint64_t from = in_offset(r);

	r->pos++;
	for (;;) {
		ssize_t avail = in_fill(r, FMT_MAGIC_LEN);
		if (avail < 0)
			return -1;
		const uint8_t *p = r->win + r->pos;
		const uint8_t *hit = memmem(p, (size_t)avail, FMT_CHUNK_MAGIC, FMT_MAGIC_LEN);
		if (hit) {
			r->pos += (size_t)(hit - p);
			break;
		}
		if (r->fd < 0 || r->eof) {
			r->pos += (size_t)avail;
			break;
		}
		/* Keep a possible magic prefix, read on. */
		size_t keep = (size_t)avail < FMT_MAGIC_LEN - 1 ? (size_t)avail : FMT_MAGIC_LEN - 1;
		r->pos += (size_t)avail - keep;
		if (in_fill(r, keep + READ_BLOCK) < 0)
			return -1;
	}
	if (!r->resync) {
		r->st.bad_chunks++;
		r->chunks_seen++;
		if (damage_reported(r, from))
			warn(r, "%llu bytes of damaged data at offset %llu skipped",
			     (unsigned long long)(in_offset(r) - from), (unsigned long long)from);
	}
	r->resync = false;
	return 0;
}

/* ---- chunks ---------------------------------------------------------------- */

/* Decompresses the frame of a verified chunk. 0, or -1 with why set. */
static int load_chunk(struct fmt_reader *r, const uint8_t *data, size_t csize, size_t usize,
                      const char **why)
{
	if (ZSTD_findFrameCompressedSize(data, csize) != csize) {
		*why = "not exactly one zstd frame";
		return -1;
	}
	if (r->chunk_cap < usize + 1)
		xgrow((void **)&r->chunk, &r->chunk_cap, usize + 1, 1);
	size_t got = ZSTD_decompressDCtx(r->dctx, r->chunk, usize, data, csize);
	if (ZSTD_isError(got) || got != usize) {
		*why = "zstd frame does not decompress to its size";
		return -1;
	}
	r->chunk_len = usize;
	r->cpos = 0;
	r->run.left = 0;
	fmt_delta_reset(r->delta);
	return 0;
}

/* Reads the next intact chunk: 1, 0 at the end of the input, -1 on a read error. */
static int next_chunk(struct fmt_reader *r)
{
	for (;;) {
		ssize_t avail = in_fill(r, FMT_CHUNK_HDR_LEN);
		if (avail < 0)
			return -1;
		if (avail == 0)
			return at_end(r);
		uint64_t off = in_offset(r);
		size_t m = (size_t)avail < FMT_MAGIC_LEN ? (size_t)avail : FMT_MAGIC_LEN;
		if (memcmp(r->win + r->pos, FMT_CHUNK_MAGIC, m) != 0) {
			if (skip_to_magic(r) < 0)
				return -1;
			continue;
		}
		if ((size_t)avail < FMT_CHUNK_HDR_LEN)
			return at_end(r);
		const uint8_t *h = r->win + r->pos;
		if (fmt_crc32c(0, h, FMT_CHUNK_CRC_OFF) !=
		    (uint32_t)fmt_load_le(h + FMT_CHUNK_CRC_OFF, 4)) {
			damaged(r, off, "header checksum mismatch");
			if (skip_to_magic(r) < 0)
				return -1;
			continue;
		}
		uint32_t hlen = (uint32_t)fmt_load_le(h + 8, 4);
		size_t csize = (size_t)fmt_load_le(h + 16, 4);
		size_t usize = (size_t)fmt_load_le(h + 20, 4);
		uint32_t data_crc = (uint32_t)fmt_load_le(h + 48, 4);
		if (hlen < FMT_CHUNK_HDR_LEN || hlen > FMT_CHUNK_HDR_MAX ||
		    usize > FMT_CHUNK_RAW_MAX || csize == 0 || csize > ZSTD_compressBound(usize)) {
			damaged(r, off, "impossible sizes");
			if (skip_to_magic(r) < 0)
				return -1;
			continue;
		}
		if ((avail = in_fill(r, hlen + csize)) < 0)
			return -1;
		if ((size_t)avail < hlen + csize)
			return at_end(r);
		/* The data checksum covers header extensions and the frame. */
		const uint8_t *ext = r->win + r->pos + FMT_CHUNK_HDR_LEN;
		const uint8_t *data = r->win + r->pos + hlen;
		const char *why = "data checksum mismatch";
		r->resync = false;
		if (fmt_crc32c(0, ext, hlen - FMT_CHUNK_HDR_LEN + csize) != data_crc ||
		    load_chunk(r, data, csize, usize, &why) < 0) {
			r->pos += hlen + csize;
			damaged(r, off, why);
			r->resync = false;
			continue;
		}
		r->pos += hlen + csize;
		region_end(r, off);
		r->chunk_off = off;
		r->chunks_seen++;
		r->st.chunks++;
		r->in_chunk = true;
		return 1;
	}
}

/* A record inside a verified chunk does not decode: the rest of the chunk is dropped. */
static void chunk_malformed(struct fmt_reader *r)
{
	r->in_chunk = false;
	r->run.left = 0;
	r->st.chunks--;
	r->st.bad_chunks++;
	if (damage_reported(r, r->chunk_off))
		warn(r,
		     "chunk %llu at offset %llu holds a malformed record at byte %zu; rest skipped",
		     (unsigned long long)r->chunks_seen, (unsigned long long)r->chunk_off, r->cpos);
}

/* Frames the record at cpos: its type and body. 0, or -1 when it overruns the chunk. */
static inline int frame_record(struct fmt_reader *r, uint8_t *type, const uint8_t **body,
                               size_t *len)
{
	const uint8_t *p = r->chunk + r->cpos;
	size_t left = r->chunk_len - r->cpos;

	/* Most records: a type byte and a one-byte body length. */
	if (left >= 2 && p[0] != 0 && p[1] < 0x80 && p[1] <= left - 2) {
		*type = p[0];
		*len = p[1];
		*body = p + 2;
		r->cpos += 2 + (size_t)p[1];
		return 0;
	}
	struct fmt_cur c = {p, r->chunk + r->chunk_len, false};

	*type = fmt_get_u8(&c);
	*body = fmt_get_blob(&c, len);
	if (c.bad || *type == 0)
		return -1;
	r->cpos = (size_t)(c.p - r->chunk);
	return 0;
}

/* Attaches the TREC_PAYLOAD records that follow a syscall. 0 or -1. */
static int attach_payloads(struct fmt_reader *r, struct trace_syscall *s)
{
	while (r->cpos < r->chunk_len && r->chunk[r->cpos] == TREC_PAYLOAD) {
		uint8_t type;
		const uint8_t *body;
		size_t len;
		if (frame_record(r, &type, &body, &len) < 0)
			return -1;
		if (s->npayloads >= TRACE_MAX_PAYLOADS) {
			r->st.skipped_records++;
			continue;
		}
		if (fmt_decode_payload(body, len, &s->payloads[s->npayloads]) < 0)
			return -1;
		s->npayloads++;
	}
	return 0;
}

/* Keeps a stack definition. 1 when it is new or changed (to be returned),
 * 0 when it repeats a known one, -1 when it cannot be stored. Passed through
 * (fmt_reader_pass_stacks): 1, the caller keeps it. */
static int keep_stack(struct fmt_reader *r, struct trace_stack *s)
{
	if (!r->stacks)
		return s->id && s->depth ? 1 : -1;
	switch (trace_stacks_update(r->stacks, s->id, s->pcs, s->depth)) {
	case TRACE_STACK_REFUSED:
		return -1;
	case TRACE_STACK_SAME:
		return 0;
	default:
		return 1;
	}
}

/* Decodes the next record of the current chunk: 1 with rec filled, 0 when
 * the record is not returned (skipped or a repeated stack), -1 when malformed. */
static int chunk_record(struct fmt_reader *r, struct trace_record *rec)
{
	uint8_t type;
	const uint8_t *body;
	size_t len;

	if (r->run.left) {
		rec->type = TREC_SYSCALL;
		return fmt_run_next(&r->run, r->delta, &rec->u.sys) < 0 ? -1 : 1;
	}
	if (frame_record(r, &type, &body, &len) < 0)
		return -1;
	if (type == TREC_SYSCALL) { /* the common record, first */
		if (fmt_decode_record(type, body, len, r->delta, &r->scratch, r->pcs, rec) < 0)
			return -1;
		return attach_payloads(r, &rec->u.sys) < 0 ? -1 : 1;
	}
	if (type == FMT_REC_SYSCALL_RUN) {
		if (fmt_run_begin(&r->run, body, len, r->delta) < 0)
			return -1;
		rec->type = TREC_SYSCALL;
		return fmt_run_next(&r->run, r->delta, &rec->u.sys) < 0 ? -1 : 1;
	}
	if (type == TREC_PAYLOAD || !fmt_type_known(type)) {
		r->st.skipped_records++;
		return 0;
	}
	if (fmt_decode_record(type, body, len, r->delta, &r->scratch, r->pcs, rec) < 0)
		return -1;
	switch (type) {
	case TREC_STACK:
		return keep_stack(r, &rec->u.stack);
	case TREC_TRAILER:
		r->st.has_trailer = 1;
		r->st.truncated = 0;
		return 1;
	default:
		return 1;
	}
}

/* Writers before flag 0x10 existed marked a successful execve with 0x2 (no
 * return) although it returned: 0x2 without 0x1 (unfinished) can only be
 * that, since exit and exit_group never return (spec/format.md 5.4). */
static void legacy_flags(struct trace_syscall *s)
{
	if ((s->flags & (TSYS_NORETURN | TSYS_UNFINISHED)) == TSYS_NORETURN)
		s->flags = (uint16_t)((s->flags & ~TSYS_NORETURN) | TSYS_EXECED);
}

int fmt_reader_next(struct fmt_reader *r, struct trace_record *rec)
{
	for (;;) {
		if (!r->in_chunk) {
			if (r->done)
				return FMT_EOF;
			int rc = next_chunk(r);
			if (rc < 0) {
				warn(r, "read error after offset %llu: %s",
				     (unsigned long long)in_offset(r), strerror(errno));
				r->done = true;
				return FMT_ERR_IO;
			}
			if (rc == 0)
				return FMT_EOF;
		}
		if (r->cpos >= r->chunk_len && !r->run.left) {
			r->in_chunk = false;
			continue;
		}
		int rc = chunk_record(r, rec);
		if (rc < 0) {
			chunk_malformed(r);
			continue;
		}
		if (rc > 0) {
			if (rec->type == TREC_SYSCALL)
				legacy_flags(&rec->u.sys);
			r->st.records++;
			return FMT_OK;
		}
	}
}

/* ---- opening ----------------------------------------------------------- */

static struct fmt_reader *reader_new(const char *name)
{
	struct fmt_reader *r = xcalloc(1, sizeof(*r));

	r->name = xstrdup(name);
	r->fd = -1;
	r->dctx = xnonnull(ZSTD_createDCtx(), "zstd decompression");
	r->delta = xcalloc(1, sizeof(*r->delta));
	r->stacks = trace_stacks_new();
	return r;
}

/* Reads and checks the file header. */
static int read_header(struct fmt_reader *r, char *err, size_t errlen)
{
	char why[256];
	uint32_t hlen = 0;
	ssize_t avail = in_fill(r, FMT_FILE_HDR_FIXED);
	int rc;

	if (avail < 0) {
		snprintf(err, errlen, "%s: cannot read: %s", r->name, strerror(errno));
		return FMT_ERR_IO;
	}
	rc = fmt_header_check_fixed(r->win + r->pos, (size_t)avail, &hlen, why, sizeof(why));
	if (rc == FMT_OK) {
		avail = in_fill(r, hlen);
		if (avail < 0) {
			snprintf(err, errlen, "%s: cannot read: %s", r->name, strerror(errno));
			return FMT_ERR_IO;
		}
		if ((size_t)avail < hlen) {
			snprintf(why, sizeof(why), "trace header is truncated (%zd of %u bytes)",
			         avail, hlen);
			rc = FMT_ERR_HEADER;
		} else {
			rc = fmt_header_decode(r->win + r->pos, hlen, &r->meta, why, sizeof(why));
		}
	}
	if (rc != FMT_OK) {
		snprintf(err, errlen, "%s: %s", r->name, why);
		return rc;
	}
	r->pos += hlen;
	return FMT_OK;
}

static int finish_open(struct fmt_reader **rp, struct fmt_reader *r, char *err, size_t errlen)
{
	int rc = read_header(r, err, errlen);

	if (rc != FMT_OK) {
		fmt_reader_close(r);
		*rp = NULL;
		return rc;
	}
	*rp = r;
	return FMT_OK;
}

int fmt_reader_open(struct fmt_reader **rp, const char *path, char *err, size_t errlen)
{
	bool is_stdin = strcmp(path, "-") == 0;
	struct fmt_reader *r = reader_new(is_stdin ? "standard input" : path);
	struct stat st;

	*rp = NULL;
	r->fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		fmt_reader_close(r);
		return FMT_ERR_IO;
	}
	r->own_fd = !is_stdin;
	if (fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode))
		r->size = (uint64_t)st.st_size;
	if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "cannot read %s: it is a directory", path);
		fmt_reader_close(r);
		return FMT_ERR_IO;
	}
	return finish_open(rp, r, err, errlen);
}

int fmt_reader_open_fd(struct fmt_reader **rp, int fd, const char *name, const void *prefix,
                       size_t plen, char *err, size_t errlen)
{
	struct fmt_reader *r = reader_new(name);

	r->fd = fd;
	r->own_fd = true;
	r->cap = plen > READ_BLOCK ? plen : READ_BLOCK;
	r->buf = xmalloc(r->cap);
	if (plen)
		memcpy(r->buf, prefix, plen);
	r->win = r->buf;
	r->win_len = plen;
	return finish_open(rp, r, err, errlen);
}

int fmt_reader_open_mem(struct fmt_reader **rp, const void *data, size_t len, char *err,
                        size_t errlen)
{
	struct fmt_reader *r = reader_new("<memory>");

	r->win = data;
	r->win_len = len;
	r->size = len;
	r->eof = true;
	return finish_open(rp, r, err, errlen);
}

/* ---- accessors --------------------------------------------------------- */

const struct trace_meta *fmt_reader_meta(const struct fmt_reader *r)
{
	return &r->meta.meta;
}

const uint64_t *fmt_reader_stack(const struct fmt_reader *r, uint32_t id, uint32_t *depth)
{
	return r->stacks ? trace_stacks_get(r->stacks, id, depth) : NULL;
}

void fmt_reader_pass_stacks(struct fmt_reader *r)
{
	trace_stacks_free(r->stacks);
	r->stacks = NULL;
}

const struct fmt_reader_stats *fmt_reader_stats(const struct fmt_reader *r)
{
	return &r->st;
}

uint64_t fmt_reader_offset(const struct fmt_reader *r)
{
	return in_offset(r);
}

uint64_t fmt_reader_size(const struct fmt_reader *r)
{
	return r->size;
}

void fmt_reader_quiet(struct fmt_reader *r, int quiet)
{
	r->quiet = quiet != 0;
}

void fmt_reader_close(struct fmt_reader *r)
{
	if (!r)
		return;
	if (r->own_fd && r->fd >= 0)
		close(r->fd);
	free(r->name);
	free(r->buf);
	free(r->chunk);
	free(r->delta);
	fmt_buf_free(&r->scratch);
	fmt_meta_store_free(&r->meta);
	trace_stacks_free(r->stacks);
	ZSTD_freeDCtx(r->dctx);
	free(r);
}
