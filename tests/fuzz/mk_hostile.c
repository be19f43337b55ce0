/*
 * mk_hostile.c - writes hostile but well-formed (or deliberately damaged)
 * traces for the hardening tests and the reader fuzzers' corpus:
 *
 *   mk_hostile stacks FILE        4097 stack definitions, ids climbing by 2^20 to 2^32-1
 *   mk_hostile module FILE PATH   a process whose executable mapping is PATH (a FIFO...)
 *   mk_hostile magic FILE KB      a valid header, then KB KiB of repeated chunk magic
 *   mk_hostile bomb FILE N        N identical getpid calls (run-length records)
 *
 * Exit status 0, or 1 with a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "format/fmt_codec.h"
#include "format/fmt_writer.h"
#include "libtrace/trace_event.h"

#define START_NS 1000000000ull

static struct fmt_writer *open_trace(const char *path)
{
	struct trace_meta meta = {.arch = "x86_64", .page_size = 4096, .start_mono_ns = START_NS};
	struct fmt_writer *w;
	char err[256];

	if (fmt_writer_open(&w, path, &meta, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "mk_hostile: %s\n", err);
		exit(1);
	}
	return w;
}

static void add(struct fmt_writer *w, const struct trace_record *rec)
{
	if (fmt_writer_add(w, rec) < 0) {
		fprintf(stderr, "mk_hostile: cannot add a record of type %d\n", rec->type);
		exit(1);
	}
}

static void close_trace(struct fmt_writer *w)
{
	char err[256];

	if (fmt_writer_close(w, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "mk_hostile: %s\n", err);
		exit(1);
	}
}

static void add_process(struct fmt_writer *w, int32_t pid)
{
	struct trace_record rec = {.type = TREC_THREAD};

	rec.u.thread = (struct trace_thread){.ts = START_NS, .tid = pid, .pid = pid};
	strcpy(rec.u.thread.comm, "hostile");
	add(w, &rec);
}

static void add_call(struct fmt_writer *w, uint16_t nr, uint64_t ts, uint32_t stack_id)
{
	struct trace_record rec = {.type = TREC_SYSCALL};

	rec.u.sys = (struct trace_syscall){
	    .tid = 100, .pid = 100, .nr = nr, .ts = ts, .duration = 1000, .stack_id = stack_id};
	add(w, &rec);
}

static void mk_stacks(const char *path)
{
	struct fmt_writer *w = open_trace(path);
	uint64_t pcs[2] = {0x401000, 0};

	add_process(w, 100);
	for (uint64_t i = 0; i <= 4096; i++) {
		struct trace_record rec = {.type = TREC_STACK};
		rec.u.stack.id = i == 4096 ? UINT32_MAX : (uint32_t)(i << 20) + 1;
		rec.u.stack.depth = 2;
		rec.u.stack.pcs = pcs;
		pcs[1] = 0x402000 + i;
		add(w, &rec);
		add_call(w, 39, START_NS + 10000 * (i + 1), rec.u.stack.id);
	}
	close_trace(w);
}

static void mk_module(const char *path, const char *module)
{
	struct fmt_writer *w = open_trace(path);
	struct trace_record rec = {.type = TREC_MODULE_MAP};
	uint64_t pcs[1] = {0x401010};

	add_process(w, 100);
	rec.u.map = (struct trace_module){.ts = START_NS,
	                                  .pid = 100,
	                                  .prot = 5,
	                                  .start = 0x400000,
	                                  .end = 0x500000,
	                                  .path = module};
	add(w, &rec);
	rec = (struct trace_record){.type = TREC_STACK};
	rec.u.stack = (struct trace_stack){.id = 1, .depth = 1, .pcs = pcs};
	add(w, &rec);
	add_call(w, 39, START_NS + 1000, 1);
	close_trace(w);
}

static void mk_magic(const char *path, long kb)
{
	struct fmt_writer *w = open_trace(path);
	FILE *f;

	close_trace(w); /* a header and a trailer chunk */
	f = fopen(path, "ab");
	if (!f) {
		perror(path);
		exit(1);
	}
	for (long i = 0; i < kb * 1024 / FMT_MAGIC_LEN; i++)
		fwrite(FMT_CHUNK_MAGIC, 1, FMT_MAGIC_LEN, f);
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void mk_bomb(const char *path, long n)
{
	struct fmt_writer *w = open_trace(path);

	add_process(w, 100);
	for (long i = 0; i < n; i++)
		add_call(w, 39, START_NS + 2000 * (uint64_t)i, 0);
	close_trace(w);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "stacks") == 0)
		mk_stacks(argv[2]);
	else if (argc == 4 && strcmp(argv[1], "module") == 0)
		mk_module(argv[2], argv[3]);
	else if (argc == 4 && strcmp(argv[1], "magic") == 0)
		mk_magic(argv[2], atol(argv[3]));
	else if (argc == 4 && strcmp(argv[1], "bomb") == 0)
		mk_bomb(argv[2], atol(argv[3]));
	else {
		fprintf(stderr, "usage: mk_hostile stacks|module|magic|bomb FILE [ARG]\n");
		return 1;
	}
	return 0;
}
