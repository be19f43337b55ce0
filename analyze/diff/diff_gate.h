/*
 * diff_gate.h - CI gates for renacer-diff (--fail-on EXPR):
 *
 *   METRIC[(SYSCALL)] OP VALUE      e.g. calls(fsync)>+10%   p99(read)>2ms   errors>0
 *   new_syscalls | vanished_syscalls
 *   new_findings[(KIND)] | vanished_findings[(KIND)]   e.g. new_findings(small-io)
 *
 * METRIC is calls, errors, total_time (alias time), avg, p50, p90, p99 or max;
 * without (SYSCALL) it applies to all syscalls together. OP is >, >=, <, <=.
 * VALUE "+N%"/"-N%" compares the relative change, "+N"/"-N" (with a sign) the
 * absolute change, and a plain "N" the AFTER value. Times take a unit (ns, us,
 * ms, s; a bare time number is in ms).
 */
#ifndef RENACER_DIFF_GATE_H
#define RENACER_DIFF_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include "analyze/diff/diff.h"

enum gate_metric {
	GM_CALLS,
	GM_ERRORS,
	GM_TOTAL,
	GM_AVG,
	GM_P50,
	GM_P90,
	GM_P99,
	GM_MAX,
	GM_NEW_SYSCALLS,
	GM_VANISHED_SYSCALLS,
	GM_NEW_FINDINGS,
	GM_VANISHED_FINDINGS
};
enum gate_op { GO_GT, GO_GE, GO_LT, GO_LE };
enum gate_value { GV_AFTER, GV_DELTA, GV_PCT };

struct diff_gate {
	const char *text; /* the expression as given */
	enum gate_metric metric;
	char syscall[64]; /* empty: all syscalls */
	char finding[32]; /* *_findings: a finding kind, or empty for all */
	enum gate_op op;
	enum gate_value kind;
	double value; /* ns for time metrics, count otherwise, percent for GV_PCT */
};

/* Parses expr into g. 0, or -1 with a message naming the bad part in err. */
int diff_gate_parse(const char *expr, struct diff_gate *g, char *err, size_t errlen);
/* Whether g looks at findings (both sides must then have them). */
bool diff_gate_on_findings(const struct diff_gate *g);
/* Evaluates g on res. Returns true when the gate FAILS, with an explanation
 * ("calls(fsync): 10 -> 1000 (+9900.0%)") in detail. */
bool diff_gate_fails(const struct diff_gate *g, const struct diff_result *res, char *detail,
                     size_t len);

#endif
