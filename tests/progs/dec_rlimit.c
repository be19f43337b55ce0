/* dec_rlimit.c - getrlimit, setrlimit, prlimit64. See dec_common.h. */
#include "dec_common.h"

#include <sys/resource.h>

int main(int argc, char **argv)
{
	struct rlimit rl, core = {0, RLIM_INFINITY};

	dec_begin(argc, argv);
	syscall(SYS_getrlimit, HI(RLIMIT_NOFILE), &rl);
	syscall(SYS_prlimit64, HI(0), HI(RLIMIT_STACK), NULL, &rl);
	syscall(SYS_setrlimit, RLIMIT_CORE, &core);
	syscall(SYS_prlimit64, 0, RLIMIT_CORE, &core, &rl);
	syscall(SYS_getrlimit, RLIMIT_AS, &rl);
	syscall(SYS_getrlimit, RLIMIT_NOFILE, BAD);
	syscall(SYS_getrlimit, 99, &rl);
	syscall(SYS_prlimit64, 0x7fffffff, RLIMIT_CPU, NULL, &rl);
	dec_end();
	return 0;
}
