/*
 * rec_seccomp.c - builds and installs the recorder's seccomp-bpf filter.
 *
 * Program layout:
 *   ld  arch                ; not x86_64 -> TRACE
 *   jeq AUDIT_ARCH_X86_64, +1, 0
 *   ret TRACE
 *   ld  nr
 *   jge 0x40000000 (x32), 0, +1 -> TRACE
 *   ret TRACE
 *   for each selected nr:  jeq nr, 0, +1 ; ret TRACE
 *   ret ALLOW
 * (TRACE carries REC_SECCOMP_DATA.)
 * Each test jumps at most one instruction, so the 8-bit jump offsets never
 * overflow however many syscalls are selected.
 */
#include "record/ptrace/rec_seccomp.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "libtrace/trace_util.h"

#define X32_SYSCALL_BIT 0x40000000u
#define RET_TRACE       (SECCOMP_RET_TRACE | REC_SECCOMP_DATA)
#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1u << 4)
#endif

struct rec_seccomp_prog {
	struct sock_filter *insns;
	unsigned len;
};

static void emit(struct rec_seccomp_prog *p, struct sock_filter f)
{
	p->insns[p->len++] = f;
}

struct rec_seccomp_prog *rec_seccomp_build(const uint64_t *stop_set)
{
	struct rec_seccomp_prog *p = xcalloc(1, sizeof(*p));
	unsigned nsel = 0;

	for (unsigned nr = 0; nr < TRACE_FILTER_NR_MAX; nr++)
		if (stop_set[nr / 64] & (1ull << (nr % 64)))
			nsel++;
	p->insns = xcalloc(7 + 2 * nsel, sizeof(*p->insns));
	emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	                                     offsetof(struct seccomp_data, arch)));
	emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
	emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_TRACE));
	emit(p, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	                                     offsetof(struct seccomp_data, nr)));
	emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1));
	emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_TRACE));
	for (unsigned nr = 0; nr < TRACE_FILTER_NR_MAX; nr++) {
		if (!(stop_set[nr / 64] & (1ull << (nr % 64))))
			continue;
		emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1));
		emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_TRACE));
	}
	emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	return p;
}

void rec_seccomp_free(struct rec_seccomp_prog *p)
{
	if (!p)
		return;
	free(p->insns);
	free(p);
}

unsigned rec_seccomp_len(const struct rec_seccomp_prog *p)
{
	return p->len;
}

int rec_seccomp_install(const struct rec_seccomp_prog *p)
{
	struct sock_fprog prog = {.len = (unsigned short)p->len, .filter = p->insns};

	if (p->len > BPF_MAXINSNS)
		return -E2BIG;
	/* Without CAP_SYS_ADMIN the kernel requires no_new_privs. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -errno;
	return 0;
}

static bool in_set(const uint64_t *set, uint64_t nr)
{
	return nr < TRACE_FILTER_NR_MAX && (set[nr / 64] & (1ull << (nr % 64)));
}

bool rec_seccomp_stops(const uint64_t *stop_set, uint32_t arch, uint64_t nr)
{
	return arch != AUDIT_ARCH_X86_64 || (uint32_t)nr >= X32_SYSCALL_BIT || in_set(stop_set, nr);
}

bool rec_seccomp_is_ours(const uint64_t *stop_set, uint32_t arch, uint64_t nr, uint32_t data)
{
	return data == REC_SECCOMP_DATA && rec_seccomp_stops(stop_set, arch, nr);
}

bool rec_seccomp_installed(long nr, const uint64_t *args, int64_t ret, bool *all_threads)
{
	*all_threads = false;
	if (nr == SYS_prctl)
		return args[0] == PR_SET_SECCOMP && args[1] == SECCOMP_MODE_FILTER && ret == 0;
	if (nr != SYS_seccomp || args[0] != SECCOMP_SET_MODE_FILTER || ret < 0)
		return false;
	*all_threads = (args[1] & SECCOMP_FILTER_FLAG_TSYNC) != 0;
	/* TSYNC without TSYNC_ESRCH fails with the tid of a thread it could not sync. */
	if (*all_threads && !(args[1] & SECCOMP_FILTER_FLAG_TSYNC_ESRCH) && ret != 0)
		return false;
	return true;
}

bool rec_seccomp_self_filtered(void)
{
	return prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == SECCOMP_MODE_FILTER;
}
