/*
 * trace_cli.c - command-line helpers shared by the renacer programs.
 */
#include "cmd/trace_cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_util.h"

void cli_usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("%s (see %s --help)", msg, trace_progname());
	exit(EXIT_BAD_INPUT);
}

unsigned cli_parse_uint(const char *s, const char *opt, unsigned min, unsigned max)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);

	if (errno || end == s || *end || *s == '-' || v < min || v > max)
		cli_usage_error("%s: '%s' is not a number from %u to %u", opt, s, min, max);
	return (unsigned)v;
}

void cli_parse_ids(const char *flag, const char *list, pid_t *ids, unsigned *n, unsigned max)
{
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");
		char tok[32];
		if (len == 0 || len >= sizeof(tok))
			cli_usage_error("%s: '%s' is not a list of process or thread ids", flag,
			                list);
		memcpy(tok, p, len);
		tok[len] = '\0';
		if (*n >= max)
			cli_usage_error("%s: at most %u ids", flag, max);
		ids[(*n)++] = (pid_t)cli_parse_uint(tok, flag, 1, INT_MAX);
		p += len;
		if (*p == ',')
			p++;
	}
	if (*n == 0)
		cli_usage_error("%s: '%s' names no process id", flag, list);
}

void cli_getopt_error(int optopt_char, const char *with_value, const char *arg)
{
	if (optopt_char && strchr(with_value, optopt_char))
		cli_usage_error("-%c needs a value", optopt_char);
	if (optopt_char)
		cli_usage_error("unknown option -%c", optopt_char);
	cli_usage_error("unknown or incomplete option '%s'", arg ? arg : "?");
}
