/* dec_prctl.c - prctl options with their own argument counts, arch_prctl. See dec_common.h. */
#include "dec_common.h"

#include <asm/prctl.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/prctl.h>

#define J 0xdeadbeefcafef00dull /* junk in unused arguments */

int main(int argc, char **argv)
{
	char name[16];
	int sig;
	unsigned long fs;

	dec_begin(argc, argv);
	syscall(SYS_prctl, HI(PR_GET_TIMING), J, J, J, J);
	syscall(SYS_prctl, PR_SET_NAME, "dec-prctl", J, J, J);
	syscall(SYS_prctl, PR_GET_NAME, name, J, J, J);
	syscall(SYS_prctl, PR_GET_DUMPABLE, J, J, J, J);
	syscall(SYS_prctl, PR_SET_DUMPABLE, HI(1), J, J, J);
	syscall(SYS_prctl, PR_SET_PDEATHSIG, HI(SIGTERM), J, J, J);
	syscall(SYS_prctl, PR_GET_PDEATHSIG, &sig, J, J, J);
	syscall(SYS_prctl, PR_SET_PDEATHSIG, 0, J, J, J);
	syscall(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_TIMERSLACK, J, J, J, J);
	syscall(SYS_prctl, PR_SET_TIMERSLACK, 50000, J, J, J);
	syscall(SYS_prctl, PR_CAPBSET_READ, HI(CAP_SYS_ADMIN), J, J, J);
	syscall(SYS_prctl, PR_GET_SECUREBITS, J, J, J, J);
	syscall(SYS_prctl, PR_GET_CHILD_SUBREAPER, &sig, J, J, J);
	syscall(SYS_prctl, PR_GET_THP_DISABLE, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_KEEPCAPS, J, J, J, J);
	syscall(SYS_prctl, PR_GET_SECCOMP, J, J, J, J);
	syscall(SYS_prctl, PR_SET_NAME, BAD, J, J, J);
	syscall(SYS_prctl, 0x7777, 1, 2, 3, 4);
	syscall(SYS_arch_prctl, HI(ARCH_GET_FS), &fs);
	syscall(SYS_arch_prctl, 0x7777, 0);
	syscall(SYS_arch_prctl, ARCH_GET_GS, &fs);
	syscall(SYS_arch_prctl, ARCH_GET_GS, NULL);
	syscall(SYS_arch_prctl, 0x1011 /* ARCH_GET_CPUID */, 0);
	syscall(SYS_arch_prctl, 0x1021 /* ARCH_GET_XCOMP_SUPP */, &fs);
	syscall(SYS_arch_prctl, 0x1023 /* ARCH_REQ_XCOMP_PERM */, 12);
	syscall(SYS_arch_prctl, 0x1023, 18);
	dec_end();
	return 0;
}
