/* dec_memory.c - memory calls: mmap, mprotect, madvise, mincore, mlock. See dec_common.h. */
#include "dec_common.h"

#include <sys/mman.h>

int main(int argc, char **argv)
{
	unsigned char vec[8];

	dec_begin(argc, argv);
	char *m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[0] = 1;
	m[2 * 4096] = 1;
	syscall(SYS_mprotect, m, 4096, PROT_READ);
	syscall(SYS_madvise, m, 4096, HI(MADV_DONTNEED));
	syscall(SYS_mincore, m, 4 * 4096, vec);
	syscall(SYS_mincore, m, 4096, BAD);
	syscall(SYS_msync, m, 4096, HI(MS_ASYNC));
	syscall(SYS_msync, m, 4096, MS_SYNC | MS_INVALIDATE);
	syscall(SYS_madvise, m, 4096, 25); /* MADV_COLLAPSE */
	syscall(SYS_mlock, m, 4096);
	syscall(SYS_munlock, m, 4096);
	syscall(SYS_mlockall, HI(MCL_CURRENT));
	syscall(SYS_munlockall);
	char *r = mremap(m, 4 * 4096, 8 * 4096, MREMAP_MAYMOVE);
	syscall(SYS_mmap, NULL, 4096, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	syscall(SYS_mmap, NULL, 4096, PROT_READ, MAP_PRIVATE, HI(-1), 0);
	syscall(SYS_munmap, r, 8 * 4096);
	syscall(SYS_madvise, NULL, 0, HI(12345));
	syscall(SYS_mprotect, NULL, 0, PROT_READ | PROT_EXEC | 0x100);
	dec_end();
	return 0;
}
