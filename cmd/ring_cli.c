/*
 * ring_cli.c - renacer-record's flight recorder options and the files its
 * windows are written to.
 */
#include "cmd/ring_cli.h"

#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/trace_cli.h"
#include "format/fmt_writer.h"
#include "libtrace/trace_util.h"

static struct rec_ring *signal_ring;

static void on_usr1(int sig)
{
	(void)sig;
	if (signal_ring)
		rec_ring_request(signal_ring);
}

bool ring_cli_option(struct ring_cli *c, int opt, const char *arg)
{
	char err[512];

	switch (opt) {
	case RING_OPT_RING:
		if (rec_ring_parse(arg, &c->o, err, sizeof(err)) < 0)
			cli_usage_error("--ring: %s", err);
		c->on = true;
		c->ring_arg = arg;
		return true;
	case RING_OPT_TRIGGER:
		if (c->ntrig == RING_CLI_TRIGGERS_MAX)
			cli_usage_error("--trigger: at most %d triggers", RING_CLI_TRIGGERS_MAX);
		if (rec_trigger_parse(&c->trig[c->ntrig], arg, err, sizeof(err)) < 0)
			cli_usage_error("--trigger: %s", err);
		c->ntrig++;
		return true;
	default:
		return false;
	}
}

void ring_cli_finish(const struct ring_cli *c)
{
	if (c->ntrig && !c->on)
		cli_usage_error("--trigger writes the flight recorder's window: give --ring too");
}

static const char *why_text(enum rec_ring_why why)
{
	return why == REC_RING_SIGNAL    ? "SIGUSR1"
	       : why == REC_RING_TRIGGER ? "trigger"
	                                 : "end of the recording";
}

/* Writes r's window to path. 0 or -1 (said on stderr). */
static int write_file(struct ring_cli *c, struct rec_ring *r, const char *path)
{
	struct fmt_writer *w;
	char err[512];

	if (fmt_writer_open(&w, path, c->meta, NULL, err, sizeof(err)) < 0) {
		pr_err("flight recorder: cannot write %s: %s", path, err);
		return -1;
	}
	struct trace_sink sink = fmt_writer_sink(w);
	int ret = rec_ring_replay(r, &sink);
	if (ret < 0) {
		fmt_writer_abort(w);
		pr_err("flight recorder: writing %s failed: %s", path, strerror(-ret));
		return -1;
	}
	if (fmt_writer_close(w, NULL, err, sizeof(err)) < 0) {
		pr_err("flight recorder: cannot finish %s: %s", path, err);
		return -1;
	}
	return 0;
}

static int on_window(void *ctx, struct rec_ring *r, enum rec_ring_why why, const char *detail)
{
	struct ring_cli *c = ctx;
	char path[4096];

	if (why == REC_RING_END)
		snprintf(path, sizeof(path), "%s", c->path);
	else
		snprintf(path, sizeof(path), "%s.%u", c->path, c->written + 1);
	int ret = write_file(c, r, path);
	if (ret == 0 && why != REC_RING_END)
		c->written++;
	if (ret == 0 && !c->quiet)
		fprintf(stderr, "%s: %s%s%s: wrote the last %.3fs (%llu calls) to %s\n",
		        trace_progname(), why_text(why), detail ? " " : "", detail ? detail : "",
		        (double)rec_ring_span_ns(r) / 1e9, (unsigned long long)rec_ring_calls(r),
		        path);
	return ret < 0 && why == REC_RING_END ? -EIO : 0; /* a failed early window: record on */
}

struct trace_sink ring_cli_start(struct ring_cli *c, const char *path,
                                 const struct trace_meta *meta, bool quiet)
{
	char *copy = xstrdup(path);
	const char *dir = dirname(copy);

	if (access(dir, W_OK | X_OK) < 0) {
		int err = errno;
		pr_err("cannot write the trace file %s: %s: %s", path, dir, strerror(err));
		free(copy);
		exit(EXIT_OUTPUT_ERROR);
	}
	free(copy);
	c->path = path;
	c->meta = meta;
	c->quiet = quiet;
	c->ring = rec_ring_new(&c->o, c->trig, c->ntrig, on_window, c);
	signal_ring = c->ring;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGUSR1, &sa, NULL);
	return rec_ring_sink(c->ring);
}

int ring_cli_end(struct ring_cli *c)
{
	(void)signal(SIGUSR1, SIG_IGN);
	signal_ring = NULL;
	if (on_window(c, c->ring, REC_RING_END, NULL) < 0) {
		c->end_failed = true;
		return -1;
	}
	return 0;
}

void ring_cli_free(struct ring_cli *c)
{
	rec_ring_free(c->ring);
	c->ring = NULL;
}
