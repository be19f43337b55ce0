/*
 * decode_signal.h - the signal family: signal sets, struct sigaction (the
 * kernel's layout), stack_t, siginfo_t and si_code names, decoded from the
 * recorded bytes (x86_64 layouts) in strace's notation. Used for syscall
 * arguments and for the "--- SIGCHLD {...} ---" lines.
 */
#ifndef RENACER_DECODE_SIGNAL_H
#define RENACER_DECODE_SIGNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyze/decode/decode.h"

/* The fields of a siginfo_t that strace shows. */
struct decode_siginfo {
	int32_t signo, code;
	int32_t pid;          /* si_pid (kill, rt, chld) */
	uint32_t uid;         /* si_uid */
	int32_t status;       /* si_status (chld) */
	int64_t utime, stime; /* si_utime / si_stime (chld), clock ticks */
	uint64_t addr;        /* si_addr (fault signals) */
	int32_t timerid, overrun;
	uint64_t value; /* si_value (rt, timer) */
	bool partial;   /* only signo, code and pid are known (older traces) */
};

/* Fields of a recorded siginfo_t (128 bytes, x86_64 layout). */
void decode_siginfo_from_bytes(struct decode_siginfo *si, const uint8_t *p, size_t len);
/* The name of si_code for signal signo ("CLD_EXITED", "SI_USER"), or NULL. */
const char *decode_si_code_name(int signo, int code);
/* "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=5, si_uid=0, si_status=0,
 * si_utime=0, si_stime=0}" as strace prints it for that signal and code. */
void decode_put_siginfo(struct strbuf *sb, const struct decode_siginfo *si);
/* "[USR1 TERM]" or "~[RTMIN RT_1]" from len bytes of a sigset. */
void decode_put_sigset(struct strbuf *sb, const uint8_t *p, size_t len);
/* A signal-family argument of kind kind (TA_SIGSET_*, TA_SIGACTION_*,
 * TA_STACK_*, TA_SIGINFO_*); false when kind is not one. */
bool decode_put_signal_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                           unsigned kind);

#endif
