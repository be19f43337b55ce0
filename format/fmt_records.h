/*
 * fmt_records.h - encoding and decoding of the records inside a chunk
 * (spec/format.md, "Records"): each record is a type byte, a varint body
 * length and a body of varints deltas against state that starts afresh in
 * every chunk, so chunks decode independently.
 */
#ifndef RENACER_FMT_RECORDS_H
#define RENACER_FMT_RECORDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "format/fmt_codec.h"
#include "libtrace/trace_event.h"

/* The previous syscall with a given number, as delta reference. */
struct fmt_sys_ref {
	uint32_t gen; /* valid when equal to fmt_delta.gen */
	int32_t tid, pid;
	uint16_t flags;
	uint32_t stack_id;
	uint64_t args[TRACE_MAX_ARGS];
	int64_t ret;
	uint64_t duration;
	uint32_t fd_kinds;
};

/* A call's fields that repeat from its reference: all but nr, ts, duration
 * and payloads (which the caller sets). */
static inline void fmt_ref_load(struct trace_syscall *s, const struct fmt_sys_ref *ref)
{
	s->tid = ref->tid;
	s->pid = ref->pid;
	s->flags = ref->flags;
	s->stack_id = ref->stack_id;
	memcpy(s->args, ref->args, sizeof(s->args));
	s->ret = ref->ret;
	s->fd_kinds = ref->fd_kinds;
}

/* Makes s the reference of generation gen (its duration apart). */
static inline void fmt_ref_store(struct fmt_sys_ref *ref, const struct trace_syscall *s,
                                 uint32_t gen)
{
	ref->gen = gen;
	ref->tid = s->tid;
	ref->pid = s->pid;
	ref->flags = s->flags;
	ref->stack_id = s->stack_id;
	memcpy(ref->args, s->args, sizeof(ref->args));
	ref->ret = s->ret;
	ref->fd_kinds = s->fd_kinds;
}

/* Delta state of one chunk (writer and reader keep identical copies). */
struct fmt_delta {
	uint64_t ref_ts; /* end of the previous syscall, or ts of the previous timed record */
	uint32_t gen;
	struct fmt_sys_ref refs[FMT_NR_REFS];
};

/* Syscall field mask bits: a set bit means the field differs from the reference. */
#define FMT_SYS_TID   (1u << 0)
#define FMT_SYS_PID   (1u << 1)
#define FMT_SYS_ARG0  (1u << 2) /* ... FMT_SYS_ARG0 << 5 for arg 5 */
#define FMT_SYS_RET   (1u << 8)
#define FMT_SYS_FLAGS (1u << 9)
#define FMT_SYS_STACK (1u << 10)
#define FMT_SYS_KNOWN 0x7ffu

/* File-level record type: a run of syscalls identical to the reference of
 * their number except for timing (types 64..127 are reserved for such
 * encodings; public record types stay below 64). */
#define FMT_REC_SYSCALL_RUN 64
#define FMT_RUN_MAX         16384 /* syscalls in one run record */

/* Reader side of a run record being expanded. */
struct fmt_run {
	struct fmt_cur cur;   /* the per-call timing pairs still to read */
	struct fmt_cur waits; /* the per-call CPU waits still to read (1.4) */
	bool has_waits;
	uint32_t left;
	uint16_t nr;
	int64_t base_gap, base_dur;
};

/* Starts a new chunk: all references are forgotten. */
void fmt_delta_reset(struct fmt_delta *d);

/* Appends rec as one record (a syscall is followed by one TREC_PAYLOAD record
 * per payload) to out, updating d. tmp is scratch space. */
void fmt_encode_record(struct fmt_buf *out, struct fmt_buf *tmp, struct fmt_delta *d,
                       const struct trace_record *rec);
/* True when s may join a run: it repeats the valid reference of its number
 * in every field but ts and duration, and has no payloads. */
int fmt_sys_repeats_ref(const struct fmt_delta *d, const struct trace_syscall *s);
/* Appends a run record of count (>= 1) calls repeating the reference of nr,
 * their gaps (ts minus the previous end), durations and CPU waits (NULL: all
 * 0), updating d. */
void fmt_encode_run(struct fmt_buf *out, struct fmt_buf *tmp, struct fmt_delta *d, uint16_t nr,
                    uint32_t count, const int64_t *gaps, const uint64_t *durs,
                    const uint64_t *waits);
/* Opens a run record body. 0, or -1 when malformed or without a reference. */
int fmt_run_begin(struct fmt_run *run, const uint8_t *body, size_t len, const struct fmt_delta *d);
/* The next call of an open run (run->left > 0) into s, updating d. 0 or -1. */
int fmt_run_next(struct fmt_run *run, struct fmt_delta *d, struct trace_syscall *s);
/* Appends the trailer record (absolute values, no delta). */
void fmt_encode_trailer(struct fmt_buf *out, struct fmt_buf *tmp, const struct trace_trailer *t);

/* Decodes the body of a record of a known type (not TREC_PAYLOAD) into rec,
 * updating d. Strings are copied NUL-terminated into scratch; stack pcs go to
 * pcs (TRACE_MAX_STACK entries); other bytes point into body.
 * 0, or -1 when the body is malformed. */
int fmt_decode_record(uint8_t type, const uint8_t *body, size_t len, struct fmt_delta *d,
                      struct fmt_buf *scratch, uint64_t *pcs, struct trace_record *rec);
/* Decodes a TREC_PAYLOAD body (data points into body). 0 or -1. */
int fmt_decode_payload(const uint8_t *body, size_t len, struct trace_payload *p);
/* True when the reader knows how to decode records of this type. */
int fmt_type_known(uint8_t type);

#endif
