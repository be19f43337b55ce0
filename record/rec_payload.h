/*
 * rec_payload.h - copies system call arguments out of a stopped tracee, driven
 * by libtrace's argument kinds: path and string arguments, input buffers and
 * sockaddrs at entry; output buffers (length = return value), output sockaddrs
 * and stat structs at exit; execve's argv. Strings and buffers keep their first
 * STRSIZE bytes (paths are kept whole, up to PATH_MAX). Memory the tracee
 * cannot give is recorded as unreadable, never a crash. Only
 * process_vm_readv is used, and only for arguments that need it.
 */
#ifndef RENACER_REC_PAYLOAD_H
#define RENACER_REC_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_syscalls.h"

#define REC_PATH_MAX     4096 /* longest path kept whole */
#define REC_ARGV_MAX     256  /* execve argv strings kept */
#define REC_SOCKADDR_MAX 128  /* sizeof(struct sockaddr_storage) */
#define REC_STRUCT_MAX   256  /* largest fixed-size struct copied */

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

/* Bytes of payload buffer one thread needs so that one call's payloads,
 * entry and exit together, always fit with strsize. */
size_t rec_payload_bufsize(unsigned strsize);

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
/* True when d has an argument captured at entry / at exit: lets the tracer
 * skip the payload code entirely for calls that have none. */
bool rec_payload_has_entry(const struct trace_syscall_desc *d);
bool rec_payload_has_exit(const struct trace_syscall_desc *d);

#endif
