/*
 * rec_cli.h - the recorder's command-line options, shared by renacer-record
 * and the one-shot renacer: -f, -e, -s, -p, -a, --cgroup, --comm, -u,
 * --stack-depth, --no-stack, --no-seccomp, --backend, --buffer-size, their
 * checks, and the check of the command or pids before anything starts.
 */
#ifndef RENACER_REC_CLI_H
#define RENACER_REC_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "cmd/trace_cli.h"
#include "record/rec.h"

/* getopt_long values of the recorder's long options. */
enum {
	REC_OPT_STACK_DEPTH = 0x200,
	REC_OPT_NO_STACK,
	REC_OPT_NO_SECCOMP,
	REC_OPT_BACKEND,
	REC_OPT_BUFFER_SIZE,
	REC_OPT_CGROUP,
	REC_OPT_COMM,
};

/* Short options (getopt syntax) and long options the recorder takes. */
#define REC_CLI_SHORTOPTS "fe:s:p:au:"
/* clang-format off */
#define REC_CLI_LONGOPTS \
	{"stack-depth", required_argument, NULL, REC_OPT_STACK_DEPTH}, \
	{"no-stack", no_argument, NULL, REC_OPT_NO_STACK}, \
	{"no-seccomp", no_argument, NULL, REC_OPT_NO_SECCOMP}, \
	{"backend", required_argument, NULL, REC_OPT_BACKEND}, \
	{"buffer-size", required_argument, NULL, REC_OPT_BUFFER_SIZE}, \
	{"cgroup", required_argument, NULL, REC_OPT_CGROUP}, \
	{"comm", required_argument, NULL, REC_OPT_COMM}
/* clang-format on */

struct rec_cli {
	struct rec_options o;
	pid_t pids[CLI_MAX_IDS];
	bool depth_given, no_stack, buffer_given, backend_given;
	const char *user;         /* -u USER as given */
	const char *cgroup;       /* --cgroup PATH as given */
	gid_t *groups;            /* -u: the user's groups (rec_cli_free frees them) */
	const char *backend_name; /* the backend recording (after rec_cli_check_target) */
	bool chose_auto;          /* --backend auto resolved it */
	char auto_why[256];       /* why auto did not take eBPF ("" when it did) */
};

/* Defaults (rec_options_default). */
void rec_cli_init(struct rec_cli *c);
/* Takes one option if it is the recorder's; returns false for any other. */
bool rec_cli_option(struct rec_cli *c, int opt, const char *arg);
/* After option parsing: takes CMD from argv[optind..], checks that CMD, -p or a
 * system-wide selection (-a, --cgroup, --comm) was given and that the options
 * agree (usage error otherwise). */
void rec_cli_finish(struct rec_cli *c, int argc, char **argv, int first_arg);
/* Resolves --backend (auto: ptrace when an option only ptrace has was given,
 * --no-seccomp; else eBPF when permitted and supported, ptrace otherwise;
 * said on stderr unless quiet, once the target checks passed); an explicit
 * backend that cannot record here, or a flag only eBPF offers (-a, --cgroup,
 * --comm) without it, exits 3 with the reason; an option of the other
 * backend (--buffer-size, --no-seccomp) is a usage error. Opens --cgroup
 * (exit 2 when it is not a cgroup v2 directory), looks up -u USER (exit 2
 * when unknown, 3 when not root), warns under sudo without -u. Then resolves
 * CMD through PATH (exit 127 "CMD: command not found", 126 when not
 * executable) or checks the pids can be traced (exit 3 with the reason). */
void rec_cli_check_target(struct rec_cli *c);
/* The trace trailer for a finished recording (totals from res, end time now). */
void rec_cli_trailer(const struct rec_result *res, struct trace_trailer *tr);
/* Calibrates the tracing overhead into meta (rec_calibrate); when that fails
 * (a machine too loaded for any measurement to hold, ptrace refused) warns that
 * times will be raw. The stop signals are held meanwhile: one that came is
 * kept in c->o.start_signal (even when its disposition is to ignore it, as a
 * script's background job has for SIGINT). */
void rec_cli_calibrate(struct trace_meta *meta, struct rec_cli *c);
/* Exits as the launched program ended (cli_exit_like), or as killed by the
 * signal on which the recorder killed it (res->stop_signal); returns when
 * attaching or when the program's end is unknown. */
void rec_cli_exit_like_program(const struct rec_cli *c, const struct rec_result *res);
/* Frees what rec_cli_check_target allocated. */
void rec_cli_free(struct rec_cli *c);

#endif
