/*
 * trace_outfile.h - how every renacer tool creates an output file (the trace,
 * -o FILE of the report, renacer and renacer-diff, the SQLite export), by the
 * rule of spec/cli.md "Output files":
 *
 *  - a symbolic link at the target is followed only when the invoking (real)
 *    user or root owns it; otherwise the tool refuses (a link planted in a
 *    shared directory never redirects what root writes);
 *  - an existing target that is not a regular file (a terminal, /dev/null, a
 *    FIFO) is written in place, as a shell redirection would;
 *  - anything else is written to a temporary file beside the target,
 *    "TARGET.tmp-PID-N", created mode 0600, and renamed over the target when
 *    done: the target is never seen half-written, and the new file has mode
 *    0600 whatever the old one had.
 *
 * Temporary files (and registered temporary directories) are removed when the
 * tool dies of SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGPIPE (the handlers are installed where the
 * disposition is still the default), except those opened with TRACE_OUT_KEEP: a trace's temporary
 * file is the trace until it is renamed.
 */
#ifndef RENACER_TRACE_OUTFILE_H
#define RENACER_TRACE_OUTFILE_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

struct trace_outfile {
	char *path; /* where the file appears: the target, or what its link names */
	char *tmp;  /* the temporary file being written, NULL when written in place */
	int fd;     /* open for writing; -1 once committed or aborted */
	int reg;    /* slot in the signal-cleanup registry, or -1 */
	unsigned flags;
	FILE *stream; /* trace_outfile_fopen's stream (it owns fd), or NULL */
};

/* trace_outfile_open flags */
#define TRACE_OUT_KEEP 0x1 /* never remove the temporary file on a signal (a trace) */

/* Resolves target by the link rule above into a new string in *path (the file
 * to write). 0, or -1 with a one-line message naming target in err. */
int trace_outfile_resolve(const char *target, char **path, char *err, size_t errlen);
/* Opens target for writing by the rule above. 0, or -1 with a message in err. */
int trace_outfile_open(struct trace_outfile *o, const char *target, unsigned flags, char *err,
                       size_t errlen);
/* trace_outfile_open, then a stdio stream on the descriptor (closed by commit
 * or abort). NULL with a message in err. */
FILE *trace_outfile_fopen(struct trace_outfile *o, const char *target, char *err, size_t errlen);
/* Closes the descriptor (or stream) and renames the temporary file over the target.
 * 0, or -1 with a message in err. On an error the temporary file is removed,
 * except with TRACE_OUT_KEEP: what it holds is still renamed over the target
 * when the rename itself works (a trace keeps what was recorded). */
int trace_outfile_commit(struct trace_outfile *o, char *err, size_t errlen);
/* Closes the descriptor and removes the temporary file (the target is untouched). */
void trace_outfile_abort(struct trace_outfile *o);
/* Registers a temporary file created elsewhere (the SQLite export's) for
 * removal on a fatal signal: a slot for trace_outfile_forget, or -1. path must
 * stay valid until forgotten. */
int trace_outfile_register(const char *path);
void trace_outfile_forget(int slot);
/* Registers a private temporary directory (an extracted pack) to be removed
 * with all it holds on a fatal signal: 0, or -1 when the table (4) is full.
 * dir must stay valid until forgotten. */
int trace_outfile_register_tree(const char *dir);
void trace_outfile_forget_tree(const char *dir);
/* Blocks the fatal signals above (the old mask in *saved, for sigprocmask
 * SIG_SETMASK): so that a temporary thing is made and registered at once. */
void trace_outfile_block_fatal(sigset_t *saved);
/* Removes dir and everything in it, never following a link, at most 8
 * levels down; async-signal-safe (what cannot be removed stays). */
void trace_outfile_remove_tree(const char *dir);

#endif
