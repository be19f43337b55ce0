/*
 * rec_int80.c - a 64-bit program that also enters the kernel through the
 * 32-bit int $0x80 gate: three i386 getpid() calls (i386 number 20, which
 * is writev on x86_64), each followed by a 1-byte write to stdout. The
 * recorder must record the three writes and none of the other ABI's calls.
 */
#include <unistd.h>

int main(void)
{
	long pid = 0;

	for (int i = 0; i < 3; i++) {
		__asm__ volatile("int $0x80" : "=a"(pid) : "a"(20L) : "memory");
		(void)write(1, "y", 1); /* the write line */
	}
	return pid == getpid() ? 0 : 1;
}
