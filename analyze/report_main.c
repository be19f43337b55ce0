/*
 * report_main.c - renacer-report: reads a trace written by renacer-record and
 * prints strace-style event lines, a summary with percentiles (by syscall or by
 * source line), as text, JSON or CSV, or exports it all to an SQLite database.
 * See spec/cli/report.md.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/export_sqlite.h"
#include "analyze/report.h"
#include "format/fmt_reader.h"
#include "libtrace/trace_util.h"

#define EXIT_OUTPUT_ERROR 1 /* the output could not be written */

static const char usage_text[] =
    "Usage: renacer-report [OPTIONS] [FILE]\n"
    "Reads a trace written by renacer-record (FILE, default renacer.trace; '-' reads\n"
    "standard input) and prints its system calls.\n"
    "\n"
    "Modes:\n"
    "  (default)            one line per system call, strace style\n"
    "  -c, --summary        summary table: calls, errors, total, avg, p50, p90, p99\n"
    "  -C                   event lines, then the summary\n"
    "\n"
    "Filters (the parts of a trace add up to the whole):\n"
    "  -e trace=LIST        syscalls to show: names, classes (file, %net...), /REGEX/, !NAME\n"
    "  -e status=LIST       successful, failed, unfinished, unavailable, detached\n"
    "  --pid PID[,PID]      only these processes      --tid TID[,TID]   only these threads\n"
    "  --comm NAME          only threads whose command name matches the glob NAME\n"
    "  --since T, --until T only events from T seconds after the trace start (or 250ms, 10us)\n"
    "\n"
    "Output:\n"
    "  --source             attribute each call to FILE:LINE in FUNCTION (summary: per source)\n"
    "  -T                   show each call's duration <0.000123>\n"
    "  -t, -tt, -ttt        wall-clock time of day, with microseconds, as epoch seconds\n"
    "  -r                   time since the previous event\n"
    "  -s N                 show at most N bytes of strings (default 32)\n"
    "  -S KEY               sort the summary by time (default), calls, errors, avg, p50,\n"
    "                       p90, p99 or name\n"
    "  --overhead-correct   subtract the recorder's calibrated per-call overhead\n"
    "  --format FMT         text (default), json, csv, or sqlite: a database of every\n"
    "                       selected call, process, thread, signal and summary row\n"
    "                       (needs -o FILE; replaces only an earlier renacer export)\n"
    "  -o FILE              write to FILE instead of standard output\n"
    "\n"
    "Symbols:\n"
    "  --debug-dir DIR      where to look for debug files (repeatable; plain files or\n"
    "                       the .build-id/xx/rest.debug layout)\n"
    "  --sysroot DIR        prefix for the module paths recorded in the trace\n"
    "  --skip-module GLOB   also skip modules matching GLOB when attributing (repeatable)\n"
    "  -q, --quiet          no warnings about missing debug information\n"
    "\n"
    "  -h, --help           this text             --version   the version\n"
    "Exit status: 0 ok, 1 output could not be written, 2 bad option, not a readable\n"
    "trace, or an -o FILE the SQLite export refuses.\n";

enum long_only {
	OPT_PID = 0x100,
	OPT_TID,
	OPT_COMM,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_SOURCE,
	OPT_OVERHEAD,
	OPT_FORMAT,
	OPT_DEBUG_DIR,
	OPT_SYSROOT,
	OPT_SKIP_MODULE,
	OPT_VERSION,
};

static const struct option long_opts[] = {
    {"summary", no_argument, NULL, 'c'},
    {"pid", required_argument, NULL, OPT_PID},
    {"tid", required_argument, NULL, OPT_TID},
    {"comm", required_argument, NULL, OPT_COMM},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"source", no_argument, NULL, OPT_SOURCE},
    {"overhead-correct", no_argument, NULL, OPT_OVERHEAD},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"debug-dir", required_argument, NULL, OPT_DEBUG_DIR},
    {"sysroot", required_argument, NULL, OPT_SYSROOT},
    {"skip-module", required_argument, NULL, OPT_SKIP_MODULE},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

struct cli {
	struct report_options o;
	const char *path;
	const char *out_path;
	const char **debug_dirs;
	const char **skip_globs;
	unsigned ndebug, nskip;
	int tcount;
};

static void __attribute__((noreturn, format(printf, 1, 2))) bad_usage(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("%s (see renacer-report --help)", msg);
	exit(EXIT_BAD_INPUT);
}

/* "12,34" into ids (appending); exits on a malformed list. */
static void parse_ids(const char *flag, const char *arg, pid_t *ids, unsigned *n)
{
	char *copy = xstrdup(arg), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end;
		errno = 0;
		long v = strtol(tok, &end, 10);
		if (errno || *end || end == tok || v <= 0 || v > INT_MAX) {
			char what[256];
			snprintf(what, sizeof(what), "%s: '%s' is not a process or thread id", flag,
			         tok);
			free(copy);
			bad_usage("%s", what);
		}
		if (*n >= REPORT_MAX_IDS) {
			free(copy);
			bad_usage("%s: too many ids", flag);
		}
		ids[(*n)++] = (pid_t)v;
	}
	free(copy);
}

static uint64_t parse_time(const char *flag, const char *arg)
{
	uint64_t ns;
	if (trace_parse_duration(arg, &ns) < 0) {
		char what[256];
		snprintf(what, sizeof(what), "%s: '%s' is not a time (seconds, or 250ms, 10us...)",
		         flag, arg);
		bad_usage("%s", what);
	}
	return ns;
}

static void parse_long(struct cli *c, int opt, const char *arg)
{
	struct report_options *o = &c->o;
	switch (opt) {
	case OPT_PID:
		parse_ids("--pid", arg, o->pids, &o->npids);
		break;
	case OPT_TID:
		parse_ids("--tid", arg, o->tids, &o->ntids);
		break;
	case OPT_COMM:
		if (o->ncomms >= REPORT_MAX_IDS)
			bad_usage("--comm: too many names");
		o->comms[o->ncomms++] = arg;
		break;
	case OPT_SINCE:
		o->has_since = true;
		o->since_ns = parse_time("--since", arg);
		break;
	case OPT_UNTIL:
		o->has_until = true;
		o->until_ns = parse_time("--until", arg);
		break;
	case OPT_SOURCE:
		o->source = true;
		break;
	case OPT_OVERHEAD:
		o->overhead_correct = true;
		break;
	case OPT_FORMAT:
		if (report_format_parse(arg, &o->format) < 0)
			bad_usage("--format: unknown format '%s' (text, json, csv or sqlite)", arg);
		break;
	case OPT_DEBUG_DIR:
		c->debug_dirs[c->ndebug++] = arg;
		break;
	case OPT_SYSROOT:
		o->sym.sysroot = arg;
		break;
	case OPT_SKIP_MODULE:
		c->skip_globs[c->nskip++] = arg;
		break;
	default:
		break;
	}
}

static void parse_strsize(struct report_options *o, const char *arg)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || v < 0 || v > 1 << 20)
		bad_usage("-s: '%s' is not a string size", arg);
	o->strsize = (unsigned)v;
}

static void parse_filter(struct report_options *o, const char *arg)
{
	char err[256];
	if (trace_filter_parse(&o->filter, arg, err, sizeof(err)) < 0)
		bad_usage("-e: %s", err);
}

static void parse_args(struct cli *c, int argc, char **argv)
{
	struct report_options *o = &c->o;
	int opt;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":cCe:TtrS:o:s:qh", long_opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			o->mode = REPORT_SUMMARY;
			break;
		case 'C':
			o->mode = REPORT_BOTH;
			break;
		case 'e':
			parse_filter(o, optarg);
			break;
		case 'T':
			o->show_duration = true;
			break;
		case 't':
			c->tcount++;
			break;
		case 'r':
			o->relative_ts = true;
			break;
		case 'S':
			if (agg_sort_key_parse(optarg, &o->sort) < 0)
				bad_usage("-S: unknown sort key '%s' (time, calls, errors, avg, "
				          "p50, p90, p99, name)",
				          optarg);
			break;
		case 'o':
			c->out_path = optarg;
			break;
		case 's':
			parse_strsize(o, optarg);
			break;
		case 'q':
			o->sym.quiet = true;
			o->quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_OK);
		case OPT_VERSION:
			printf("renacer-report %s\n", RENACER_VERSION);
			exit(EXIT_OK);
		case ':':
			bad_usage("option '%s' needs a value", argv[optind - 1]);
		case '?':
			if (optopt)
				bad_usage("unknown option '-%c'", optopt);
			bad_usage("unknown option '%s'", argv[optind - 1]);
		default:
			parse_long(c, opt, optarg);
		}
	}
	o->ts = c->tcount >= 3 ? TS_TTT : c->tcount == 2 ? TS_TT : c->tcount == 1 ? TS_T : TS_NONE;
	if (optind < argc)
		c->path = argv[optind++];
	if (optind < argc)
		bad_usage("unexpected argument '%s': give one trace file", argv[optind]);
	if (o->has_since && o->has_until && o->until_ns <= o->since_ns)
		bad_usage("--until must be later than --since");
	if (o->format == OUT_SQLITE && (!c->out_path || strcmp(c->out_path, "-") == 0))
		bad_usage("--format sqlite writes a database file: give -o FILE "
		          "(it cannot go to standard output)");
	o->sym.debug_dirs = c->debug_dirs;
	o->sym.ndebug_dirs = c->ndebug;
	o->sym.skip_globs = c->skip_globs;
	o->sym.nskip_globs = c->nskip;
}

/* Progress on stderr while a long report runs, when stderr is a terminal and
 * the progress line would not mix with event lines on the same terminal. */
struct progress {
	bool on, shown;
	uint64_t started, last;
};

static void progress_init(struct progress *p, const struct report_options *o)
{
	p->on = isatty(STDERR_FILENO) && (o->mode == REPORT_SUMMARY || o->mode == REPORT_AGG_ONLY ||
	                                  o->format == OUT_SQLITE || !isatty(fileno(o->out)));
	p->shown = false;
	p->started = p->last = trace_mono_ns();
}

static void progress_tick(struct progress *p, struct fmt_reader *rd)
{
	uint64_t now = trace_mono_ns();
	if (now - p->started < 1000000000ULL || now - p->last < 250000000ULL)
		return;
	p->last = now;
	p->shown = true;
	uint64_t size = fmt_reader_size(rd), off = fmt_reader_offset(rd);
	uint64_t recs = fmt_reader_stats(rd)->records;
	if (size)
		fprintf(stderr, "\r%s: %3u%% (%" PRIu64 " records)", trace_progname(),
		        (unsigned)(off * 100 / size), recs);
	else
		fprintf(stderr, "\r%s: %" PRIu64 " records", trace_progname(), recs);
}

static void progress_end(struct progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
}

/* Says why the output could not be written. */
static void output_failed(const struct cli *c)
{
	if (c->o.sqlite)
		pr_err("%s", export_sqlite_error(c->o.sqlite));
	else
		pr_err("cannot write the output: %s", strerror(errno));
}

static int run(struct cli *c, struct fmt_reader *rd)
{
	struct report *r = report_new(&c->o, fmt_reader_meta(rd));
	struct progress prog;
	struct trace_record rec;
	int st, rc = EXIT_OK;
	uint64_t n = 0;
	progress_init(&prog, &c->o);
	while ((st = fmt_reader_next(rd, &rec)) == FMT_OK) {
		if (report_feed(r, &rec) < 0) {
			progress_end(&prog);
			output_failed(c);
			report_free(r);
			return EXIT_OUTPUT_ERROR;
		}
		if (prog.on && (++n & 0xffff) == 0)
			progress_tick(&prog, rd);
	}
	progress_end(&prog);
	if (st == FMT_ERR_IO)
		pr_warn("%s: read error: %s; reporting what was read", c->path, strerror(errno));
	const struct fmt_reader_stats *rs = fmt_reader_stats(rd);
	report_note_input(r, rs->bad_chunks, rs->truncated || st == FMT_ERR_IO);
	if (report_finish(r) < 0) {
		output_failed(c);
		rc = EXIT_OUTPUT_ERROR;
	}
	report_free(r);
	return rc;
}

/* --format sqlite: the export is opened (and the target checked) before any
 * record is read, and moved into place only when the whole report succeeded. */
static int export_file(struct cli *c, struct fmt_reader *rd)
{
	char err[1024];
	struct export_sqlite_opts xo = {.meta = fmt_reader_meta(rd), .strsize = c->o.strsize};
	c->o.sqlite = export_sqlite_open(c->out_path, &xo, err, sizeof(err));
	if (!c->o.sqlite) {
		pr_err("%s", err);
		return EXIT_BAD_INPUT;
	}
	int rc = run(c, rd);
	if (rc != EXIT_OK) {
		export_sqlite_abort(c->o.sqlite);
	} else if (export_sqlite_close(c->o.sqlite, err, sizeof(err)) < 0) {
		pr_err("%s", err);
		rc = EXIT_OUTPUT_ERROR;
	}
	c->o.sqlite = NULL;
	return rc;
}

/* Opens the trace and the output, runs the report: the exit status. */
static int report_file(struct cli *c)
{
	char err[512] = "";
	struct fmt_reader *rd = NULL;
	if (fmt_reader_open(&rd, c->path, err, sizeof(err)) != FMT_OK) {
		if (err[0])
			pr_err("%s", err);
		else
			pr_err("%s: cannot read this trace", c->path);
		return EXIT_BAD_INPUT;
	}
	if (c->o.format == OUT_SQLITE) {
		int rc = export_file(c, rd);
		fmt_reader_close(rd);
		return rc;
	}
	if (c->out_path) {
		c->o.out = fopen(c->out_path, "w");
		if (!c->o.out) {
			pr_err("-o %s: %s", c->out_path, strerror(errno));
			fmt_reader_close(rd);
			return EXIT_BAD_INPUT;
		}
	}
	int rc = run(c, rd);
	fmt_reader_close(rd);
	if (c->out_path && fclose(c->o.out) != 0 && rc == EXIT_OK) {
		pr_err("-o %s: %s", c->out_path, strerror(errno));
		rc = EXIT_OUTPUT_ERROR;
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct cli c;
	trace_set_progname("renacer-report");
	memset(&c, 0, sizeof(c));
	report_options_default(&c.o);
	c.path = "renacer.trace";
	c.debug_dirs = xcalloc((size_t)argc + 1, sizeof(*c.debug_dirs));
	c.skip_globs = xcalloc((size_t)argc + 1, sizeof(*c.skip_globs));
	parse_args(&c, argc, argv);
	int rc = report_file(&c);
	free(c.debug_dirs);
	free(c.skip_globs);
	return rc;
}
