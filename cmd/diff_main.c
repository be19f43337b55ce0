/*
 * diff_main.c - renacer-diff: compares two recordings (traces or JSON
 * summaries written by renacer-report) per syscall or per source function,
 * marks latency changes within noise, and gates CI with --fail-on.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/diff/diff.h"
#include "analyze/diff/diff_gate.h"
#include "analyze/diff/diff_out.h"
#include "cmd/trace_cli.h"
#include "libtrace/trace_util.h"

#define MAX_GATES 64

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: renacer-diff [OPTIONS] BEFORE AFTER\n"
	    "Compares two recordings; each is a trace (renacer-record) or a JSON summary\n"
	    "(renacer-report --format json -c).\n\n"
	    "  -e EXPR            filter, as renacer-report (-e trace=file, -e status=failed)\n"
	    "  --pid PID          only this process (traces only; repeatable)\n"
	    "  --tid TID          only this thread (traces only; repeatable)\n"
	    "  --comm NAME        only threads with this command name (traces only; repeatable)\n"
	    "  --by syscall|source  compare per syscall (default) or per (syscall, function, "
	    "file)\n"
	    "  --fail-on EXPR     CI gate, repeatable: calls(fsync)>+10%%, total_time>+20%%,\n"
	    "                     p99(read)>2ms, errors>0, new_syscalls, vanished_syscalls\n"
	    "  --alpha P          significance level of the latency test (default 0.01)\n"
	    "  --format text|json|csv   output format (default text)\n"
	    "  -o FILE            write the comparison to FILE instead of standard output\n"
	    "  --debug-dir DIR    where to find debug files for --by source (repeatable)\n"
	    "  --sysroot DIR      prefix for the recorded module paths\n"
	    "  -h, --help         this help;  --version  the version\n\n"
	    "Exit status: 0 when every gate holds, 1 when a gate fails, 2 on bad input.\n");
}

enum {
	OPT_PID = 256,
	OPT_TID,
	OPT_COMM,
	OPT_BY,
	OPT_FAIL_ON,
	OPT_FORMAT,
	OPT_DEBUG_DIR,
	OPT_SYSROOT,
	OPT_VERSION,
	OPT_ALPHA
};

static const struct option long_opts[] = {
    {"pid", required_argument, NULL, OPT_PID},
    {"tid", required_argument, NULL, OPT_TID},
    {"comm", required_argument, NULL, OPT_COMM},
    {"by", required_argument, NULL, OPT_BY},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"debug-dir", required_argument, NULL, OPT_DEBUG_DIR},
    {"sysroot", required_argument, NULL, OPT_SYSROOT},
    {"alpha", required_argument, NULL, OPT_ALPHA},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

int main(int argc, char **argv)
{
	struct diff_options o;
	struct diff_gate gates[MAX_GATES];
	struct diff_gate_result results[MAX_GATES];
	const char *debug_dirs[REPORT_MAX_IDS];
	unsigned ngates = 0, ndebug = 0;
	enum out_format format = OUT_TEXT;
	const char *out_path = NULL;
	char err[512];
	int c;

	trace_set_progname("renacer-diff");
	diff_options_default(&o);
	struct report_options *f = &o.filters;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "e:o:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (trace_filter_parse(&f->filter, optarg, err, sizeof(err)) != 0)
				cli_usage_error("-e: %s", err);
			break;
		case OPT_PID:
		case OPT_TID:
		case OPT_COMM:
			o.has_process_filter = true;
			if (c == OPT_PID)
				cli_parse_ids("--pid", optarg, f->pids, &f->npids, REPORT_MAX_IDS);
			else if (c == OPT_TID)
				cli_parse_ids("--tid", optarg, f->tids, &f->ntids, REPORT_MAX_IDS);
			else if (f->ncomms < REPORT_MAX_IDS)
				f->comms[f->ncomms++] = optarg;
			break;
		case OPT_BY:
			if (strcmp(optarg, "source") == 0)
				o.by_source = true;
			else if (strcmp(optarg, "syscall") == 0)
				o.by_source = false;
			else
				die(EXIT_BAD_INPUT, "--by '%s': expected 'syscall' or 'source'",
				    optarg);
			break;
		case OPT_FAIL_ON:
			if (ngates == MAX_GATES)
				die(EXIT_BAD_INPUT, "--fail-on: at most %d gates", MAX_GATES);
			if (diff_gate_parse(optarg, &gates[ngates], err, sizeof(err)) != 0)
				die(EXIT_BAD_INPUT, "%s", err);
			ngates++;
			break;
		case OPT_FORMAT:
			if (out_format_parse(optarg, &format) != 0)
				die(EXIT_BAD_INPUT, "--format '%s': expected text, json or csv",
				    optarg);
			break;
		case OPT_ALPHA: {
			char *end;
			o.alpha = strtod(optarg, &end);
			if (end == optarg || *end || o.alpha <= 0 || o.alpha >= 1)
				die(EXIT_BAD_INPUT,
				    "--alpha '%s': expected a number between 0 and 1", optarg);
			break;
		}
		case OPT_DEBUG_DIR:
			if (ndebug < REPORT_MAX_IDS)
				debug_dirs[ndebug++] = optarg;
			break;
		case OPT_SYSROOT:
			f->sym.sysroot = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case OPT_VERSION:
			printf("renacer-diff %s\n", RENACER_VERSION);
			return EXIT_OK;
		default:
			cli_getopt_error(optopt, "eo", argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		cli_usage_error("expected two inputs, BEFORE and AFTER");
	f->sym.debug_dirs = debug_dirs;
	f->sym.ndebug_dirs = ndebug;
	f->sym.quiet = !o.by_source;

	struct agg *before, *after;
	if (diff_load(argv[optind], &o, &before, err, sizeof(err)) != 0)
		die(EXIT_BAD_INPUT, "%s", err);
	if (diff_load(argv[optind + 1], &o, &after, err, sizeof(err)) != 0)
		die(EXIT_BAD_INPUT, "%s", err);

	struct diff_result res;
	diff_compute(before, after, &o, &res);
	unsigned failed = 0;
	for (unsigned g = 0; g < ngates; g++) {
		results[g].expr = gates[g].text;
		results[g].failed =
		    diff_gate_fails(&gates[g], &res, results[g].detail, sizeof(results[g].detail));
		failed += results[g].failed;
	}

	FILE *out = stdout;
	if (out_path && !(out = fopen(out_path, "w")))
		die(EXIT_BAD_INPUT, "-o %s: cannot write: %m", out_path);
	int rc = diff_print(&res, argv[optind], argv[optind + 1], o.by_source, results, ngates,
	                    format, out);
	if (fflush(out) != 0 || rc != 0 || (out != stdout && fclose(out) != 0))
		die(EXIT_BAD_INPUT, "%s: write error: %m", out_path ? out_path : "standard output");
	diff_result_free(&res);
	for (unsigned g = 0; g < ngates; g++)
		if (results[g].failed)
			pr_err("gate failed: %s", results[g].detail);
	return failed ? EXIT_GATE_FAILED : EXIT_OK;
}
