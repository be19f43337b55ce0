/*
 * test_format_damage.c - the trace reader against damaged input: a trace cut
 * at every byte offset returns exactly its complete chunks, random bit flips
 * are caught by the checksums and only the damaged chunk is lost, a trace is
 * read from a pipe on standard input, and a writer that hits a write error
 * leaves what it flushed readable.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "format/fmt_codec.h"
#include "format/fmt_reader.h"
#include "format/fmt_writer.h"
#include "tests/unit/format_check.h"

#define MAX_CHUNKS 64

/* A trace in memory with its chunk layout known. */
struct sample {
	uint8_t *data;
	size_t len;
	int nchunks;
	size_t chunk_end[MAX_CHUNKS]; /* file offset where chunk i ends */
	int chunk_recs[MAX_CHUNKS];   /* records the reader returns for chunk i */
	uint64_t header_len;
};

static void make_tmp_path(void)
{
	format_tmp_path("test_format_damage");
}

TestSuite(format_damage, .init = make_tmp_path, .fini = remove_tmp);

/* The syscall number i of the sample: ts identifies it. Groups of five calls
 * alternate between repeating one another (stored as runs) and differing. */
static struct trace_record sample_syscall(int i, int with_payload)
{
	static const char path[] = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
	int repeat = (i / 5) % 2 == 0;
	int g = repeat ? i / 5 : i;
	struct trace_record rec = {
	    .type = TREC_SYSCALL,
	    .u.sys = {.tid = 300 + g % 4,
	              .pid = 300,
	              .nr = (uint16_t)(g % 11),
	              .stack_id = 0,
	              .ts = 5000000 + (uint64_t)i * 1237,
	              .duration = 200 + (uint64_t)i % 97,
	              .args = {(uint64_t)g * 31, 0x7ffe0000 + (uint64_t)g, 4096},
	              .ret = g}};
	if (with_payload && !repeat) {
		rec.u.sys.npayloads = 1;
		rec.u.sys.payloads[0] =
		    (struct trace_payload){.arg = 1,
		                           .kind = TPAY_STRING,
		                           .len = (uint32_t)(i % (sizeof(path) - 1)),
		                           .full_len = sizeof(path) - 1,
		                           .data = (const uint8_t *)path};
	}
	return rec;
}

/* nchunks chunks of per_chunk syscalls each, then a chunk holding only the trailer. */
static void build_sample(struct sample *s, int nchunks, int per_chunk)
{
	struct fmt_writer *w;
	char err[256];
	int i = 0;

	memset(s, 0, sizeof(*s));
	cr_assert_eq(fmt_writer_open(&w, tmp_path, NULL, NULL, err, sizeof(err)), 0);
	s->header_len = fmt_writer_bytes(w);
	for (int c = 0; c < nchunks; c++) {
		for (int k = 0; k < per_chunk; k++, i++) {
			struct trace_record rec = sample_syscall(i, i % 3 == 0);
			cr_assert_eq(fmt_writer_add(w, &rec), 0);
		}
		cr_assert_eq(fmt_writer_flush(w), 0);
		s->chunk_end[c] = fmt_writer_bytes(w);
		s->chunk_recs[c] = per_chunk;
	}
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);
	s->data = slurp(tmp_path, &s->len);
	s->chunk_end[nchunks] = s->len;
	s->chunk_recs[nchunks] = 1; /* the trailer */
	s->nchunks = nchunks + 1;
}

/* Reads a trace in memory; checks every syscall returned is a sample one. */
static int read_all(const uint8_t *data, size_t len, struct fmt_reader_stats *st, int *ok)
{
	struct fmt_reader *r;
	struct trace_record rec;
	char err[256];
	int n = 0;

	*ok = fmt_reader_open_mem(&r, data, len, err, sizeof(err)) == FMT_OK;
	if (!*ok)
		return 0;
	fmt_reader_quiet(r, 1);
	while (fmt_reader_next(r, &rec) == FMT_OK) {
		if (rec.type == TREC_SYSCALL) {
			uint64_t i = (rec.u.sys.ts - 5000000) / 1237;
			struct trace_record want = sample_syscall((int)i, 0);
			cr_assert_eq(rec.u.sys.ts, want.u.sys.ts);
			cr_assert_eq(rec.u.sys.args[0], want.u.sys.args[0]);
			cr_assert_eq(rec.u.sys.duration, want.u.sys.duration);
			cr_assert_eq(rec.u.sys.tid, want.u.sys.tid);
			cr_assert_eq(rec.u.sys.nr, want.u.sys.nr);
			cr_assert_eq(rec.u.sys.ret, want.u.sys.ret);
		}
		n++;
	}
	*st = *fmt_reader_stats(r);
	fmt_reader_close(r);
	return n;
}

Test(format_damage, cut_at_every_offset_returns_every_complete_chunk)
{
	struct sample s;
	build_sample(&s, 5, 40);

	for (size_t cut = 0; cut <= s.len; cut++) {
		struct fmt_reader_stats st;
		int ok;
		int n = read_all(s.data, cut, &st, &ok);
		if (cut < s.header_len) {
			cr_assert(!ok, "a cut header (%zu bytes) is refused", cut);
			continue;
		}
		cr_assert(ok, "cut at %zu", cut);
		int want = 0, complete = 0;
		for (int c = 0; c < s.nchunks && s.chunk_end[c] <= cut; c++) {
			want += s.chunk_recs[c];
			complete++;
		}
		cr_assert_eq(n, want, "cut at %zu: %d records, want %d", cut, n, want);
		cr_assert_eq(st.chunks, (uint64_t)complete, "cut at %zu", cut);
		cr_assert_eq(st.bad_chunks, 0, "cut at %zu", cut);
		cr_assert_eq(st.truncated, cut < s.len, "cut at %zu", cut);
		cr_assert_eq(st.has_trailer, cut == s.len);
	}
	free(s.data);
}

static void redirect_stderr(void)
{
	make_tmp_path();
	cr_redirect_stderr();
}

Test(format_damage, truncation_is_reported_with_chunk_number, .init = redirect_stderr,
     .fini = remove_tmp)
{
	struct sample s;
	build_sample(&s, 3, 10);
	FILE *f = fopen(tmp_path, "wb");
	/* Two complete chunks and half of the third. */
	size_t cut = s.chunk_end[1] + (s.chunk_end[2] - s.chunk_end[1]) / 2;
	cr_assert_eq(fwrite(s.data, 1, cut, f), cut);
	fclose(f);

	struct fmt_reader *r;
	struct trace_record rec;
	char err[256];
	int n = 0;
	cr_assert_eq(fmt_reader_open(&r, tmp_path, err, sizeof(err)), FMT_OK);
	while (fmt_reader_next(r, &rec) == FMT_OK)
		n++;
	cr_assert_eq(n, 20);
	cr_assert_eq(fmt_reader_stats(r)->truncated, 1);
	fmt_reader_close(r);
	fflush(stderr);
	char want[512];
	snprintf(want, sizeof(want),
	         "renacer: warning: %s: trace ends after chunk 2: recorder was killed or the disk "
	         "filled\n",
	         tmp_path);
	cr_assert_stderr_eq_str(want);
	free(s.data);
}

/* Which chunk holds file offset off (-1 for the file header). */
static int chunk_of(const struct sample *s, size_t off)
{
	if (off < s->header_len)
		return -1;
	for (int c = 0; c < s->nchunks; c++)
		if (off < s->chunk_end[c])
			return c;
	return s->nchunks;
}

Test(format_damage, random_bit_flips_are_detected_and_later_chunks_read)
{
	struct sample s;
	build_sample(&s, 6, 30);
	int total = 0;
	for (int c = 0; c < s.nchunks; c++)
		total += s.chunk_recs[c];
	srand(12345);

	for (int trial = 0; trial < 3000; trial++) {
		size_t off = s.header_len + (size_t)rand() % (s.len - s.header_len);
		int bit = rand() % 8;
		int c = chunk_of(&s, off);
		s.data[off] ^= (uint8_t)(1u << bit);

		struct fmt_reader_stats st;
		int ok;
		int n = read_all(s.data, s.len, &st, &ok);
		cr_assert(ok);
		cr_assert_eq(n, total - s.chunk_recs[c], "flip of bit %d at %zu (chunk %d)", bit,
		             off, c);
		cr_assert_eq(st.bad_chunks, 1, "flip of bit %d at %zu: %llu bad, chunk %d ends %zu",
		             bit, off, (unsigned long long)st.bad_chunks, c, s.chunk_end[c]);
		cr_assert_eq(st.chunks, (uint64_t)s.nchunks - 1);
		cr_assert_eq(st.has_trailer, c != s.nchunks - 1);
		s.data[off] ^= (uint8_t)(1u << bit);
	}

	/* Two damaged chunks, far apart: both are skipped, the rest is read. */
	s.data[s.chunk_end[0] + 100] ^= 0x40;
	s.data[s.chunk_end[3] + 3] ^= 0x01; /* inside the magic of chunk 4 */
	struct fmt_reader_stats st;
	int ok;
	int n = read_all(s.data, s.len, &st, &ok);
	cr_assert_eq(n, total - s.chunk_recs[1] - s.chunk_recs[4]);
	cr_assert_eq(st.bad_chunks, 2);
	free(s.data);
}

Test(format_damage, garbage_between_chunks_is_skipped, .init = redirect_stderr, .fini = remove_tmp)
{
	struct sample s;
	build_sample(&s, 2, 10);
	size_t glen = 1000;
	uint8_t *buf = malloc(s.len + glen);
	memcpy(buf, s.data, s.chunk_end[0]);
	for (size_t i = 0; i < glen; i++)
		buf[s.chunk_end[0] + i] = (uint8_t)(i * 7 + 1);
	memcpy(buf + s.chunk_end[0] + glen, s.data + s.chunk_end[0], s.len - s.chunk_end[0]);

	struct fmt_reader_stats st;
	struct fmt_reader *r;
	char err[256];
	struct trace_record rec;
	int n = 0;
	cr_assert_eq(fmt_reader_open_mem(&r, buf, s.len + glen, err, sizeof(err)), FMT_OK);
	while (fmt_reader_next(r, &rec) == FMT_OK)
		n++;
	st = *fmt_reader_stats(r);
	fmt_reader_close(r);
	cr_assert_eq(n, 21);
	cr_assert_eq(st.bad_chunks, 1);
	cr_assert_eq(st.has_trailer, 1);
	fflush(stderr);
	char want[256];
	snprintf(want, sizeof(want),
	         "renacer: warning: <memory>: 1000 bytes of damaged data at offset %zu skipped\n",
	         s.chunk_end[0]);
	cr_assert_stderr_eq_str(want);
	free(buf);
	free(s.data);
}

/* Feeds data to standard input through a pipe from a child process. */
static pid_t feed_stdin(const uint8_t *data, size_t len)
{
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		size_t done = 0;
		while (done < len) {
			ssize_t n =
			    write(fds[1], data + done, len - done > 1000 ? 1000 : len - done);
			if (n <= 0)
				_exit(1);
			done += (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	cr_assert_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	return pid;
}

Test(format_damage, reads_standard_input_pipe)
{
	struct sample s;
	/* Big enough (several pipe buffers) that the reader refills many times. */
	build_sample(&s, 40, 2000);
	cr_assert_gt(s.len, 256 * 1024, "sample is %zu bytes", s.len);
	pid_t pid = feed_stdin(s.data, s.len);

	struct fmt_reader *r;
	char err[256];
	struct trace_record rec;
	int n = 0;
	cr_assert_eq(fmt_reader_open(&r, "-", err, sizeof(err)), FMT_OK, "%s", err);
	cr_assert_eq(fmt_reader_size(r), 0, "a pipe has no known size");
	while (fmt_reader_next(r, &rec) == FMT_OK) {
		if (rec.type == TREC_SYSCALL) {
			cr_assert_eq(rec.u.sys.ts, 5000000 + (uint64_t)n * 1237);
			struct trace_record want = sample_syscall(n, n % 3 == 0);
			cr_assert_eq(rec.u.sys.npayloads, want.u.sys.npayloads);
			cr_assert_eq(rec.u.sys.args[1], want.u.sys.args[1]);
			cr_assert_eq(rec.u.sys.nr, want.u.sys.nr);
		}
		n++;
	}
	cr_assert_eq(n, 40 * 2000 + 1);
	cr_assert_eq(fmt_reader_stats(r)->chunks, 41);
	cr_assert_eq(fmt_reader_stats(r)->truncated, 0);
	cr_assert_eq(fmt_reader_offset(r), s.len);
	fmt_reader_close(r);
	int status;
	waitpid(pid, &status, 0);
	cr_assert_eq(status, 0);
	free(s.data);
}

Test(format_damage, truncated_pipe_returns_complete_chunks)
{
	struct sample s;
	build_sample(&s, 10, 500);
	size_t cut = s.chunk_end[6] + 17;
	pid_t pid = feed_stdin(s.data, cut);

	struct fmt_reader *r;
	char err[256];
	struct trace_record rec;
	int n = 0;
	cr_assert_eq(fmt_reader_open(&r, "-", err, sizeof(err)), FMT_OK, "%s", err);
	fmt_reader_quiet(r, 1);
	while (fmt_reader_next(r, &rec) == FMT_OK)
		n++;
	cr_assert_eq(n, 7 * 500);
	cr_assert_eq(fmt_reader_stats(r)->truncated, 1);
	fmt_reader_close(r);
	waitpid(pid, NULL, 0);
	free(s.data);
}

Test(format_damage, write_error_is_returned_and_flushed_data_stays_readable)
{
	struct fmt_writer *w;
	char err[256];

	/* No space at all: the header write fails with ENOSPC. */
	int fd = open("/dev/full", O_WRONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(fmt_writer_open_fd(&w, fd, NULL, NULL, err, sizeof(err)), -ENOSPC);
	cr_assert(strstr(err, "No space left"), "%s", err);

	/* A file size limit makes a later chunk write fail midway (EFBIG). */
	signal(SIGXFSZ, SIG_IGN);
	struct fmt_writer_opts o;
	fmt_writer_opts_default(&o);
	o.zstd_level = 1;
	cr_assert_eq(fmt_writer_open(&w, tmp_path, NULL, &o, err, sizeof(err)), 0);
	int i = 0, rc = 0;
	for (int c = 0; c < 3; c++) {
		for (int k = 0; k < 100; k++, i++) {
			struct trace_record rec = sample_syscall(i, 1);
			cr_assert_eq(fmt_writer_add(w, &rec), 0);
		}
		cr_assert_eq(fmt_writer_flush(w), 0);
	}
	uint64_t good = fmt_writer_bytes(w);
	struct rlimit lim = {good + 100, RLIM_INFINITY};
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	for (int k = 0; k < 5000 && rc == 0; k++, i++) {
		struct trace_record rec = sample_syscall(i * 7919, 1);
		rc = fmt_writer_add(w, &rec);
	}
	if (rc == 0)
		rc = fmt_writer_flush(w);
	cr_assert_eq(rc, -EFBIG);
	struct trace_record rec = sample_syscall(0, 0);
	cr_assert_eq(fmt_writer_add(w, &rec), -EFBIG, "the error sticks");
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), -EFBIG);
	cr_assert(strstr(err, "File too large"), "%s", err);

	size_t len;
	uint8_t *data = slurp(tmp_path, &len);
	cr_assert_eq(len, good, "the partial chunk was cut off");
	struct fmt_reader_stats st;
	int ok;
	int n = read_all(data, len, &st, &ok);
	cr_assert(ok);
	cr_assert_eq(n, 300);
	cr_assert_eq(st.bad_chunks, 0);
	cr_assert_eq(st.truncated, 1);
	free(data);
}

/* Bytes that do not compress, different for each seed. */
static void fill_noise(uint8_t *buf, size_t len, uint64_t seed)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + 88172645463325252ull;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (uint8_t)(x >> 24);
	}
}

/* Chunks far larger than the reader's read block, streamed through a pipe. */
Test(format_damage, big_chunks_stream_from_a_pipe)
{
	struct fmt_writer_opts o;
	struct fmt_writer *w;
	char err[256];
	uint8_t noise[1000], want[1000];

	fmt_writer_opts_default(&o);
	o.chunk_bytes = 4u << 20;
	o.zstd_level = 1;
	cr_assert_eq(fmt_writer_open(&w, tmp_path, NULL, &o, err, sizeof(err)), 0);
	for (int i = 0; i < 6000; i++) {
		struct trace_record rec = sample_syscall(i, 0);
		fill_noise(noise, sizeof(noise), (uint64_t)i);
		rec.u.sys.npayloads = 1;
		rec.u.sys.payloads[0] = (struct trace_payload){.arg = 1,
		                                               .kind = TPAY_BUFFER,
		                                               .len = sizeof(noise),
		                                               .full_len = sizeof(noise),
		                                               .data = noise};
		cr_assert_eq(fmt_writer_add(w, &rec), 0);
	}
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);
	size_t len;
	uint8_t *data = slurp(tmp_path, &len);
	cr_assert_gt(len, 5u << 20, "incompressible payloads: %zu bytes", len);
	pid_t pid = feed_stdin(data, len);

	struct fmt_reader *r;
	struct trace_record rec;
	int n = 0;
	cr_assert_eq(fmt_reader_open(&r, "-", err, sizeof(err)), FMT_OK, "%s", err);
	while (fmt_reader_next(r, &rec) == FMT_OK) {
		if (rec.type != TREC_SYSCALL)
			continue;
		fill_noise(want, sizeof(want), (uint64_t)n);
		cr_assert_eq(rec.u.sys.npayloads, 1);
		cr_assert_eq(rec.u.sys.payloads[0].len, sizeof(want));
		cr_assert_arr_eq(rec.u.sys.payloads[0].data, want, sizeof(want));
		n++;
	}
	cr_assert_eq(n, 6000);
	cr_assert_eq(fmt_reader_stats(r)->chunks, 2);
	cr_assert_eq(fmt_reader_stats(r)->truncated, 0);
	fmt_reader_close(r);
	waitpid(pid, NULL, 0);
	free(data);
}

Test(format_damage, damaged_chunk_is_reported_with_its_offset, .init = redirect_stderr,
     .fini = remove_tmp)
{
	struct sample s;
	build_sample(&s, 3, 10);
	s.data[s.chunk_end[0] + FMT_CHUNK_HDR_LEN + 5] ^= 0x01; /* in chunk 1's frame */

	struct fmt_reader_stats st;
	struct fmt_reader *r;
	struct trace_record rec;
	char err[256];
	int n = 0;
	cr_assert_eq(fmt_reader_open_mem(&r, s.data, s.len, err, sizeof(err)), FMT_OK);
	while (fmt_reader_next(r, &rec) == FMT_OK)
		n++;
	st = *fmt_reader_stats(r);
	fmt_reader_close(r);
	cr_assert_eq(n, 21);
	cr_assert_eq(st.bad_chunks, 1);
	cr_assert_eq(st.has_trailer, 1);
	fflush(stderr);
	char want[256];
	snprintf(want, sizeof(want),
	         "renacer: warning: <memory>: chunk 2 at offset %zu is damaged (data checksum "
	         "mismatch); skipped\n",
	         s.chunk_end[0]);
	cr_assert_stderr_eq_str(want);
	free(s.data);
}
