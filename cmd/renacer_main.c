/*
 * renacer_main.c - renacer: records and reports in one go, live. Event lines
 * stream as syscalls complete; with -c the summary prints when the program
 * exits (or when Ctrl+C ends an attach). The exit status is the program's.
 * Takes the record options of renacer-record and the report options of
 * renacer-report (spec/cli.md); --record FILE also keeps the binary trace.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/export/export_sqlite.h"
#include "analyze/report/report.h"
#include "format/fmt_writer.h"
#include "libtrace/trace_util.h"
#include "cmd/report_cli.h"
#include "cmd/rec_cli.h"

static const char usage_text[] =
    "Usage: renacer [OPTIONS] [--] CMD [ARG...]\n"
    "       renacer [OPTIONS] -p PID[,PID...]\n"
    "       renacer [OPTIONS] -a|--cgroup PATH|--comm NAME [[--] CMD [ARG...]]\n"
    "Traces CMD (or running processes) and reports its system calls as they happen.\n"
    "\n"
    "What to trace:\n"
    "  -e EXPR            trace=LIST (names, classes such as file, network, memory,\n"
    "                     /REGEX/, !NAME) or status=LIST; repeatable\n"
    "  -f                 also follow child processes\n"
    "  -p PID[,PID...]    attach to running processes; Ctrl+C detaches and reports\n"
    "  -a                 eBPF: every process of the system (until Ctrl+C, or CMD's end)\n"
    "  --cgroup PATH      eBPF: every process in cgroup v2 PATH and below, also later ones\n"
    "  --comm NAME        eBPF: every process named NAME (as /proc/PID/comm shows it)\n"
    "  -u USER            run CMD as USER, with USER's groups (needs root)\n"
    "  -s N               bytes of strings and buffers kept and shown (default 32)\n"
    "  --stack-depth N    call-stack frames recorded (default 64 with --source,\n"
    "                     --record, -k, --format sqlite, perfetto, html or folded,\n"
    "                     or -c/-C with findings)\n"
    "  --no-stack         never record call stacks\n"
    "  --no-seccomp       never use the seccomp-bpf filter (every syscall stops)\n"
    "  --backend NAME     auto (default: ebpf when permitted, else ptrace), ptrace, ebpf\n"
    "  --buffer-size SIZE eBPF ring buffer bytes (default 64M; K, M, G suffixes)\n"
    "  --record FILE      also keep the binary trace in FILE (for renacer-report later)\n"
    "\n"
    "What to print:\n"
    "  -c, --summary      summary table when the program ends, instead of event lines\n"
    "  -C                 event lines, then the summary\n"
    "  --source           attribute each call to FILE:LINE in FUNCTION\n"
    "  -T                 each call's duration\n"
    "  -t, -tt, -ttt      time of day, with microseconds, as epoch seconds\n"
    "  -r                 time since the previous event\n"
    "  -k, --stack        each call's symbolized call stack under its line\n"
    "  -S KEY             summary order: time (default), calls, errors, avg, p50, p90,\n"
    "                     p99, name\n"
    "  --raw-times        durations as recorded, tracing cost included (default:\n"
    "                     the calibrated overhead is subtracted, never below the\n"
    "                     untraced cost of the cheapest call)\n"
    "  --overhead-correct the default; accepted for older scripts\n"
    "  --no-findings      no Findings section under the summary\n"
    "  --format FMT       text (default), json, csv, or sqlite: a database of every\n"
    "                     call, process, thread, signal and summary row (needs\n"
    "                     -o FILE; replaces only an earlier renacer export),\n"
    "                     perfetto (a timeline), html (a self-contained page) or\n"
    "                     folded (stacks for flame graphs)\n"
    "  --weight time|calls  folded: weigh stacks by syscall time in ns or by calls\n"
    "  -o FILE            write the report to FILE instead of standard output\n"
    "                     (without it, in a format other than text, the program's\n"
    "                     own standard output goes to standard error, so that\n"
    "                     renacer --format json -c -- CMD > FILE parses)\n"
    "  --debug-dir DIR, --sysroot DIR, --skip-module GLOB   symbol lookup, as renacer-report\n"
    "  -q                 no warnings about missing debug information\n"
    "  -h, --help         this text\n"
    "  -V, --version      the version, trace format and backends\n"
    "\n"
    "Signals: SIGINT, SIGTERM, SIGHUP sent to renacer go on to the program; when it\n"
    "ignores them, or on a second one, renacer kills it (and its traced children),\n"
    "prints the report and dies by that signal. With -p they detach instead. When\n"
    "the reader of the report goes away (| head), the program runs on untraced and\n"
    "renacer waits for it.\n"
    "\n"
    "Exit status: the program's own; 2 bad usage, 3 tracing failed, 4 the report or\n"
    "trace could not be written, 126 not executable, 127 command not found.\n";

enum { OPT_RECORD = 0x100 };

struct cli {
	struct rec_cli rec;
	struct report_cli rep;
	const char *record_path;
	FILE *report_stdout; /* our standard output, when the program's went to stderr */
};

static void parse_args(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    REC_CLI_LONGOPTS,
	    REPORT_CLI_LONGOPTS,
	    {"record", required_argument, NULL, OPT_RECORD},
	    CLI_COMMON_LONGOPTS,
	    {NULL, 0, NULL, 0},
	};
	const char *shortopts = "+" CLI_COMMON_SHORTOPTS REC_CLI_SHORTOPTS REPORT_CLI_SHORTOPTS;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		cli_common_option(opt, usage_text);
		/* -e and -s mean the same to the recorder and the report. */
		if (opt == 'e' || opt == 's') {
			rec_cli_option(&c->rec, opt, optarg);
			report_cli_option(&c->rep, opt, optarg);
			continue;
		}
		if (rec_cli_option(&c->rec, opt, optarg) || report_cli_option(&c->rep, opt, optarg))
			continue;
		switch (opt) {
		case OPT_RECORD:
			c->record_path = optarg;
			break;
		default:
			cli_getopt_error(optopt, "epsSou", argv[optind - 1]);
		}
	}
	if (c->rec.no_stack && c->rep.o.source)
		cli_usage_error("--source needs call stacks: drop --no-stack");
	if (c->rec.no_stack && (c->rep.o.stack || c->rep.o.format == OUT_FOLDED))
		cli_usage_error("%s needs call stacks: drop --no-stack",
		                c->rep.o.stack ? "-k" : "--format folded");
	rec_cli_finish(&c->rec, argc, argv, optind);
	report_cli_finish(&c->rep);
	c->rec.o.quiet = c->rep.o.quiet; /* -q also silences which backend auto chose */
	/* Stacks cost time at every stop: record them only when something uses them. */
	if (!c->rec.depth_given && !c->rep.o.source && !c->record_path &&
	    c->rep.o.format != OUT_SQLITE && c->rep.o.format != OUT_PERFETTO &&
	    c->rep.o.format != OUT_HTML && c->rep.o.format != OUT_FOLDED && !c->rep.o.stack &&
	    !report_wants_findings(&c->rep.o))
		c->rec.o.stack_depth = 0;
	c->rep.o.live = true;
}

/* A report in a format other than text on standard output (renacer --format
 * json -c -- ./app > perf.json) must not be mixed with what the launched
 * program prints there: the report keeps our standard output on a
 * close-on-exec descriptor and the program's standard output becomes our
 * standard error (nothing it prints is lost). With -o FILE, text or -p
 * nothing changes. 0, or -1 after a message. */
static int separate_program_stdout(struct cli *c)
{
	if (!c->rec.o.argv || c->rep.o.out != stdout || c->rep.o.format == OUT_TEXT ||
	    c->rep.o.format == OUT_SQLITE)
		return 0;
	int fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return errno == EBADF ? 0 : -1; /* no standard output: nothing to mix */
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -1;
	}
	fflush(stdout);
	/* No standard error either: the program's output goes nowhere, as the user chose. */
	int to = fcntl(STDERR_FILENO, F_GETFD) >= 0 ? STDERR_FILENO
	                                            : open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (to < 0 || dup2(to, STDOUT_FILENO) < 0) {
		fclose(f);
		return -1;
	}
	if (to != STDERR_FILENO)
		close(to);
	c->report_stdout = c->rep.o.out = f;
	return 0;
}

/* Closes the report's standard output of separate_program_stdout (-1 when
 * writing it failed, but not when its reader went away), then -o FILE. */
static int close_output(struct cli *c)
{
	int rc = 0;

	if (c->report_stdout) {
		errno = 0;
		if (fclose(c->report_stdout) != 0 && errno != EPIPE) {
			pr_err("cannot write the report: %s", strerror(errno));
			rc = -1;
		}
		c->report_stdout = NULL;
		c->rep.o.out = stdout;
	}
	if (report_cli_close_output(&c->rep) < 0)
		rc = -1;
	return rc;
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
		exit(EXIT_OUTPUT_ERROR);
	}
	return w;
}

/* --format sqlite: starts the export (checking -o FILE) before the program runs. */
static struct export_sqlite *open_export(const struct cli *c, const struct trace_meta *meta)
{
	struct export_sqlite_opts xo = {.meta = meta, .strsize = c->rep.o.strsize};
	char err[1024];
	struct export_sqlite *x = export_sqlite_open(c->rep.out_path, &xo, err, sizeof(err));

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
		return EXIT_OUTPUT_ERROR;
	}
	if (export_sqlite_close(x, err, sizeof(err)) < 0) {
		pr_err("%s", err);
		return EXIT_OUTPUT_ERROR;
	}
	return EXIT_OK;
}

static void close_record(struct fmt_writer *w, const char *path, const struct rec_result *res)
{
	struct trace_trailer tr;
	char err[512];

	rec_cli_trailer(res, &tr);
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
	rec_cli_init(&c.rec);
	report_cli_init(&c.rep, argc);
	parse_args(&c, argc, argv);
	rec_cli_check_target(&c.rec);

	bool sqlite = c.rep.o.format == OUT_SQLITE;
	if (report_cli_open_output(&c.rep) < 0)
		return EXIT_OUTPUT_ERROR;
	if (separate_program_stdout(&c) < 0)
		die(EXIT_OUTPUT_ERROR, "cannot set the program's output apart from the report: %s",
		    strerror(errno));
	struct trace_meta meta;
	memset(&meta, 0, sizeof(meta));
	rec_fill_meta(&meta, argc, argv, &c.rec.o);
	rec_cli_calibrate(&meta, &c.rec);
	if (sqlite && !(c.rep.o.sqlite = open_export(&c, &meta))) {
		rec_meta_release(&meta);
		rec_cli_free(&c.rec);
		report_cli_free(&c.rep);
		return EXIT_BAD_INPUT;
	}

	struct fmt_writer *w = c.record_path ? open_record(c.record_path, &meta) : NULL;
	struct report *rep = report_new(&c.rep.o, &meta);
	if (!rep)
		die(EXIT_OUTPUT_ERROR, "cannot start the report: %s", strerror(errno));
	struct tee tee = {.report = report_sink(rep), .has_file = w != NULL};
	if (w)
		tee.file = fmt_writer_sink(w);
	struct trace_sink sink = {.emit = tee_emit, .tick = tee_tick, .ctx = &tee};
	struct rec_result res;
	int r = rec_run(&c.rec.o, &sink, &res);
	/* The program is done: a reader of our output that went away (| head) is
	 * an EPIPE to ignore, not a death that would hide the program's status. */
	(void)signal(SIGPIPE, SIG_IGN);

	int code = EXIT_OK;
	if (w)
		close_record(w, c.record_path, &res);
	if (res.sink_error && res.sink_error != -EPIPE &&
	    !(sqlite && export_sqlite_error(c.rep.o.sqlite)[0])) {
		pr_err("writing the report or trace failed: %s; the program was detached",
		       strerror(-res.sink_error));
		code = EXIT_OUTPUT_ERROR;
	}
	int fin = report_finish(rep);
	if (sqlite) {
		int xc = close_export(c.rep.o.sqlite, c.rep.out_path,
		                      fin == 0 && code == EXIT_OK && r >= 0);
		c.rep.o.sqlite = NULL;
		if (code == EXIT_OK)
			code = xc;
	} else if (fin < 0 && code == EXIT_OK && errno != EPIPE) {
		pr_err("cannot write the report: %s", strerror(errno));
		code = EXIT_OUTPUT_ERROR;
	}
	report_free(rep);
	if (close_output(&c) < 0 && code == EXIT_OK)
		code = EXIT_OUTPUT_ERROR;
	rec_meta_release(&meta);
	rec_cli_free(&c.rec);
	report_cli_free(&c.rep);
	if (r < 0)
		return r == -ENOENT ? EXIT_NOT_FOUND : EXIT_TRACE_ERROR;
	if (code != EXIT_OK)
		return code;
	rec_cli_exit_like_program(&c.rec, &res);
	return EXIT_OK;
}
