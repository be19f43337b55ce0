/*
 * decode.h - turns a recorded syscall into text as strace prints it:
 * "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3", driven by the
 * argument kinds of libtrace's syscall table. Decoders are grouped by family:
 * decode_flags (named constants of files, memory, fds), decode_proc (processes,
 * signals, clocks, futex, ioctl), decode_net (sockets and addresses),
 * decode_struct (struct payloads: stat, statx, timespec, fd pairs, wait
 * status, sigsets, argv/envp, iovecs) and decode_calls (per-syscall layouts:
 * clone, fcntl, futex, prctl, sockopts).
 *
 * Arguments are counted as strace shows them, which is not always the raw
 * argument list: openat's mode only appears with O_CREAT/O_TMPFILE, fcntl's
 * third argument only for commands that take one, and clone shows
 * "child_stack=..., flags=..." in strace's order. decode_nargs() gives that
 * count, decode_arg(i) the i-th shown argument and decode_args_split() all of
 * them in one pass, so JSON/CSV consumers see the same arguments as the text
 * line.
 *
 * Payload conventions (what the recorder attaches, struct trace_payload):
 * TPAY_STRING for paths and strings (TA_PATH_OUT at exit); TPAY_BUFFER for
 * buffers (output ones at exit, len = min(ret, strsize), full_len = ret);
 * TPAY_ARGV for argv and envp (envp's strings are only counted);
 * TPAY_SOCKADDR for sockaddrs, the output ones with full_len = the address
 * length the kernel returned (shown as "[16]" for the socklen_t* argument);
 * TPAY_STRUCT for fixed-size memory (struct stat, statx, timespec, int[2],
 * wait status, sigset, a socklen_t); TPAY_IOVEC for iovec data concatenated.
 * An argument without a usable payload (not captured, unreadable, or an
 * output of a call that failed) is shown as its address, NULL for 0.
 */
#ifndef RENACER_DECODE_H
#define RENACER_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_syscalls.h"

struct decode_opts {
	unsigned strsize; /* max string bytes shown (the recorded payload may be shorter); 0 = 32 */
};

/* Number of arguments strace shows for s (0..6). */
unsigned decode_nargs(const struct trace_syscall *s);
/* Appends the decoded shown argument i of s ("AT_FDCWD", "\"/x\"", "O_RDONLY",
 * "0x7ff..."); appends nothing when i >= decode_nargs(s). */
void decode_arg(struct strbuf *sb, const struct trace_syscall *s, unsigned i,
                const struct decode_opts *o);
/* Appends the shown arguments one after another, with no separator, and sets
 * ends[i] to sb's length after argument i: one decoding of the whole call for
 * the writers that take the arguments apart (JSON, CSV). Returns their count;
 * an argument may be empty (strace shows nothing for it). */
unsigned decode_args_split(struct strbuf *sb, const struct trace_syscall *s,
                           const struct decode_opts *o, size_t ends[TRACE_MAX_ARGS]);
/* Appends all shown arguments joined with ", " (the part between the parentheses). */
void decode_args(struct strbuf *sb, const struct trace_syscall *s, const struct decode_opts *o);
/* Appends the return part: "3", "-1 ENOENT (No such file or directory)", "0x7f12...",
 * "?", "? ERESTARTSYS (To be restarted if SA_RESTART is set)",
 * "0x8002 (flags O_RDWR|O_LARGEFILE)". */
void decode_ret(struct strbuf *sb, const struct trace_syscall *s);
/* Appends "name(arg, arg, ...) = ret". */
void decode_call(struct strbuf *sb, const struct trace_syscall *s, const struct decode_opts *o);
/* The errno name when s failed ("ENOENT"), else NULL. */
const char *decode_errno(const struct trace_syscall *s);

/* --- helpers shared by the decode_*.c files -------------------------------- */

/* What one argument decoder needs. */
struct decode_ctx {
	const struct trace_syscall *s;
	const struct trace_syscall_desc *d; /* NULL for an unknown syscall number */
	unsigned strsize;
};

/* The payload attached to raw argument arg, or NULL. */
const struct trace_payload *decode_payload(const struct trace_syscall *s, unsigned arg);
/* The first payload of kind kind (TPAY_*) of raw argument arg captured at exit
 * (at_exit) or at entry, readable or not; NULL when there is none. */
const struct trace_payload *decode_payload_kind(const struct trace_syscall *s, unsigned arg,
                                                unsigned kind, bool at_exit);
/* The readable struct payload (TPAY_STRUCT) of raw argument arg captured at
 * exit (at_exit) or at entry, holding at least min bytes; else NULL. */
const struct trace_payload *decode_struct_at(const struct trace_syscall *s, unsigned arg,
                                             size_t min, bool at_exit);
/* Little-endian fields of recorded structs (x86_64 layouts). */
static inline uint32_t decode_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t decode_le64(const uint8_t *p)
{
	return (uint64_t)decode_le32(p) | (uint64_t)decode_le32(p + 4) << 32;
}
/* True when s returned and did not fail. */
bool decode_succeeded(const struct trace_syscall *s);
/* Appends a pointer: "NULL" or "0x7ffd1234". */
void decode_put_ptr(struct strbuf *sb, uint64_t v);
/* Appends an integer in hex ("0", "0x1f"). */
void decode_put_hex(struct strbuf *sb, uint64_t v);
/* Appends bytes as a quoted C string with strace's escapes, cut to max bytes;
 * "..." follows when more bytes existed (more is true or len > max). */
void decode_put_quoted(struct strbuf *sb, const uint8_t *data, size_t len, size_t max, bool more);
/* Like decode_put_quoted, every byte as \\xNN (strace's forced hex, getrandom). */
void decode_put_quoted_hex(struct strbuf *sb, const uint8_t *data, size_t len, size_t max,
                           bool more);
/* Raw argument arg as the kernel reads it: cut to its C type's width and
 * sign-extended for signed 32-bit types (the syscall table's ctype). */
uint64_t decode_arg_value(const struct decode_ctx *c, unsigned arg);
/* Appends raw argument arg decoded by its table kind (or by kind, when given). */
void decode_put_kind(struct strbuf *sb, const struct decode_ctx *c, unsigned arg, unsigned kind);

#endif
