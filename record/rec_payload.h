/*
 * rec_payload.h - the ptrace backend's memory reader: executes the captures
 * of the capture policy (rec_policy.h: paths and strings, input buffers and
 * sockaddrs at entry; output buffers, sockaddrs and stat structs at exit;
 * execve's argv) on a stopped tracee with process_vm_readv, and only for
 * arguments that need it. Memory the tracee cannot give is recorded as
 * unreadable, never a crash.
 */
#ifndef RENACER_REC_PAYLOAD_H
#define RENACER_REC_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_syscalls.h"
#include "record/rec_policy.h"

/* One read of tracee memory batched with others in a single
 * process_vm_readv: len bytes at addr into dst; done when all were read. */
struct rec_mem_req {
	uint64_t addr;
	void *dst;
	size_t len;
	bool done;
};

/* Entry payload reads that can share another process_vm_readv (the stack
 * snapshot's): byte ranges within one page, up to REC_PAY_PLAN_BYTES. */
#define REC_PAY_PLAN_MAX   4
#define REC_PAY_PLAN_BYTES 256
struct rec_pay_plan {
	unsigned n;
	uint8_t arg[REC_PAY_PLAN_MAX]; /* argument index of req[i] */
	struct rec_mem_req req[REC_PAY_PLAN_MAX];
	uint8_t bytes[REC_PAY_PLAN_MAX][REC_PAY_PLAN_BYTES];
};

/* Reads up to len bytes at addr in tid into dst, stopping at the first
 * unreadable page. Returns the bytes read (0 when none). */
size_t rec_mem_read(pid_t tid, uint64_t addr, void *dst, size_t len);

/* Captures the entry payloads of sys (nr and args filled) described by d into
 * sys->payloads, bytes stored in buf (of bufsize bytes, reset here). */
void rec_payload_entry(pid_t tid, struct trace_syscall *sys, const struct trace_syscall_desc *d,
                       unsigned strsize, uint8_t *buf, size_t bufsize, size_t *used);
/* Fills plan with the reads of sys's entry payloads that can be batched
 * (sys nr and args filled). The caller performs them (setting done), then
 * passes plan to rec_payload_entry_planned. */
void rec_payload_entry_plan(const struct trace_syscall *sys, const struct trace_syscall_desc *d,
                            unsigned strsize, struct rec_pay_plan *plan);
/* rec_payload_entry, taking the bytes of plan's done reads instead of
 * reading them again (plan may be NULL). Same payloads either way. */
void rec_payload_entry_planned(pid_t tid, struct trace_syscall *sys,
                               const struct trace_syscall_desc *d, unsigned strsize, uint8_t *buf,
                               size_t bufsize, size_t *used, const struct rec_pay_plan *plan);
/* Adds the exit payloads (sys->ret filled) after the entry ones. */
void rec_payload_exit(pid_t tid, struct trace_syscall *sys, const struct trace_syscall_desc *d,
                      unsigned strsize, uint8_t *buf, size_t bufsize, size_t *used);

#endif
