/*
 * rec_seccomp.h - the seccomp-bpf filter that lets a launched command run
 * unselected system calls without stopping: selected ones return
 * SECCOMP_RET_TRACE (a PTRACE_EVENT_SECCOMP stop), everything else
 * SECCOMP_RET_ALLOW. The filter checks the architecture first: a call made
 * through another ABI (i386, x32) always stops, so nothing escapes unseen.
 */
#ifndef RENACER_REC_SECCOMP_H
#define RENACER_REC_SECCOMP_H

#include <stdbool.h>
#include <stdint.h>

#include "libtrace/trace_filter.h"

struct rec_seccomp_prog;

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

#endif
