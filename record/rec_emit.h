/*
 * rec_emit.h - the one checked path from a recorder backend to its trace_sink.
 * Every record a backend produces (system calls, threads, modules, stacks,
 * lost events) goes through rec_emit: the first sink error is kept and every
 * record after it is dropped, so a full disk or a closed pipe ends recording
 * once, cleanly, and the backend sees it by polling rec_emit_error.
 */
#ifndef RENACER_REC_EMIT_H
#define RENACER_REC_EMIT_H

#include <stdbool.h>

#include "libtrace/trace_event.h"

struct rec_emitter {
	struct trace_sink *sink;
	int error;   /* first -errno the sink returned, or 0 */
	bool paused; /* recording ended (the programs go on): records are dropped */
};

/* An emitter writing to sink (NULL: records are accepted and dropped). */
void rec_emitter_init(struct rec_emitter *e, struct trace_sink *sink);
/* Hands rec to the sink unless an earlier error or a pause ended recording.
 * Returns 0, or the (kept) -errno of the sink. */
int rec_emit_record(struct rec_emitter *e, const struct trace_record *rec);
/* Passes a periodic tick to the sink (when it takes ticks); errors are kept. */
int rec_emit_tick(struct rec_emitter *e, uint64_t now_ns);
/* The error that ended recording, or 0. */
static inline int rec_emit_error(const struct rec_emitter *e)
{
	return e->error;
}

#endif
