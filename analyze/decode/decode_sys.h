/*
 * decode_sys.h - the system-information family: struct statfs, utsname,
 * sysinfo, rusage and time(2)'s time_t, decoded from their exit payloads
 * with the x86_64 layouts, in strace's notation (not verbose: uname and
 * rusage show their first members, then "...").
 */
#ifndef RENACER_DECODE_SYS_H
#define RENACER_DECODE_SYS_H

#include <stdbool.h>

#include "analyze/decode/decode.h"

/* An argument of kind TA_STATFS_OUT, TA_UTSNAME_OUT, TA_SYSINFO_OUT,
 * TA_RUSAGE_OUT or TA_TIME_OUT: the structure after success, else the
 * address. Returns false when kind is none of these. */
bool decode_put_sys_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, unsigned kind);

#endif
