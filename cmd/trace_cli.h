/*
 * trace_cli.h - the command-line layer every renacer program shares: the exit
 * codes (the table of spec/cli.md), usage errors (one line naming the flag,
 * exit 2), -h/--help and -V/--version, number and id-list parsing, and leaving
 * the way the traced program left.
 */
#ifndef RENACER_TRACE_CLI_H
#define RENACER_TRACE_CLI_H

#include <stdio.h>
#include <sys/types.h>

/* Exit codes of the programs (spec/cli.md, "Exit status"); the traced
 * program's own status passes through renacer-record and renacer. */
enum cli_exit_code {
	EXIT_OK = 0,
	EXIT_GATE_FAILED = 1,  /* renacer-diff: a --fail-on gate failed */
	EXIT_BAD_INPUT = 2,    /* bad flag, bad expression, not a trace, unreadable input */
	EXIT_TRACE_ERROR = 3,  /* recording failed: ptrace or attach refused */
	EXIT_OUTPUT_ERROR = 4, /* an output (trace file, report, -o FILE) could not be written */
	EXIT_NOT_EXEC = 126,   /* command found but not executable */
	EXIT_NOT_FOUND = 127,  /* command not found */
};

#include "libtrace/trace_filter.h"

#define CLI_MAX_IDS 64 /* ids one list option may collect */

/* -h/--help and -V/--version, which every program takes. */
#define CLI_COMMON_SHORTOPTS "hV"
/* clang-format off */
#define CLI_COMMON_LONGOPTS \
	{"help", no_argument, NULL, 'h'}, \
	{"version", no_argument, NULL, 'V'}
/* clang-format on */

/* Takes -h (prints usage on stdout) or -V (prints the version), then exits 0;
 * returns for any other option. */
void cli_common_option(int opt, const char *usage);
/* The --version text: "PROG VERSION", the trace format version written and
 * read, and the recorder backends built in. */
void cli_print_version(FILE *f);

/* Prints "PROG: MESSAGE (see PROG --help)" and exits with EXIT_BAD_INPUT. */
void cli_usage_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Prints "PROG: MESSAGE" and exits with code. For the programs only: library
 * code returns status and lets its caller decide. */
void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
/* Parses s as a decimal number in [min, max]; a usage error names opt otherwise. */
unsigned cli_parse_uint(const char *s, const char *opt, unsigned min, unsigned max);
/* Appends the comma-separated positive ids of list to ids[*n] (at most max);
 * a usage error names flag on a malformed or overlong list. */
void cli_parse_ids(const char *flag, const char *list, pid_t *ids, unsigned *n, unsigned max);
/* Reports a getopt failure (unknown option, missing value) as a usage error.
 * with_value lists the short options that take a value. */
void cli_getopt_error(int optopt_char, const char *with_value, const char *arg)
    __attribute__((noreturn));

/* Leaves the way a traced program left, given its wait(2) status: exits with
 * its exit code, or dies by the same signal (core dumps disabled; 128+N if
 * the signal does not kill). */
void cli_exit_like(int wait_status) __attribute__((noreturn));
/* Prints the filter's hint (trace_filter_hint) on stderr, once per program run. */
void cli_filter_hint(const struct trace_filter *f);

#endif
