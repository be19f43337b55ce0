/*
 * dec_common.h - shared by the dec_*.c programs of test_decode_vs_strace.sh:
 * each program makes the calls of one syscall family between two marker
 * opens, with the upper halves of 32-bit registers filled (HI) and bad
 * pointers (BAD) where strace prints the address, so that the event lines of
 * renacer and strace can be compared line by line. Usage: dec_NAME DIR
 */
#ifndef DEC_COMMON_H
#define DEC_COMMON_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A 64-bit register whose low half is the 32-bit argument v. */
#define HI(v) (0xdeadbeef00000000ull | (uint32_t)(v))
/* An address no program maps. */
#define BAD ((void *)0x10)

static char dec_dir[400];

/* Path name DIR/name in buf. */
static inline char *dec_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dec_dir, name);
	return buf;
}

static inline void dec_begin(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		exit(2);
	}
	snprintf(dec_dir, sizeof(dec_dir), "%s", argv[1]);
	/* descriptors numbered as in a clean start, whatever the caller left open */
	syscall(SYS_close_range, 3, ~0u, 0);
	syscall(SYS_openat, AT_FDCWD, "/decode-e2e-start", O_RDONLY);
}

static inline void dec_end(void)
{
	syscall(SYS_openat, AT_FDCWD, "/decode-e2e-end", O_RDONLY);
}

#endif
