/*
 * bench_format.c - throughput and size of the trace format. Writes and reads
 * back two synthetic traces and prints, for each, events per second for the
 * writer and the reader and the file bytes per syscall event:
 *   loop:  one thread repeating the same syscall from the same call stack,
 *          with timing jitter like a ptrace recorder's;
 *   steady: the same loop with much steadier timing;
 *   mixed: several threads, varied syscalls with paths, buffers and structs
 *          as payloads, many call stacks, thread and module events.
 * Usage: bench_format [-n EVENTS] [-l ZSTD_LEVEL] [-d DIR]
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "format/fmt_reader.h"
#include "format/fmt_writer.h"
#include "cmd/trace_cli.h"
#include "libtrace/trace_util.h"

/* xorshift64*: a fixed, fast pseudo-random sequence. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static double rng_unit(void)
{
	return (double)(rng() >> 11) / 9007199254740992.0;
}

/* A normally distributed value (Box-Muller). */
static double rng_normal(double mean, double sd)
{
	double u = rng_unit(), v = rng_unit();
	if (u < 1e-12)
		u = 1e-12;
	return mean + sd * sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* A time in ns: mostly normal around mean, now and then a long stall
 * (scheduling, page faults) as a tracer sees. */
static uint64_t jittered_ns(double mean, double sd)
{
	double t = rng_normal(mean, sd);
	if (rng() % 100 == 0)
		t += (double)(rng() % 20000);
	return t < 1 ? 1 : (uint64_t)t;
}

typedef void (*gen_fn)(struct fmt_writer *w, long n);

static void add(struct fmt_writer *w, const struct trace_record *rec)
{
	int rc = fmt_writer_add(w, rec);
	if (rc < 0)
		die(EXIT_TRACE_ERROR, "write failed: %s", strerror(-rc));
}

static void add_stack(struct fmt_writer *w, uint32_t id, uint32_t depth, uint64_t seed)
{
	uint64_t pcs[64];
	for (uint32_t i = 0; i < depth; i++)
		pcs[i] = (i == 0 ? 0x7f3a12400000ull : 0x55d1c2a00000ull) +
		         ((seed * 7919 + i * 104729) % 0x80000);
	struct trace_record rec = {.type = TREC_STACK, .u.stack = {id, depth, pcs}};
	add(w, &rec);
}

/* getpid-like loop: same call, same stack, one thread, with the timing
 * spread of ptrace stops measured on a development machine (each stop about
 * 10 us, sd 1.4 us; duration and user-space gap alike) or a steadier one. */
static void gen_loop_timed(struct fmt_writer *w, long n, double dur, double dur_sd, double gap,
                           double gap_sd)
{
	uint64_t ts = 1000000000ull;
	struct trace_record rec = {
	    .type = TREC_SYSCALL,
	    .u.sys = {.tid = 4711, .pid = 4711, .nr = 39, .stack_id = 1, .ret = 4711}};

	add_stack(w, 1, 12, 1);
	for (long i = 0; i < n; i++) {
		rec.u.sys.ts = ts;
		rec.u.sys.duration = jittered_ns(dur, dur_sd);
		ts += rec.u.sys.duration + jittered_ns(gap, gap_sd);
		add(w, &rec);
		if ((i & 1023) == 0)
			fmt_writer_tick(w, trace_mono_ns());
	}
}

static void gen_loop(struct fmt_writer *w, long n)
{
	gen_loop_timed(w, n, 9900, 1400, 10600, 1500);
}

static void gen_steady(struct fmt_writer *w, long n)
{
	gen_loop_timed(w, n, 1800, 60, 950, 40);
}

static const char *const paths[] = {
    "/etc/ld.so.cache",
    "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "/etc/passwd",
    "/home/user/project/data/input-0001.csv",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/proc/self/maps",
    "/tmp/app.lock",
    "/var/log/app/app.log",
};

/* A mixed trace: several threads, varied calls, payloads and stacks. */
static void gen_mixed(struct fmt_writer *w, long n)
{
	enum { NTHREADS = 6, NSTACKS = 200 };
	static const uint16_t nrs[] = {0, 1, 3, 257, 9, 11, 202, 5, 232, 262, 44, 45};
	uint64_t now[NTHREADS];
	uint8_t buf[256];
	uint64_t stat_buf[18];

	for (int t = 0; t < NTHREADS; t++) {
		now[t] = 1000000000ull + (uint64_t)t * 777;
		struct trace_record th = {.type = TREC_THREAD,
		                          .u.thread = {.ts = now[t],
		                                       .tid = 9000 + t,
		                                       .pid = 9000,
		                                       .ppid = t ? 9000 : 1,
		                                       .flags = t ? TTHREAD_IS_THREAD : 0,
		                                       .comm = "app"}};
		add(w, &th);
	}
	for (int m = 0; m < 20; m++) {
		struct trace_record mo = {
		    .type = TREC_MODULE_MAP,
		    .u.map = {.ts = now[0],
		              .pid = 9000,
		              .prot = 5,
		              .start = 0x7f0000000000ull + (uint64_t)m * 0x200000,
		              .end = 0x7f0000000000ull + (uint64_t)m * 0x200000 + 0x180000,
		              .dev = 0x803,
		              .inode = 100000 + (uint64_t)m,
		              .path = paths[m % 8],
		              .build_id_len = 20}};
		memset(mo.u.map.build_id, m, 20);
		add(w, &mo);
	}
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	uint32_t nstacks = 0;
	for (long i = 0; i < n; i++) {
		int t = (int)(rng() % NTHREADS);
		uint16_t nr = nrs[rng() % (sizeof(nrs) / sizeof(nrs[0]))];
		uint32_t stack = (uint32_t)(rng() % NSTACKS) + 1;
		if (stack > nstacks) {
			for (uint32_t s = nstacks + 1; s <= stack; s++)
				add_stack(w, s, 5 + s % 20, s);
			nstacks = stack;
		}
		struct trace_record rec = {
		    .type = TREC_SYSCALL,
		    .u.sys = {
		        .tid = 9000 + t, .pid = 9000, .nr = nr, .stack_id = stack, .ts = now[t]}};
		struct trace_syscall *s = &rec.u.sys;
		s->duration = nr == 202 ? jittered_ns(50000, 20000) : jittered_ns(2500, 400);
		s->args[0] = 3 + rng() % 20;
		s->args[1] = 0x7ffd00000000ull + (rng() % 65536) * 16;
		s->args[2] = rng() % 8192;
		s->ret = (rng() % 10 == 0) ? -2 : (int64_t)(rng() % 4096);
		if (nr == 257 || nr == 262) {
			const char *p = paths[rng() % 8];
			s->npayloads = 1;
			s->payloads[0] = (struct trace_payload){.arg = 1,
			                                        .kind = TPAY_STRING,
			                                        .len = (uint32_t)strlen(p),
			                                        .full_len = strlen(p),
			                                        .data = (const uint8_t *)p};
		} else if (nr == 0 || nr == 1 || nr == 44 || nr == 45) {
			uint32_t len = (uint32_t)(rng() % 64);
			buf[rng() % sizeof(buf)] ^= (uint8_t)rng();
			s->npayloads = 1;
			s->payloads[0] = (struct trace_payload){.arg = 1,
			                                        .kind = TPAY_BUFFER,
			                                        .flags = TPAYF_TRUNCATED,
			                                        .len = len,
			                                        .full_len = 4096,
			                                        .data = buf};
		} else if (nr == 5) {
			for (int k = 0; k < 18; k++)
				stat_buf[k] = rng() % 100000;
			s->npayloads = 1;
			s->payloads[0] = (struct trace_payload){.arg = 1,
			                                        .kind = TPAY_STRUCT,
			                                        .flags = TPAYF_AT_EXIT,
			                                        .len = sizeof(stat_buf),
			                                        .full_len = sizeof(stat_buf),
			                                        .data = (const uint8_t *)stat_buf};
		}
		now[t] += s->duration + jittered_ns(3000, 1500);
		add(w, &rec);
		if ((i & 1023) == 0)
			fmt_writer_tick(w, trace_mono_ns());
	}
}

struct result {
	double write_s, read_s;
	uint64_t bytes, events, records;
};

static void run(const char *name, gen_fn gen, long n, int level, const char *dir)
{
	char path[512], err[256];
	struct fmt_writer_opts o;
	struct fmt_writer *w;
	struct fmt_reader *r;
	struct trace_record rec;
	struct result res = {0};

	snprintf(path, sizeof(path), "%s/bench_format_%s_%d.rtrace", dir, name, (int)getpid());
	fmt_writer_opts_default(&o);
	o.zstd_level = level;
	rng_state = 0x9e3779b97f4a7c15ull;

	uint64_t t0 = trace_mono_ns();
	if (fmt_writer_open(&w, path, NULL, &o, err, sizeof(err)) < 0)
		die(EXIT_TRACE_ERROR, "%s", err);
	gen(w, n);
	res.events = fmt_writer_records_of(w, TREC_SYSCALL);
	if (fmt_writer_close(w, NULL, err, sizeof(err)) < 0)
		die(EXIT_TRACE_ERROR, "%s", err);
	res.write_s = (double)(trace_mono_ns() - t0) / 1e9;

	t0 = trace_mono_ns();
	if (fmt_reader_open(&r, path, err, sizeof(err)) != FMT_OK)
		die(EXIT_BAD_INPUT, "%s", err);
	while (fmt_reader_next(r, &rec) == FMT_OK)
		res.records++;
	res.bytes = fmt_reader_offset(r);
	if (fmt_reader_stats(r)->bad_chunks || !fmt_reader_stats(r)->has_trailer)
		die(EXIT_TRACE_ERROR, "%s: read back damaged", path);
	fmt_reader_close(r);
	res.read_s = (double)(trace_mono_ns() - t0) / 1e9;
	unlink(path);

	printf("%-6s level %2d  events %9llu  bytes/event %6.2f  write %6.2f M events/s  "
	       "read %6.2f M events/s  file %.1f KiB\n",
	       name, level, (unsigned long long)res.events, (double)res.bytes / (double)res.events,
	       (double)res.events / res.write_s / 1e6, (double)res.events / res.read_s / 1e6,
	       (double)res.bytes / 1024.0);
}

int main(int argc, char **argv)
{
	long n = 2000000;
	int level = 3;
	const char *dir = "/tmp";
	int opt;

	trace_set_progname("bench_format");
	while ((opt = getopt(argc, argv, "n:l:d:")) != -1) {
		switch (opt) {
		case 'n':
			n = atol(optarg);
			break;
		case 'l':
			level = atoi(optarg);
			break;
		case 'd':
			dir = optarg;
			break;
		default:
			fprintf(stderr,
			        "usage: bench_format [-n EVENTS] [-l ZSTD_LEVEL] [-d DIR]\n");
			return EXIT_BAD_INPUT;
		}
	}
	if (n <= 0) {
		fprintf(stderr, "bench_format: -n wants a positive number of events\n");
		return EXIT_BAD_INPUT;
	}
	run("loop", gen_loop, n, level, dir);
	run("steady", gen_steady, n, level, dir);
	run("mixed", gen_mixed, n, level, dir);
	return 0;
}
