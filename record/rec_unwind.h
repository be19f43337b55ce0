/*
 * rec_unwind.h - captures the user-space call stack of a stopped thread as raw
 * return addresses: registers plus one process_vm_readv snapshot of the
 * stack, unwound with DWARF CFI (.eh_frame / .debug_frame), falling back to
 * frame pointers only where a module has no CFI. Unwind rules are cached per
 * PC so a repeated stack costs little.
 */
#ifndef RENACER_REC_UNWIND_H
#define RENACER_REC_UNWIND_H

#include <stdint.h>
#include <sys/types.h>

#include "record/rec_arch.h"
#include "record/rec_maps.h"

struct rec_unwinder;

struct rec_unwinder *rec_unwinder_new(struct rec_maps *maps);
void rec_unwinder_free(struct rec_unwinder *u);
/* Unwinds thread tid of process pid from regs: pcs[0] = regs' PC, then return
 * addresses, at most max. Returns the depth (>= 1 when the PC is known). */
unsigned rec_unwind(struct rec_unwinder *u, pid_t pid, pid_t tid, const rec_regs_t *regs,
                    uint64_t *pcs, unsigned max);

#endif
