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
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "format/fmt_writer.h"
#include "libtrace/trace_util.h"
#include "record/rec.h"

#define DEFAULT_TRACE "renacer.trace"
#define STRSIZE_MAX   (1u << 20)

static const char usage_text[] =
    "Usage: renacer-record [OPTIONS] [--] CMD [ARG...]\n"
    "       renacer-record [OPTIONS] -p PID[,PID...]\n"
    "Record every system call of CMD (or of running processes) into a trace file.\n"
    "\n"
    "  -o FILE            write the trace to FILE (default renacer.trace)\n"
    "  -f                 also follow child processes (fork, vfork, clone)\n"
    "  -e EXPR            what to record: trace=LIST, status=LIST (repeatable)\n"
    "  -s STRSIZE         bytes kept of each string or buffer (default 32)\n"
    "  --stack-depth N    record call stacks up to N frames (default 64, max 256)\n"
    "  --no-stack         do not record call stacks\n"
    "  -p PID[,PID...]    attach to running processes (every thread)\n"
    "  -q                 no summary line at the end\n"
    "  --no-seccomp       never use the seccomp-bpf filter (every syscall stops)\n"
    "  -h, --help         show this help\n"
    "  -V, --version      show the version\n"
    "\n"
    "Exit status: the program's own (its exit code; death by the same signal);\n"
    "2 bad usage, 3 recording failed, 126 not executable, 127 command not found.\n";

enum { OPT_STACK_DEPTH = 1000, OPT_NO_STACK, OPT_NO_SECCOMP };

struct cli {
	struct rec_options o;
	const char *out;
	pid_t *pids;
};

static void __attribute__((noreturn, format(printf, 1, 2))) bad_usage(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("%s (see renacer-record --help)", msg);
	exit(EXIT_BAD_INPUT);
}

static unsigned parse_uint(const char *s, const char *opt, unsigned min, unsigned max)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);

	if (errno || end == s || *end || *s == '-' || v < min || v > max)
		bad_usage("%s: '%s' is not a number from %u to %u", opt, s, min, max);
	return (unsigned)v;
}

static void parse_pids(struct cli *c, const char *list)
{
	char *copy = xstrdup(list), *save = NULL;

	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		pid_t pid = (pid_t)parse_uint(tok, "-p", 1, INT_MAX);
		c->pids = xrealloc(c->pids, (c->o.npids + 1) * sizeof(*c->pids));
		c->pids[c->o.npids++] = pid;
	}
	free(copy);
	if (!c->o.npids)
		bad_usage("-p: '%s' names no process id", list);
	c->o.pids = c->pids;
}

static void parse_args(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {"stack-depth", required_argument, NULL, OPT_STACK_DEPTH},
	    {"no-stack", no_argument, NULL, OPT_NO_STACK},
	    {"no-seccomp", no_argument, NULL, OPT_NO_SECCOMP},
	    {NULL, 0, NULL, 0},
	};
	bool depth_given = false, nostack_given = false;
	char err[512];
	int opt;

	rec_options_default(&c->o);
	c->out = DEFAULT_TRACE;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+o:fe:s:p:qhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			c->out = optarg;
			break;
		case 'f':
			c->o.follow_forks = true;
			break;
		case 'e':
			if (trace_filter_parse(&c->o.filter, optarg, err, sizeof(err)) < 0)
				bad_usage("-e: %s", err);
			break;
		case 's':
			c->o.strsize = parse_uint(optarg, "-s", 0, STRSIZE_MAX);
			break;
		case 'p':
			parse_pids(c, optarg);
			break;
		case 'q':
			c->o.quiet = true;
			break;
		case OPT_STACK_DEPTH:
			c->o.stack_depth = parse_uint(optarg, "--stack-depth", 1, TRACE_MAX_STACK);
			depth_given = true;
			break;
		case OPT_NO_STACK:
			c->o.stack_depth = 0;
			nostack_given = true;
			break;
		case OPT_NO_SECCOMP:
			c->o.no_seccomp = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_OK);
		case 'V':
			printf("renacer-record %s\n", RENACER_VERSION);
			exit(EXIT_OK);
		default:
			if (optopt && strchr("oesp", optopt))
				snprintf(err, sizeof(err), "-%c needs a value", optopt);
			else if (optopt)
				snprintf(err, sizeof(err), "unknown option -%c", optopt);
			else
				snprintf(err, sizeof(err), "unknown or incomplete option '%s'",
				         argv[optind - 1]);
			bad_usage("%s", err);
		}
	}
	if (depth_given && nostack_given)
		bad_usage("%s", "--stack-depth and --no-stack exclude each other");
	if (optind < argc)
		c->o.argv = &argv[optind];
	if (c->o.argv && c->o.npids)
		bad_usage("%s", "give either a command or -p PID, not both");
	if (!c->o.argv && !c->o.npids)
		bad_usage("%s", "no command given (renacer-record [OPTIONS] -- CMD [ARG...])");
}

/* Checks the command or the pids before anything is created. */
static void check_target(struct cli *c)
{
	char err[512];

	if (c->o.argv) {
		char *path = rec_find_command(c->o.argv[0]);
		if (!path) {
			if (errno == EACCES) {
				pr_err("%s: permission denied", c->o.argv[0]);
				exit(126);
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

static void cli_free(struct cli *c)
{
	free((char *)c->o.exec_path);
	free(c->pids);
	c->o.exec_path = NULL;
	c->pids = NULL;
}

static void __attribute__((noreturn)) die_like(int sig)
{
	struct rlimit no_core = {0, 0};
	sigset_t set;

	(void)setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
	(void)raise(sig);
	exit(128 + sig);
}

static void print_summary(const struct rec_result *res, const char *path, uint64_t size)
{
	double kib = (double)size / 1024.0;
	double per = res->syscalls ? (double)size / (double)res->syscalls : 0.0;

	pr_err("%llu events, %llu lost, trace %.1f KiB (%.2f bytes/event) in %s",
	       (unsigned long long)res->syscalls, (unsigned long long)res->lost, kib, per, path);
}

int main(int argc, char **argv)
{
	struct cli c;
	char err[512];

	memset(&c, 0, sizeof(c));
	trace_set_progname("renacer-record");
	parse_args(&c, argc, argv);
	check_target(&c);

	int fd = open(c.out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		pr_err("cannot write the trace file %s: %s", c.out, strerror(errno));
		cli_free(&c);
		return EXIT_TRACE_ERROR;
	}
	struct trace_meta meta;
	memset(&meta, 0, sizeof(meta));
	rec_fill_meta(&meta, argc, argv, &c.o);
	int r = rec_calibrate(&meta, c.o.stack_depth > 0);
	if (r < 0)
		pr_warn("overhead calibration failed (%s); the trace has none", strerror(-r));

	struct fmt_writer *w;
	if (fmt_writer_open_fd(&w, fd, &meta, NULL, err, sizeof(err)) < 0) {
		pr_err("cannot write the trace file %s: %s", c.out, err);
		rec_meta_release(&meta);
		cli_free(&c);
		return EXIT_TRACE_ERROR;
	}
	struct trace_sink sink = fmt_writer_sink(w);
	struct rec_result res;
	r = rec_run(&c.o, &sink, &res);

	struct trace_trailer tr = {
	    .ts_end = trace_mono_ns(),
	    .events = res.syscalls,
	    .lost = res.lost,
	    .stacks = res.stacks,
	    .signals = res.signals,
	    .processes = res.processes,
	    .threads = res.threads,
	};
	int code = EXIT_OK;
	if (res.sink_error) {
		fmt_writer_abort(w);
		pr_err("writing the trace file %s failed: %s; it holds what was written before",
		       c.out, strerror(-res.sink_error));
		code = EXIT_TRACE_ERROR;
	} else if (fmt_writer_close(w, &tr, err, sizeof(err)) < 0) {
		pr_err("cannot finish the trace file %s: %s", c.out, err);
		code = EXIT_TRACE_ERROR;
	}
	struct stat st;
	if (!c.o.quiet && stat(c.out, &st) == 0)
		print_summary(&res, c.out, (uint64_t)st.st_size);
	if (c.o.stack_depth && res.unwinds)
		pr_debug(1, "stacks: %llu captured, %.1f us each on average",
		         (unsigned long long)res.unwinds,
		         (double)res.unwind_ns / (double)res.unwinds / 1000.0);
	rec_meta_release(&meta);
	cli_free(&c);

	if (r < 0)
		return r == -ENOENT ? EXIT_NOT_FOUND : (c.o.argv ? 126 : EXIT_TRACE_ERROR);
	if (code != EXIT_OK)
		return code;
	if (c.o.argv && res.exited) {
		if (WIFSIGNALED(res.status))
			die_like(WTERMSIG(res.status));
		if (WIFEXITED(res.status))
			return WEXITSTATUS(res.status);
	}
	return EXIT_OK;
}
