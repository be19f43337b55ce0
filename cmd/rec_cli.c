/*
 * rec_cli.c - the recorder's command-line options, shared by renacer-record
 * and renacer.
 */
#include "cmd/rec_cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_util.h"

#define STRSIZE_MAX (1u << 20)

void rec_cli_init(struct rec_cli *c)
{
	memset(c, 0, sizeof(*c));
	rec_options_default(&c->o);
}

bool rec_cli_option(struct rec_cli *c, int opt, const char *arg)
{
	char err[512];

	switch (opt) {
	case 'f':
		c->o.follow_forks = true;
		return true;
	case 'e':
		if (trace_filter_parse(&c->o.filter, arg, err, sizeof(err)) < 0)
			cli_usage_error("-e: %s", err);
		return true;
	case 's':
		c->o.strsize = cli_parse_uint(arg, "-s", 0, STRSIZE_MAX);
		return true;
	case 'p':
		cli_parse_ids("-p", arg, c->pids, &c->o.npids, CLI_MAX_IDS);
		c->o.pids = c->pids;
		return true;
	case REC_OPT_STACK_DEPTH:
		c->o.stack_depth = cli_parse_uint(arg, "--stack-depth", 1, TRACE_MAX_STACK);
		c->depth_given = true;
		return true;
	case REC_OPT_NO_STACK:
		c->o.stack_depth = 0;
		c->no_stack = true;
		return true;
	case REC_OPT_NO_SECCOMP:
		c->o.no_seccomp = true;
		return true;
	default:
		return false;
	}
}

void rec_cli_finish(struct rec_cli *c, int argc, char **argv, int first_arg)
{
	if (c->depth_given && c->no_stack)
		cli_usage_error("--stack-depth and --no-stack exclude each other");
	if (first_arg < argc)
		c->o.argv = &argv[first_arg];
	if (c->o.argv && c->o.npids)
		cli_usage_error("give either a command or -p PID, not both");
	if (!c->o.argv && !c->o.npids)
		cli_usage_error("no command given (%s [OPTIONS] -- CMD [ARG...])",
		                trace_progname());
}

void rec_cli_check_target(struct rec_cli *c)
{
	char err[512];

	if (c->o.argv) {
		char *path = rec_find_command(c->o.argv[0]);
		if (!path) {
			if (errno == EACCES) {
				pr_err("%s: permission denied", c->o.argv[0]);
				exit(EXIT_NOT_EXEC);
			}
			pr_err("%s: command not found", c->o.argv[0]);
			exit(EXIT_NOT_FOUND);
		}
		c->o.exec_path = path;
		return;
	}
	if (rec_check_attach(c->o.pids, c->o.npids, err, sizeof(err)) < 0) {
		pr_err("%s", err);
		exit(EXIT_TRACE_ERROR);
	}
}

void rec_cli_free(struct rec_cli *c)
{
	free((char *)c->o.exec_path);
	c->o.exec_path = NULL;
}

void rec_cli_trailer(const struct rec_result *res, struct trace_trailer *tr)
{
	memset(tr, 0, sizeof(*tr));
	tr->ts_end = trace_mono_ns();
	tr->events = res->syscalls;
	tr->lost = res->lost;
	tr->stacks = res->stacks;
	tr->signals = res->signals;
	tr->processes = res->processes;
	tr->threads = res->threads;
}
