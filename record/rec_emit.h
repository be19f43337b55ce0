/*
 * rec_emit.h - the one checked path from a recorder backend to its trace_sink.
 * Every record a backend produces (system calls, threads, modules, stacks,
 * lost events) goes through rec_emit: the first sink error is kept and every
 * record after it is dropped, so a full disk or a closed pipe ends recording
 * once, cleanly, and the backend sees it by polling rec_emit_error. Also the
 * one way both backends turn a delivered signal into its record.
 */
#ifndef RENACER_REC_EMIT_H
#define RENACER_REC_EMIT_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

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
struct trace_stacks;
/* Interns the call stack pcs[0..depth) in stacks and, the first time it is
 * seen, emits its TREC_STACK definition (counted in *nstacks). Returns its
 * id, or 0 for none (empty, or the table refused it). */
uint32_t rec_emit_stack(struct rec_emitter *e, struct trace_stacks *stacks, const uint64_t *pcs,
                        uint32_t depth, uint64_t *nstacks);
/* Passes a periodic tick to the sink (when it takes ticks); errors are kept. */
int rec_emit_tick(struct rec_emitter *e, uint64_t now_ns);
/* Fills rec as the TREC_SIGNAL record of signal sig delivered to tid (of pid)
 * at ts with siginfo si (NULL when the kernel gave none): code, sender, the
 * fields strace shows (spec/format.md 5.4), TSIG_STOP for a stop signal. */
void rec_signal_delivered(struct trace_record *rec, uint64_t ts, pid_t tid, pid_t pid, int sig,
                          const siginfo_t *si);
/* The error that ended recording, or 0. */
static inline int rec_emit_error(const struct rec_emitter *e)
{
	return e->error;
}

#endif
