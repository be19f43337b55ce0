/*
 * renacer_main.c - renacer: records and reports in one go, live. Event lines
 * stream as syscalls complete; with -c the summary prints when the program
 * exits (or when Ctrl+C ends an attach). The exit status is the program's.
 * Takes the record options of renacer-record and the report options of
 * renacer-report (spec/cli.md); --record FILE also keeps the binary trace.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze/export_sqlite.h"
#include "analyze/report.h"
#include "format/fmt_writer.h"
#include "libtrace/trace_util.h"
#include "record/rec.h"

static const char usage_text[] =
    "Usage: renacer [OPTIONS] [--] CMD [ARG...]\n"
    "       renacer [OPTIONS] -p PID[,PID...]\n"
    "Traces CMD (or running processes) and reports its system calls as they happen.\n"
    "\n"
    "What to trace:\n"
    "  -e EXPR            trace=LIST (names, classes such as file, network, memory,\n"
    "                     /REGEX/, !NAME) or status=LIST; repeatable\n"
    "  -f                 also follow child processes\n"
    "  -p PID[,PID...]    attach to running processes; Ctrl+C detaches and reports\n"
    "  -s N               bytes of strings and buffers kept and shown (default 32)\n"
    "  --stack-depth N    call-stack frames recorded (default 64 with --source,\n"
    "                     --record or --format sqlite)\n"
    "  --no-stack         never record call stacks\n"
    "  --record FILE      also keep the binary trace in FILE (for renacer-report later)\n"
    "\n"
    "What to print:\n"
    "  -c, --summary      summary table when the program ends, instead of event lines\n"
    "  -C                 event lines, then the summary\n"
    "  --source           attribute each call to FILE:LINE in FUNCTION\n"
    "  -T                 each call's duration;  -t, -tt, -ttt time of day;  -r relative\n"
    "  -S KEY             summary order: time (default), calls, errors, avg, p50, p90,\n"
    "                     p99, name\n"
    "  --overhead-correct subtract the calibrated tracing overhead from durations\n"
    "  --format FMT       text (default), json, csv, or sqlite: a database of every\n"
    "                     call, process, thread, signal and summary row (needs\n"
    "                     -o FILE; replaces only an earlier renacer export)\n"
    "  -o FILE            write the report to FILE instead of standard output\n"
    "  --debug-dir DIR, --sysroot DIR, --skip-module GLOB   symbol lookup, as renacer-report\n"
    "  -q                 no warnings about missing debug information\n"
    "  -h, --help         this text;  -V, --version  the version\n"
    "\n"
    "Exit status: the program's own; 2 bad usage, 3 tracing failed, 127 command not found.\n";

enum {
	OPT_STACK_DEPTH = 0x100,
	OPT_NO_STACK,
	OPT_RECORD,
	OPT_SOURCE,
	OPT_OVERHEAD,
	OPT_FORMAT,
	OPT_DEBUG_DIR,
	OPT_SYSROOT,
	OPT_SKIP_MODULE,
	OPT_NO_SECCOMP
};

struct cli {
	struct rec_options rec;
	struct report_options rep;
	const char *record_path;
	const char *out_path;
	const char **debug_dirs, **skip_globs;
	unsigned ndebug, nskip;
	pid_t *pids;
	bool depth_given, no_stack;
	int tcount;
};

static void __attribute__((noreturn, format(printf, 1, 2))) bad_usage(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("%s (see renacer --help)", msg);
	exit(EXIT_BAD_INPUT);
}

static unsigned parse_uint(const char *s, const char *opt, unsigned min, unsigned max)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);

	if (errno || end == s || *end || *s == '-' || v < min || v > max)
		bad_usage("%s: '%s' is not a number from %u to %u", opt, s, min, max);
	return (unsigned)v;
}

static void parse_pids(struct cli *c, const char *list)
{
	char *copy = xstrdup(list), *save = NULL;

	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		c->pids = xrealloc(c->pids, (c->rec.npids + 1) * sizeof(*c->pids));
		c->pids[c->rec.npids++] = (pid_t)parse_uint(tok, "-p", 1, INT_MAX);
	}
	free(copy);
	if (!c->rec.npids)
		bad_usage("-p: '%s' names no process id", list);
	c->rec.pids = c->pids;
}

/* -e applies to both what is recorded and what is reported. */
static void parse_filter(struct cli *c, const char *arg)
{
	char err[512];

	if (trace_filter_parse(&c->rec.filter, arg, err, sizeof(err)) < 0)
		bad_usage("-e: %s", err);
	(void)trace_filter_parse(&c->rep.filter, arg, err, sizeof(err));
}

static void parse_report_long(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_SOURCE:
		c->rep.source = true;
		break;
	case OPT_OVERHEAD:
		c->rep.overhead_correct = true;
		break;
	case OPT_FORMAT:
		if (report_format_parse(arg, &c->rep.format) < 0)
			bad_usage("--format: '%s' is not text, json, csv or sqlite", arg);
		break;
	case OPT_DEBUG_DIR:
		c->debug_dirs[c->ndebug++] = arg;
		break;
	case OPT_SYSROOT:
		c->rep.sym.sysroot = arg;
		break;
	case OPT_SKIP_MODULE:
		c->skip_globs[c->nskip++] = arg;
		break;
	default:
		break;
	}
}

static void parse_args(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"summary", no_argument, NULL, 'c'},
	    {"stack-depth", required_argument, NULL, OPT_STACK_DEPTH},
	    {"no-stack", no_argument, NULL, OPT_NO_STACK},
	    {"no-seccomp", no_argument, NULL, OPT_NO_SECCOMP},
	    {"record", required_argument, NULL, OPT_RECORD},
	    {"source", no_argument, NULL, OPT_SOURCE},
	    {"overhead-correct", no_argument, NULL, OPT_OVERHEAD},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"output", required_argument, NULL, 'o'},
	    {"debug-dir", required_argument, NULL, OPT_DEBUG_DIR},
	    {"sysroot", required_argument, NULL, OPT_SYSROOT},
	    {"skip-module", required_argument, NULL, OPT_SKIP_MODULE},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+cCe:fp:s:TtrS:o:qhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			c->rep.mode = REPORT_SUMMARY;
			break;
		case 'C':
			c->rep.mode = REPORT_BOTH;
			break;
		case 'e':
			parse_filter(c, optarg);
			break;
		case 'f':
			c->rec.follow_forks = true;
			break;
		case 'p':
			parse_pids(c, optarg);
			break;
		case 's':
			c->rec.strsize = parse_uint(optarg, "-s", 0, 1u << 20);
			c->rep.strsize = c->rec.strsize;
			break;
		case 'T':
			c->rep.show_duration = true;
			break;
		case 't':
			c->tcount++;
			break;
		case 'r':
			c->rep.relative_ts = true;
			break;
		case 'S':
			if (agg_sort_key_parse(optarg, &c->rep.sort) < 0)
				bad_usage("-S: '%s' is not time, calls, errors, avg, p50, p90, p99 "
				          "or name",
				          optarg);
			break;
		case 'o':
			c->out_path = optarg;
			break;
		case 'q':
			c->rep.sym.quiet = true;
			break;
		case OPT_STACK_DEPTH:
			c->rec.stack_depth =
			    parse_uint(optarg, "--stack-depth", 1, TRACE_MAX_STACK);
			c->depth_given = true;
			break;
		case OPT_NO_STACK:
			c->no_stack = true;
			break;
		case OPT_NO_SECCOMP:
			c->rec.no_seccomp = true;
			break;
		case OPT_RECORD:
			c->record_path = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_OK);
		case 'V':
			printf("renacer %s\n", RENACER_VERSION);
			exit(EXIT_OK);
		case '?':
			if (optopt && strchr("epsSo", optopt))
				bad_usage("-%c needs a value", optopt);
			if (optopt)
				bad_usage("unknown option -%c", optopt);
			bad_usage("unknown or incomplete option '%s'", argv[optind - 1]);
		default:
			parse_report_long(c, opt, optarg);
			break;
		}
	}
	if (c->depth_given && c->no_stack)
		bad_usage("--stack-depth and --no-stack exclude each other");
	if (c->no_stack && c->rep.source)
		bad_usage("--source needs call stacks: drop --no-stack");
	if (c->tcount > 3)
		bad_usage("-t given more than three times");
	if (c->rep.format == OUT_SQLITE && (!c->out_path || strcmp(c->out_path, "-") == 0))
		bad_usage("--format sqlite writes a database file: give -o FILE "
		          "(it cannot go to standard output)");
	c->rep.ts = (enum report_ts)c->tcount;
	if (optind < argc)
		c->rec.argv = &argv[optind];
	if (c->rec.argv && c->rec.npids)
		bad_usage("give either a command or -p PID, not both");
	if (!c->rec.argv && !c->rec.npids)
		bad_usage("no command given (renacer [OPTIONS] -- CMD [ARG...])");
	/* Stacks cost time at every stop: record them only when something uses them. */
	if (c->no_stack ||
	    (!c->depth_given && !c->rep.source && !c->record_path && c->rep.format != OUT_SQLITE))
		c->rec.stack_depth = 0;
	c->rep.sym.debug_dirs = c->debug_dirs;
	c->rep.sym.ndebug_dirs = c->ndebug;
	c->rep.sym.skip_globs = c->skip_globs;
	c->rep.sym.nskip_globs = c->nskip;
	c->rep.live = true;
}

static void check_target(struct cli *c)
{
	char err[512];

	if (c->rec.argv) {
		char *path = rec_find_command(c->rec.argv[0]);
		if (!path) {
			int e = errno;
			pr_err("%s: %s", c->rec.argv[0],
			       e == EACCES ? "permission denied" : "command not found");
			exit(e == EACCES ? 126 : EXIT_NOT_FOUND);
		}
		c->rec.exec_path = path;
	} else if (rec_check_attach(c->rec.pids, c->rec.npids, err, sizeof(err)) < 0) {
		pr_err("%s", err);
		exit(EXIT_TRACE_ERROR);
	}
}

/* Both the live report and (with --record) the trace file get every record. */
struct tee {
	struct trace_sink report, file;
	bool has_file;
};

static int tee_emit(struct trace_sink *s, const struct trace_record *rec)
{
	struct tee *t = s->ctx;
	int rc = 0;

	if (t->has_file)
		rc = t->file.emit(&t->file, rec);
	int rr = t->report.emit(&t->report, rec);
	return rc < 0 ? rc : rr;
}

static int tee_tick(struct trace_sink *s, uint64_t now)
{
	struct tee *t = s->ctx;
	int rc = 0;

	if (t->has_file && t->file.tick)
		rc = t->file.tick(&t->file, now);
	if (t->report.tick) {
		int rr = t->report.tick(&t->report, now);
		if (rc == 0)
			rc = rr;
	}
	return rc;
}

static struct fmt_writer *open_record(const char *path, const struct trace_meta *meta)
{
	struct fmt_writer *w;
	char err[512];

	if (fmt_writer_open(&w, path, meta, NULL, err, sizeof(err)) < 0) {
		pr_err("--record %s: %s", path, err);
		exit(EXIT_TRACE_ERROR);
	}
	return w;
}

/* --format sqlite: starts the export (checking -o FILE) before the program runs. */
static struct export_sqlite *open_export(const struct cli *c, const struct trace_meta *meta)
{
	struct export_sqlite_opts xo = {.meta = meta, .strsize = c->rep.strsize};
	char err[1024];
	struct export_sqlite *x = export_sqlite_open(c->out_path, &xo, err, sizeof(err));

	if (!x)
		pr_err("%s", err);
	return x;
}

/* Moves the export into place when the run succeeded (ok), else drops it and
 * leaves -o FILE as it was. The exit status of the export. */
static int close_export(struct export_sqlite *x, const char *path, bool ok)
{
	char err[1024];

	if (!ok || export_sqlite_error(x)[0]) {
		if (export_sqlite_error(x)[0])
			pr_err("%s", export_sqlite_error(x));
		else
			pr_err("-o %s: not written, as the run failed", path);
		export_sqlite_abort(x);
		return EXIT_TRACE_ERROR;
	}
	if (export_sqlite_close(x, err, sizeof(err)) < 0) {
		pr_err("%s", err);
		return EXIT_TRACE_ERROR;
	}
	return EXIT_OK;
}

static void close_record(struct fmt_writer *w, const char *path, const struct rec_result *res)
{
	struct trace_trailer tr = {
	    .ts_end = trace_mono_ns(),
	    .events = res->syscalls,
	    .lost = res->lost,
	    .stacks = res->stacks,
	    .signals = res->signals,
	    .processes = res->processes,
	    .threads = res->threads,
	};
	char err[512];

	if (res->sink_error) {
		fmt_writer_abort(w);
		return;
	}
	if (fmt_writer_close(w, &tr, err, sizeof(err)) < 0)
		pr_err("--record %s: %s", path, err);
}

int main(int argc, char **argv)
{
	struct cli c;

	memset(&c, 0, sizeof(c));
	trace_set_progname("renacer");
	rec_options_default(&c.rec);
	report_options_default(&c.rep);
	c.debug_dirs = xcalloc((size_t)argc + 1, sizeof(*c.debug_dirs));
	c.skip_globs = xcalloc((size_t)argc + 1, sizeof(*c.skip_globs));
	parse_args(&c, argc, argv);
	check_target(&c);

	bool sqlite = c.rep.format == OUT_SQLITE;
	if (c.out_path && !sqlite && !(c.rep.out = fopen(c.out_path, "w"))) {
		pr_err("-o %s: %s", c.out_path, strerror(errno));
		return EXIT_BAD_INPUT;
	}
	struct trace_meta meta;
	memset(&meta, 0, sizeof(meta));
	rec_fill_meta(&meta, argc, argv, &c.rec);
	int r = rec_calibrate(&meta, c.rec.stack_depth > 0);
	if (r < 0)
		pr_warn("overhead calibration failed (%s)", strerror(-r));
	if (sqlite && !(c.rep.sqlite = open_export(&c, &meta))) {
		rec_meta_release(&meta);
		free((char *)c.rec.exec_path);
		free(c.pids);
		free(c.debug_dirs);
		free(c.skip_globs);
		return EXIT_BAD_INPUT;
	}

	struct fmt_writer *w = c.record_path ? open_record(c.record_path, &meta) : NULL;
	struct report *rep = report_new(&c.rep, &meta);
	struct tee tee = {.report = report_sink(rep), .has_file = w != NULL};
	if (w)
		tee.file = fmt_writer_sink(w);
	struct trace_sink sink = {.emit = tee_emit, .tick = tee_tick, .ctx = &tee};
	struct rec_result res;
	r = rec_run(&c.rec, &sink, &res);

	int code = EXIT_OK;
	if (w)
		close_record(w, c.record_path, &res);
	if (res.sink_error && res.sink_error != -EPIPE &&
	    !(sqlite && export_sqlite_error(c.rep.sqlite)[0])) {
		pr_err("writing the report or trace failed: %s; the program was detached",
		       strerror(-res.sink_error));
		code = EXIT_TRACE_ERROR;
	}
	int fin = report_finish(rep);
	if (sqlite) {
		int xc =
		    close_export(c.rep.sqlite, c.out_path, fin == 0 && code == EXIT_OK && r >= 0);
		c.rep.sqlite = NULL;
		if (code == EXIT_OK)
			code = xc;
	} else if (fin < 0 && code == EXIT_OK && errno != EPIPE) {
		pr_err("cannot write the report: %s", strerror(errno));
		code = EXIT_TRACE_ERROR;
	}
	report_free(rep);
	if (c.out_path && !sqlite && fclose(c.rep.out) != 0 && code == EXIT_OK) {
		pr_err("-o %s: %s", c.out_path, strerror(errno));
		code = EXIT_TRACE_ERROR;
	}
	fflush(stdout);
	rec_meta_release(&meta);
	free((char *)c.rec.exec_path);
	free(c.pids);
	free(c.debug_dirs);
	free(c.skip_globs);
	if (r < 0)
		return r == -ENOENT ? EXIT_NOT_FOUND : EXIT_TRACE_ERROR;
	if (code != EXIT_OK)
		return code;
	if (c.rec.argv && res.exited)
		trace_exit_like(res.status);
	return EXIT_OK;
}
