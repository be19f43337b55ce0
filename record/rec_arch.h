/*
 * rec_arch.h - everything the recorder needs to know about the CPU
 * architecture, kept in one place: the register set, where the PC, stack
 * pointer and frame pointer live, and their DWARF numbers. x86_64 today;
 * aarch64 goes here next.
 */
#ifndef RENACER_REC_ARCH_H
#define RENACER_REC_ARCH_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#if defined(__x86_64__)
typedef struct user_regs_struct rec_regs_t;
#define REC_ARCH_NAME   "x86_64"
#define REC_DWARF_NREGS 17 /* rax..r15 (0-15) and the return address column (16) */
#define REC_DWARF_SP    7
#define REC_DWARF_FP    6
#define REC_DWARF_RA    16
static inline uint64_t rec_regs_pc(const rec_regs_t *r)
{
	return r->rip;
}
static inline uint64_t rec_regs_sp(const rec_regs_t *r)
{
	return r->rsp;
}
static inline uint64_t rec_regs_fp(const rec_regs_t *r)
{
	return r->rbp;
}
/* Fills dwarf[0..REC_DWARF_NREGS) with the registers in DWARF numbering. */
static inline void rec_regs_to_dwarf(const rec_regs_t *r, uint64_t *dwarf)
{
	dwarf[0] = r->rax;
	dwarf[1] = r->rdx;
	dwarf[2] = r->rcx;
	dwarf[3] = r->rbx;
	dwarf[4] = r->rsi;
	dwarf[5] = r->rdi;
	dwarf[6] = r->rbp;
	dwarf[7] = r->rsp;
	dwarf[8] = r->r8;
	dwarf[9] = r->r9;
	dwarf[10] = r->r10;
	dwarf[11] = r->r11;
	dwarf[12] = r->r12;
	dwarf[13] = r->r13;
	dwarf[14] = r->r14;
	dwarf[15] = r->r15;
	dwarf[16] = r->rip;
}
/* Bytes of the instruction that enters the kernel for the native ABI. */
#define REC_SYSCALL_INSN_LEN 2
/* The system call of a thread at its syscall-entry stop, read from its
 * registers: number and six arguments. False when the registers do not look
 * like a native entry (not 64-bit code, or rax is not the kernel's -ENOSYS
 * entry marker): ask PTRACE_GET_SYSCALL_INFO then. A 64-bit program can
 * still enter through int $0x80 (another ABI): the caller checks the
 * REC_SYSCALL_INSN_LEN bytes before the PC with rec_is_native_syscall_insn. */
static inline bool rec_regs_syscall_entry(const rec_regs_t *r, uint64_t *nr, uint64_t *args)
{
	if (r->cs != 0x33 || (int64_t)r->rax != -ENOSYS)
		return false;
	*nr = r->orig_rax;
	args[0] = r->rdi;
	args[1] = r->rsi;
	args[2] = r->rdx;
	args[3] = r->r10;
	args[4] = r->r8;
	args[5] = r->r9;
	return true;
}
/* True when insn (the bytes ending at the PC of an entry stop) is the
 * native system call instruction (x86_64: syscall, 0f 05). */
static inline bool rec_is_native_syscall_insn(const uint8_t *insn)
{
	return insn[0] == 0x0f && insn[1] == 0x05;
}
#else
#error "renacer-record supports x86_64 only for now (see record/rec_arch.h)"
#endif

/* Reads the general registers of a ptrace-stopped thread. 0 or -errno. */
int rec_arch_get_regs(pid_t tid, rec_regs_t *regs);
/* At a syscall-entry or seccomp stop: the call is not run and returns ret
 * (a negative errno) instead. 0 or -errno. */
int rec_arch_skip_syscall(pid_t tid, int64_t ret);

#endif
