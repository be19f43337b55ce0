/*
 * trace_cli.c - the command-line layer every renacer program shares.
 */
#include "cmd/trace_cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "format/fmt_codec.h"
#include "libtrace/trace_util.h"

#ifndef RENACER_BACKENDS
#error "RENACER_BACKENDS (the recorder backends built in) comes from CMakeLists.txt"
#endif

void cli_print_version(FILE *f)
{
	fprintf(f, "%s %s\n", trace_progname(), RENACER_VERSION);
	/* Readers take every minor version of their major (spec/format.md). */
	fprintf(f, "trace format: writes %d.%d, reads %d.x\n", FMT_VERSION_MAJOR, FMT_VERSION_MINOR,
	        FMT_VERSION_MAJOR);
	fprintf(f, "backends: %s\n", RENACER_BACKENDS);
}

void cli_common_option(int opt, const char *usage)
{
	if (opt == 'h') {
		fputs(usage, stdout);
	} else if (opt == 'V') {
		cli_print_version(stdout);
	} else {
		return;
	}
	exit(fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT_ERROR);
}

void die(int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("%s", msg);
	exit(code);
}

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

void cli_exit_like(int wait_status)
{
	if (WIFEXITED(wait_status))
		exit(WEXITSTATUS(wait_status));
	if (!WIFSIGNALED(wait_status))
		exit(EXIT_TRACE_ERROR);
	int sig = WTERMSIG(wait_status);
	struct rlimit no_core = {0, 0};
	sigset_t set;

	fflush(NULL);
	(void)setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
	(void)raise(sig);
	exit(128 + sig);
}

void cli_filter_hint(const struct trace_filter *f)
{
	static bool shown;
	char buf[256];

	if (shown || !trace_filter_hint(f, buf, sizeof(buf)))
		return;
	shown = true;
	fprintf(stderr, "%s: %s\n", trace_progname(), buf);
}
