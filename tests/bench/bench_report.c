/*
 * bench_report.c - benchmark inputs and probes for the report's summary path.
 *
 *   bench_report agg [N]              agg_add throughput, plain (-c) and by
 *                                     source (--source), N events each
 *   bench_report gen OUT TARGET [N]   writes a synthetic trace of N syscall
 *                                     events (default 10M) whose stacks point
 *                                     at real source lines of TARGET (an ELF
 *                                     built with -g, e.g. summary_bench_target),
 *                                     then prints what it wrote ("expect" lines)
 *
 * scripts/bench_report.sh runs both and times renacer-report on the trace.
 */
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze/summary/agg.h"
#include "format/fmt_writer.h"
#include "libtrace/trace_syscalls.h"
#include "cmd/trace_cli.h"
#include "libtrace/trace_util.h"

#define SEQ_LEN   (1u << 20) /* precomputed event sequence, replayed */
#define NSOURCES  512        /* distinct source locations in the agg benchmark */
#define MAX_SITES 256        /* source lines taken from the target */
#define PIE_BASE  0x555555554000ull
#define PID       4242
#define MAX_NR    512 /* syscall numbers of the mix are below */

/* A syscall mix: number, typical duration (ns), share of the events (per mille). */
static const struct {
	const char *name;
	uint64_t base_ns;
	unsigned share;
} mix[] = {
    {"read", 2000, 300},   {"write", 4000, 200},       {"openat", 9000, 80},
    {"close", 1500, 80},   {"fstat", 1200, 60},        {"mmap", 6000, 40},
    {"fsync", 900000, 10}, {"recvfrom", 30000, 60},    {"sendto", 20000, 40},
    {"futex", 50000, 50},  {"epoll_wait", 200000, 30}, {"getpid", 300, 50},
};
#define NMIX (sizeof(mix) / sizeof(mix[0]))

struct event {
	int nr;
	unsigned site;
	uint64_t dur;
	bool failed;
};

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A replayable sequence of events over nsites call sites: syscalls drawn
 * from the mix, durations log-spread around each syscall's base. */
static struct event *make_sequence(unsigned nsites)
{
	struct event *seq = xmalloc(SEQ_LEN * sizeof(*seq));
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	int nrs[NMIX];

	for (size_t i = 0; i < NMIX; i++)
		nrs[i] = (int)trace_syscall_by_name(mix[i].name);
	for (unsigned i = 0; i < SEQ_LEN; i++) {
		unsigned pick = (unsigned)(rnd(&seed) % 1000), m = 0;

		while (m + 1 < NMIX && pick >= mix[m].share) {
			pick -= mix[m].share;
			m++;
		}
		uint64_t r = rnd(&seed);

		seq[i].nr = nrs[m];
		/* each syscall is called from a subset of the sites */
		seq[i].site = (unsigned)((m * 37 + (r & 0xff) % 48) % nsites);
		seq[i].dur = (mix[m].base_ns * (64 + ((r >> 8) & 0x3ff))) >> 7;
		if (((r >> 20) & 0x3f) == 0)
			seq[i].dur *= 1 + ((r >> 26) & 0x3f); /* a tail */
		seq[i].failed = ((r >> 32) & 0x3f) == 0;
	}
	return seq;
}

static double secs_since(uint64_t t0)
{
	return (double)(trace_mono_ns() - t0) / 1e9;
}

/* CPU time of this process in ns: on a shared machine it ignores the time
 * other programs hold the core. */
static uint64_t cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void bench_agg(uint64_t n)
{
	struct event *seq = make_sequence(NSOURCES);
	static struct agg_source srcs[NSOURCES];

	for (unsigned i = 0; i < NSOURCES; i++) {
		srcs[i].file = xasprintf("src/subsystem_%u/module_%u.c", i % 17, i);
		srcs[i].line = 10 + i * 7;
		srcs[i].function = xasprintf("handle_request_kind_%u", i % 97);
		srcs[i].module = "/usr/local/bin/some-server";
	}
	for (int by_source = 0; by_source < 2; by_source++) {
		struct agg *a = agg_new(by_source);
		uint64_t t0 = trace_mono_ns(), c0 = cpu_ns();

		for (uint64_t i = 0; i < n; i++) {
			const struct event *e = &seq[i & (SEQ_LEN - 1)];

			agg_add(a, e->nr, &srcs[e->site], e->dur, e->failed);
		}
		double s = secs_since(t0), cpu = (double)(cpu_ns() - c0) / 1e9;

		agg_sort(a, AGG_SORT_TIME);
		printf("agg_add %-9s %llu events: %.1f ns/event CPU (%.1f M events/s; wall "
		       "%.3f s), %u rows, %.1f KiB\n",
		       by_source ? "--source" : "-c", (unsigned long long)n, cpu * 1e9 / (double)n,
		       (double)n / cpu / 1e6, s, agg_rows(a), (double)agg_bytes(a) / 1024);
		agg_free(a);
	}
	for (unsigned i = 0; i < NSOURCES; i++) {
		free((char *)srcs[i].file);
		free((char *)srcs[i].function);
	}
	free(seq);
}

/* The target's executable segment, build-id and the first address of each
 * source line of its own .c file. */
struct target {
	struct trace_module map;
	uint64_t site_pc[MAX_SITES];
	int site_line[MAX_SITES];
	unsigned nsites;
	uint64_t main_pc;
};

static void collect_sites(Dwarf *dw, struct target *t, uint64_t bias)
{
	Dwarf_Off off = 0, next;
	size_t hsize;
	int last_line = -1;

	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		Dwarf_Lines *lines;
		size_t n;

		if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_getsrclines(&cu, &lines, &n) == 0) {
			for (size_t i = 0; i < n && t->nsites < MAX_SITES; i++) {
				Dwarf_Line *l = dwarf_onesrcline(lines, i);
				const char *src = dwarf_linesrc(l, NULL, NULL);
				int lineno;
				Dwarf_Addr addr;

				if (!src || !strstr(src, "summary_bench_target.c") ||
				    dwarf_lineno(l, &lineno) || dwarf_lineaddr(l, &addr) ||
				    lineno == last_line)
					continue;
				last_line = lineno;
				/* frames are return addresses: the report looks up pc - 1 */
				t->site_line[t->nsites] = lineno;
				t->site_pc[t->nsites++] = bias + addr + 1;
			}
		}
		off = next;
	}
}

static int load_target(const char *path, struct target *t)
{
	int fd = open(path, O_RDONLY);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0) {
		pr_err("%s: %s", path, strerror(errno));
		return -1;
	}
	Dwarf *dw = dwarf_begin(fd, DWARF_C_READ);
	Elf *elf = dw ? dwarf_getelf(dw) : NULL;
	GElf_Ehdr eh;
	size_t nph = 0;

	if (!elf || !gelf_getehdr(elf, &eh) || elf_getphdrnum(elf, &nph)) {
		pr_err("%s: no DWARF debug information (build it with -g)", path);
		close(fd);
		return -1;
	}
	uint64_t bias = eh.e_type == ET_DYN ? PIE_BASE : 0;

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD && (ph.p_flags & PF_X)) {
			t->map.start = bias + (ph.p_vaddr & ~0xfffull);
			t->map.end = bias + ((ph.p_vaddr + ph.p_memsz + 0xfff) & ~0xfffull);
			t->map.offset = ph.p_offset & ~0xfffull;
			t->map.prot = 5; /* PROT_READ | PROT_EXEC */
		}
	}
	const void *id;
	ssize_t idlen = dwelf_elf_gnu_build_id(elf, &id);

	if (idlen > 0 && idlen <= TRACE_BUILD_ID_MAX) {
		memcpy(t->map.build_id, id, (size_t)idlen);
		t->map.build_id_len = (uint8_t)idlen;
	}
	t->map.pid = PID;
	t->map.dev = st.st_dev;
	t->map.inode = st.st_ino;
	t->map.path = path;
	collect_sites(dw, t, bias);
	dwarf_end(dw);
	close(fd);
	if (!t->map.end || t->nsites < 2) {
		pr_err("%s: no executable segment or no lines of summary_bench_target.c", path);
		return -1;
	}
	t->main_pc = t->site_pc[t->nsites - 1]; /* the last lines belong to main */
	return 0;
}

/* What the trace holds, for tests to compare the report with: per syscall,
 * and per (syscall, call site). */
struct tally {
	uint64_t calls[MAX_NR], errors[MAX_NR], total[MAX_NR], corrected[MAX_NR];
	uint64_t site_calls[MAX_NR][MAX_SITES];
};

static void tally_event(struct tally *tl, const struct event *e, uint64_t overhead_ns,
                        uint64_t floor_ns)
{
	tl->calls[e->nr]++;
	tl->errors[e->nr] += e->failed;
	tl->total[e->nr] += e->dur;
	/* spec/summary.md: raw - overhead, never below min(raw, floor) */
	uint64_t least = e->dur < floor_ns ? e->dur : floor_ns;
	uint64_t d = e->dur > overhead_ns ? e->dur - overhead_ns : 0;
	tl->corrected[e->nr] += d > least ? d : least;
	tl->site_calls[e->nr][e->site]++;
}

/* "expect NAME CALLS ERRORS TOTAL_NS CORRECTED_NS" per syscall, then
 * "expect-source NAME LINE CALLS" per call site (lines may repeat). */
static void tally_print(const struct tally *tl, const struct target *t)
{
	for (int nr = 0; nr < MAX_NR; nr++) {
		if (!tl->calls[nr])
			continue;
		printf("expect %s %llu %llu %llu %llu\n", trace_syscall_name(nr),
		       (unsigned long long)tl->calls[nr], (unsigned long long)tl->errors[nr],
		       (unsigned long long)tl->total[nr], (unsigned long long)tl->corrected[nr]);
	}
	for (int nr = 0; nr < MAX_NR; nr++) {
		for (unsigned i = 0; i < t->nsites; i++) {
			if (tl->site_calls[nr][i])
				printf("expect-source %s %d %llu\n", trace_syscall_name(nr),
				       t->site_line[i], (unsigned long long)tl->site_calls[nr][i]);
		}
	}
}

static int add(struct fmt_writer *w, const struct trace_record *rec)
{
	int rc = fmt_writer_add(w, rec);

	if (rc)
		pr_err("writing the trace: %s", strerror(-rc));
	return rc;
}

static int write_preamble(struct fmt_writer *w, const struct target *t)
{
	struct trace_record rec = {.type = TREC_THREAD};

	rec.u.thread.tid = rec.u.thread.pid = PID;
	snprintf(rec.u.thread.comm, TRACE_COMM_LEN, "bench_target");
	if (add(w, &rec))
		return -1;
	rec.type = TREC_MODULE_MAP;
	rec.u.map = t->map;
	if (add(w, &rec))
		return -1;
	for (unsigned i = 0; i < t->nsites; i++) {
		uint64_t pcs[3] = {t->site_pc[i], t->main_pc, t->main_pc};

		rec.type = TREC_STACK;
		rec.u.stack.id = i + 1;
		rec.u.stack.depth = 3;
		rec.u.stack.pcs = pcs;
		if (add(w, &rec))
			return -1;
	}
	return 0;
}

static int bench_gen(const char *out, const char *target, uint64_t n)
{
	struct target t;
	struct fmt_writer *w;
	char err[256];
	uint64_t start = trace_mono_ns();
	struct trace_meta meta = {.hostname = "bench",
	                          .kernel = "synthetic",
	                          .arch = "x86_64",
	                          .page_size = 4096,
	                          .recorder_version = "bench_report",
	                          .cmdline = "bench_report gen",
	                          .options = "stack_depth=3",
	                          .start_wall_ns = trace_wall_ns(),
	                          .start_mono_ns = start,
	                          .overhead_ns = 9000,
	                          .overhead_samples = 1000,
	                          .overhead_floor_ns = 70};

	if (load_target(target, &t))
		return 1;
	if (fmt_writer_open(&w, out, &meta, NULL, err, sizeof(err))) {
		pr_err("%s", err);
		return 1;
	}
	if (write_preamble(w, &t)) {
		fmt_writer_abort(w);
		return 1;
	}
	struct event *seq = make_sequence(t.nsites);
	struct trace_record rec = {.type = TREC_SYSCALL};
	struct trace_syscall *s = &rec.u.sys;
	uint64_t ts = start;

	struct tally *tl = xcalloc(1, sizeof(*tl));

	s->tid = s->pid = PID;
	for (uint64_t i = 0; i < n; i++) {
		const struct event *e = &seq[i & (SEQ_LEN - 1)];

		tally_event(tl, e, meta.overhead_ns, meta.overhead_floor_ns);

		s->nr = (uint16_t)e->nr;
		s->stack_id = e->site + 1;
		s->args[0] = 3;
		s->args[2] = 4096;
		s->ret = e->failed ? -2 : 7;
		s->ts = ts;
		s->duration = e->dur;
		ts += e->dur + 500;
		if (add(w, &rec)) {
			fmt_writer_abort(w);
			free(seq);
			free(tl);
			return 1;
		}
	}
	free(seq);

	struct trace_trailer tr = {
	    .ts_end = ts, .events = n, .stacks = t.nsites, .processes = 1, .threads = 1};

	if (fmt_writer_close(w, &tr, err, sizeof(err))) {
		pr_err("%s", err);
		free(tl);
		return 1;
	}
	printf("wrote %s: %llu events, %u source lines, in %.1f s\n", out, (unsigned long long)n,
	       t.nsites, secs_since(start));
	tally_print(tl, &t);
	free(tl);
	return 0;
}

int main(int argc, char **argv)
{
	trace_set_progname("bench_report");
	if (argc >= 2 && strcmp(argv[1], "agg") == 0) {
		bench_agg(argc > 2 ? strtoull(argv[2], NULL, 0) : 50000000ull);
		return 0;
	}
	if (argc >= 4 && strcmp(argv[1], "gen") == 0)
		return bench_gen(argv[2], argv[3],
		                 argc > 4 ? strtoull(argv[4], NULL, 0) : 10000000);
	fprintf(stderr, "usage: bench_report agg [N] | bench_report gen OUT TARGET [N]\n");
	return 2;
}
