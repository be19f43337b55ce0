/*
 * rec_trigger.h - the flight recorder's triggers (renacer-record --trigger,
 * grammar in spec/cli/record.md): a condition on the recorded calls that,
 * when it holds, has the window written.
 *
 *   latency(CALLS)>DURATION   one call of CALLS took longer than DURATION
 *   errors(CALLS)>COUNT       more than COUNT calls of CALLS failed in the window
 *
 * CALLS is a -e trace= list (names, classes, /REGEX/); DURATION a number with
 * ns, us, ms, s, min or h; COUNT a whole number.
 */
#ifndef RENACER_REC_TRIGGER_H
#define RENACER_REC_TRIGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_filter.h"

enum rec_trigger_kind {
	REC_TRIG_LATENCY = 1, /* a call longer than threshold ns */
	REC_TRIG_ERRORS,      /* more than threshold failed calls in the window */
};

struct rec_trigger {
	enum rec_trigger_kind kind;
	struct trace_filter calls; /* the calls it looks at */
	uint64_t threshold;        /* ns (latency) or calls (errors) */
	uint64_t count;            /* errors: failed calls of CALLS in the window now */
	char text[160];            /* as given, for messages */
};

/* Parses one --trigger expression into t. 0, or -1 with a one-line message
 * naming the bad part in err. */
int rec_trigger_parse(struct rec_trigger *t, const char *expr, char *err, size_t errlen);
/* True when sys is one of t's calls that counts for it: a failed call for
 * errors(), a returned one for latency(). */
bool rec_trigger_counts(const struct rec_trigger *t, const struct trace_syscall *sys);
/* A call that counts entered the window (true: t fires now). */
bool rec_trigger_add(struct rec_trigger *t, const struct trace_syscall *sys);
/* A call that counts left the window. */
void rec_trigger_remove(struct rec_trigger *t, const struct trace_syscall *sys);
/* Parses a duration ("50ms", "1.5s", "2min") into ns. 0, or -1 when it is not one. */
int rec_parse_duration(const char *s, uint64_t *ns);

#endif
