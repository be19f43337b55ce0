/*
 * trace_filter.h - filter expressions shared by renacer-record, renacer-report,
 * renacer-diff and renacer: "-e trace=LIST" and "-e status=LIST", with strace's
 * meaning (checked against strace 6.1).
 *
 *   trace=LIST   LIST is comma-separated (empty elements are skipped):
 *                  NAME       a syscall ("openat"), "syscall_0x1cc" or a number ("257")
 *                  %CLASS     a class: %desc %file %network (%net) %memory %process
 *                             %signal %ipc %creds %clock %stat %lstat %fstat %%stat
 *                             %statfs %fstatfs %%statfs %pure, with strace's exact
 *                             static membership; also written without the '%' when
 *                             that is not a syscall's name ("memory", "creds";
 *                             "stat" is the syscall)
 *                  file       %file plus the descriptor calls (class fdio of the
 *                             syscall table: read, write, fsync, close, mmap...)
 *                             made on a file opened by name (regular, directory,
 *                             device, named FIFO), decided per call by the kinds
 *                             the recorder stored (struct trace_syscall.fd_kinds)
 *                  network    (net) %network plus the descriptor calls on a socket
 *                  /REGEX/    every syscall whose name matches the POSIX ERE (the
 *                             closing '/' is optional, as in strace's "/REGEX")
 *                  all, none
 *                  ?X         X, but no error when X is unknown or matches nothing
 *                Leading '!'s invert the whole list (strace): "!open,close" selects
 *                everything but open and close. Unlike strace, a later element may
 *                be negated too: "!X" removes X from what the elements before it
 *                selected ("%desc,!read"). A regex matching no syscall is an error.
 *   t=LIST       the same as trace=LIST; a bare LIST (no "=") also means trace=LIST.
 *   status=LIST  successful, failed, unfinished, unavailable, detached, all, none;
 *                leading '!' inverts ("!successful"). A call that did not return
 *                (no return seen, exit, exit_group) is "unfinished"; a successful
 *                execve returned 0 and is "successful" (as strace shows it).
 *
 * As in strace, a later trace= replaces an earlier one and a later status= replaces
 * an earlier one; a trace= and a status= combine (a call must pass both).
 * Errors name the bad element and the expression: "unknown syscall or class 'opne'
 * in 'trace=opne'", "unknown status 'bogus' in 'status=bogus'".
 */
#ifndef RENACER_TRACE_FILTER_H
#define RENACER_TRACE_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#define TRACE_FILTER_NR_MAX 1024 /* syscall numbers the filter can name */

/* status bits */
#define TFS_SUCCESSFUL  0x1
#define TFS_FAILED      0x2
#define TFS_UNFINISHED  0x4
#define TFS_UNAVAILABLE 0x8
#define TFS_DETACHED    0x10
#define TFS_ALL         0x1f

#define TIO_CLASSES 3 /* TIO_NONE, TIO_FILE, TIO_NET (trace_fdkind.h) */

struct trace_filter {
	bool trace_given; /* a trace= expression was given (it may still select all) */
	/* Syscall numbers that may be selected: every call of a number not here is
	 * left out (the recorder's seccomp filter stops for these). */
	uint64_t set[TRACE_FILTER_NR_MAX / 64];
	/* Selected numbers by the I/O class of the call's descriptors: io_set[TIO_NONE]
	 * for a call without a file or socket argument. set is their union. */
	uint64_t io_set[TIO_CLASSES][TRACE_FILTER_NR_MAX / 64];
	bool by_kind;      /* the io_set differ: trace_filter_match needs the kinds */
	unsigned io_named; /* TIO_FILE / TIO_NET bits: the plain class was named */
	const char *legacy_stat; /* "fstat", "stat" or "lstat" when named (trace_filter_hint) */
	unsigned status;   /* TFS_* bits selected (TFS_ALL by default) */
};

/* Initialises f to select every syscall with every status. */
void trace_filter_init(struct trace_filter *f);
/* Parses one -e argument ("trace=file,!close", "status=failed", or a bare LIST,
 * which means trace=LIST). 0 on success; -1 with a message naming the bad token
 * in err ("unknown syscall or class 'opne' in 'trace=opne'"). */
int trace_filter_parse(struct trace_filter *f, const char *expr, char *err, unsigned errlen);
/* True when calls of syscall nr may be selected (all of them, unless the
 * decision depends on their descriptors: then see trace_filter_match). */
bool trace_filter_has(const struct trace_filter *f, long nr);
/* True when call nr whose descriptor arguments have the kinds fd_kinds
 * (struct trace_syscall.fd_kinds) is selected. */
bool trace_filter_match(const struct trace_filter *f, long nr, uint32_t fd_kinds);
/* True when the list names both plain I/O classes (file and network): summary
 * rows then say which I/O class each is. */
bool trace_filter_labels_io(const struct trace_filter *f);
struct trace_syscall;
/* The status= class of a recorded call, one TFS_* bit: TFS_DETACHED when the
 * recorder detached during it, TFS_UNFINISHED when it did not return
 * (trace_syscall_returned: no return seen, exit, exit_group), TFS_FAILED for a
 * return of -4095..-1, else TFS_SUCCESSFUL (a successful execve included). The
 * one rule the recorder (at record time) and the report (at report time) use. */
unsigned trace_filter_status_of(const struct trace_syscall *s);
/* True when the recorded call s passes status=. */
bool trace_filter_status_ok(const struct trace_filter *f, const struct trace_syscall *s);
/* True when every syscall is selected (no trace= restriction). */
bool trace_filter_selects_all(const struct trace_filter *f);
/* A one-line hint for a list that names a syscall glibc no longer makes
 * (fstat, stat, lstat: glibc 2.33+ calls newfstatat) without newfstatat, in
 * buf: "hint: glibc's fstat() calls newfstatat, ..."; NULL when none applies. */
const char *trace_filter_hint(const struct trace_filter *f, char *buf, unsigned len);
/* Number of selected syscalls among the known ones. */
unsigned trace_filter_count(const struct trace_filter *f);

#endif
