/*
 * summary_json.h - the JSON side of the summary module (summary.h is the
 * public interface): writes "renacer-summary/1" documents with Jansson and
 * reads them back.
 */
#ifndef RENACER_SUMMARY_JSON_H
#define RENACER_SUMMARY_JSON_H

#include <stdio.h>

#include "analyze/summary/summary.h"

/* Writes the JSON summary of a (rows per syscall, with per-source rows when a
 * is by source) to out. 0, or -1 on a write error. */
int summary_print_json(const struct agg *a, const struct summary_opts *o, FILE *out);

#endif
