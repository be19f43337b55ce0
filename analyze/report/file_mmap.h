/*
 * file_mmap.h - the summary's page-fault note: whether the program (not the
 * dynamic loader) mapped a file, whose data it then reads through page
 * faults that no syscall shows (spec/summary.md, "Page faults").
 *
 * The loader's mappings do not count: those of shared libraries (the call's
 * syscall site is in the loader; without a stack, glibc's loader passes
 * MAP_DENYWRITE for them) and that of its cache, told by the file: the
 * descriptor an open of `ld.so.cache` returned, followed per process until
 * it is closed.
 */
#ifndef RENACER_FILE_MMAP_H
#define RENACER_FILE_MMAP_H

#include <stdbool.h>

#include "libtrace/trace_event.h"

#define FILE_MMAP_CACHE_FDS 16 /* open descriptors of the loader's cache followed */

struct file_mmap {
	long nr_mmap, nr_open, nr_openat, nr_close; /* in the recorded arch */
	struct {
		int32_t pid, fd; /* fd -1: free */
	} cache[FILE_MMAP_CACHE_FDS];
	unsigned next; /* slot reused when all are taken */
};

/* Sets up fm (nothing followed yet). */
void file_mmap_init(struct file_mmap *fm);
/* Follows s (every call of the trace, filtered out or not, in order): opens
 * of the loader's cache and closes of their descriptors. */
void file_mmap_follow(struct file_mmap *fm, const struct trace_syscall *s);
/* Whether s is a successful mmap of a file by the program. site_in_loader:
 * 1 when the call's syscall site is in the dynamic loader, 0 when not, -1
 * when no stack was recorded. */
bool file_mmap_counts(const struct file_mmap *fm, const struct trace_syscall *s,
                      int site_in_loader);

#endif
