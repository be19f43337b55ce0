/*
 * decode_struct.h - arguments that point to structured memory, decoded from
 * their recorded payloads as strace prints them: struct stat, timespec,
 * int[2] fd pairs, wait statuses, signal sets, execve's argv and envp, and
 * iovec arrays. Without a usable payload each one prints as its address.
 */
#ifndef RENACER_DECODE_STRUCT_H
#define RENACER_DECODE_STRUCT_H

#include <stdbool.h>
#include <stdint.h>

#include "analyze/decode/decode.h"

/* {st_mode=S_IFREG|0644, st_size=1221, ...} (st_rdev=makedev(...) for devices). */
void decode_put_stat_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg);
/* {stx_mask=STATX_BASIC_STATS, stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=1, ...}. */
void decode_put_statx_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg);
/* {tv_sec=0, tv_nsec=1000}; output: only after success. */
/* [3, 4] after success. */
void decode_put_fdpair_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg);
/* [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] after success. */
void decode_put_wstatus_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg);
/* Appends a wait(2) status word as strace does, without the brackets. */
void decode_put_wstatus(struct strbuf *sb, uint32_t status);
/* [INT TERM], ~[KILL STOP] (a mostly full set), []; output: only after success. */
/* rlimits, struct open_how, mincore vectors (TA_RLIMIT_*, TA_OPEN_HOW,
 * TA_MINCORE_VEC); false when kind is not one. */
bool decode_put_struct_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                           unsigned kind);
/* ["ls", "-la"], strings cut to strsize, at most strsize elements then "...". */
void decode_put_argv_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg);
/* 0x7ffd1234 followed by an "N vars" comment when the strings were counted. */
void decode_put_envp_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg);
/* iovec array of kind TA_IOV_IN, TA_IOV_OUT (data shown after success, up to
 * the bytes returned) or TA_IOV_REMOTE (bases as addresses), with its count in
 * argument count_arg: "[{iov_base=\"ab\", iov_len=2}, ...]". */
void decode_put_iovec_arg(struct strbuf *sb, const struct decode_ctx *c, unsigned arg,
                          unsigned count_arg, unsigned kind);
/* The elements of a TPAY_IOV payload p of an array of count elements:
 * "[{iov_base=\"ab\", iov_len=2}, ...]", at most strsize of them; data shows
 * each element's bytes up to what the call transferred (total), else (a
 * remote array) the addresses. */
void decode_put_iov_elems(struct strbuf *sb, const struct decode_ctx *c,
                          const struct trace_payload *p, uint64_t count, uint64_t total, bool data);

#endif
