/*
 * ring_cli.h - renacer-record's flight recorder options (--ring, --trigger)
 * and how a window becomes a file: FILE at the end of the recording,
 * FILE.1, FILE.2, ... for each SIGUSR1 or trigger before it, each a whole
 * trace written by the output-file rule, with a line on standard error.
 */
#ifndef RENACER_RING_CLI_H
#define RENACER_RING_CLI_H

#include <stdbool.h>

#include "libtrace/trace_event.h"
#include "record/rec_ring.h"

#define RING_CLI_TRIGGERS_MAX 16

/* getopt_long values of the options. */
enum {
	RING_OPT_RING = 0x280,
	RING_OPT_TRIGGER,
};

/* clang-format off */
#define RING_CLI_LONGOPTS \
	{"ring", required_argument, NULL, RING_OPT_RING}, \
	{"trigger", required_argument, NULL, RING_OPT_TRIGGER}
/* clang-format on */

struct ring_cli {
	bool on; /* --ring given */
	struct rec_ring_opts o;
	const char *ring_arg;
	struct rec_trigger trig[RING_CLI_TRIGGERS_MAX];
	unsigned ntrig;
	/* While recording: */
	struct rec_ring *ring;
	const char *path; /* -o FILE */
	const struct trace_meta *meta;
	bool quiet;
	unsigned written; /* numbered files written */
	bool end_failed;  /* the window at the end could not be written */
};

/* Takes --ring or --trigger (a usage error on a bad value); false for others. */
bool ring_cli_option(struct ring_cli *c, int opt, const char *arg);
/* After parsing: --trigger needs --ring (usage error otherwise). */
void ring_cli_finish(const struct ring_cli *c);
/* Checks FILE's directory can take the windows (exit 4 with a message
 * otherwise), creates the flight recorder and installs the SIGUSR1 handler.
 * The sink to record into. */
struct trace_sink ring_cli_start(struct ring_cli *c, const char *path,
                                 const struct trace_meta *meta, bool quiet);
/* After recording: ignores SIGUSR1, writes the last window to FILE. 0, or
 * -1 when it could not be written (said on stderr). */
int ring_cli_end(struct ring_cli *c);
/* Frees the flight recorder. */
void ring_cli_free(struct ring_cli *c);

#endif
