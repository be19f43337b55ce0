/*
 * rec_cli.c - the recorder's command-line options, shared by renacer-record
 * and renacer.
 */
#include "cmd/rec_cli.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "libtrace/trace_util.h"

#define STRSIZE_MAX (1u << 20)

void rec_cli_init(struct rec_cli *c)
{
	memset(c, 0, sizeof(*c));
	rec_options_default(&c->o);
}

/* A size with an optional K, M or G suffix (powers of 1024). */
static uint64_t parse_size(const char *arg, const char *opt)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || *arg == '-')
		cli_usage_error("%s: '%s' is not a size (e.g. 64M)", opt, arg);
	switch (*end) {
	case 'k':
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'm':
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'g':
	case 'G':
		v <<= 30;
		end++;
		break;
	default:
		break;
	}
	if (*end || v < 4096 || v > (1ull << 31))
		cli_usage_error("%s: '%s' must be a size from 4K to 2G", opt, arg);
	return v;
}

/* ebpf, ptrace or auto, given by what (the flag or the variable). */
static enum rec_backend_id parse_backend(const char *arg, const char *what)
{
	if (strcmp(arg, "auto") == 0)
		return REC_BACKEND_AUTO;
	if (strcmp(arg, "ptrace") == 0)
		return REC_BACKEND_PTRACE;
	if (strcmp(arg, "ebpf") == 0)
		return REC_BACKEND_EBPF;
	cli_usage_error("%s: '%s' is not one of ebpf, ptrace, auto", what, arg);
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
	case REC_OPT_BACKEND:
		c->o.backend = parse_backend(arg, "--backend");
		c->backend_given = true;
		return true;
	case REC_OPT_BUFFER_SIZE:
		c->o.buffer_size = parse_size(arg, "--buffer-size");
		c->buffer_given = true;
		return true;
	case 'a':
		c->o.system_wide = true;
		return true;
	case REC_OPT_CGROUP:
		if (!*arg)
			cli_usage_error("--cgroup: give a cgroup v2 directory");
		c->cgroup = arg;
		return true;
	case REC_OPT_COMM:
		/* The kernel keeps 15 bytes of a task's name (TASK_COMM_LEN - 1). */
		if (!*arg || strlen(arg) >= TRACE_COMM_LEN)
			cli_usage_error("--comm: '%s' must be a process name of 1 to %d bytes "
			                "(as /proc/PID/comm shows it)",
			                arg, TRACE_COMM_LEN - 1);
		c->o.comm = arg;
		return true;
	case 'u':
		if (!*arg)
			cli_usage_error("-u: give a user name or uid");
		c->user = arg;
		return true;
	default:
		return false;
	}
}

void rec_cli_finish(struct rec_cli *c, int argc, char **argv, int first_arg)
{
	cli_filter_hint(&c->o.filter);
	if (c->depth_given && c->no_stack)
		cli_usage_error("--stack-depth and --no-stack exclude each other");
	if (first_arg < argc)
		c->o.argv = &argv[first_arg];
	bool system = c->o.system_wide || c->cgroup || c->o.comm;
	if (system && c->o.npids)
		cli_usage_error("-p excludes -a, --cgroup and --comm (they select processes "
		                "by name or cgroup instead of by pid)");
	if (c->o.argv && c->o.npids)
		cli_usage_error("give either a command or -p PID, not both");
	if (!c->o.argv && !c->o.npids && !system)
		cli_usage_error("no command given (%s [OPTIONS] -- CMD [ARG...])",
		                trace_progname());
	if (c->user && !c->o.argv)
		cli_usage_error("-u runs a launched command as USER: give a command");
}

static const char *backend_flag(enum rec_backend_id id)
{
	return id == REC_BACKEND_EBPF ? "ebpf" : id == REC_BACKEND_PTRACE ? "ptrace" : "auto";
}

/* The option given that only the ptrace backend has, or NULL. */
static const char *ptrace_only_flag(const struct rec_cli *c)
{
	return c->o.no_seccomp ? "--no-seccomp" : NULL;
}

/* Resolves --backend: auto takes ptrace for an option only ptrace has, else
 * eBPF when it can record here; c->auto_why keeps what auto's line will say. */
static void choose_backend(struct rec_cli *c)
{
	char why[sizeof(c->auto_why)];
	const char *only = ptrace_only_flag(c);
	const struct rec_backend *b;

	if (c->o.backend == REC_BACKEND_AUTO && only) {
		b = &rec_backend_ptrace;
		snprintf(why, sizeof(why), "%s is a ptrace option", only);
	} else {
		b = rec_backend_choose(&c->o, why, sizeof(why));
	}
	if (!b) {
		pr_err("--backend %s: %s", backend_flag(c->o.backend), why);
		exit(EXIT_TRACE_ERROR);
	}
	c->chose_auto = c->o.backend == REC_BACKEND_AUTO;
	c->o.backend = b == &rec_backend_ptrace ? REC_BACKEND_PTRACE : REC_BACKEND_EBPF;
	c->backend_name = b->name;
	snprintf(c->auto_why, sizeof(c->auto_why), "%s", why);
	if (c->buffer_given && c->o.backend != REC_BACKEND_EBPF)
		cli_usage_error("--buffer-size applies to the eBPF backend only");
	if (only && c->o.backend != REC_BACKEND_PTRACE)
		cli_usage_error("%s applies to the ptrace backend only", only);
}

/* Says which backend auto chose (unless quiet), once the target is known good. */
static void say_backend(const struct rec_cli *c)
{
	if (!c->chose_auto || c->o.quiet)
		return;
	if (c->o.backend == REC_BACKEND_PTRACE)
		fprintf(stderr, "%s: recording with the ptrace backend (eBPF: %s)\n",
		        trace_progname(), c->auto_why);
	else
		fprintf(stderr, "%s: recording with the eBPF backend\n", trace_progname());
}

/* The eBPF-only selection flag given, or NULL. */
static const char *system_flag(const struct rec_cli *c)
{
	return c->o.system_wide ? "-a" : c->cgroup ? "--cgroup" : c->o.comm ? "--comm" : NULL;
}

/* -a, --cgroup and --comm select in the kernel: eBPF only. */
static void check_system_mode(struct rec_cli *c)
{
	const char *flag = system_flag(c);
	char why[256], err[512];

	if (!flag)
		return;
	if (c->backend_given && c->o.backend == REC_BACKEND_PTRACE) {
		pr_err("%s needs the eBPF backend (--backend ebpf, as root or with CAP_BPF and "
		       "CAP_PERFMON); ptrace can only follow the processes it launches or "
		       "attaches to",
		       flag);
		exit(EXIT_TRACE_ERROR);
	}
	/* Without --backend these flags choose eBPF: nothing else can do them. */
	if (!c->backend_given)
		c->o.backend = REC_BACKEND_EBPF;
	const struct rec_backend *b = rec_backend_choose(&c->o, why, sizeof(why));
	if (!b || b == &rec_backend_ptrace) {
		pr_err("%s needs the eBPF backend, which cannot record here: %s", flag, why);
		exit(EXIT_TRACE_ERROR);
	}
	if (c->cgroup) {
		c->o.cgroup_fd = rec_cgroup_open(c->cgroup, err, sizeof(err));
		if (c->o.cgroup_fd < 0)
			cli_usage_error("--cgroup: %s", err);
	}
}

/* -u USER: its uid, gid and groups; under sudo without -u, a warning. */
static void check_user(struct rec_cli *c)
{
	if (!c->user) {
		const char *sudo = getenv("SUDO_USER");
		if (c->o.argv && sudo && *sudo && geteuid() == 0 && !c->o.quiet)
			pr_warn("%s runs as root (under sudo); -u %s runs it as %s", c->o.argv[0],
			        sudo, sudo);
		return;
	}
	char *end;
	errno = 0;
	unsigned long id = strtoul(c->user, &end, 10);
	struct passwd *pw =
	    errno == 0 && *end == 0 && end != c->user ? getpwuid((uid_t)id) : getpwnam(c->user);
	if (!pw)
		cli_usage_error("-u: no such user '%s'", c->user);
	if (geteuid() != 0) {
		pr_err("-u %s: running the program as another user needs root", c->user);
		exit(EXIT_TRACE_ERROR);
	}
	int n = 64;
	c->groups = xcalloc((size_t)n, sizeof(gid_t));
	while (getgrouplist(pw->pw_name, pw->pw_gid, c->groups, &n) < 0) {
		free(c->groups);
		c->groups = xcalloc((size_t)n, sizeof(gid_t));
	}
	c->o.run_as_uid = pw->pw_uid;
	c->o.run_as_gid = pw->pw_gid;
	c->o.run_as_groups = c->groups;
	c->o.run_as_ngroups = (size_t)n;
}

void rec_cli_check_target(struct rec_cli *c)
{
	char err[512];
	const char *env = getenv("RENACER_BACKEND");

	/* The default --backend (weaker than the flag: -a still means eBPF). */
	if (!c->backend_given && env && *env)
		c->o.backend = parse_backend(env, "RENACER_BACKEND");
	check_system_mode(c);
	choose_backend(c);
	check_user(c);
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
		say_backend(c);
		return;
	}
	if (c->o.backend == REC_BACKEND_EBPF) {
		/* No ptrace: only that each process exists (and is not us). */
		for (unsigned i = 0; i < c->o.npids; i++) {
			if (c->o.pids[i] <= 0 || c->o.pids[i] == getpid() ||
			    (kill(c->o.pids[i], 0) < 0 && errno == ESRCH)) {
				rec_attach_errmsg(c->o.pids[i], ESRCH, err, sizeof(err));
				pr_err("%s", err);
				exit(EXIT_TRACE_ERROR);
			}
		}
		say_backend(c);
		return;
	}
	if (rec_check_attach(c->o.pids, c->o.npids, err, sizeof(err)) < 0) {
		pr_err("%s", err);
		exit(EXIT_TRACE_ERROR);
	}
	say_backend(c);
}

void rec_cli_free(struct rec_cli *c)
{
	free((char *)c->o.exec_path);
	c->o.exec_path = NULL;
	free(c->groups);
	c->groups = NULL;
	if (c->o.cgroup_fd >= 0)
		close(c->o.cgroup_fd);
	c->o.cgroup_fd = -1;
}

void rec_cli_exit_like_program(const struct rec_cli *c, const struct rec_result *res)
{
	if (res->stop_signal)
		cli_exit_like(res->stop_signal); /* the wait status of a death by that signal */
	if (c->o.argv && res->exited)
		cli_exit_like(res->status);
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

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NSTOPS (sizeof(stop_signals) / sizeof(stop_signals[0]))

/* The first stop signal pending (taking every one), or 0. Those the caller
 * had blocked itself (in old) stay pending. */
static int take_held_signal(const sigset_t *old)
{
	struct timespec zero = {0, 0};
	sigset_t pending, one;
	int first = 0;

	if (sigpending(&pending) != 0)
		return 0;
	for (size_t i = 0; i < NSTOPS; i++) {
		int sig = stop_signals[i];
		if (sigismember(old, sig) || !sigismember(&pending, sig))
			continue;
		sigemptyset(&one);
		sigaddset(&one, sig);
		if (sigtimedwait(&one, NULL, &zero) == sig && !first)
			first = sig;
	}
	return first;
}

void rec_cli_calibrate(struct trace_meta *meta, struct rec_cli *c)
{
	/* The eBPF backend's durations are measured in the kernel: nothing to correct. */
	if (c->o.backend != REC_BACKEND_PTRACE)
		return;
	/* A signal blocked is kept pending even when it is ignored: the recorder's
	 * handlers are not in yet, and a SIGINT to a script's background job
	 * (ignored) would otherwise be lost while the program starts. */
	sigset_t stops, old;
	sigemptyset(&stops);
	for (size_t i = 0; i < NSTOPS; i++)
		sigaddset(&stops, stop_signals[i]);
	(void)sigprocmask(SIG_BLOCK, &stops, &old);
	int r = rec_calibrate(meta, c->o.stack_depth > 0);
	c->o.start_signal = take_held_signal(&old);
	(void)sigprocmask(SIG_SETMASK, &old, NULL);

	if (r == -EAGAIN)
		pr_warn("tracing overhead not calibrated: every measurement was disturbed "
		        "(machine too busy); times will be raw");
	else if (r < 0)
		pr_warn("tracing overhead not calibrated (%s); times will be raw", strerror(-r));
}
