/*
 * trace_cli.h - command-line helpers shared by the renacer programs: usage
 * errors (one line naming the flag, exit 2) and number and id-list parsing.
 */
#ifndef RENACER_TRACE_CLI_H
#define RENACER_TRACE_CLI_H

#include <sys/types.h>

#define CLI_MAX_IDS 64 /* ids one list option may collect */

/* Prints "PROG: MESSAGE (see PROG --help)" and exits with EXIT_BAD_INPUT. */
void cli_usage_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Parses s as a decimal number in [min, max]; a usage error names opt otherwise. */
unsigned cli_parse_uint(const char *s, const char *opt, unsigned min, unsigned max);
/* Appends the comma-separated positive ids of list to ids[*n] (at most max);
 * a usage error names flag on a malformed or overlong list. */
void cli_parse_ids(const char *flag, const char *list, pid_t *ids, unsigned *n, unsigned max);
/* Reports a getopt failure (unknown option, missing value) as a usage error.
 * with_value lists the short options that take a value. */
void cli_getopt_error(int optopt_char, const char *with_value, const char *arg)
    __attribute__((noreturn));

#endif
