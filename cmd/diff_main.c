/*
 * diff_main.c - renacer-diff: compares two recordings (traces or JSON
 * summaries written by renacer-report) per syscall or per source function,
 * marks latency changes within noise, and gates CI with --fail-on.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/diff/diff.h"
#include "analyze/summary/agg.h"
#include "analyze/diff/diff_gate.h"
#include "analyze/diff/diff_out.h"
#include "cmd/report_cli.h"
#include "cmd/trace_cli.h"
#include "libtrace/trace_outfile.h"
#include "libtrace/trace_util.h"

#define MAX_GATES 64

static const char usage_text[] =
    "Usage: renacer-diff [OPTIONS] BEFORE AFTER\n"
    "Compares two recordings; each is a trace (renacer-record) or a JSON summary\n"
    "(renacer-report --format json -c); - reads one of them from standard input.\n"
    "\n"
    "  -e EXPR              filter, as renacer-report (-e trace=file, -e status=failed)\n"
    "  --pid PID[,PID]      only these processes (traces only; repeatable)\n"
    "  --tid TID[,TID]      only these threads (traces only; repeatable)\n"
    "  --comm NAME          only threads with this command name (traces only; repeatable)\n"
    "  --since T            only events from T after the trace start (traces only)\n"
    "  --until T            only events before T after the trace start (traces only)\n"
    "  --by syscall|source  compare per syscall (default) or per (syscall, function, file)\n"
    "  --fail-on EXPR       CI gate, repeatable: calls(fsync)>+10%, total_time>+20%,\n"
    "                       p99(read)>2ms, errors>0, new_syscalls, vanished_syscalls,\n"
    "                       new_findings, new_findings(small-io), vanished_findings\n"
    "  --alpha P            significance level of the latency test (default 0.01)\n"
    "  --format FMT         text (default), json or csv\n"
    "  -o FILE              write the comparison to FILE instead of standard output\n"
    "  --debug-dir DIR      where to find debug files for --by source (repeatable)\n"
    "  --sysroot DIR        prefix for the recorded module paths\n"
    "  --skip-module GLOB   also skip modules matching GLOB when attributing (repeatable)\n"
    "  -h, --help           this help\n"
    "  -V, --version        the version, trace format and backends\n"
    "\n"
    "Exit status: 0 every gate holds, 1 a gate failed, 2 bad usage or input,\n"
    "4 the output could not be written.\n";

enum { OPT_BY = 256, OPT_FAIL_ON, OPT_FORMAT, OPT_ALPHA };

struct cli {
	struct diff_options o;
	struct report_cli sel; /* -e, --pid, ..., --debug-dir: as renacer-report */
	struct diff_gate gates[MAX_GATES];
	unsigned ngates;
	enum out_format format;
	const char *out_path;
};

static void diff_option(struct cli *c, int opt, const char *arg)
{
	char err[512];

	switch (opt) {
	case OPT_BY:
		if (strcmp(arg, "source") == 0)
			c->o.by_source = true;
		else if (strcmp(arg, "syscall") == 0)
			c->o.by_source = false;
		else
			cli_usage_error("--by: '%s' is not 'syscall' or 'source'", arg);
		break;
	case OPT_FAIL_ON:
		if (c->ngates == MAX_GATES)
			cli_usage_error("--fail-on: at most %d gates", MAX_GATES);
		if (diff_gate_parse(arg, &c->gates[c->ngates], err, sizeof(err)) != 0)
			cli_usage_error("--fail-on: %s", err);
		c->ngates++;
		break;
	case OPT_FORMAT:
		if (out_format_parse(arg, &c->format) != 0)
			cli_usage_error("--format: unknown format '%s' (text, json or csv)", arg);
		break;
	case OPT_ALPHA: {
		char *end;
		c->o.alpha = strtod(arg, &end);
		if (end == arg || *end || !(c->o.alpha > 0 && c->o.alpha < 1))
			cli_usage_error("--alpha: '%s' is not a number between 0 and 1", arg);
		break;
	}
	case 'o':
		c->out_path = arg;
		break;
	default:
		cli_getopt_error(optopt, "eo", NULL);
	}
}

static void parse_args(struct cli *c, int argc, char **argv)
{
	static const struct option long_opts[] = {
	    REPORT_CLI_SELECT_LONGOPTS,
	    {"by", required_argument, NULL, OPT_BY},
	    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"alpha", required_argument, NULL, OPT_ALPHA},
	    {"output", required_argument, NULL, 'o'},
	    CLI_COMMON_LONGOPTS,
	    {NULL, 0, NULL, 0},
	};
	const char *shortopts = REPORT_CLI_SELECT_SHORTOPTS "o:" CLI_COMMON_SHORTOPTS;
	int opt;

	diff_options_default(&c->o);
	report_cli_init(&c->sel, argc);
	c->sel.o = c->o.filters;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, long_opts, NULL)) != -1) {
		cli_common_option(opt, usage_text);
		if (report_cli_select_option(&c->sel, opt, optarg))
			continue;
		if (opt == '?')
			cli_getopt_error(optopt, "eo", argv[optind - 1]);
		diff_option(c, opt, optarg);
	}
	if (argc - optind != 2)
		cli_usage_error("expected two inputs, BEFORE and AFTER");
	report_cli_finish_select(&c->sel);
	c->o.filters = c->sel.o;
	c->o.has_process_filter = report_cli_has_process_filter(&c->sel);
	c->o.filters.sym.quiet = !c->o.by_source;
}

/* Writes the comparison to -o FILE or standard output: 0, or -1 after
 * printing why it could not. */
static int write_result(const struct cli *c, const struct diff_result *res, const char *before,
                        const char *after, struct diff_gate_result *results)
{
	const char *name = c->out_path ? c->out_path : "standard output";
	struct trace_outfile file;
	char err[512];
	FILE *out = stdout;

	if (c->out_path && !(out = trace_outfile_fopen(&file, c->out_path, err, sizeof(err)))) {
		pr_err("-o %s: %s", c->out_path, err);
		return -1;
	}
	int rc = diff_print(res, before, after, c->o.by_source, results, c->ngates, c->format, out);
	int saved = errno;
	if (fflush(out) != 0 || rc != 0) {
		saved = errno ? errno : saved;
		rc = -1;
	}
	if (out != stdout) {
		if (rc != 0) {
			trace_outfile_abort(&file);
		} else if (trace_outfile_commit(&file, err, sizeof(err)) != 0) {
			pr_err("-o %s", err);
			return -1;
		}
	}
	if (rc != 0)
		pr_err("%s: write error: %s", name, strerror(saved));
	return rc;
}

int main(int argc, char **argv)
{
	static struct cli c;
	struct diff_gate_result results[MAX_GATES];
	char err[512];

	trace_set_progname("renacer-diff");
	parse_args(&c, argc, argv);
	const char *before_path = argv[optind], *after_path = argv[optind + 1];
	if (strcmp(before_path, "-") == 0 && strcmp(after_path, "-") == 0)
		cli_usage_error("standard input (-) can be only one of BEFORE and AFTER");
	struct agg *before = NULL, *after = NULL;
	struct diff_found found_before, found_after;
	if (diff_load(before_path, &c.o, &before, &found_before, err, sizeof(err)) != 0 ||
	    diff_load(after_path, &c.o, &after, &found_after, err, sizeof(err)) != 0) {
		pr_err("%s", err);
		agg_free(before);
		findings_refs_free(&found_before.refs);
		report_cli_free(&c.sel);
		return EXIT_BAD_INPUT;
	}

	struct diff_result res;
	diff_compute(before, after, &c.o, &res);
	diff_findings_compute(&res.findings, &found_before, &found_after);
	for (unsigned g = 0; g < c.ngates; g++) {
		if (diff_gate_on_findings(&c.gates[g]) && !res.findings.compared) {
			pr_err("--fail-on %s: %s has no findings (a JSON summary written with "
			       "--no-findings); write it without, or compare the traces",
			       c.gates[g].text,
			       !res.findings.before.known ? before_path : after_path);
			diff_result_free(&res);
			report_cli_free(&c.sel);
			return EXIT_BAD_INPUT;
		}
	}
	unsigned failed = 0;
	for (unsigned g = 0; g < c.ngates; g++) {
		results[g].expr = c.gates[g].text;
		results[g].failed = diff_gate_fails(&c.gates[g], &res, results[g].detail,
		                                    sizeof(results[g].detail));
		failed += results[g].failed;
	}
	int rc = write_result(&c, &res, before_path, after_path, results);
	diff_result_free(&res);
	report_cli_free(&c.sel);
	if (rc != 0)
		return EXIT_OUTPUT_ERROR;
	for (unsigned g = 0; g < c.ngates; g++)
		if (results[g].failed)
			pr_err("gate failed: %s", results[g].detail);
	return failed ? EXIT_GATE_FAILED : EXIT_OK;
}
