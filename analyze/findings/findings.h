/*
 * findings.h - spots the performance patterns of the user guide in the calls
 * the summary counts (small reads and writes, fsync after every write, the
 * same path looked up again and again, mmap/munmap churn, ENOENT search
 * storms, one slow call that dominates, latency outliers...) and names, for
 * each, its numbers, its share of syscall time, the source locations
 * responsible and the fix. Thresholds are one table (findings.c) documented
 * in spec/findings.md. Memory grows with distinct keys (syscall and source
 * rows, paths, descriptors, threads), each table capped, never with events.
 */
#ifndef RENACER_FINDINGS_H
#define RENACER_FINDINGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "analyze/summary/agg.h"
#include "libtrace/trace_event.h"

enum finding_kind {
	FK_SMALL_IO,        /* many reads or writes with a small average size */
	FK_SYNC_PER_WRITE,  /* fsync/fdatasync after (almost) every write */
	FK_REPEATED_STAT,   /* the same path (or open descriptor) stat'ed again and again */
	FK_REPEATED_OPEN,   /* the same path opened again and again */
	FK_MANY_FILES,      /* one source location opens a great many different files */
	FK_MMAP_CHURN,      /* mmap and munmap of the same size, over and over */
	FK_ENOENT_STORM,    /* names searched along a path list, failing with ENOENT */
	FK_SLOW_CALL,       /* one call takes most of the syscall time */
	FK_LATENCY_OUTLIER, /* p99 far above p50 */
	FK_COUNT
};

#define FINDING_MAX_SITES 3

/* A source location responsible for a finding, and its part. */
struct finding_site {
	struct agg_source src; /* strings live as long as the findings object */
	uint64_t calls;        /* calls of the finding made there */
};

struct finding {
	enum finding_kind kind;
	char syscall[48]; /* the main syscall ("write", "fsync", "mmap+munmap") */
	char key[160];    /* stable identity across runs: "small-io:write" */
	char *title;      /* one line with the numbers (owned) */
	uint64_t calls;   /* calls that make up the finding */
	uint64_t time_ns; /* their syscall time */
	double share;     /* time_ns / all syscall time, 0..1 */
	/* Kind-specific figures (0 when they do not apply); spec/findings.md. */
	uint64_t bytes, avg_bytes, avg_requested; /* small-io */
	uint64_t syncs, writes;                   /* sync-per-write */
	uint64_t size;                            /* mmap-churn: bytes per mapping */
	uint64_t max_ns, p50_ns, p99_ns;          /* slow-call, latency-outlier */
	uint64_t count;    /* repeated-*: paths; many-files: files; enoent: names searched */
	char subject[256]; /* the example: a path, a file name */
	uint64_t example;  /* lookups (repeated-*) or tries (enoent-storm) of the example */
	struct finding_site sites[FINDING_MAX_SITES];
	unsigned nsites;
};

struct findings;

/* A new, empty collector. */
struct findings *findings_new(void);
void findings_free(struct findings *f);
/* The id of a source location in f (interned; 0 for NULL or an empty one),
 * for findings_add. Ids stay valid for the life of f. */
uint32_t findings_source_id(struct findings *f, const struct agg_source *src);
/* Takes one call the summary counts: its duration as the summary counts it,
 * and the id of its source location (0 when unknown). */
void findings_add(struct findings *f, const struct trace_syscall *s, uint64_t duration_ns,
                  uint32_t src_id);
/* Runs the detectors over what was added. The list is f's (valid until the
 * next findings_compute or findings_free), ordered by share of syscall time,
 * largest first. */
const struct finding *findings_compute(struct findings *f, unsigned *n);

/* Kind names as printed and in JSON ("small-io", "sync-per-write", ...). */
const char *findings_kind_name(enum finding_kind k);
/* The one-line fix of a kind, as the user guide words it. */
const char *findings_fix(enum finding_kind k);

/* Prints the text section ("Findings:" and one block per finding); prints
 * nothing when n is 0. 0, or -1 on a write error. */
int findings_print_text(const struct finding *v, unsigned n, FILE *out);

/* The findings as the JSON summary's "findings" array (spec/findings.md). */
json_t *findings_to_json(const struct finding *v, unsigned n);

/* What renacer-diff compares of a finding: its identity and its words. */
struct finding_ref {
	char *kind, *key, *syscall, *title; /* owned ("mmap+munmap": both syscalls) */
	double share;
};
struct finding_refs {
	struct finding_ref *v;
	unsigned n;
};
/* The references of a computed list. */
void findings_refs_from(const struct finding *v, unsigned n, struct finding_refs *out);
/* The references of a JSON summary's "findings" array (NULL or absent: none).
 * 0, or -1 with a message in err. */
int findings_refs_from_json(const json_t *arr, struct finding_refs *out, char *err, size_t errlen);
/* Frees one reference's strings. */
void findings_ref_clear(struct finding_ref *r);
void findings_refs_free(struct finding_refs *r);

#endif
