/*
 * rec_elf.h - the recorder's view of one ELF image (a file on disk or the
 * vDSO copied out of a tracee): its build-id, its executable PT_LOAD segments
 * (to turn a mapping into a load bias) and its call frame information
 * (.eh_frame, then .debug_frame) for the unwinder. Loaded once per file and
 * shared by every process that maps it.
 */
#ifndef RENACER_REC_ELF_H
#define RENACER_REC_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <elfutils/libdw.h>

#include "libtrace/trace_event.h"

struct rec_elf;

/* Opens the file mapped at [start, end) in pid, recorded as path with
 * (dev, inode). Tries path itself, then /proc/PID/map_files/ and
 * /proc/PID/root/path, keeping the first whose dev/inode match. Returns NULL
 * when no such file can be opened or it is not ELF. */
struct rec_elf *rec_elf_open_file(const char *path, pid_t pid, uint64_t start, uint64_t end,
                                  uint64_t dev, uint64_t inode);
/* An ELF image held in memory (the vDSO). Takes ownership of image (malloc'ed).
 * NULL when it is not ELF (image is then freed). */
struct rec_elf *rec_elf_open_memory(void *image, size_t size);
void rec_elf_free(struct rec_elf *e);

/* Build-id of the image: length (0 when none) and bytes. */
unsigned rec_elf_build_id(const struct rec_elf *e, const uint8_t **id);
/* The raw image for in-memory ELF (vDSO), else NULL. */
const void *rec_elf_image(const struct rec_elf *e, size_t *size);
/* Load bias of a mapping of this file at start with file offset offset:
 * runtime address = ELF address + bias. 0, or -1 when no PT_LOAD covers offset. */
int rec_elf_bias(const struct rec_elf *e, uint64_t start, uint64_t offset, uint64_t *bias);
/* True when the image has .eh_frame or .debug_frame call frame information. */
bool rec_elf_has_cfi(struct rec_elf *e);
/* The CFI frame state covering ELF address addr (caller frees it), or NULL when
 * no FDE covers addr. Loads the CFI lazily: .eh_frame first, .debug_frame next. */
Dwarf_Frame *rec_elf_frame(struct rec_elf *e, uint64_t addr);

#endif
