/*
 * rec_arch.c - architecture-specific register access for the recorder
 * (x86_64: PTRACE_GETREGS). See rec_arch.h.
 */
#include "record/rec_arch.h"

#include <errno.h>
#include <sys/ptrace.h>

int rec_arch_get_regs(pid_t tid, rec_regs_t *regs)
{
	if (ptrace(PTRACE_GETREGS, tid, 0, regs) < 0)
		return -errno;
	return 0;
}
