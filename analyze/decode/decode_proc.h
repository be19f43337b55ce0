/*
 * decode_proc.h - named constants of processes, signals, clocks, futexes,
 * prctl, resource limits and ioctl requests, and their printers.
 */
#ifndef RENACER_DECODE_PROC_H
#define RENACER_DECODE_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "analyze/decode/decode_flags.h"

/* The table of a process-family argument kind (TA_CLOCK_ID, TA_WAIT_OPTIONS, ...)
 * and its style; NULL for other kinds. decode_kind_xlat() includes these. */
const struct decode_xlat_set *decode_proc_kind_xlat(unsigned kind, enum decode_xlat_style *style);
/* clone flags; with_signal: the low byte is the exit signal (clone) */
void decode_put_clone_flags(struct strbuf *sb, uint64_t v, bool with_signal);
/* A signal number: "SIGINT", "SIGRT_3", or the number in decimal. */
void decode_put_signal(struct strbuf *sb, int64_t sig);
/* An ioctl request: its name ("TCGETS") or "_IOC(_IOC_READ, 0x54, 0x1, 0x8)". */
void decode_put_ioctl_cmd(struct strbuf *sb, uint64_t cmd);
/* A futex operation: "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME". */
void decode_put_futex_op(struct strbuf *sb, uint64_t op);

extern const struct decode_xlat_set decode_xl_prctl_dumpable; /* SUID_DUMP_* */

#endif
