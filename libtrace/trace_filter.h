/*
 * trace_filter.h - filter expressions shared by renacer-record, renacer-report,
 * renacer-diff and renacer: "-e trace=LIST" and "-e status=LIST", with strace's
 * meaning (checked against strace 6.1).
 *
 *   trace=LIST   LIST is comma-separated (empty elements are skipped):
 *                  NAME       a syscall ("openat"), "syscall_0x1cc" or a number ("257")
 *                  %CLASS     a class: %desc %file %network (%net) %memory %process
 *                             %signal %ipc %creds %clock %stat %lstat %fstat %%stat
 *                             %statfs %fstatfs %%statfs %pure; also written without
 *                             the '%' when that is not a syscall's name ("file",
 *                             "net", "creds"; "stat" is the syscall)
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

struct trace_filter {
	bool trace_given; /* a trace= expression was given (it may still select all) */
	uint64_t set[TRACE_FILTER_NR_MAX / 64]; /* selected syscall numbers */
	unsigned status;                        /* TFS_* bits selected (TFS_ALL by default) */
};

/* Initialises f to select every syscall with every status. */
void trace_filter_init(struct trace_filter *f);
/* Parses one -e argument ("trace=file,!close", "status=failed", or a bare LIST,
 * which means trace=LIST). 0 on success; -1 with a message naming the bad token
 * in err ("unknown syscall or class 'opne' in 'trace=opne'"). */
int trace_filter_parse(struct trace_filter *f, const char *expr, char *err, unsigned errlen);
/* True when syscall nr is selected. */
bool trace_filter_has(const struct trace_filter *f, long nr);
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
/* Number of selected syscalls among the known ones. */
unsigned trace_filter_count(const struct trace_filter *f);

#endif
