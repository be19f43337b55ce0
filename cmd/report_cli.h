/*
 * report_cli.h - the report's command-line options, shared by renacer-report
 * and the one-shot renacer: modes (-c, -C), filters (-e, --pid, --tid,
 * --comm, --since, --until), output (-T, -t, -r, -S, -s, --source,
 * --raw-times, --overhead-correct, --format, -o, --no-findings) and symbol lookup (--debug-dir,
 * --sysroot, --skip-module, -q).
 */
#ifndef RENACER_REPORT_CLI_H
#define RENACER_REPORT_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "analyze/report/report.h"
#include "libtrace/trace_outfile.h"

/* getopt_long values of the report's long options. */
enum {
	REPORT_OPT_PID = 0x300,
	REPORT_OPT_TID,
	REPORT_OPT_COMM,
	REPORT_OPT_SINCE,
	REPORT_OPT_UNTIL,
	REPORT_OPT_SOURCE,
	REPORT_OPT_OVERHEAD,
	REPORT_OPT_RAW_TIMES,
	REPORT_OPT_FORMAT,
	REPORT_OPT_DEBUG_DIR,
	REPORT_OPT_SYSROOT,
	REPORT_OPT_SKIP_MODULE,
	REPORT_OPT_NO_FINDINGS,
	REPORT_OPT_WEIGHT
};

/* The selection and symbol-lookup options, shared with renacer-diff: -e,
 * --pid, --tid, --comm, --since, --until, --debug-dir, --sysroot, --skip-module. */
#define REPORT_CLI_SELECT_SHORTOPTS "e:"
/* clang-format off */
#define REPORT_CLI_SELECT_LONGOPTS \
	{"pid", required_argument, NULL, REPORT_OPT_PID}, \
	{"tid", required_argument, NULL, REPORT_OPT_TID}, \
	{"comm", required_argument, NULL, REPORT_OPT_COMM}, \
	{"since", required_argument, NULL, REPORT_OPT_SINCE}, \
	{"until", required_argument, NULL, REPORT_OPT_UNTIL}, \
	{"debug-dir", required_argument, NULL, REPORT_OPT_DEBUG_DIR}, \
	{"sysroot", required_argument, NULL, REPORT_OPT_SYSROOT}, \
	{"skip-module", required_argument, NULL, REPORT_OPT_SKIP_MODULE}
/* clang-format on */

/* Short options (getopt syntax; -s and -e are the caller's to route) and long
 * options of the report, the selection ones included. */
#define REPORT_CLI_SHORTOPTS "cCTtrkS:o:q"
/* clang-format off */
#define REPORT_CLI_LONGOPTS \
	REPORT_CLI_SELECT_LONGOPTS, \
	{"summary", no_argument, NULL, 'c'}, \
	{"source", no_argument, NULL, REPORT_OPT_SOURCE}, \
	{"overhead-correct", no_argument, NULL, REPORT_OPT_OVERHEAD}, \
	{"raw-times", no_argument, NULL, REPORT_OPT_RAW_TIMES}, \
	{"format", required_argument, NULL, REPORT_OPT_FORMAT}, \
	{"output", required_argument, NULL, 'o'}, \
	{"quiet", no_argument, NULL, 'q'}, \
	{"no-findings", no_argument, NULL, REPORT_OPT_NO_FINDINGS}, \
	{"stack", no_argument, NULL, 'k'}, \
	{"weight", required_argument, NULL, REPORT_OPT_WEIGHT}
/* clang-format on */

struct report_cli {
	struct report_options o;
	const char *out_path;     /* -o FILE, or NULL */
	struct trace_outfile out; /* -o FILE while it is written */
	const char **debug_dirs, **skip_globs;
	unsigned ndebug, nskip;
	int tcount;        /* -t given this many times */
	bool weight_given; /* --weight (only with --format folded) */
};

/* Defaults; argc bounds the repeatable options. */
void report_cli_init(struct report_cli *c, int argc);
/* Takes one option if it is the report's (-e and -s included); false otherwise. */
bool report_cli_option(struct report_cli *c, int opt, const char *arg);
/* Takes one selection or symbol-lookup option (REPORT_CLI_SELECT_*); false otherwise. */
bool report_cli_select_option(struct report_cli *c, int opt, const char *arg);
/* True when a per-process or time selection (--pid, --tid, --comm, --since,
 * --until) was given. */
bool report_cli_has_process_filter(const struct report_cli *c);
/* After option parsing, for the selection options alone: checks that they
 * agree (usage error otherwise) and points the symbolizer at the lists. */
void report_cli_finish_select(struct report_cli *c);
/* After option parsing: report_cli_finish_select, derives the timestamp mode
 * and checks that the other options agree (usage error otherwise). */
void report_cli_finish(struct report_cli *c);
/* Opens -o FILE for text/JSON/CSV output (standard output without -o). 0, or
 * -1 after printing the error. The SQLite export opens its file itself. */
int report_cli_open_output(struct report_cli *c);
/* Closes -o FILE; 0, or -1 after printing the error. */
int report_cli_close_output(struct report_cli *c);
void report_cli_free(struct report_cli *c);

#endif
