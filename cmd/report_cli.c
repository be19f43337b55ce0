/*
 * report_cli.c - the report's command-line options, shared by
 * renacer-report and renacer.
 */
#include "cmd/report_cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/trace_cli.h"
#include "libtrace/trace_util.h"

void report_cli_init(struct report_cli *c, int argc)
{
	memset(c, 0, sizeof(*c));
	report_options_default(&c->o);
	c->debug_dirs = xcalloc((size_t)argc + 1, sizeof(*c->debug_dirs));
	c->skip_globs = xcalloc((size_t)argc + 1, sizeof(*c->skip_globs));
}

static uint64_t parse_time(const char *flag, const char *arg)
{
	uint64_t ns;

	if (trace_parse_duration(arg, &ns) < 0)
		cli_usage_error("%s: '%s' is not a time (seconds, or 250ms, 10us...)", flag, arg);
	return ns;
}

bool report_cli_select_option(struct report_cli *c, int opt, const char *arg)
{
	struct report_options *o = &c->o;
	char err[256];

	switch (opt) {
	case 'e':
		if (trace_filter_parse(&o->filter, arg, err, sizeof(err)) < 0)
			cli_usage_error("-e: %s", err);
		break;
	case REPORT_OPT_PID:
		cli_parse_ids("--pid", arg, o->pids, &o->npids, REPORT_MAX_IDS);
		break;
	case REPORT_OPT_TID:
		cli_parse_ids("--tid", arg, o->tids, &o->ntids, REPORT_MAX_IDS);
		break;
	case REPORT_OPT_COMM:
		if (o->ncomms >= REPORT_MAX_IDS)
			cli_usage_error("--comm: at most %d names", REPORT_MAX_IDS);
		o->comms[o->ncomms++] = arg;
		break;
	case REPORT_OPT_SINCE:
		o->has_since = true;
		o->since_ns = parse_time("--since", arg);
		break;
	case REPORT_OPT_UNTIL:
		o->has_until = true;
		o->until_ns = parse_time("--until", arg);
		break;
	case REPORT_OPT_DEBUG_DIR:
		c->debug_dirs[c->ndebug++] = arg;
		break;
	case REPORT_OPT_SYSROOT:
		o->sym.sysroot = arg;
		break;
	case REPORT_OPT_SKIP_MODULE:
		c->skip_globs[c->nskip++] = arg;
		break;
	case REPORT_OPT_NO_FINDINGS:
		o->no_findings = true;
		break;
	case REPORT_OPT_WEIGHT:
		if (strcmp(arg, "calls") == 0)
			o->weight_calls = true;
		else if (strcmp(arg, "time") == 0)
			o->weight_calls = false;
		else
			cli_usage_error("--weight: '%s' is not time or calls", arg);
		c->weight_given = true;
		break;
	default:
		return false;
	}
	return true;
}

bool report_cli_has_process_filter(const struct report_cli *c)
{
	const struct report_options *o = &c->o;

	return o->npids || o->ntids || o->ncomms || o->has_since || o->has_until;
}

static bool report_long_option(struct report_cli *c, int opt, const char *arg)
{
	struct report_options *o = &c->o;

	switch (opt) {
	case REPORT_OPT_SOURCE:
		o->source = true;
		break;
	case REPORT_OPT_OVERHEAD: /* the default; kept for scripts that ask for it */
		o->raw_times = false;
		break;
	case REPORT_OPT_RAW_TIMES:
		o->raw_times = true;
		break;
	case REPORT_OPT_FORMAT:
		if (report_format_parse(arg, &o->format) < 0)
			cli_usage_error("--format: unknown format '%s' (text, json, csv, sqlite, "
			                "perfetto, html or folded)",
			                arg);
		break;
	default:
		return false;
	}
	return true;
}

bool report_cli_option(struct report_cli *c, int opt, const char *arg)
{
	struct report_options *o = &c->o;

	if (report_cli_select_option(c, opt, arg))
		return true;
	switch (opt) {
	case 'c':
		o->mode = REPORT_SUMMARY;
		break;
	case 'C':
		o->mode = REPORT_BOTH;
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
	case 'k':
		o->stack = true;
		break;
	case 'S':
		if (agg_sort_key_parse(arg, &o->sort) < 0)
			cli_usage_error("-S: unknown sort key '%s' (time, calls, errors, avg, p50, "
			                "p90, p99, name)",
			                arg);
		break;
	case 'o':
		c->out_path = arg;
		break;
	case 's':
		o->strsize = cli_parse_uint(arg, "-s", 0, 1u << 20);
		break;
	case 'q':
		o->sym.quiet = true;
		o->quiet = true;
		break;
	default:
		return report_long_option(c, opt, arg);
	}
	return true;
}

void report_cli_finish_select(struct report_cli *c)
{
	struct report_options *o = &c->o;

	if (o->has_since && o->has_until && o->until_ns <= o->since_ns)
		cli_usage_error("--until must be later than --since");
	o->sym.debug_dirs = c->debug_dirs;
	o->sym.ndebug_dirs = c->ndebug;
	o->sym.skip_globs = c->skip_globs;
	o->sym.nskip_globs = c->nskip;
}

void report_cli_finish(struct report_cli *c)
{
	struct report_options *o = &c->o;

	cli_filter_hint(&o->filter);
	if (c->tcount > 3)
		cli_usage_error("-t given more than three times");
	o->ts = c->tcount >= 3 ? TS_TTT : c->tcount == 2 ? TS_TT : c->tcount == 1 ? TS_T : TS_NONE;
	if (o->format == OUT_SQLITE && (!c->out_path || strcmp(c->out_path, "-") == 0))
		cli_usage_error("--format sqlite writes a database file: give -o FILE "
		                "(it cannot go to standard output)");
	if (c->weight_given && o->format != OUT_FOLDED)
		cli_usage_error("--weight applies to --format folded");
	if (o->stack && o->format != OUT_TEXT && o->format != OUT_JSON)
		cli_usage_error("-k shows stacks under text or JSON event lines, not --format %s",
		                o->format == OUT_CSV ? "csv" : "of a whole report");
	report_cli_finish_select(c);
}

int report_cli_open_output(struct report_cli *c)
{
	if (!c->out_path || c->o.format == OUT_SQLITE || strcmp(c->out_path, "-") == 0)
		return 0;
	char err[512];
	c->o.out = trace_outfile_fopen(&c->out, c->out_path, err, sizeof(err));
	if (!c->o.out) {
		pr_err("-o %s: %s", c->out_path, err);
		c->o.out = stdout;
		return -1;
	}
	return 0;
}

int report_cli_close_output(struct report_cli *c)
{
	if (c->o.out == stdout || !c->o.out)
		return fflush(stdout) == 0 ? 0 : -1;
	char err[512];
	int rc = trace_outfile_commit(&c->out, err, sizeof(err));
	c->o.out = stdout;
	if (rc != 0) {
		pr_err("-o %s: %s", c->out_path, err);
		return -1;
	}
	return 0;
}

void report_cli_free(struct report_cli *c)
{
	free(c->debug_dirs);
	free(c->skip_globs);
	c->debug_dirs = c->skip_globs = NULL;
}
