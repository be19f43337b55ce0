/*
 * trace_util.h - helpers every renacer tool shares: logging prefixed with the
 * tool's name, allocation that dies loudly on out-of-memory, clocks. Library
 * code returns status; only the programs in cmd/ decide how to exit.
 */
#ifndef RENACER_TRACE_UTIL_H
#define RENACER_TRACE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Sets the name that prefixes every message ("renacer-record"). */
void trace_set_progname(const char *name);
/* The name set above, or "renacer". */
const char *trace_progname(void);

/* "PROG: warning: ..." on stderr. */
void pr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROG: ..." on stderr, for errors the caller then acts on. */
void pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROG: ..." on stderr when verbosity >= level (see trace_set_verbose). */
void pr_debug(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sets the verbosity for pr_debug (0 = quiet). */
void trace_set_verbose(int level);

/* Allocation that never returns NULL: on failure prints and aborts the tool. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string. */
/* Returns p; when another library's allocator returned NULL (p == NULL), dies
 * like xmalloc, naming what: "PROG: out of memory for WHAT". */
void *xnonnull(void *p, const char *what);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* qsort that accepts an empty array (base may be NULL when n < 2, which
 * qsort itself does not allow). */
void trace_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
/* Grows *buf (capacity *cap) to hold at least need bytes, doubling. */
void xgrow(void **buf, size_t *cap, size_t need, size_t elem);

/* CLOCK_MONOTONIC and CLOCK_REALTIME in nanoseconds. */
uint64_t trace_mono_ns(void);
uint64_t trace_wall_ns(void);

/* Opens path read-only only if it is a regular file, without ever blocking
 * (a FIFO or device named by a trace): O_NONBLOCK, then fstat. The
 * descriptor is close-on-exec and blocking again. fd, or -1 with errno
 * (EINVAL for a file that is not regular). */
int trace_open_regular(const char *path);
/* Writes all of buf to fd, retrying on EINTR and short writes. 0 or -errno. */
int trace_write_all(int fd, const void *buf, size_t len);

/* Parses a duration like "1.5", "250ms", "2s", "10us", "300ns" (bare number: seconds)
 * into nanoseconds. 0 on success, -1 on a malformed value. */
int trace_parse_duration(const char *s, uint64_t *ns);

/* fnmatch(3)-style glob match (no flags). */
int trace_glob_match(const char *pattern, const char *s);

#endif
