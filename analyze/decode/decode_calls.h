/*
 * decode_calls.h - the syscalls strace prints with more than their argument
 * kinds say: argument lists that depend on a command (fcntl, futex, prctl),
 * clone's named fields, and return values with an explanation ("= 0x8002
 * (flags O_RDWR|O_LARGEFILE)"), each named by the syscall table (its
 * layout= column: "sockopt" for setsockopt and getsockopt). An argument a
 * syscall names with its own constants (eventfd2's EFD_*, renameat2's
 * RENAME_*, ...) is not here: the syscall table gives its kind and table.
 */
#ifndef RENACER_DECODE_CALLS_H
#define RENACER_DECODE_CALLS_H

#include <stdbool.h>

#include "analyze/decode/decode.h"

/* A syscall whose shown arguments are not its raw ones. */
struct decode_layout {
	/* Number of shown arguments. */
	unsigned (*nargs)(const struct decode_ctx *c);
	/* Appends shown argument i (< nargs). */
	void (*arg)(struct strbuf *sb, const struct decode_ctx *c, unsigned i);
	/* Appends the successful return value when it needs more than a number;
	 * returns false to leave it to the generic printer. May be NULL. */
	bool (*ret)(struct strbuf *sb, const struct decode_ctx *c);
};

/* The layout named name (a syscall's layout= in the syscall table), or NULL. */
const struct decode_layout *decode_layout_find(const char *name);

#endif
