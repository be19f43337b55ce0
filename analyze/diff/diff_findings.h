/*
 * diff_findings.h - which findings (spec/findings.md) appeared, went away or
 * stayed between two runs: the two sides' findings paired by key, the key
 * that names a finding across runs (kind and syscall, never a line number).
 */
#ifndef RENACER_DIFF_FINDINGS_H
#define RENACER_DIFF_FINDINGS_H

#include <stdbool.h>

#include "analyze/findings/findings.h"
#include "libtrace/trace_filter.h"

/* One side's findings. */
struct diff_found {
	bool known;               /* the side says which findings it has: a trace always, a
	                           * JSON summary unless written with --no-findings */
	struct finding_refs refs; /* owned */
};

enum diff_fstatus { DF_NEW, DF_GONE, DF_BOTH };

/* A finding of either side. */
struct diff_finding {
	enum diff_fstatus status;
	const struct finding_ref *before, *after; /* NULL on the side it is absent */
};

struct diff_findings {
	bool compared; /* both sides known */
	struct diff_found before, after;
	struct diff_finding *v; /* new first, then gone, then both; each by share, largest first */
	unsigned n, nnew, ngone;
};

/* Pairs before and after by key into df (takes ownership of both sides'
 * references). Nothing is paired when a side is not known. */
void diff_findings_compute(struct diff_findings *df, struct diff_found *before,
                           struct diff_found *after);
/* Drops the findings of a JSON summary whose syscalls (each of "mmap+munmap")
 * the -e filter does not all select. */
void diff_findings_filter(struct finding_refs *refs, const struct trace_filter *filter);
void diff_findings_free(struct diff_findings *df);

#endif
