/*
 * report_main.c - renacer-report: reads a trace written by renacer-record and
 * prints strace-style event lines, a summary with percentiles (by syscall or by
 * source line), as text, JSON or CSV, or exports it all to an SQLite database.
 * See spec/cli/report.md.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/export/export_sqlite.h"
#include "analyze/sym/sym_pack.h"
#include "cmd/report_cli.h"
#include "cmd/trace_cli.h"
#include "format/fmt_reader.h"
#include "libtrace/trace_util.h"

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
    "  --pid PID[,PID]      only these processes\n"
    "  --tid TID[,TID]      only these threads\n"
    "  --comm NAME          only threads whose command name matches the glob NAME\n"
    "  --since T            only events from T seconds after the trace start (or 250ms)\n"
    "  --until T            only events before T seconds after the trace start\n"
    "\n"
    "Output:\n"
    "  --source             attribute each call to FILE:LINE in FUNCTION (summary: per source)\n"
    "  -T                   show each call's duration <0.000123>\n"
    "  -t, -tt, -ttt        wall-clock time of day, with microseconds, as epoch seconds\n"
    "  -r                   time since the previous event\n"
    "  -k, --stack          each call's symbolized call stack under its line (JSON: \"stack\")\n"
    "  -s N                 show at most N bytes of strings (default 32)\n"
    "  -S KEY               sort the summary by time (default), calls, errors, avg, p50,\n"
    "                       p90, p99 or name\n"
    "  --raw-times          durations as recorded, tracing cost included (default:\n"
    "                       the calibrated per-call overhead is subtracted, never below\n"
    "                       the untraced cost of the cheapest call)\n"
    "  --overhead-correct   the default; accepted for older scripts\n"
    "  --no-findings        no Findings section (patterns and their fixes) under the\n"
    "                       summary\n"
    "  --format FMT         text (default), json, csv, or sqlite: a database of every\n"
    "                       selected call, process, thread, signal and summary row\n"
    "                       (needs -o FILE; replaces only an earlier renacer export),\n"
    "                       perfetto: a timeline for ui.perfetto.dev or chrome://tracing,\n"
    "                       html: one self-contained page (tables, histograms, timeline),\n"
    "                       folded: one line per stack for flame graphs (flamegraph.pl)\n"
    "  --weight time|calls  folded lines weigh syscall time in ns (default) or calls\n"
    "  -o FILE              write to FILE instead of standard output\n"
    "\n"
    "Symbols:\n"
    "  --debug-dir DIR      where to look for debug files (repeatable; plain files or\n"
    "                       the .build-id/xx/rest.debug layout)\n"
    "  --sysroot DIR        prefix for the module paths recorded in the trace\n"
    "  --skip-module GLOB   also skip modules matching GLOB when attributing (repeatable)\n"
    "  --pack FILE          symbolize from a pack written by renacer-pack on the\n"
    "                       recording host (the modules and debug files it holds)\n"
    "  -q, --quiet          no warnings about missing debug information\n"
    "\n"
    "  -h, --help           this text\n"
    "  -V, --version        the version, trace format and backends\n"
    "\n"
    "Exit status: 0 ok, 2 bad option, not a readable trace, or an -o FILE the SQLite\n"
    "export refuses, 4 the output could not be written.\n";

struct cli {
	struct report_cli r;
	const char *path;
	const char *pack; /* --pack FILE, or NULL */
};

enum { OPT_PACK = 0x200 };

static void parse_args(struct cli *c, int argc, char **argv)
{
	static const struct option long_opts[] = {
	    REPORT_CLI_LONGOPTS,
	    CLI_COMMON_LONGOPTS,
	    {"pack", required_argument, NULL, OPT_PACK},
	    {NULL, 0, NULL, 0},
	};
	int opt;
	const char *shortopts = "e:s:" CLI_COMMON_SHORTOPTS REPORT_CLI_SHORTOPTS;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, long_opts, NULL)) != -1) {
		cli_common_option(opt, usage_text);
		if (report_cli_option(&c->r, opt, optarg))
			continue;
		if (opt == OPT_PACK) {
			c->pack = optarg;
			continue;
		}
		cli_getopt_error(optopt, "esSo", argv[optind - 1]);
	}
	if (optind < argc)
		c->path = argv[optind++];
	if (optind < argc)
		cli_usage_error("unexpected argument '%s': give one trace file", argv[optind]);
	report_cli_finish(&c->r);
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
	if (c->r.o.sqlite)
		pr_err("%s", export_sqlite_error(c->r.o.sqlite));
	else
		pr_err("cannot write the output: %s", strerror(errno));
}

/* SIGINT while reading: the report stops at the record it reached and is
 * finished with what was read; a second SIGINT acts as it did before. */
static volatile sig_atomic_t interrupted;
static struct sigaction saved_int;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
	(void)sigaction(SIGINT, &saved_int, NULL);
}

static void catch_interrupt(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, &saved_int) != 0)
		return;
	if (saved_int.sa_handler == SIG_IGN) /* started in the background: keep ignoring */
		(void)sigaction(SIGINT, &saved_int, NULL);
}

/* Calls claimed per byte of trace beyond which the reader says how many calls
 * it is expanding: run-length records repeat identical calls, so a few KB can
 * claim hundreds of millions (a real trace takes about 1 to 4 bytes a call). */
#define EXIT_INTERRUPTED (128 + SIGINT) /* the report covers what was read before SIGINT */
#define CLAIM_PER_BYTE   100
#define CLAIM_MIN        1000000

static void note_claim(const struct cli *c, struct fmt_reader *rd, struct report *r, bool *noted)
{
	uint64_t recs = report_counts(r)->syscalls, off = fmt_reader_offset(rd);
	if (*noted || recs < CLAIM_MIN || recs / CLAIM_PER_BYTE < (off ? off : 1))
		return;
	*noted = true;
	pr_warn("%s: %" PRIu64 " calls so far from %" PRIu64
	        " bytes of trace (run-length records of identical calls); "
	        "expanding them takes a while, Ctrl-C stops with what was read",
	        c->path, recs, off);
}

static int run(struct cli *c, struct fmt_reader *rd)
{
	struct report *r = report_new(&c->r.o, fmt_reader_meta(rd));
	struct progress prog;
	if (!r) {
		pr_err("cannot start the report: %s", strerror(errno));
		return EXIT_OUTPUT_ERROR;
	}
	struct trace_record rec;
	int st, rc = EXIT_OK;
	uint64_t n = 0;
	bool noted = false;
	progress_init(&prog, &c->r.o);
	if (c->r.o.format != OUT_SQLITE) /* an export is not kept half-done: SIGINT removes it */
		catch_interrupt();
	while (!interrupted && (st = fmt_reader_next(rd, &rec)) == FMT_OK) {
		if (report_feed(r, &rec) < 0) {
			progress_end(&prog);
			output_failed(c);
			report_free(r);
			return EXIT_OUTPUT_ERROR;
		}
		if ((++n & 0xffff) == 0) {
			note_claim(c, rd, r, &noted);
			if (prog.on)
				progress_tick(&prog, rd);
		}
	}
	progress_end(&prog);
	if (interrupted) {
		st = FMT_EOF;
		pr_warn("%s: interrupted after %" PRIu64 " records; the report covers those",
		        c->path, fmt_reader_stats(rd)->records);
	}
	if (noted)
		pr_warn("%s: %" PRIu64 " calls read from %" PRIu64 " bytes of trace", c->path,
		        report_counts(r)->syscalls, fmt_reader_offset(rd));
	if (st == FMT_ERR_IO)
		pr_warn("%s: read error: %s; reporting what was read", c->path, strerror(errno));
	const struct fmt_reader_stats *rs = fmt_reader_stats(rd);
	report_note_input(r, rs->bad_chunks, rs->truncated || st == FMT_ERR_IO);
	if (report_finish(r) < 0) {
		output_failed(c);
		rc = EXIT_OUTPUT_ERROR;
	} else if (interrupted) {
		rc = EXIT_INTERRUPTED;
	}
	report_free(r);
	return rc;
}

/* --format sqlite: the export is opened (and the target checked) before any
 * record is read, and moved into place only when the whole report succeeded. */
static int export_file(struct cli *c, struct fmt_reader *rd)
{
	char err[1024];
	struct export_sqlite_opts xo = {.meta = fmt_reader_meta(rd), .strsize = c->r.o.strsize};
	c->r.o.sqlite = export_sqlite_open(c->r.out_path, &xo, err, sizeof(err));
	if (!c->r.o.sqlite) {
		pr_err("%s", err);
		return EXIT_BAD_INPUT;
	}
	int rc = run(c, rd);
	if (rc != EXIT_OK) {
		export_sqlite_abort(c->r.o.sqlite);
	} else if (export_sqlite_close(c->r.o.sqlite, err, sizeof(err)) < 0) {
		pr_err("%s", err);
		rc = EXIT_OUTPUT_ERROR;
	}
	c->r.o.sqlite = NULL;
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
	fmt_reader_pass_stacks(rd); /* the report's trace model keeps them */
	if (c->r.o.format == OUT_SQLITE) {
		int rc = export_file(c, rd);
		fmt_reader_close(rd);
		return rc;
	}
	if (report_cli_open_output(&c->r) < 0) {
		fmt_reader_close(rd);
		return EXIT_OUTPUT_ERROR;
	}
	int rc = run(c, rd);
	fmt_reader_close(rd);
	if (report_cli_close_output(&c->r) < 0 && rc == EXIT_OK)
		rc = EXIT_OUTPUT_ERROR;
	return rc;
}

int main(int argc, char **argv)
{
	struct cli c;

	trace_set_progname("renacer-report");
	memset(&c, 0, sizeof(c));
	report_cli_init(&c.r, argc);
	c.path = "renacer.trace";
	parse_args(&c, argc, argv);
	char *pack_dir = NULL;
	if (c.pack) {
		/* The pack's files, searched like one more --debug-dir (the list has room). */
		char err[1024];
		if (sym_pack_extract(c.pack, &pack_dir, err, sizeof(err)) < 0) {
			pr_err("--pack %s", err);
			report_cli_free(&c.r);
			return EXIT_BAD_INPUT;
		}
		c.r.debug_dirs[c.r.ndebug++] = pack_dir;
		c.r.o.sym.ndebug_dirs = c.r.ndebug;
	}
	int rc = report_file(&c);
	sym_pack_remove(pack_dir);
	free(pack_dir);
	report_cli_free(&c.r);
	return rc;
}
