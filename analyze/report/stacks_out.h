/*
 * stacks_out.h - whole call stacks in the report's output: the symbolized
 * frames under each event line (-k, --stack) as text and as the JSON
 * events' "stack" array, and the folded-stack output (--format folded) that
 * flamegraph.pl, inferno and speedscope read: one line per distinct stack,
 * root first, the syscall as leaf, weighted by syscall time or calls.
 * The report symbolizes each (process, stack id) once and keeps what these
 * functions render; see spec/cli/report.md.
 */
#ifndef RENACER_STACKS_OUT_H
#define RENACER_STACKS_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analyze/sym/sym.h"
#include "libtrace/trace_strbuf.h"

/* Appends the -k lines of frames f[0..n) (innermost first): one
 * " > FUNCTION at FILE:LINE [inlined] (MODULE+0xOFFSET)\n" per frame. */
void stacks_text(struct strbuf *sb, const struct sym_frame *f, unsigned n);
/* Appends the JSON array of frames f[0..n): [{"function","file","line",
 * "module","offset","inlined"}...], unknown parts null. */
void stacks_json(struct strbuf *sb, const struct sym_frame *f, unsigned n);
/* Appends the folded frames of f[0..n) root first, ';' between them and
 * after the last: "_start;main;load_fonts;" (a frame with no function is
 * "module+0xOFFSET"; an inlined one ends in "_[i]"; ';' and line breaks in
 * names become ':' and ' '). */
void stacks_folded(struct strbuf *sb, const struct sym_frame *f, unsigned n);

/* The folded-stack aggregation. Memory grows with distinct stacks. */
struct folded;

/* by_calls: lines weigh calls (--weight calls), else syscall time in ns. */
struct folded *folded_new(bool by_calls);
void folded_free(struct folded *fo);
/* Adds one call: root frame comm (NULL: "?"), then frames as stacks_folded
 * wrote them (may be empty), then the syscall name as leaf. */
void folded_add(struct folded *fo, const char *comm, const char *frames, const char *syscall,
                uint64_t duration_ns);
/* Prints one "FRAMES WEIGHT" line per distinct stack, sorted by stack, lines
 * of weight 0 left out. 0, or -1 on a write error. */
int folded_print(const struct folded *fo, FILE *out);

#endif
