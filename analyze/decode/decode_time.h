/*
 * decode_time.h - the time family: struct timespec, timeval, itimerspec,
 * itimerval and timespec[2] arguments decoded from their payloads, and the
 * date strace appends to time(2)'s result.
 */
#ifndef RENACER_DECODE_TIME_H
#define RENACER_DECODE_TIME_H

#include <stdbool.h>
#include <stdint.h>

#include "analyze/decode/decode.h"

/* "{tv_sec=1, tv_nsec=2}" (usec: "tv_usec=") from 16 recorded bytes. */
void decode_put_timespec(struct strbuf *sb, const uint8_t *p, bool usec);
/* A time argument of kind kind (TA_TIMESPEC_*, TA_TIMEVAL_*, TA_ITIMER*,
 * TA_TIMESPEC2_IN) as strace shows it among the arguments: the entry value
 * of inputs, the exit value of outputs after success, else the address.
 * Returns false when kind is not a time kind. */
bool decode_put_time_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                         unsigned kind);
/* sep then "left {tv_sec=0, tv_nsec=5}" for the timeout argument of kind
 * TA_TIMESPEC_INOUT / TA_TIMEVAL_INOUT whose exit value was recorded;
 * returns false (nothing appended) when there is none. */
bool decode_put_time_left(struct strbuf *sb, const struct decode_ctx *c, const char *sep);
/* time(2)'s result with its date: "1796... (2026-12-01T08:41:50+0000)". */
void decode_put_time_ret(struct strbuf *sb, int64_t t);

#endif
