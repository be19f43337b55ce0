/*
 * rec_maps.h - tracks the executable mappings (modules) of each traced
 * process and emits TREC_MODULE_MAP / TREC_MODULE_UNMAP records when they
 * change. Build-ids are read once per file (dev, inode); the vDSO image is
 * saved once as a TREC_IMAGE record. The unwinder looks modules up here.
 *
 * Contract with trace consumers: a TREC_EXEC record resets the address space
 * of its pid; the MAP records that follow describe the new image. A new
 * process (fork) gets its own MAP records right after its TREC_THREAD.
 */
#ifndef RENACER_REC_MAPS_H
#define RENACER_REC_MAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libtrace/trace_event.h"

struct rec_maps;

/* One executable mapping as the unwinder sees it. */
struct rec_module {
	uint64_t start, end, offset;
	uint64_t bias; /* load bias: runtime address = ELF vaddr + bias */
	const char *path;
	void *elf_ctx; /* owned by rec_maps: ELF/CFI state for the unwinder */
};

struct rec_emitter;

/* A tracker emitting its records through em (rec_emit.h): a sink error is
 * kept there, and module records after it are dropped. */
struct rec_maps *rec_maps_new(struct rec_emitter *em);
void rec_maps_free(struct rec_maps *m);
/* Re-reads /proc/PID/maps and emits what changed (everything, the first time).
 * 0 or -errno (a vanished process is not an error: returns 0). */
int rec_maps_sync(struct rec_maps *m, pid_t pid, uint64_t ts);
/* Adds the mapping [start, end) of file path at offset with prot to pid's
 * modules and emits it, replacing what it overlaps: for a backend that learns
 * of a code mapping from the call that made it (eBPF) when /proc/PID/maps can
 * no longer be read (a short-lived process was gone). The file is opened by
 * path for its build-id; when it cannot be (or path is NULL) the module is
 * recorded unknown ("[unknown]", no build-id). 0 or the sink's -errno. */
int rec_maps_add(struct rec_maps *m, pid_t pid, uint64_t start, uint64_t end, uint64_t offset,
                 uint32_t prot, const char *path, uint64_t ts);
/* pid executed a new program: forget its modules; the next sync emits the new ones. */
void rec_maps_exec(struct rec_maps *m, pid_t pid);
/* child was forked from parent: it starts with parent's modules (emitted for child). */
int rec_maps_fork(struct rec_maps *m, pid_t parent, pid_t child, uint64_t ts);
/* pid is gone: drop its state. */
void rec_maps_exit(struct rec_maps *m, pid_t pid);
/* True when syscall nr with these args and return value may have changed the
 * executable mappings (mmap/mprotect with PROT_EXEC, munmap, mremap, ...). */
bool rec_maps_syscall_changes(long nr, const uint64_t *args, int64_t ret);
/* The module of pid containing pc, or NULL. The pointer is valid until the
 * next sync, exec, fork or exit call on this tracker. */
const struct rec_module *rec_maps_find(struct rec_maps *m, pid_t pid, uint64_t pc);

/* Like rec_maps_syscall_changes but knowing pid's modules: an munmap, mremap,
 * mprotect without PROT_EXEC or MAP_FIXED mmap without PROT_EXEC answers true
 * only when its range overlaps one of pid's executable mappings, so a program
 * freeing large malloc blocks does not cause re-syncs. */
bool rec_maps_syscall_changes_in(struct rec_maps *m, pid_t pid, long nr, const uint64_t *args,
                                 int64_t ret);
/* Lists mappings by parsing the text of /proc/PID/maps even where the kernel
 * offers the faster PROCMAP_QUERY ioctl (which is used by default). */
void rec_maps_set_text_only(struct rec_maps *m, bool text_only);
/* Number of modules currently known for pid (0 when pid is unknown). */
unsigned rec_maps_count(struct rec_maps *m, pid_t pid);

#endif
