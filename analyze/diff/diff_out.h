/*
 * diff_out.h - prints a renacer-diff comparison as a text table, JSON
 * ("renacer-diff/1") or CSV, with the gate results.
 */
#ifndef RENACER_DIFF_OUT_H
#define RENACER_DIFF_OUT_H

#include <stdio.h>

#include "analyze/diff/diff.h"
#include "analyze/summary/summary.h"

struct diff_gate_result {
	const char *expr;
	bool failed;
	char detail[512];
};

/* Prints res (sides named before/after) with the gates' outcomes. 0 or -1 on write error. */
int diff_print(const struct diff_result *res, const char *before, const char *after, bool by_source,
               const struct diff_gate_result *gates, unsigned ngates, enum out_format format,
               FILE *out);

#endif
