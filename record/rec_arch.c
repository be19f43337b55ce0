/*
 * rec_arch.c - architecture-specific register access for the recorder
 * (x86_64: PTRACE_GETREGS/SETREGS). See rec_arch.h.
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

int rec_arch_skip_syscall(pid_t tid, int64_t ret)
{
	rec_regs_t regs;

	if (ptrace(PTRACE_GETREGS, tid, 0, &regs) < 0)
		return -errno;
	regs.orig_rax = (uint64_t)-1; /* the kernel skips syscall -1, leaving rax */
	regs.rax = (uint64_t)ret;
	if (ptrace(PTRACE_SETREGS, tid, 0, &regs) < 0)
		return -errno;
	return 0;
}
