/*
 * decode.h - turns a recorded syscall into text as strace prints it:
 * "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3", driven by the
 * argument kinds of libtrace's syscall table. Decoders are grouped by family
 * (files, memory, network, processes).
 */
#ifndef RENACER_DECODE_H
#define RENACER_DECODE_H

#include <stdbool.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_strbuf.h"

struct decode_opts {
	unsigned strsize; /* max string bytes shown (the recorded payload may be shorter) */
};

/* Appends the decoded argument i of s ("AT_FDCWD", "\"/x\"", "O_RDONLY", "0x7ff..."). */
void decode_arg(struct strbuf *sb, const struct trace_syscall *s, unsigned i,
		const struct decode_opts *o);
/* Appends the return part: "3", "-1 ENOENT (No such file or directory)", "0x7f12...", "?". */
void decode_ret(struct strbuf *sb, const struct trace_syscall *s);
/* Appends "name(arg, arg, ...) = ret". */
void decode_call(struct strbuf *sb, const struct trace_syscall *s, const struct decode_opts *o);
/* The errno name when s failed ("ENOENT"), else NULL. */
const char *decode_errno(const struct trace_syscall *s);

#endif
