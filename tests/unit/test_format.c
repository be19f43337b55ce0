/*
 * test_format.c - the trace format: coding primitives, a round trip of every
 * record type with every field, chunking by size and by age, stack
 * definitions repeated per chunk, metadata, forward compatibility (unknown
 * record types, metadata keys and trailing record fields are skipped) and
 * header validation.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "format/fmt_codec.h"
#include "format/fmt_crc.h"
#include "format/fmt_reader.h"
#include "format/fmt_records.h"
#include "format/fmt_writer.h"
#include "cmd/trace_cli.h"
#include "libtrace/trace_util.h"
#include "tests/unit/format_check.h"

static void make_tmp_path(void)
{
	format_tmp_path("test_format");
}

TestSuite(format, .init = make_tmp_path, .fini = remove_tmp);

static const uint64_t stack_a[] = {0x401136, 0x7f0000001234, 0x7f0000002000, 0x401000};
static const uint64_t stack_b[] = {0x55555555a000, 0x555555559ff0};
static const char argv_bytes[] = "ls\0-l\0/tmp";
static const uint8_t image_bytes[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 9};
static const uint8_t buf_bytes[] = {0, 1, 2, 0xff, 0xfe, '\n'};

static const struct trace_meta full_meta = {
    .hostname = "build-host",
    .kernel = "6.1.0-18-amd64",
    .arch = "x86_64",
    .page_size = 4096,
    .recorder_version = "0.1.0",
    .cmdline = "renacer-record -o 'my trace' -- ./app --flag",
    .options = "stack_depth=64 strsize=32 follow=1",
    .start_wall_ns = 1764100000123456789ull,
    .start_mono_ns = 987654321012ull,
    .overhead_ns = 1234,
    .overhead_stack_ns = 567,
    .overhead_samples = 2000,
    .overhead_floor_ns = 61,
    .overhead_call_ns = 15012,
    .ifnames = "1=lo 2=eth0",
};

/* One record of every type, every field set to a non-default value. */
static int sample_records(struct trace_record *recs)
{
	int n = 0;
	struct trace_record *r;

	r = &recs[n++];
	r->type = TREC_THREAD;
	r->u.thread = (struct trace_thread){.ts = 1000000,
	                                    .tid = 4242,
	                                    .pid = 4200,
	                                    .ppid = 4100,
	                                    .flags = TTHREAD_IS_THREAD | TTHREAD_VFORK};
	strcpy(r->u.thread.comm, "worker-thread-1");

	r = &recs[n++];
	r->type = TREC_EXEC;
	r->u.exec = (struct trace_exec){.ts = 1000500,
	                                .tid = 4200,
	                                .pid = 4200,
	                                .old_tid = 4242,
	                                .filename = "/usr/bin/ls",
	                                .argv = argv_bytes,
	                                .argv_len = sizeof(argv_bytes),
	                                .argc = 3};
	strcpy(r->u.exec.comm, "ls");

	r = &recs[n++];
	r->type = TREC_MODULE_MAP;
	r->u.map = (struct trace_module){.ts = 1000600,
	                                 .pid = 4200,
	                                 .prot = 5,
	                                 .start = 0x7f1234560000,
	                                 .end = 0x7f1234580000,
	                                 .offset = 0x28000,
	                                 .dev = 0x803,
	                                 .inode = 1234567,
	                                 .path = "/usr/lib/x86_64-linux-gnu/libc.so.6",
	                                 .build_id_len = 20};
	for (int i = 0; i < 20; i++)
		r->u.map.build_id[i] = (uint8_t)(0xa0 + i);

	r = &recs[n++];
	r->type = TREC_STACK;
	r->u.stack = (struct trace_stack){.id = 1, .depth = 4, .pcs = stack_a};

	r = &recs[n++];
	r->type = TREC_SYSCALL;
	struct trace_syscall *s = &r->u.sys;
	*s = (struct trace_syscall){
	    .tid = 4242,
	    .pid = 4200,
	    .nr = 257,
	    .flags = TSYS_SECCOMP,
	    .stack_id = 1,
	    .ret = 3,
	    .ts = 1001000,
	    .duration = 2500,
	    .args = {(uint64_t)-100, 0x7ffd12345678, 0x80000, 0644, UINT64_MAX, 0},
	    .npayloads = 2};
	s->payloads[0] = (struct trace_payload){.arg = 1,
	                                        .kind = TPAY_STRING,
	                                        .flags = TPAYF_TRUNCATED,
	                                        .len = 5,
	                                        .full_len = 40,
	                                        .data = (const uint8_t *)"/etc/"};
	s->payloads[1] = (struct trace_payload){.arg = 4,
	                                        .kind = TPAY_BUFFER,
	                                        .flags = TPAYF_AT_EXIT,
	                                        .len = sizeof(buf_bytes),
	                                        .full_len = sizeof(buf_bytes),
	                                        .data = buf_bytes};

	/* Same number again: the delta against the previous one. */
	r = &recs[n++];
	r->type = TREC_SYSCALL;
	r->u.sys = *s;
	r->u.sys.ts = 1004000;
	r->u.sys.duration = 900;
	r->u.sys.ret = -2;
	r->u.sys.args[3] = 0;
	r->u.sys.npayloads = 1;
	r->u.sys.payloads[0] = (struct trace_payload){
	    .arg = 1, .kind = TPAY_STRING, .len = 0, .full_len = 0, .flags = TPAYF_UNREADABLE};

	r = &recs[n++];
	r->type = TREC_STACK;
	r->u.stack = (struct trace_stack){.id = 2, .depth = 2, .pcs = stack_b};

	/* A number beyond the delta table, an earlier start (negative delta), six payloads. */
	r = &recs[n++];
	r->type = TREC_SYSCALL;
	s = &r->u.sys;
	*s = (struct trace_syscall){.tid = 4243,
	                            .pid = 4200,
	                            .nr = 4000,
	                            .flags = TSYS_UNFINISHED | TSYS_DETACHED,
	                            .stack_id = 2,
	                            .ret = INT64_MIN,
	                            .ts = 999000,
	                            .duration = UINT64_MAX,
	                            .args = {1, 2, 3, 4, 5, 6},
	                            .npayloads = 6};
	for (int i = 0; i < 6; i++)
		s->payloads[i] = (struct trace_payload){.arg = (uint8_t)i,
		                                        .kind = (uint8_t)(i + 1),
		                                        .flags = 0,
		                                        .len = 3,
		                                        .full_len = 3,
		                                        .data = (const uint8_t *)"abc"};

	r = &recs[n++];
	r->type = TREC_SIGNAL;
	r->u.sig = (struct trace_signal){.ts = 1005000,
	                                 .tid = 4242,
	                                 .pid = 4200,
	                                 .signo = 11,
	                                 .code = -6,
	                                 .sender = 4100,
	                                 .flags = TSIG_DELIVERED | TSIG_FATAL};

	r = &recs[n++];
	r->type = TREC_LOST;
	r->u.lost = (struct trace_lost){.ts = 1005500, .tid = 4243, .count = 17};

	r = &recs[n++];
	r->type = TREC_RENAME;
	r->u.rename = (struct trace_rename){.ts = 1005700, .tid = 4242, .pid = 4200};
	strcpy(r->u.rename.comm, "renamed-thread");

	r = &recs[n++];
	r->type = TREC_IMAGE;
	r->u.image = (struct trace_image){.pid = 4200,
	                                  .addr = 0x7ffc00001000,
	                                  .name = "[vdso]",
	                                  .build_id_len = 3,
	                                  .build_id = {1, 2, 3},
	                                  .size = sizeof(image_bytes),
	                                  .data = image_bytes};

	r = &recs[n++];
	r->type = TREC_MODULE_UNMAP;
	r->u.unmap = (struct trace_unmap){
	    .ts = 1006000, .pid = 4200, .start = 0x7f1234560000, .end = 0x7f1234580000};

	r = &recs[n++];
	r->type = TREC_EXIT;
	r->u.exit = (struct trace_exit){.ts = 1007000,
	                                .tid = 4200,
	                                .pid = 4200,
	                                .status = 0x8b,
	                                .flags = TEXIT_PROCESS | TEXIT_DETACHED};
	return n;
}

static struct fmt_reader *open_reader(const char *path)
{
	struct fmt_reader *r;
	char err[256];

	cr_assert_eq(fmt_reader_open(&r, path, err, sizeof(err)), FMT_OK, "%s", err);
	return r;
}

Test(format, crc32c_check_value)
{
	cr_assert_eq(fmt_crc32c(0, "123456789", 9), 0xE3069283u);
	/* Piecewise equals whole. */
	uint32_t c = fmt_crc32c(0, "12345", 5);
	cr_assert_eq(fmt_crc32c(c, "6789", 4), 0xE3069283u);
	cr_assert_eq(fmt_crc32c(0, "", 0), 0);
}

Test(format, varint_and_zigzag_edges)
{
	static const uint64_t vals[] = {0,     1,          127,       128,       16383,
	                                16384, UINT32_MAX, INT64_MAX, UINT64_MAX};
	struct fmt_buf b = {0};

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		fmt_put_varint(&b, vals[i]);
		fmt_put_svarint(&b, (int64_t)vals[i]);
		fmt_put_svarint(&b, -(int64_t)(vals[i] >> 1) - 1);
	}
	struct fmt_cur c = {b.data, b.data + b.len, false};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		cr_assert_eq(fmt_get_varint(&c), vals[i]);
		cr_assert_eq(fmt_get_svarint(&c), (int64_t)vals[i]);
		cr_assert_eq(fmt_get_svarint(&c), -(int64_t)(vals[i] >> 1) - 1);
	}
	cr_assert(!c.bad);
	cr_assert_eq(fmt_cur_left(&c), 0);
	fmt_get_varint(&c);
	cr_assert(c.bad, "reading past the end is caught");

	/* 11 continuation bytes, and a 10th byte above 1, are both rejected. */
	uint8_t overlong[11];
	memset(overlong, 0x80, sizeof(overlong));
	struct fmt_cur o = {overlong, overlong + sizeof(overlong), false};
	fmt_get_varint(&o);
	cr_assert(o.bad);
	uint8_t too_big[10] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
	struct fmt_cur t = {too_big, too_big + 10, false};
	fmt_get_varint(&t);
	cr_assert(t.bad);
	fmt_buf_free(&b);
}

/* The one- and two-byte varint shortcuts must stop at the end of the input
 * exactly as the general loop does. */
Test(format, varint_short_forms_at_the_end_of_input)
{
	static const uint8_t two[] = {0x81, 0x01};         /* 129 */
	static const uint8_t three[] = {0xff, 0xff, 0x03}; /* 65535 */
	static const uint8_t cut[] = {0x05, 0x81};         /* 5, then a varint cut short */
	struct fmt_cur c = {two, two + 2, false};

	cr_assert_eq(fmt_get_varint(&c), 129);
	cr_assert(!c.bad);
	cr_assert_eq(fmt_cur_left(&c), 0);
	c = (struct fmt_cur){three, three + 3, false};
	cr_assert_eq(fmt_get_varint(&c), 65535);
	cr_assert(!c.bad);
	c = (struct fmt_cur){cut, cut + 2, false};
	cr_assert_eq(fmt_get_varint(&c), 5);
	cr_assert(!c.bad);
	cr_assert_eq(fmt_get_varint(&c), 0);
	cr_assert(c.bad, "a lone continuation byte at the end is caught");
	c = (struct fmt_cur){two, two + 1, false};
	cr_assert_eq(fmt_get_varint(&c), 0);
	cr_assert(c.bad, "a two-byte varint cut after its first byte is caught");
	c = (struct fmt_cur){two, two, false};
	fmt_get_varint(&c);
	cr_assert(c.bad, "an empty input is caught");
}

Test(format, round_trip_every_record_type)
{
	struct trace_record recs[16];
	struct fmt_writer *w;
	char err[256];

	memset(recs, 0, sizeof(recs));
	int n = sample_records(recs);
	cr_assert_eq(fmt_writer_open(&w, tmp_path, &full_meta, NULL, err, sizeof(err)), 0, "%s",
	             err);
	for (int i = 0; i < n; i++)
		cr_assert_eq(fmt_writer_add(w, &recs[i]), 0, "record %d", i);
	cr_assert_eq(fmt_writer_records(w), (uint64_t)n);
	cr_assert_eq(fmt_writer_records_of(w, TREC_SYSCALL), 3);
	struct trace_trailer tr = {.ts_end = 1008000,
	                           .events = 3,
	                           .lost = 17,
	                           .stacks = 2,
	                           .signals = 1,
	                           .processes = 1,
	                           .threads = 2};
	cr_assert_eq(fmt_writer_close(w, &tr, err, sizeof(err)), 0, "%s", err);

	struct fmt_reader *r = open_reader(tmp_path);
	const struct trace_meta *m = fmt_reader_meta(r);
	cr_assert_str_eq(m->hostname, full_meta.hostname);
	cr_assert_str_eq(m->kernel, full_meta.kernel);
	cr_assert_str_eq(m->arch, full_meta.arch);
	cr_assert_eq(m->page_size, full_meta.page_size);
	cr_assert_str_eq(m->recorder_version, full_meta.recorder_version);
	cr_assert_str_eq(m->cmdline, full_meta.cmdline);
	cr_assert_str_eq(m->options, full_meta.options);
	cr_assert_eq(m->start_wall_ns, full_meta.start_wall_ns);
	cr_assert_eq(m->start_mono_ns, full_meta.start_mono_ns);
	cr_assert_eq(m->overhead_ns, full_meta.overhead_ns);
	cr_assert_eq(m->overhead_stack_ns, full_meta.overhead_stack_ns);
	cr_assert_eq(m->overhead_samples, full_meta.overhead_samples);
	cr_assert_eq(m->overhead_floor_ns, full_meta.overhead_floor_ns);
	cr_assert_eq(m->overhead_call_ns, full_meta.overhead_call_ns);
	cr_assert_str_eq(m->ifnames, full_meta.ifnames);

	struct trace_record got;
	for (int i = 0; i < n; i++) {
		cr_assert_eq(fmt_reader_next(r, &got), FMT_OK, "record %d", i);
		assert_record_eq(&recs[i], &got);
	}
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	struct trace_record want_tr = {.type = TREC_TRAILER, .u.trailer = tr};
	assert_record_eq(&want_tr, &got);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_EOF);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_EOF, "EOF repeats");

	const struct fmt_reader_stats *st = fmt_reader_stats(r);
	cr_assert_eq(st->records, (uint64_t)n + 1);
	cr_assert_eq(st->chunks, 1);
	cr_assert_eq(st->bad_chunks, 0);
	cr_assert_eq(st->truncated, 0);
	cr_assert_eq(st->has_trailer, 1);
	uint32_t depth;
	const uint64_t *pcs = fmt_reader_stack(r, 1, &depth);
	cr_assert_not_null(pcs);
	cr_assert_eq(depth, 4);
	cr_assert_arr_eq(pcs, stack_a, sizeof(stack_a));
	cr_assert_null(fmt_reader_stack(r, 3, &depth));
	cr_assert_eq(fmt_reader_offset(r), fmt_reader_size(r));
	fmt_reader_close(r);
}

Test(format, null_meta_strings_and_default_trailer)
{
	struct trace_meta meta = {.arch = "x86_64", .page_size = 4096};
	struct fmt_writer *w;
	char err[256];
	struct trace_record rec = {
	    .type = TREC_SYSCALL,
	    .u.sys = {.tid = 7, .pid = 7, .nr = 39, .ts = 5000, .duration = 10}};

	cr_assert_eq(fmt_writer_open(&w, tmp_path, &meta, NULL, err, sizeof(err)), 0);
	cr_assert_eq(fmt_writer_add(w, &rec), 0);
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);

	struct fmt_reader *r = open_reader(tmp_path);
	cr_assert_null(fmt_reader_meta(r)->hostname);
	cr_assert_null(fmt_reader_meta(r)->cmdline);
	cr_assert_str_eq(fmt_reader_meta(r)->arch, "x86_64");
	struct trace_record got;
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	assert_record_eq(&rec, &got);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	cr_assert_eq(got.type, TREC_TRAILER);
	cr_assert_eq(got.u.trailer.events, 1);
	cr_assert_eq(got.u.trailer.ts_end, 5000);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_EOF);
	fmt_reader_close(r);
}

Test(format, writer_rejects_bad_records)
{
	struct fmt_writer *w;
	char err[256];
	struct trace_record rec = {.type = TREC_PAYLOAD};

	cr_assert_eq(fmt_writer_open(&w, tmp_path, NULL, NULL, err, sizeof(err)), 0);
	cr_assert_eq(fmt_writer_add(w, &rec), -EINVAL);
	rec.type = TREC_TRAILER;
	cr_assert_eq(fmt_writer_add(w, &rec), -EINVAL);
	rec.type = (enum trace_rec_type)99;
	cr_assert_eq(fmt_writer_add(w, &rec), -EINVAL);
	rec.type = TREC_STACK;
	rec.u.stack = (struct trace_stack){.id = 0, .depth = 1, .pcs = stack_a};
	cr_assert_eq(fmt_writer_add(w, &rec), -EINVAL);
	rec.u.stack = (struct trace_stack){.id = 1, .depth = TRACE_MAX_STACK + 1, .pcs = stack_a};
	cr_assert_eq(fmt_writer_add(w, &rec), -EINVAL);
	rec.u.stack = (struct trace_stack){.id = 1, .depth = 0, .pcs = stack_a};
	cr_assert_eq(fmt_writer_add(w, &rec), -EINVAL);
	rec.type = TREC_SYSCALL;
	memset(&rec.u.sys, 0, sizeof(rec.u.sys));
	rec.u.sys.npayloads = TRACE_MAX_PAYLOADS + 1;
	cr_assert_eq(fmt_writer_add(w, &rec), -EINVAL);
	cr_assert_eq(fmt_writer_records(w), 0);
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);
}

/* Writes n syscalls that all use stack 1 (defined once, first) with small chunks. */
static void write_stacked_loop(int n, size_t chunk_bytes)
{
	struct fmt_writer_opts o;
	struct fmt_writer *w;
	char err[256];
	struct trace_record st = {.type = TREC_STACK,
	                          .u.stack = {.id = 1, .depth = 4, .pcs = stack_a}};

	fmt_writer_opts_default(&o);
	o.chunk_bytes = chunk_bytes;
	cr_assert_eq(fmt_writer_open(&w, tmp_path, NULL, &o, err, sizeof(err)), 0);
	cr_assert_eq(fmt_writer_add(w, &st), 0);
	for (int i = 0; i < n; i++) {
		struct trace_record rec = {.type = TREC_SYSCALL,
		                           .u.sys = {.tid = 100 + i % 3,
		                                     .pid = 100,
		                                     .nr = (uint16_t)(i % 7),
		                                     .stack_id = 1,
		                                     .ts = 1000000 + (uint64_t)i * 1000,
		                                     .duration = 100 + (uint64_t)(i * 7919) % 300,
		                                     .args = {(uint64_t)i, (uint64_t)i * 0x1000, 3},
		                                     .ret = i % 5}};
		cr_assert_eq(fmt_writer_add(w, &rec), 0);
	}
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);
}

Test(format, chunks_by_size_and_stacks_repeated_in_each_chunk)
{
	const int n = 20000;
	write_stacked_loop(n, 4096);

	struct fmt_reader *r = open_reader(tmp_path);
	struct trace_record got;
	int sys = 0, stacks = 0;
	while (fmt_reader_next(r, &got) == FMT_OK) {
		if (got.type == TREC_STACK)
			stacks++;
		if (got.type != TREC_SYSCALL)
			continue;
		cr_assert_eq(got.u.sys.ts, 1000000 + (uint64_t)sys * 1000);
		cr_assert_eq(got.u.sys.args[1], (uint64_t)sys * 0x1000);
		cr_assert_eq(got.u.sys.duration, 100 + (uint64_t)(sys * 7919) % 300);
		sys++;
	}
	const struct fmt_reader_stats *st = fmt_reader_stats(r);
	cr_assert_eq(sys, n);
	cr_assert_eq(stacks, 1, "a repeated definition is returned once");
	cr_assert_gt(st->chunks, 5, "4 KiB chunks: %llu", (unsigned long long)st->chunks);
	cr_assert_eq(st->bad_chunks, 0);
	fmt_reader_close(r);

	/* Every chunk carries the definition: drop the first chunk, stacks still resolve. */
	size_t len;
	uint8_t *file = slurp(tmp_path, &len);
	size_t hlen = (size_t)fmt_load_le(file + 16, 4);
	size_t c0 = FMT_CHUNK_HDR_LEN + (size_t)fmt_load_le(file + hlen + 16, 4);
	memmove(file + hlen, file + hlen + c0, len - hlen - c0);
	char err[256];
	cr_assert_eq(fmt_reader_open_mem(&r, file, len - c0, err, sizeof(err)), FMT_OK);
	sys = 0;
	stacks = 0;
	while (fmt_reader_next(r, &got) == FMT_OK) {
		if (got.type == TREC_STACK)
			stacks++;
		if (got.type == TREC_SYSCALL) {
			uint32_t depth = 0;
			cr_assert_not_null(fmt_reader_stack(r, got.u.sys.stack_id, &depth));
			cr_assert_eq(depth, 4);
			sys++;
		}
	}
	cr_assert_eq(stacks, 1);
	cr_assert_lt(sys, n);
	cr_assert_gt(sys, n / 2);
	fmt_reader_close(r);
	free(file);
}

Test(format, tick_flushes_by_age)
{
	struct fmt_writer_opts o;
	struct fmt_writer *w;
	char err[256];
	struct trace_record rec = {.type = TREC_SYSCALL, .u.sys = {.tid = 1, .nr = 0, .ts = 1}};

	fmt_writer_opts_default(&o);
	o.flush_interval_ns = 1000000000ull;
	o.sync_interval_ns = 1; /* fsync after every flush */
	cr_assert_eq(fmt_writer_open(&w, tmp_path, NULL, &o, err, sizeof(err)), 0);
	uint64_t header = fmt_writer_bytes(w);
	cr_assert_eq(fmt_writer_tick(w, trace_mono_ns() + 5000000000ull), 0);
	cr_assert_eq(fmt_writer_bytes(w), header, "nothing to flush");
	uint64_t t0 = trace_mono_ns();
	cr_assert_eq(fmt_writer_add(w, &rec), 0);
	cr_assert_eq(fmt_writer_tick(w, t0), 0);
	cr_assert_eq(fmt_writer_bytes(w), header, "too young to flush");
	cr_assert_eq(fmt_writer_tick(w, trace_mono_ns() + 1000000000ull), 0);
	cr_assert_gt(fmt_writer_bytes(w), header, "flushed after 1 s");

	/* What was flushed is readable while the writer still runs (in the
	 * temporary file that becomes tmp_path at the end). */
	cr_assert_str_neq(fmt_writer_path(w), tmp_path);
	struct fmt_reader *r = open_reader(fmt_writer_path(w));
	fmt_reader_quiet(r, 1);
	struct trace_record got;
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	cr_assert_eq(got.type, TREC_SYSCALL);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_EOF);
	cr_assert_eq(fmt_reader_stats(r)->truncated, 1, "no trailer yet");
	fmt_reader_close(r);

	/* The sink interface drives the same writer. */
	struct trace_sink sink = fmt_writer_sink(w);
	cr_assert_eq(sink.emit(&sink, &rec), 0);
	cr_assert_eq(sink.tick(&sink, trace_mono_ns() + 2000000000ull), 0);
	cr_assert_eq(fmt_writer_records(w), 2);
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);
}

/* Frames one record by hand. */
static void put_record(struct fmt_buf *b, uint8_t type, const void *body, size_t len)
{
	fmt_put_u8(b, type);
	fmt_put_blob(b, body, len);
}

/* Appends a chunk holding raw records to out. */
static void put_chunk(struct fmt_buf *out, const struct fmt_buf *raw, uint32_t nrec)
{
	size_t bound = ZSTD_compressBound(raw->len);
	uint8_t *z = malloc(bound);
	size_t cz = ZSTD_compress(z, bound, raw->data, raw->len, 3);
	uint8_t h[FMT_CHUNK_HDR_LEN] = {0};

	cr_assert(!ZSTD_isError(cz));
	memcpy(h, FMT_CHUNK_MAGIC, 8);
	fmt_store_le(h + 8, FMT_CHUNK_HDR_LEN, 4);
	fmt_store_le(h + 16, cz, 4);
	fmt_store_le(h + 20, raw->len, 4);
	fmt_store_le(h + 24, nrec, 4);
	fmt_store_le(h + 48, fmt_crc32c(0, z, cz), 4);
	fmt_store_le(h + 52, fmt_crc32c(0, h, FMT_CHUNK_HDR_LEN - 4), 4);
	fmt_put_bytes(out, h, sizeof(h));
	fmt_put_bytes(out, z, cz);
	free(z);
}

/* A header with an extra metadata entry of unknown key, and one of unknown type. */
static void put_header_with_unknown_keys(struct fmt_buf *out)
{
	struct fmt_buf e = {0};
	fmt_put_blob(&e, "arch", 4);
	fmt_put_u8(&e, 's');
	fmt_put_blob(&e, "x86_64", 6);
	fmt_put_blob(&e, "future_key", 10);
	fmt_put_u8(&e, 's');
	fmt_put_blob(&e, "whatever", 8);
	fmt_put_blob(&e, "page_size", 9);
	fmt_put_u8(&e, 'f'); /* a value type from the future */
	fmt_put_blob(&e, "\x01\x02\x03\x04", 4);

	size_t start = out->len;
	fmt_put_bytes(out, FMT_FILE_MAGIC, 8);
	fmt_put_le(out, 1, 2);
	fmt_put_le(out, 7, 2); /* a later minor version */
	fmt_put_le(out, FMT_ENDIAN_MARK, 4);
	fmt_put_le(out, FMT_FILE_HDR_FIXED + e.len + 4, 4);
	fmt_put_le(out, 3, 4);
	fmt_put_bytes(out, e.data, e.len);
	fmt_put_le(out, fmt_crc32c(0, out->data + start, out->len - start), 4);
	fmt_buf_free(&e);
}

Test(format, unknown_record_types_keys_and_fields_are_skipped)
{
	struct fmt_buf file = {0}, raw = {0}, tmp = {0};
	struct fmt_delta *d = calloc(1, sizeof(*d));
	struct trace_record a = {.type = TREC_SYSCALL,
	                         .u.sys = {.tid = 9, .pid = 9, .nr = 1, .ts = 100, .duration = 5}};
	struct trace_record b = a;
	b.u.sys.ts = 200;
	b.u.sys.args[0] = 77;

	put_header_with_unknown_keys(&file);
	fmt_delta_reset(d);
	fmt_encode_record(&raw, &tmp, d, &a);
	put_record(&raw, 200, "future record body", 18);
	put_record(&raw, TREC_PAYLOAD, "\x00\x01\x00\x01\x01x", 6); /* stray payload */
	/* b, with two bytes of fields from a later minor version appended to its body
	 * (after the descriptor kinds of version 1.2 and the CPU wait of version 1.4,
	 * which such a writer always writes). */
	tmp.len = 0;
	struct fmt_buf body = {0};
	size_t before = raw.len;
	fmt_encode_record(&raw, &tmp, d, &b);
	fmt_put_bytes(&body, raw.data + before + 2, raw.len - before - 2);
	raw.len = before;
	fmt_put_bytes(&body, "\x00\x00\x05\x06", 4);
	put_record(&raw, TREC_SYSCALL, body.data, body.len);
	put_record(&raw, 255, "", 0);
	put_chunk(&file, &raw, 5);

	struct fmt_reader *r;
	char err[256];
	cr_assert_eq(fmt_reader_open_mem(&r, file.data, file.len, err, sizeof(err)), FMT_OK, "%s",
	             err);
	fmt_reader_quiet(r, 1);
	cr_assert_str_eq(fmt_reader_meta(r)->arch, "x86_64");
	cr_assert_eq(fmt_reader_meta(r)->page_size, 0, "value of unknown type ignored");
	struct trace_record got;
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	assert_record_eq(&a, &got);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	assert_record_eq(&b, &got);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_EOF);
	cr_assert_eq(fmt_reader_stats(r)->skipped_records, 3);
	cr_assert_eq(fmt_reader_stats(r)->bad_chunks, 0);
	fmt_reader_close(r);
	fmt_buf_free(&file);
	fmt_buf_free(&raw);
	fmt_buf_free(&tmp);
	fmt_buf_free(&body);
	free(d);
}

/* A rename record (version 1.5) read by an older reader, which skips its
 * type: the records after it decode the same (it holds absolute fields only
 * and never moves the delta state). */
Test(format, rename_records_are_skippable)
{
	struct fmt_buf file = {0}, raw = {0}, tmp = {0}, body = {0};
	struct fmt_delta *d = calloc(1, sizeof(*d));
	struct trace_record a = {.type = TREC_SYSCALL,
	                         .u.sys = {.tid = 9, .pid = 9, .nr = 1, .ts = 100, .duration = 5}};
	struct trace_record rn = {.type = TREC_RENAME,
	                          .u.rename = {.ts = 5000000, .tid = 9, .pid = 9, .comm = "x"}};
	struct trace_record b = a;
	b.u.sys.ts = 200;

	for (int older = 0; older < 2; older++) {
		file.len = raw.len = tmp.len = body.len = 0;
		put_header_with_unknown_keys(&file);
		fmt_delta_reset(d);
		fmt_encode_record(&raw, &tmp, d, &a);
		size_t before = raw.len;
		fmt_encode_record(&raw, &tmp, d, &rn);
		if (older) { /* the same body under a type the reader does not know */
			fmt_put_bytes(&body, raw.data + before + 2, raw.len - before - 2);
			raw.len = before;
			put_record(&raw, 60, body.data, body.len);
		}
		fmt_encode_record(&raw, &tmp, d, &b);
		put_chunk(&file, &raw, 3);

		struct fmt_reader *r;
		char err[256];
		cr_assert_eq(fmt_reader_open_mem(&r, file.data, file.len, err, sizeof(err)), FMT_OK,
		             "%s", err);
		struct trace_record got;
		cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
		assert_record_eq(&a, &got);
		if (!older) {
			cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
			assert_record_eq(&rn, &got);
		}
		cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
		assert_record_eq(&b, &got);
		cr_assert_eq(fmt_reader_next(r, &got), FMT_EOF);
		fmt_reader_close(r);
	}
	fmt_buf_free(&file);
	fmt_buf_free(&raw);
	fmt_buf_free(&tmp);
	fmt_buf_free(&body);
	free(d);
}

Test(format, header_validation)
{
	struct fmt_writer *w;
	struct fmt_reader *r;
	char err[256];

	cr_assert_eq(fmt_writer_open(&w, tmp_path, &full_meta, NULL, err, sizeof(err)), 0);
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);
	size_t len;
	uint8_t *file = slurp(tmp_path, &len);

	cr_assert_eq(fmt_reader_open_mem(&r, file, 0, err, sizeof(err)), FMT_ERR_NOTRACE);
	cr_assert_eq(fmt_reader_open_mem(&r, "#!/bin/sh\necho hi\n", 18, err, sizeof(err)),
	             FMT_ERR_NOTRACE);
	cr_assert(strstr(err, "not a renacer trace"), "%s", err);
	cr_assert_eq(fmt_reader_open_mem(&r, file, 20, err, sizeof(err)), FMT_ERR_HEADER);

	file[8] = 2; /* major version 2 */
	cr_assert_eq(fmt_reader_open_mem(&r, file, len, err, sizeof(err)), FMT_ERR_VERSION);
	cr_assert(strstr(err, "version 2."), "%s", err);
	file[8] = 1;
	file[40] ^= 0x10; /* inside the metadata */
	cr_assert_eq(fmt_reader_open_mem(&r, file, len, err, sizeof(err)), FMT_ERR_HEADER);
	cr_assert(strstr(err, "checksum"), "%s", err);
	file[40] ^= 0x10;
	cr_assert_eq(fmt_reader_open_mem(&r, file, len, err, sizeof(err)), FMT_OK);
	fmt_reader_close(r);

	cr_assert_eq(fmt_reader_open(&r, "/nonexistent/trace", err, sizeof(err)), FMT_ERR_IO);
	cr_assert(strstr(err, "/nonexistent/trace"), "%s", err);
	cr_assert_eq(fmt_reader_open(&r, "/", err, sizeof(err)), FMT_ERR_IO);
	free(file);
}

/* Calls that repeat the previous one of their number except for timing are
 * stored as runs: they must come back exactly, whatever the run lengths, the
 * timing (backwards, huge) and what interrupts the runs. */
Test(format, repeated_syscalls_round_trip_through_runs)
{
	static const int lengths[] = {1, 2, 3, 5, 1, FMT_RUN_MAX + 7, 40, 1};
	struct fmt_writer_opts o;
	struct fmt_writer *w;
	char err[256];
	struct trace_record *want = calloc(60000, sizeof(*want));
	int n = 0;
	uint64_t ts = 1000;
	uint64_t seed = 42;

	fmt_writer_opts_default(&o);
	o.chunk_bytes = 64 * 1024;
	cr_assert_eq(fmt_writer_open(&w, tmp_path, NULL, &o, err, sizeof(err)), 0);
	for (size_t k = 0; k < sizeof(lengths) / sizeof(lengths[0]); k++) {
		for (int i = 0; i < lengths[k]; i++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			struct trace_record *r = &want[n++];
			r->type = TREC_SYSCALL;
			r->u.sys = (struct trace_syscall){.tid = 77,
			                                  .pid = 70,
			                                  .nr = (uint16_t)(k % 2 ? 0 : 39),
			                                  .args = {1, 2, 3},
			                                  .ret = (int64_t)k,
			                                  .fd_kinds = (uint32_t)(k % 3) * 0x21};
			r->u.sys.duration = 500 + (seed >> 40) % 3000;
			if (i == 3)
				r->u.sys.duration = UINT64_MAX - 5; /* unfinished-like garbage */
			r->u.sys.ts = ts;
			if (i == 4)
				r->u.sys.ts = ts - 100000; /* earlier than the previous end */
			ts += 2000 + (seed >> 50) % 500;
			cr_assert_eq(fmt_writer_add(w, r), 0);
		}
		/* Something else between runs. */
		struct trace_record *r = &want[n++];
		r->type = TREC_LOST;
		r->u.lost = (struct trace_lost){.ts = ts, .tid = 77, .count = k};
		cr_assert_eq(fmt_writer_add(w, r), 0);
	}
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);

	struct fmt_reader *rd = open_reader(tmp_path);
	struct trace_record got;
	for (int i = 0; i < n; i++) {
		cr_assert_eq(fmt_reader_next(rd, &got), FMT_OK, "record %d", i);
		assert_record_eq(&want[i], &got);
	}
	cr_assert_eq(fmt_reader_next(rd, &got), FMT_OK);
	cr_assert_eq(got.type, TREC_TRAILER);
	cr_assert_eq(fmt_reader_next(rd, &got), FMT_EOF);
	cr_assert_gt(fmt_reader_stats(rd)->chunks, 1);
	fmt_reader_close(rd);
	/* A loop of identical calls is compact. */
	size_t len;
	free(slurp(tmp_path, &len));
	cr_assert_lt(len, (size_t)n * 4, "%zu bytes for %d records", len, n);
	free(want);
}

/* With the stacks passed through, each chunk's copy of a definition comes
 * back as it is in the file, and the reader keeps none. */
Test(format, stacks_passed_through_come_once_per_chunk)
{
	const int n = 20000;
	write_stacked_loop(n, 4096);

	struct fmt_reader *r = open_reader(tmp_path);
	fmt_reader_pass_stacks(r);
	struct trace_record got;
	uint32_t depth;
	int sys = 0, stacks = 0;
	while (fmt_reader_next(r, &got) == FMT_OK) {
		if (got.type == TREC_STACK) {
			cr_assert_eq(got.u.stack.id, 1);
			cr_assert_eq(got.u.stack.depth, 4);
			cr_assert_arr_eq(got.u.stack.pcs, stack_a, sizeof(stack_a));
			stacks++;
		}
		sys += got.type == TREC_SYSCALL;
	}
	const struct fmt_reader_stats *st = fmt_reader_stats(r);
	cr_assert_eq(sys, n);
	cr_assert_eq((uint64_t)stacks, st->chunks, "one copy per chunk: %d for %llu chunks", stacks,
	             (unsigned long long)st->chunks);
	cr_assert_gt(stacks, 5);
	cr_assert_null(fmt_reader_stack(r, 1, &depth), "the caller keeps them");
	fmt_reader_close(r);
}

Test(format, stack_redefinition_is_written_again)
{
	struct fmt_writer *w;
	char err[256];
	struct trace_record a = {.type = TREC_STACK,
	                         .u.stack = {.id = 1, .depth = 4, .pcs = stack_a}};
	struct trace_record b = {.type = TREC_STACK,
	                         .u.stack = {.id = 1, .depth = 2, .pcs = stack_b}};
	struct trace_record sys = {.type = TREC_SYSCALL,
	                           .u.sys = {.tid = 1, .pid = 1, .nr = 3, .stack_id = 1, .ts = 10}};

	cr_assert_eq(fmt_writer_open(&w, tmp_path, NULL, NULL, err, sizeof(err)), 0);
	cr_assert_eq(fmt_writer_add(w, &a), 0);
	cr_assert_eq(fmt_writer_add(w, &a), 0); /* a repetition: not written twice */
	cr_assert_eq(fmt_writer_add(w, &sys), 0);
	cr_assert_eq(fmt_writer_add(w, &b), 0);
	cr_assert_eq(fmt_writer_add(w, &sys), 0);
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);

	struct fmt_reader *r = open_reader(tmp_path);
	struct trace_record got;
	uint32_t depth;
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	assert_record_eq(&a, &got);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	cr_assert_eq(got.type, TREC_SYSCALL);
	cr_assert_eq(fmt_reader_stack(r, 1, &depth)[0], stack_a[0]);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	assert_record_eq(&b, &got);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	cr_assert_eq(got.type, TREC_SYSCALL);
	cr_assert_eq(fmt_reader_stack(r, 1, &depth)[0], stack_b[0]);
	cr_assert_eq(depth, 2);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	cr_assert_eq(got.type, TREC_TRAILER);
	cr_assert_eq(got.u.trailer.stacks, 1);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_EOF);
	fmt_reader_close(r);
}

/* A 1.0 writer marked a successful execve with 0x2 (no return) alone; the reader
 * gives it as 0x10 (old image replaced). 0x2 with 0x1 (exit_group) stays. */
Test(format, legacy_execve_flag_reads_as_execed)
{
	struct trace_meta meta = {.arch = "x86_64", .page_size = 4096};
	struct fmt_writer *w;
	char err[256];
	struct trace_record recs[2] = {
	    {.type = TREC_SYSCALL,
	     .u.sys = {.tid = 7, .pid = 7, .nr = 59, .ts = 5000, .flags = TSYS_NORETURN}},
	    {.type = TREC_SYSCALL,
	     .u.sys = {.tid = 7,
	               .pid = 7,
	               .nr = 231,
	               .ts = 6000,
	               .flags = TSYS_NORETURN | TSYS_UNFINISHED}},
	};

	cr_assert_eq(fmt_writer_open(&w, tmp_path, &meta, NULL, err, sizeof(err)), 0);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(fmt_writer_add(w, &recs[i]), 0);
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);

	struct fmt_reader *r = open_reader(tmp_path);
	struct trace_record got;
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	cr_assert_eq(got.u.sys.nr, 59);
	cr_assert_eq(got.u.sys.flags, TSYS_EXECED);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	cr_assert_eq(got.u.sys.nr, 231);
	cr_assert_eq(got.u.sys.flags, TSYS_NORETURN | TSYS_UNFINISHED);
	fmt_reader_close(r);
}

/* Version 1.2 stores descriptor kinds after the stack delta only when they
 * change; a body without them (versions 1.0 and 1.1) keeps the reference's. */
Test(format, descriptor_kinds_round_trip_and_older_bodies)
{
	struct fmt_buf file = {0}, raw = {0}, tmp = {0};
	struct fmt_delta *d = calloc(1, sizeof(*d));
	struct trace_record a = {.type = TREC_SYSCALL,
	                         .u.sys = {.tid = 9,
	                                   .pid = 9,
	                                   .nr = 1,
	                                   .ts = 100,
	                                   .duration = 5,
	                                   .fd_kinds = 8 /* arg 0: AF_INET socket */}};
	struct trace_record b = a, c = a;
	b.u.sys.ts = 200;
	b.u.sys.fd_kinds = 1; /* a regular file */
	c.u.sys.ts = 300;
	c.u.sys.args[1] = 5;
	c.u.sys.fd_kinds = 1; /* unchanged from b: not stored */

	put_header_with_unknown_keys(&file);
	fmt_delta_reset(d);
	size_t before = raw.len;
	fmt_encode_record(&raw, &tmp, d, &a);
	size_t len_a = raw.len - before;
	fmt_encode_record(&raw, &tmp, d, &b);
	before = raw.len;
	fmt_encode_record(&raw, &tmp, d, &c);
	size_t len_c = raw.len - before;
	/* c differs from b in one argument only: type, length, nr, mask, gap (95 ns: 2
	 * bytes), duration, arg delta; no kinds */
	cr_expect_eq(len_c, 8, "unchanged kinds cost no byte (%zu, a: %zu)", len_c, len_a);
	/* A 1.0-style body (no kinds) for nr 2 after nothing: kinds 0. */
	struct trace_record old = {
	    .type = TREC_SYSCALL, .u.sys = {.tid = 9, .pid = 9, .nr = 2, .ts = 400, .duration = 1}};
	fmt_encode_record(&raw, &tmp, d, &old);
	put_chunk(&file, &raw, 4);

	struct fmt_reader *r;
	char err[256];
	cr_assert_eq(fmt_reader_open_mem(&r, file.data, file.len, err, sizeof(err)), FMT_OK, "%s",
	             err);
	struct trace_record got;
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	assert_record_eq(&a, &got);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	assert_record_eq(&b, &got);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	assert_record_eq(&c, &got);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_OK);
	assert_record_eq(&old, &got);
	cr_assert_eq(fmt_reader_next(r, &got), FMT_EOF);
	fmt_reader_close(r);
	fmt_buf_free(&file);
	fmt_buf_free(&raw);
	fmt_buf_free(&tmp);
	free(d);
}

/* Version 1.4: each call's CPU wait, in plain bodies (after the descriptor
 * kinds, only when not 0) and in runs (a tail after the timing pairs, only
 * when a call of the run waited); a wait above the duration is refused. */
Test(format, cpu_waits_round_trip_in_bodies_and_runs)
{
	struct fmt_writer_opts o;
	struct fmt_writer *w;
	char err[256];
	enum { N = 300 };
	struct trace_record *want = calloc(N, sizeof(*want));
	uint64_t ts = 5000;

	fmt_writer_opts_default(&o);
	o.chunk_bytes = 4096; /* several chunks: runs and references start afresh */
	cr_assert_eq(fmt_writer_open(&w, tmp_path, NULL, &o, err, sizeof(err)), 0);
	for (int i = 0; i < N; i++) {
		struct trace_syscall *s = &want[i].u.sys;
		want[i].type = TREC_SYSCALL;
		*s = (struct trace_syscall){
		    .tid = 5, .pid = 5, .nr = 1, .args = {3, 4, 1}, .ret = 1};
		/* runs of identical calls (i % 40 < 30), some calls apart (new args) */
		if (i % 40 >= 30)
			s->args[1] = (uint64_t)i;
		s->ts = ts;
		s->duration = 1000 + (uint64_t)(i * 37) % 900;
		/* waits: none in the first runs, then every third call, then all */
		if (i >= 80)
			s->wait = i < 200 ? (i % 3 == 0 ? (uint64_t)i * 3 : 0)
			                  : s->duration - (uint64_t)i % 7;
		ts += 5000;
		cr_assert_eq(fmt_writer_add(w, &want[i]), 0, "call %d", i);
	}
	struct trace_record bad = want[0];
	bad.u.sys.wait = bad.u.sys.duration + 1;
	cr_assert_eq(fmt_writer_add(w, &bad), -EINVAL, "a wait above the duration");
	cr_assert_eq(fmt_writer_close(w, NULL, err, sizeof(err)), 0);

	struct fmt_reader *rd = open_reader(tmp_path);
	struct trace_record got;
	for (int i = 0; i < N; i++) {
		cr_assert_eq(fmt_reader_next(rd, &got), FMT_OK, "record %d", i);
		assert_record_eq(&want[i], &got);
	}
	cr_assert_eq(fmt_reader_next(rd, &got), FMT_OK);
	cr_assert_eq(got.type, TREC_TRAILER);
	cr_assert_eq(fmt_reader_stats(rd)->bad_chunks, 0);
	fmt_reader_close(rd);
	free(want);
}

/* Decodes the reference call then the run record in raw (at: where the run
 * starts) and checks the first ok calls' durations and waits (NULL: 0); when
 * ok < 3, the next call must be refused. */
static void expand_run(const struct fmt_buf *raw, size_t at, struct fmt_delta *d,
                       const uint64_t *durs, const uint64_t *waits, int ok)
{
	struct trace_record ref;
	struct fmt_run run;
	struct trace_syscall s;

	fmt_delta_reset(d);
	/* each record: type byte, one-byte length, body */
	cr_assert_eq(fmt_decode_record(TREC_SYSCALL, raw->data + 2, at - 2, d, NULL, NULL, &ref),
	             0);
	cr_assert_eq(raw->data[at], FMT_REC_SYSCALL_RUN);
	cr_assert_eq(fmt_run_begin(&run, raw->data + at + 2, raw->len - at - 2, d), 0);
	for (int i = 0; i < ok; i++) {
		cr_assert_eq(fmt_run_next(&run, d, &s), 0, "call %d", i);
		cr_assert_eq(s.duration, durs[i]);
		cr_assert_eq(s.wait, waits ? waits[i] : 0, "call %d", i);
	}
	if (ok < 3)
		cr_assert_eq(fmt_run_next(&run, d, &s), -1, "call %d refused", ok);
}

/* A call without a wait costs no byte more than in version 1.3; a 1.3 run
 * body (no waits tail) decodes with waits 0; a wait above its duration in a
 * body or a run tail makes the record malformed. */
Test(format, cpu_wait_bytes_and_older_bodies)
{
	struct fmt_delta *d = calloc(1, sizeof(*d));
	struct fmt_buf raw = {0}, tmp = {0};
	struct trace_record a = {.type = TREC_SYSCALL,
	                         .u.sys = {.tid = 9, .pid = 9, .nr = 1, .ts = 100, .duration = 50}};
	struct trace_record b = a;

	b.u.sys.ts = 200;
	fmt_delta_reset(d);
	fmt_encode_record(&raw, &tmp, d, &a);
	size_t before = raw.len;
	fmt_encode_record(&raw, &tmp, d, &b);
	size_t plain = raw.len - before;
	b.u.sys.ts = 300;
	b.u.sys.wait = 20;
	before = raw.len;
	fmt_encode_record(&raw, &tmp, d, &b);
	cr_expect_eq(raw.len - before, plain + 2, "kinds (0) and the wait: 2 bytes (%zu vs %zu)",
	             raw.len - before, plain);

	/* Decode a body by hand: the wait comes back; above the duration it is refused. */
	struct fmt_delta *rdd = calloc(1, sizeof(*rdd));
	struct trace_record got;
	struct fmt_buf body = {0};
	fmt_delta_reset(rdd);
	fmt_delta_reset(d);
	fmt_encode_record(&body, &tmp, d, &b);
	/* body = type, length, then the syscall fields */
	cr_assert_eq(
	    fmt_decode_record(TREC_SYSCALL, body.data + 2, body.len - 2, rdd, NULL, NULL, &got), 0);
	cr_assert_eq(got.u.sys.wait, 20);
	cr_assert_eq(got.u.sys.duration, 50);
	body.data[body.len - 1] = 51; /* the wait, last byte of the body: above 50 */
	fmt_delta_reset(rdd);
	cr_assert_eq(
	    fmt_decode_record(TREC_SYSCALL, body.data + 2, body.len - 2, rdd, NULL, NULL, &got),
	    -1);

	/* A run of three calls: without waits (1.3 body), then with a tail. */
	int64_t gaps[3] = {10, 20, 30};
	uint64_t durs[3] = {40, 50, 60}, waits[3] = {0, 50, 7};
	size_t run_len = 0;
	size_t at = 0;
	for (int with = 0; with < 2; with++) {
		fmt_delta_reset(d);
		raw.len = 0;
		fmt_encode_record(&raw, &tmp, d, &a); /* the reference */
		at = raw.len;
		fmt_encode_run(&raw, &tmp, d, 1, 3, gaps, durs, with ? waits : NULL);
		if (with) /* the tail of three one-byte waits */
			cr_expect_eq(raw.len - at, run_len + 3, "%zu vs %zu", raw.len - at,
			             run_len);
		run_len = raw.len - at;
		expand_run(&raw, at, rdd, durs, with ? waits : NULL, 3);
	}
	/* the tail's last wait above its duration (60): that call is malformed */
	raw.data[raw.len - 1] = 61;
	expand_run(&raw, at, rdd, durs, waits, 2);
	fmt_buf_free(&raw);
	fmt_buf_free(&tmp);
	fmt_buf_free(&body);
	free(d);
	free(rdd);
}
