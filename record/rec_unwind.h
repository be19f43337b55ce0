/*
 * rec_unwind.h - captures the user-space call stack of a stopped thread (or
 * of registers and stack bytes captured elsewhere) as raw return addresses:
 * registers plus one process_vm_readv snapshot of the stack, unwound with
 * DWARF CFI (.eh_frame / .debug_frame), falling back to frame pointers only
 * where a module has no CFI. Unwind rules are cached per
 * PC so a repeated stack costs little.
 */
#ifndef RENACER_REC_UNWIND_H
#define RENACER_REC_UNWIND_H

#include <stdint.h>
#include <sys/types.h>

#include "record/rec_arch.h"
#include "record/rec_maps.h"
#include "record/rec_payload.h"

struct rec_unwinder;

struct rec_unwinder *rec_unwinder_new(struct rec_maps *maps);
void rec_unwinder_free(struct rec_unwinder *u);
/* Unwinds thread tid of process pid from regs: pcs[0] = regs' PC, then return
 * addresses, at most max. Returns the depth (>= 1 when the PC is known). */
unsigned rec_unwind(struct rec_unwinder *u, pid_t pid, pid_t tid, const rec_regs_t *regs,
                    uint64_t *pcs, unsigned max);

/* rec_unwind in two steps, so that other reads of the same stop share the
 * stack's process_vm_readv. rec_unwind_snapshot copies the stack of tid
 * (stopped with regs) and performs reqs in the same call, the reqs first;
 * each req's done tells whether it was read (the caller reads the others
 * itself). rec_unwind_from_snapshot then unwinds (same regs and max as
 * rec_unwind) from that copy. */
void rec_unwind_snapshot(struct rec_unwinder *u, pid_t pid, pid_t tid, const rec_regs_t *regs,
                         struct rec_mem_req *reqs, unsigned nreqs);
unsigned rec_unwind_from_snapshot(struct rec_unwinder *u, const rec_regs_t *regs, uint64_t *pcs,
                                  unsigned max);

/* Unwinds process pid from regs and a copy of its stack taken with them:
 * stack holds the len bytes that were at [SP, SP + len) (the eBPF backend's
 * records), read in place (not copied). Nothing is read from the process, so
 * it may have moved on or exited: a frame whose rules reach outside the copy
 * ends the stack. Same pcs and result as rec_unwind. */
unsigned rec_unwind_bytes(struct rec_unwinder *u, pid_t pid, const rec_regs_t *regs,
                          const void *stack, size_t len, uint64_t *pcs, unsigned max);

#endif
