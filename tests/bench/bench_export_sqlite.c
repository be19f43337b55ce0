/*
 * bench_export_sqlite.c - throughput of the SQLite export on synthetic
 * syscalls (a mix of openat with paths, read/write with buffers, close,
 * getpid, mmap; half of them with a source location).
 *
 *   bench_export_sqlite [N] [OUT]       N events (default 1000000) into OUT
 *                                       (default a file in $TMPDIR or /tmp)
 *   bench_export_sqlite trace IN OUT    exports a recorded trace IN into OUT the
 *                                       way the report does with no filter
 *                                       (source lines symbolized, summary by
 *                                       source), timing the whole conversion
 *
 * Prints the decode-only rate (the text every export row needs), the insert
 * rate, the close time (indexes, commit, fsync, rename), the overall events/s
 * and the file size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze/decode/decode.h"
#include "analyze/export/export_sqlite.h"
#include "analyze/model/model.h"
#include "analyze/sym/sym_attr.h"
#include "format/fmt_reader.h"
#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"

#define START_MONO 1000000000000ULL
#define START_WALL 1700000000000000000ULL
#define NPATTERNS  6

static const char *const paths[] = {"/etc/passwd", "/usr/share/fonts/truetype/dejavu/a.ttf",
                                    "/home/user/.config/app/settings.ini", "/tmp/cache.bin"};
static const uint8_t buffer[64] = "GET /index.html HTTP/1.1\r\nHost: example.org\r\n\r\n";
static const struct agg_source sources[] = {
    {"src/ui/fonts.c", 67, "load_all_fonts", "/usr/bin/app"},
    {"src/net/http.c", 210, "http_send", "/usr/bin/app"},
    {"src/config.c", 31, "read_config", "/usr/bin/app"},
};

/* CPU time of this process in ns: steadier than wall time on a busy machine. */
static uint64_t cpu_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void set_payload(struct trace_syscall *s, unsigned arg, unsigned kind, const void *data,
                        uint32_t len)
{
	struct trace_payload *p = &s->payloads[s->npayloads++];
	p->arg = (uint8_t)arg;
	p->kind = (uint8_t)kind;
	p->len = len;
	p->full_len = len;
	p->data = data;
}

/* Event i of the synthetic stream. */
static void make_event(struct trace_syscall *s, uint64_t i, uint64_t *seed)
{
	uint64_t r = rnd(seed);
	memset(s, 0, sizeof(*s));
	s->pid = 4242;
	s->tid = 4242 + (int32_t)(r % 4);
	s->ts = START_MONO + i * 2000;
	s->duration = 500 + r % 20000;
	s->stack_id = (uint32_t)(r % 64) + 1;
	const char *path = paths[(r >> 8) % 4];
	switch (i % NPATTERNS) {
	case 0:
		s->nr = (uint16_t)trace_syscall_by_name("openat");
		s->args[0] = (uint64_t)(int64_t)-100;
		s->args[1] = 0x7ffd12340000;
		s->args[2] = 02000000;
		s->ret = (r >> 16) % 5 == 0 ? -2 : 3;
		set_payload(s, 1, TPAY_STRING, path, (uint32_t)strlen(path));
		break;
	case 1:
		s->nr = (uint16_t)trace_syscall_by_name("read");
		s->args[0] = 3;
		s->args[1] = 0x5555deadb000;
		s->args[2] = 4096;
		s->ret = 48;
		set_payload(s, 1, TPAY_BUFFER, buffer, 48);
		s->payloads[0].flags = TPAYF_AT_EXIT;
		break;
	case 2:
		s->nr = (uint16_t)trace_syscall_by_name("write");
		s->args[0] = 1;
		s->args[1] = 0x5555deadc000;
		s->args[2] = 48;
		s->ret = 48;
		set_payload(s, 1, TPAY_BUFFER, buffer, 48);
		break;
	case 3:
		s->nr = (uint16_t)trace_syscall_by_name("close");
		s->args[0] = 3;
		break;
	case 4:
		s->nr = (uint16_t)trace_syscall_by_name("getpid");
		s->ret = 4242;
		break;
	default:
		s->nr = (uint16_t)trace_syscall_by_name("mmap");
		s->args[1] = 8192;
		s->args[2] = 3;
		s->args[3] = 0x22;
		s->args[4] = (uint64_t)-1;
		s->ret = 0x7f1234560000;
		break;
	}
}

static double secs(uint64_t ns)
{
	return ns ? (double)ns / 1e9 : 1e-9;
}

static const struct agg_source *source_of(uint64_t i)
{
	return i % 2 ? &sources[i / 2 % 3] : NULL;
}

/* --- trace mode: a real recording, as the report would export it ----------- */

struct conv {
	struct export_sqlite *x;
	struct sym_ctx *sym;
	struct fmt_reader *rd;
	struct agg *agg;
	struct model *model; /* threads and their commands, fed before the export */
	uint64_t export_ns;  /* CPU time inside export_sqlite_* calls */
};

static int conv_syscall(struct conv *c, const struct trace_syscall *s)
{
	const struct model_thread *t = model_thread(c->model, s->tid);
	const char *comm = t && t->comm[0] ? t->comm : NULL;
	struct sym_attr a;
	struct agg_source src = {0};
	uint32_t depth = 0;
	const uint64_t *pcs = s->stack_id ? fmt_reader_stack(c->rd, s->stack_id, &depth) : NULL;
	sym_attribute(c->sym, s->pid, pcs, pcs ? depth : 0, &a);
	bool have_src = a.kind != SYM_ATTR_NONE;
	if (have_src) {
		const struct sym_frame *f = &a.frame;
		src = (struct agg_source){f->file, f->line,
		                          f->function ? f->function : (f->file ? NULL : a.text),
		                          f->module};
	}
	const struct trace_syscall_desc *d = trace_syscall_desc(s->nr);
	if (!(s->flags & (TSYS_UNFINISHED | TSYS_DETACHED)) && !(d && d->ret_kind == TR_NONE))
		agg_add(c->agg, s->nr, have_src ? &src : NULL, s->duration,
		        trace_ret_is_error(s->ret));
	uint64_t t0 = cpu_ns();
	int rc = export_sqlite_syscall(c->x, s, s->duration, comm, have_src ? &src : NULL);
	c->export_ns += cpu_ns() - t0;
	return rc;
}

static int conv_record(struct conv *c, const struct trace_record *rec)
{
	model_feed(c->model, rec);
	if (rec->type == TREC_SYSCALL)
		return conv_syscall(c, &rec->u.sys);
	uint64_t t0 = cpu_ns();
	int rc = export_sqlite_record(c->x, rec);
	c->export_ns += cpu_ns() - t0;
	return rc;
}

static int trace_mode(const char *in, const char *out)
{
	char err[512];
	struct conv c = {0};
	if (fmt_reader_open(&c.rd, in, err, sizeof(err)) != FMT_OK) {
		fprintf(stderr, "bench_export_sqlite: %s\n", err);
		return 1;
	}
	uint64_t t0 = trace_mono_ns();
	struct export_sqlite_opts o = {.meta = fmt_reader_meta(c.rd), .strsize = 32};
	c.x = export_sqlite_open(out, &o, err, sizeof(err));
	if (!c.x) {
		fprintf(stderr, "bench_export_sqlite: %s\n", err);
		fmt_reader_close(c.rd);
		return 1;
	}
	c.model = model_new(true);
	export_sqlite_use_model(c.x, c.model);
	struct sym_options so = {.quiet = true};
	c.sym = sym_new_on(&so, c.model);
	c.agg = agg_new(true);
	struct trace_record rec;
	int rc = 0, st;
	while (rc == 0 && (st = fmt_reader_next(c.rd, &rec)) == FMT_OK)
		rc = conv_record(&c, &rec);
	agg_sort(c.agg, AGG_SORT_TIME);
	if (rc == 0 && export_sqlite_summary(c.x, c.agg) < 0)
		rc = -1;
	uint64_t n = export_sqlite_syscalls(c.x);
	uint64_t t1 = cpu_ns();
	if (rc < 0) {
		fprintf(stderr, "bench_export_sqlite: %s\n", export_sqlite_error(c.x));
		export_sqlite_abort(c.x);
	} else if (export_sqlite_close(c.x, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench_export_sqlite: %s\n", err);
		rc = -1;
	}
	c.export_ns += cpu_ns() - t1;
	double wall = secs(trace_mono_ns() - t0);
	if (rc == 0) {
		printf("conversion        %llu syscalls in %.2f s: %.0f events/s (reading, "
		       "symbolizing, exporting)\n",
		       (unsigned long long)n, wall, (double)n / wall);
		printf("export share      cpu %.3f s: %.0f events/s\n", secs(c.export_ns),
		       (double)n / secs(c.export_ns));
	}
	agg_free(c.agg);
	sym_free(c.sym);
	fmt_reader_close(c.rd);
	model_free(c.model);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "trace") == 0) {
		if (argc != 4) {
			fprintf(stderr, "usage: bench_export_sqlite trace IN.trace OUT.db\n");
			return 2;
		}
		return trace_mode(argv[2], argv[3]);
	}
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
	const char *tmpdir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *out = argc > 2 ? xstrdup(argv[2])
	                     : xasprintf("%s/bench-export-sqlite-%d.db", tmpdir, (int)getpid());
	struct trace_meta meta = {.hostname = "bench",
	                          .arch = "x86_64",
	                          .start_mono_ns = START_MONO,
	                          .start_wall_ns = START_WALL};
	struct trace_syscall s;
	struct decode_opts dopts = {.strsize = 32};
	struct strbuf sb = STRBUF_INIT;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;

	uint64_t t0 = trace_mono_ns();
	uint64_t c0 = cpu_ns();
	for (uint64_t i = 0; i < n; i++) {
		make_event(&s, i, &seed);
		sb_reset(&sb);
		decode_call(&sb, &s, &dopts);
	}
	uint64_t t_decode = trace_mono_ns() - t0;
	uint64_t c_decode = cpu_ns() - c0;
	sb_free(&sb);

	char err[512];
	struct export_sqlite_opts o = {.meta = &meta, .strsize = 32};
	seed = 0x9e3779b97f4a7c15ULL;
	t0 = trace_mono_ns();
	c0 = cpu_ns();
	struct export_sqlite *x = export_sqlite_open(out, &o, err, sizeof(err));
	if (!x) {
		fprintf(stderr, "bench_export_sqlite: %s\n", err);
		return 1;
	}
	for (uint64_t i = 0; i < n; i++) {
		make_event(&s, i, &seed);
		if (export_sqlite_syscall(x, &s, s.duration, "bench", source_of(i)) < 0) {
			fprintf(stderr, "bench_export_sqlite: %s\n", export_sqlite_error(x));
			export_sqlite_abort(x);
			return 1;
		}
	}
	uint64_t t_insert = trace_mono_ns() - t0;
	uint64_t c_insert = cpu_ns() - c0;
	uint64_t t1 = trace_mono_ns();
	uint64_t c1 = cpu_ns();
	if (export_sqlite_close(x, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench_export_sqlite: %s\n", err);
		return 1;
	}
	uint64_t t_close = trace_mono_ns() - t1;
	uint64_t c_close = cpu_ns() - c1;
	struct stat st;
	if (stat(out, &st) < 0) {
		perror(out);
		return 1;
	}
	double dn = (double)n;
	printf("events            %llu\n", (unsigned long long)n);
	printf("decode only       %.0f events/s (cpu %.0f events/s)\n", dn / secs(t_decode),
	       dn / secs(c_decode));
	printf("insert (+decode)  %.0f events/s (%.2f s; cpu %.0f events/s)\n", dn / secs(t_insert),
	       secs(t_insert), dn / secs(c_insert));
	printf("close             %.2f s, cpu %.2f s (indexes, commit, fsync, rename)\n",
	       secs(t_close), secs(c_close));
	printf("export overall    %.0f events/s (%.2f s; cpu %.0f events/s)\n",
	       dn / secs(t_insert + t_close), secs(t_insert + t_close),
	       dn / secs(c_insert + c_close));
	printf("database          %.1f MB, %.0f bytes/event\n", (double)st.st_size / 1e6,
	       (double)st.st_size / (n ? dn : 1));
	if (argc <= 2)
		unlink(out);
	free(out);
	return 0;
}
