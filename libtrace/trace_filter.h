/*
 * trace_filter.h - filter expressions shared by renacer-record, renacer-report,
 * renacer-diff and renacer: "-e trace=LIST" and "-e status=LIST".
 *
 *   trace=LIST   LIST is comma-separated: syscall names, classes ("file" or
 *                "%file"), "/REGEX/" (POSIX ERE on names), "all", "none";
 *                "!X" removes X. Elements apply left to right; a LIST whose
 *                first element is positive starts from the empty set, one whose
 *                first element is negated starts from "all".
 *   status=LIST  successful, failed, unfinished, unavailable, detached; "!X" negates.
 *
 * Several -e options combine: each trace= adds to the selection (union), and
 * status= sets restrict the selection by outcome.
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
	bool trace_given;    /* a trace= expression was given */
	uint64_t set[TRACE_FILTER_NR_MAX / 64]; /* selected syscall numbers */
	unsigned status;     /* TFS_* bits selected (TFS_ALL by default) */
};

/* Initialises f to select every syscall with every status. */
void trace_filter_init(struct trace_filter *f);
/* Parses one -e argument ("trace=file,!close", "status=failed", or a bare LIST,
 * which means trace=LIST). 0 on success; -1 with a message naming the bad token
 * in err ("unknown syscall or class 'opne' in 'trace=opne'"). */
int trace_filter_parse(struct trace_filter *f, const char *expr, char *err, unsigned errlen);
/* True when syscall nr is selected. */
bool trace_filter_has(const struct trace_filter *f, long nr);
/* True when a finished call with return value ret and flags (TSYS_*) passes status=. */
bool trace_filter_status_ok(const struct trace_filter *f, int64_t ret, uint16_t sys_flags);
/* True when every syscall is selected (no trace= restriction). */
bool trace_filter_selects_all(const struct trace_filter *f);
/* Number of selected syscalls among the known ones. */
unsigned trace_filter_count(const struct trace_filter *f);

#endif
