/*
 * rec_ring.h - the flight recorder (renacer-record --ring): a trace_sink
 * that keeps only the last window of records in memory (a size, or a
 * duration within a memory cap), with what the window needs to be read and
 * symbolized on its own: the threads alive and the modules mapped when the
 * window begins, the stack definitions and saved images it uses. It writes
 * the window (through a callback) when asked from a signal handler, when a
 * trigger fires, or when the recording ends.
 */
#ifndef RENACER_REC_RING_H
#define RENACER_REC_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libtrace/trace_event.h"
#include "record/rec_trigger.h"

#define REC_RING_MIN_BYTES    (64ull << 10)
#define REC_RING_MAX_BYTES    (64ull << 30)
#define REC_RING_DURATION_CAP (512ull << 20) /* memory a duration window may take */

struct rec_ring_opts {
	uint64_t max_bytes; /* memory the window's records may take */
	uint64_t window_ns; /* 0: by size only; else records of the last window_ns */
};

/* Why a window is written. */
enum rec_ring_why {
	REC_RING_SIGNAL = 1, /* SIGUSR1 */
	REC_RING_TRIGGER,    /* a --trigger fired */
	REC_RING_END,        /* the recording ended */
};

struct rec_ring;
/* Writes the window of r (rec_ring_replay into a trace); detail says what
 * fired for REC_RING_TRIGGER. 0 or -errno. */
typedef int (*rec_ring_write_fn)(void *ctx, struct rec_ring *r, enum rec_ring_why why,
                                 const char *detail);

/* Parses --ring SIZE|DURATION: a size (bytes, or K, M, G suffixes: 64M) or a
 * duration (ns, us, ms, s, min, h: 30s). 0, or -1 with a message in err. */
int rec_ring_parse(const char *arg, struct rec_ring_opts *o, char *err, size_t errlen);
/* A flight recorder with the triggers trig (ntrig, kept by the caller). */
struct rec_ring *rec_ring_new(const struct rec_ring_opts *o, struct rec_trigger *trig,
                              unsigned ntrig, rec_ring_write_fn fn, void *ctx);
void rec_ring_free(struct rec_ring *r);
/* The sink the recorder writes into. */
struct trace_sink rec_ring_sink(struct rec_ring *r);
/* Asks for the window to be written at the next record or tick
 * (async-signal-safe: for the SIGUSR1 handler). */
void rec_ring_request(struct rec_ring *r);
/* Hands the window to out: the threads and modules alive at its start (as
 * attached ones), saved images, the stack definitions it uses, then its
 * records in order. 0, or the first -errno out returned. */
int rec_ring_replay(struct rec_ring *r, struct trace_sink *out);
/* Syscall records in the window, and the time it spans (first to last). */
uint64_t rec_ring_calls(const struct rec_ring *r);
uint64_t rec_ring_span_ns(const struct rec_ring *r);

#endif
