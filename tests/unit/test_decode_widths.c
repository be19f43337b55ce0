/*
 * test_decode_widths.c - arguments printed with their C type's width and
 * signedness (the syscall table's ctype), and the constant tables the
 * syscall table names (enum=/flags=), against strace 6.1 on x86_64.
 */
#include "decode_fixture.h"

#include "analyze/decode/decode_flags.h"

#define HI(v) (0xdeadbeef00000000ull | (uint32_t)(v))

Test(decode_widths, upper_halves_ignored_for_32_bit_types)
{
	struct trace_syscall s = sys("umask", 022, 1, HI(077));
	EXPECT(s, "umask(077) = 022");
	s = sys("close_range", -22, 3, 0xfffffffeull, 0xffffffffull, 0xdefaced00000001ull);
	EXPECT(s, "close_range(4294967294, 4294967295, 0x1 /* CLOSE_RANGE_??? */) = -1 EINVAL "
	          "(Invalid argument)");
	s = sys("wait4", -10, 4, HI(-1), 0, HI(0), 0);
	EXPECT(s, "wait4(-1, NULL, 0, NULL) = -1 ECHILD (No child processes)");
	s = sys("listen", 0, 2, HI(3), HI(5));
	EXPECT(s, "listen(3, 5) = 0");
	s = sys("flock", 0, 2, HI(3), HI(2));
	EXPECT(s, "flock(3, LOCK_EX) = 0");
	s = sys("fadvise64", 0, 4, HI(3), 0, 0, HI(2));
	EXPECT(s, "fadvise64(3, 0, 0, POSIX_FADV_SEQUENTIAL) = 0");
}

Test(decode_widths, long_arguments_keep_64_bits)
{
	struct trace_syscall s = sys("lseek", -22, 3, 3, (uint64_t)-5, 0);
	EXPECT(s, "lseek(3, -5, SEEK_SET) = -1 EINVAL (Invalid argument)");
	s = sys("writev", 5, 3, 3, 0, HI(2));
	EXPECT(s, "writev(3, NULL, 16045690981097406466) = 5");
	s = sys("fcntl", 30, 3, 3, 0, HI(30));
	EXPECT(s, "fcntl(3, F_DUPFD, -2401053092612145122) = 30");
}

Test(decode_widths, named_tables_exist)
{
	for (unsigned i = 0; i < trace_syscall_named_count(); i++) {
		const struct trace_syscall_desc *d = trace_syscall_by_index(i);
		for (unsigned a = 0; a < d->nargs; a++)
			if (d->args[a].xlat)
				cr_expect(decode_xlat_find(d->args[a].xlat),
				          "%s arg %u: no table %s", d->name, a, d->args[a].xlat);
	}
	cr_expect_null(decode_xlat_find("no_such_table"));
	cr_expect_null(decode_xlat_find(NULL));
	cr_expect_str_eq(decode_xlat_name(decode_xlat_find("lock_ops"), 8), "LOCK_UN");
}
