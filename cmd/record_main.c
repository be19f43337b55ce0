/*
 * record_main.c - renacer-record: the command-line front end of the ptrace
 * recorder. Parses options (spec/cli/record.md), opens the trace file before
 * anything starts, calibrates the tracing overhead, records through rec_run
 * into the trace writer, prints the one-line summary and leaves with the
 * program's own status (exit code, or death by the same signal).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "format/fmt_writer.h"
#include "libtrace/trace_util.h"
#include "cmd/rec_cli.h"
#include "cmd/ring_cli.h"

#define DEFAULT_TRACE "renacer.trace"

static const char usage_text[] =
    "Usage: renacer-record [OPTIONS] [--] CMD [ARG...]\n"
    "       renacer-record [OPTIONS] -p PID[,PID...]\n"
    "       renacer-record [OPTIONS] -a|--cgroup PATH|--comm NAME [[--] CMD [ARG...]]\n"
    "Record every system call of CMD (or of running processes) into a trace file.\n"
    "\n"
    "  -o FILE            write the trace to FILE (default renacer.trace)\n"
    "  -f                 also follow child processes (fork, vfork, clone)\n"
    "  -e EXPR            what to record: trace=LIST, status=LIST (repeatable)\n"
    "  -s STRSIZE         bytes kept of each string or buffer (default 32)\n"
    "  --stack-depth N    record call stacks up to N frames (default 64, max 256)\n"
    "  --no-stack         do not record call stacks\n"
    "  -p PID[,PID...]    attach to running processes (every thread)\n"
    "  -a                 eBPF: every process of the system (until Ctrl+C, or CMD's end)\n"
    "  --cgroup PATH      eBPF: every process in cgroup v2 PATH and below, also later ones\n"
    "  --comm NAME        eBPF: every process named NAME (as /proc/PID/comm shows it)\n"
    "  -u USER            run CMD as USER, with USER's groups (needs root)\n"
    "  -q                 no summary line at the end\n"
    "  --no-seccomp       never use the seccomp-bpf filter (every syscall stops)\n"
    "  --backend NAME     auto (default: ebpf when permitted, else ptrace), ptrace, ebpf\n"
    "  --buffer-size SIZE eBPF ring buffer bytes (default 64M; K, M, G suffixes)\n"
    "  --ring SIZE|DURATION  flight recorder: keep only the last window (64M, 30s) and\n"
    "                     write it at the end, on SIGUSR1 and on --trigger (FILE.1, ...)\n"
    "  --trigger EXPR     write the window when latency(CALLS)>DURATION or\n"
    "                     errors(CALLS)>COUNT holds, e.g. 'latency(fsync)>50ms'\n"
    "  -h, --help         show this help\n"
    "  -V, --version      show the version, trace format and backends\n"
    "\n"
    "Signals: SIGINT, SIGTERM, SIGHUP sent to the recorder go on to the program;\n"
    "when it ignores them, or on a second one, the recorder kills it (and its\n"
    "traced children), finishes the trace and dies by that signal. With -p they\n"
    "detach instead.\n"
    "\n"
    "Exit status: the program's own (its exit code; death by the same signal);\n"
    "2 bad usage, 3 recording failed, 4 the trace file could not be written,\n"
    "126 not executable, 127 command not found.\n";

struct cli {
	struct rec_cli rec;
	struct ring_cli ring;
	const char *out;
};

static void parse_args(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_COMMON_LONGOPTS,
	    REC_CLI_LONGOPTS,
	    RING_CLI_LONGOPTS,
	    {NULL, 0, NULL, 0},
	};
	int opt;

	rec_cli_init(&c->rec);
	c->out = DEFAULT_TRACE;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+o:q" CLI_COMMON_SHORTOPTS REC_CLI_SHORTOPTS,
	                          longopts, NULL)) != -1) {
		cli_common_option(opt, usage_text);
		if (rec_cli_option(&c->rec, opt, optarg) || ring_cli_option(&c->ring, opt, optarg))
			continue;
		switch (opt) {
		case 'o':
			c->out = optarg;
			break;
		case 'q':
			c->rec.o.quiet = true;
			break;
		default:
			cli_getopt_error(optopt, "oespu", argv[optind - 1]);
		}
	}
	rec_cli_finish(&c->rec, argc, argv, optind);
	ring_cli_finish(&c->ring);
}

static void print_summary(const struct rec_result *res, const char *path, uint64_t size)
{
	double kib = (double)size / 1024.0;
	double per = res->syscalls ? (double)size / (double)res->syscalls : 0.0;

	pr_err("%llu events, %llu lost, trace %.1f KiB (%.2f bytes/event) in %s",
	       (unsigned long long)res->syscalls, (unsigned long long)res->lost, kib, per, path);
}

/* Records into the trace file as it goes; prints the summary line. The exit
 * code the file asks for (0 or EXIT_OUTPUT_ERROR); *r is rec_run's return. */
static int record_file(struct cli *c, const struct trace_meta *meta, struct rec_result *res, int *r)
{
	char err[512];
	struct fmt_writer *w;

	if (fmt_writer_open(&w, c->out, meta, NULL, err, sizeof(err)) < 0) {
		pr_err("cannot write the trace file %s: %s", c->out, err);
		return -1;
	}
	struct trace_sink sink = fmt_writer_sink(w);
	*r = rec_run(&c->rec.o, &sink, res);

	struct trace_trailer tr;
	rec_cli_trailer(res, &tr);
	int code = EXIT_OK;
	if (res->sink_error) {
		fmt_writer_abort(w);
		pr_err("writing the trace file %s failed: %s; it holds what was written before",
		       c->out, strerror(-res->sink_error));
		code = EXIT_OUTPUT_ERROR;
	} else if (fmt_writer_close(w, &tr, err, sizeof(err)) < 0) {
		pr_err("cannot finish the trace file %s: %s", c->out, err);
		code = EXIT_OUTPUT_ERROR;
	}
	struct stat st;
	if (!c->rec.o.quiet && stat(c->out, &st) == 0)
		print_summary(res, c->out, (uint64_t)st.st_size);
	return code;
}

/* --ring: records into the flight recorder, writes the last window at the
 * end. The exit code the file asks for; *r is rec_run's return. */
static int record_ring(struct cli *c, const struct trace_meta *meta, struct rec_result *res, int *r)
{
	struct trace_sink sink = ring_cli_start(&c->ring, c->out, meta, c->rec.o.quiet);

	*r = rec_run(&c->rec.o, &sink, res);
	int code = ring_cli_end(&c->ring) < 0 ? EXIT_OUTPUT_ERROR : EXIT_OK;
	if (!c->rec.o.quiet)
		pr_err("%llu events, %llu lost; flight recorder (%s): %u window(s) written before "
		       "the end",
		       (unsigned long long)res->syscalls, (unsigned long long)res->lost,
		       c->ring.ring_arg, c->ring.written);
	ring_cli_free(&c->ring);
	return code;
}

int main(int argc, char **argv)
{
	struct cli c;

	memset(&c, 0, sizeof(c));
	trace_set_progname("renacer-record");
	parse_args(&c, argc, argv);
	rec_cli_check_target(&c.rec);

	struct trace_meta meta;
	memset(&meta, 0, sizeof(meta));
	rec_fill_meta(&meta, argc, argv, &c.rec.o);
	rec_cli_calibrate(&meta, &c.rec);

	struct rec_result res;
	int r = 0;
	int code = c.ring.on ? record_ring(&c, &meta, &res, &r) : record_file(&c, &meta, &res, &r);
	if (code < 0) {
		rec_meta_release(&meta);
		rec_cli_free(&c.rec);
		return EXIT_OUTPUT_ERROR;
	}
	if (c.rec.o.stack_depth && res.unwinds)
		pr_debug(1, "stacks: %llu captured, %.1f us each on average",
		         (unsigned long long)res.unwinds,
		         (double)res.unwind_ns / (double)res.unwinds / 1000.0);
	rec_meta_release(&meta);
	rec_cli_free(&c.rec);

	if (r < 0)
		return r == -ENOENT ? EXIT_NOT_FOUND
		                    : (c.rec.o.argv ? EXIT_NOT_EXEC : EXIT_TRACE_ERROR);
	if (code != EXIT_OK)
		return code;
	rec_cli_exit_like_program(&c.rec, &res);
	return EXIT_OK;
}
