/*
 * rec_seccomp.h - the seccomp-bpf filter that lets a launched command run
 * unselected system calls without stopping: selected ones return
 * SECCOMP_RET_TRACE (a PTRACE_EVENT_SECCOMP stop), everything else
 * SECCOMP_RET_ALLOW. The filter checks the architecture first: a call made
 * through another ABI (i386, x32) always stops, so nothing escapes unseen.
 * Also what the tracer needs to know of a traced program's own filters: which
 * calls install one, and whether a seccomp stop came from ours.
 */
#ifndef RENACER_REC_SECCOMP_H
#define RENACER_REC_SECCOMP_H

#include <stdbool.h>
#include <stdint.h>

#include "libtrace/trace_filter.h"

struct rec_seccomp_prog;

/* The SECCOMP_RET_DATA of our filter's SECCOMP_RET_TRACE: a seccomp stop with
 * other data comes from a filter of the program's own. */
#define REC_SECCOMP_DATA 0x52ccu

/* Builds the filter for the syscall numbers set in stop_set (a bitmap of
 * TRACE_FILTER_NR_MAX bits). Done in the recorder before fork. */
struct rec_seccomp_prog *rec_seccomp_build(const uint64_t *stop_set);
void rec_seccomp_free(struct rec_seccomp_prog *p);
/* Installs p in the calling process (the child, after PTRACE_TRACEME/before
 * exec). Uses PR_SET_NO_NEW_PRIVS only when the process lacks CAP_SYS_ADMIN.
 * Async-signal-safe (no allocation). 0 or -errno. */
int rec_seccomp_install(const struct rec_seccomp_prog *p);
/* Number of BPF instructions (for tests and diagnostics). */
unsigned rec_seccomp_len(const struct rec_seccomp_prog *p);
/* Whether the filter built from stop_set sends the call (audit arch, nr) to
 * the tracer. */
bool rec_seccomp_stops(const uint64_t *stop_set, uint32_t arch, uint64_t nr);
/* Whether a seccomp stop with these (arch, nr, SECCOMP_RET_DATA) is our
 * filter's: its data, for a call it sends to the tracer. (When several
 * filters return SECCOMP_RET_TRACE the newest one's data is reported, so a
 * call both filters trace shows the program's.) */
bool rec_seccomp_is_ours(const uint64_t *stop_set, uint32_t arch, uint64_t nr, uint32_t data);
/* Whether native call nr with args, which returned ret, installed a seccomp
 * filter: seccomp(SECCOMP_SET_MODE_FILTER) or prctl(PR_SET_SECCOMP,
 * SECCOMP_MODE_FILTER). *all_threads: for the whole thread group (TSYNC). */
bool rec_seccomp_installed(long nr, const uint64_t *args, int64_t ret, bool *all_threads);
/* Whether the calling process already runs under a seccomp filter (which its
 * children inherit, and whose actions would outrank ours). */
bool rec_seccomp_self_filtered(void);

#endif
