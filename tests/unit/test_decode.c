/*
 * test_decode.c - decode.h against strace 6.1 for files, paths, buffers,
 * memory, return values and the per-argument API (see decode_fixture.h).
 */
#include "analyze/decode/decode_calls.h"
#include "decode_fixture.h"

Test(decode, openat_read_close)
{
	struct trace_syscall s = sys("openat", 3, 4, (uint64_t)-100, 0x1000, 0, 0);
	pay_str(&s, 1, "/usr/share/fonts/x.ttf");
	EXPECT(s, "openat(AT_FDCWD, \"/usr/share/fonts/x.ttf\", O_RDONLY) = 3");

	s = sys("read", 7, 3, 3, 0x7ffd0000, 8192);
	pay(&s, 1, TPAY_BUFFER, TPAYF_AT_EXIT, "line 1\n", 7, 7);
	EXPECT(s, "read(3, \"line 1\\n\", 8192) = 7");

	s = sys("fsync", 0, 1, 3);
	EXPECT(s, "fsync(3) = 0");
	s = sys("close", 0, 1, 3);
	EXPECT(s, "close(3) = 0");
}

Test(decode, open_failure_and_flags)
{
	struct trace_syscall s = sys("openat", -ENOENT_, 4, (uint64_t)-100, 0x1000, 02000000, 0);
	pay_str(&s, 1, "/nonexistent/x.ttf");
	EXPECT(s, "openat(AT_FDCWD, \"/nonexistent/x.ttf\", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No "
	          "such file or directory)");

	s = sys("openat", 3, 4, (uint64_t)-100, 0x1000, 01 | 0100 | 01000 | 02000000, 0644);
	pay_str(&s, 1, "/tmp/decode_work/out.txt");
	EXPECT(s, "openat(AT_FDCWD, \"/tmp/decode_work/out.txt\", "
	          "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = 3");

	s = sys("open", 3, 3, 0x1000, 02 | 02000 | 04000, 0x7f);
	pay_str(&s, 0, "/tmp/decode_work/out.txt");
	EXPECT(s, "open(\"/tmp/decode_work/out.txt\", O_RDWR|O_APPEND|O_NONBLOCK) = 3");

	s = sys("openat", 4, 4, (uint64_t)-100, 0x1000, 020200000 | 02, 0600);
	pay_str(&s, 1, "/tmp/decode_work");
	EXPECT(s, "openat(AT_FDCWD, \"/tmp/decode_work\", O_RDWR|O_TMPFILE, 0600) = 4");

	s = sys("openat", 5, 4, (uint64_t)-100, 0x1000, 3, 0);
	pay_str(&s, 1, "/tmp/decode_work/out.txt");
	EXPECT(s, "openat(AT_FDCWD, \"/tmp/decode_work/out.txt\", O_ACCMODE) = 5");

	s = sys("openat", -20, 4, 5, 0x1000, 0400000 | 010000000 | 0200000 | 0x40000000, 0);
	pay_str(&s, 1, "rel");
	EXPECT(s, "openat(5, \"rel\", O_RDONLY|O_NOFOLLOW|O_PATH|O_DIRECTORY|0x40000000) = -1 "
	          "ENOTDIR (Not a directory)");

	s = sys("openat", -17, 4, (uint64_t)-100, 0x1000,
	        01 | 0100 | 0200 | 04010000 | 010000 | 01000000 | 0400 | 040000 | 020000, 04755);
	pay_str(&s, 1, "/tmp/decode_work/out.txt");
	EXPECT(s, "openat(AT_FDCWD, \"/tmp/decode_work/out.txt\", "
	          "O_WRONLY|O_CREAT|O_EXCL|O_NOCTTY|O_SYNC|O_DIRECT|O_NOATIME|FASYNC, 04755) = -1 "
	          "EEXIST (File exists)");

	/* every bit: names in strace's order, the rest in hex, mode shown */
	s = sys("openat", -ENOENT_, 4, (uint64_t)-100, 0x1000, 0xffffffffu, 0160500);
	pay_str(&s, 1, "x");
	EXPECT(s, "openat(AT_FDCWD, \"x\", O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|"
	          "O_NONBLOCK|O_SYNC|O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|"
	          "O_TMPFILE|FASYNC|0xff80003c, 0160500) = -1 ENOENT (No such file or directory)");

	s = sys("openat", -ENOTDIR_, 4, (uint64_t)-100, 0x1000,
	        010000 | 040000 | 020000 | 0200000 | 04000 | 02, 0);
	pay_str(&s, 1, "x");
	EXPECT(s, "openat(AT_FDCWD, \"x\", O_RDWR|O_NONBLOCK|O_DSYNC|O_DIRECT|O_DIRECTORY|FASYNC) "
	          "= -1 ENOTDIR (Not a directory)");

	/* __O_TMPFILE alone still takes a mode; -100 in 32 bits is AT_FDCWD */
	s = sys("openat", -EINVAL_, 4, 0xffffff9cu, 0x1000, 020000000, 0644);
	pay_str(&s, 1, "/nope");
	EXPECT(s, "openat(AT_FDCWD, \"/nope\", O_RDONLY|__O_TMPFILE, 0644) = -1 EINVAL (Invalid "
	          "argument)");

	s = sys("creat", 6, 2, 0x1000, 0);
	pay_str(&s, 0, "/tmp/decode_work/c.txt");
	EXPECT(s, "creat(\"/tmp/decode_work/c.txt\", 000) = 6");
}

Test(decode, paths_escaped_and_whole)
{
	struct trace_syscall s = sys("openat", -ENOENT_, 4, (uint64_t)-100, 0x1000, 01, 0);
	pay_str(&s, 1, "x\n\"y");
	EXPECT(s, "openat(AT_FDCWD, \"x\\n\\\"y\", O_WRONLY) = -1 ENOENT (No such file or "
	          "directory)");

	const char *longp =
	    "/tmp/decode_work/a/very/long/path/name/that/exceeds/thirty/two/bytes.txt";
	s = sys("openat", -ENOENT_, 4, (uint64_t)-100, 0x1000, 0, 0);
	pay_str(&s, 1, longp);
	cr_expect(strstr(line(&s), longp) != NULL, "paths are not cut: %s", text);

	s = sys("chdir", 0, 1, 0x1000);
	pay_str(&s, 0, "/tmp");
	EXPECT(s, "chdir(\"/tmp\") = 0");

	s = sys("rename", -ENOENT_, 2, 0x1000, 0x2000);
	pay_str(&s, 0, "/tmp/decode_work/a");
	pay_str(&s, 1, "/tmp/decode_work/b");
	EXPECT(s, "rename(\"/tmp/decode_work/a\", \"/tmp/decode_work/b\") = -1 ENOENT (No such "
	          "file or directory)");

	s = sys("renameat2", -ENOENT_, 5, (uint64_t)-100, 0x1000, (uint64_t)-100, 0x2000, 1);
	pay_str(&s, 1, "/tmp/decode_work/a");
	pay_str(&s, 3, "/tmp/decode_work/b");
	EXPECT(s, "renameat2(AT_FDCWD, \"/tmp/decode_work/a\", AT_FDCWD, \"/tmp/decode_work/b\", "
	          "RENAME_NOREPLACE) = -1 ENOENT (No such file or directory)");

	/* a path whose memory could not be read shows its address */
	s = sys("open", -14, 3, 0x10, 0, 0);
	pay(&s, 0, TPAY_STRING, TPAYF_UNREADABLE, "", 0, 0);
	EXPECT(s, "open(0x10, O_RDONLY) = -1 EFAULT (Bad address)");
}

Test(decode, buffers_escaped_and_cut)
{
	const char *data = "line 1\n\ttab \"q\" back\\slash \001\002x\0377\r\v\f\a\b\033end";
	struct trace_syscall s = sys("write", 40, 3, 3, 0x1000, 40);
	pay(&s, 1, TPAY_BUFFER, 0, data, 32, 40);
	EXPECT(s,
	       "write(3, \"line 1\\n\\ttab \\\"q\\\" back\\\\slash \\1\\2x\\0377\"..., 40) = 40");

	s = sys("write", 42, 3, 3, 0x1000, 42);
	pay(&s, 1, TPAY_BUFFER, 0, "0123456789abcdefghijklmnopqrstuvwxyzABCDEF", 32, 42);
	EXPECT(s, "write(3, \"0123456789abcdefghijklmnopqrstuv\"..., 42) = 42");

	s = sys("write", 9, 3, 3, 0x1000, 9);
	pay(&s, 1, TPAY_BUFFER, 0, "\0001\0009\0a\3778\0", 9, 9);
	EXPECT(s, "write(3, \"\\0001\\09\\0a\\3778\\0\", 9) = 9");

	s = sys("write", 10, 3, 3, 0x1000, 10);
	pay(&s, 1, TPAY_BUFFER, 0, "\a\b\r\v\f\177\200\377 ~", 10, 10);
	EXPECT(s, "write(3, \"\\7\\10\\r\\v\\f\\177\\200\\377 ~\", 10) = 10");

	/* exactly strsize bytes: no "..." */
	s = sys("write", 32, 3, 3, 0x1000, 32);
	pay(&s, 1, TPAY_BUFFER, 0, "0123456789abcdefghijklmnopqrstuv", 32, 32);
	EXPECT(s, "write(3, \"0123456789abcdefghijklmnopqrstuv\", 32) = 32");

	s = sys("write", 0, 3, 3, 0x1000, 0);
	pay(&s, 1, TPAY_BUFFER, 0, "", 0, 0);
	EXPECT(s, "write(3, \"\", 0) = 0");
	s = sys("write", 0, 3, 3, 0, 0);
	pay(&s, 1, TPAY_BUFFER, 0, "", 0, 0);
	EXPECT(s, "write(3, NULL, 0) = 0");
	s = sys("write", -14, 3, 3, 0, 5);
	EXPECT(s, "write(3, NULL, 5) = -1 EFAULT (Bad address)");

	/* sizes are unsigned, fds are ints */
	s = sys("write", -14, 3, 0x100000001ull, 0x1000, 140737488355327ull);
	pay(&s, 1, TPAY_BUFFER, 0,
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 32,
	    140737488355327ull);
	EXPECT(
	    s,
	    "write(1, \"\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"
	    "\\0\\0\\0\\0\\0\\0\\0\"..., 140737488355327) = -1 EFAULT (Bad address)");

	/* the octal digit rule does not look past the cut */
	s = sys("write", 33, 3, 3, 0x1000, 33);
	pay(&s, 1, TPAY_BUFFER, 0, "0123456789abcdefghijklmnopqrstu\0001", 32, 33);
	EXPECT(s, "write(3, \"0123456789abcdefghijklmnopqrstu\\0\"..., 33) = 33");
	s = sys("write", 32, 3, 3, 0x1000, 32);
	pay(&s, 1, TPAY_BUFFER, 0, "0123456789abcdefghijklmnopqrst\0001", 32, 32);
	EXPECT(s, "write(3, \"0123456789abcdefghijklmnopqrst\\0001\", 32) = 32");

	/* -s: a larger display size shows what was captured, then "..." */
	s = sys("write", 42, 3, 3, 0x1000, 42);
	pay(&s, 1, TPAY_BUFFER, 0, "0123456789abcdefghijklmnopqrstuvwxyzABCDEF", 42, 42);
	cr_expect_str_eq(line_s(&s, 8), "write(3, \"01234567\"..., 42) = 42");
}

Test(decode, output_buffers)
{
	/* read: the data is shown from the exit payload, length = return value */
	struct trace_syscall s = sys("read", 107, 3, 3, 0x1000, 256);
	pay(&s, 1, TPAY_BUFFER, TPAYF_AT_EXIT, "\a\b\r\v\f\177\200\377 ~0123456789abcdefghijkl", 32,
	    107);
	EXPECT(
	    s,
	    "read(3, \"\\7\\10\\r\\v\\f\\177\\200\\377 ~0123456789abcdefghijkl\"..., 256) = 107");

	s = sys("read", 0, 3, 3, 0x1000, 256);
	EXPECT(s, "read(3, \"\", 256) = 0");

	/* a failed read shows the pointer */
	s = sys("read", -EBADF_, 3, 99, 0x7fff2b7818c0ull, 10);
	EXPECT(s, "read(99, 0x7fff2b7818c0, 10) = -1 EBADF (Bad file descriptor)");
	s = sys("pread64", -EBADF_, 4, 3, 0x7fff2b7818c0ull, 10, 0);
	EXPECT(s, "pread64(3, 0x7fff2b7818c0, 10, 0) = -1 EBADF (Bad file descriptor)");

	s = sys("pwrite64", 3, 4, 3, 0x1000, 3, 100);
	pay(&s, 1, TPAY_BUFFER, 0, "abc", 3, 3);
	EXPECT(s, "pwrite64(3, \"abc\", 3, 100) = 3");

	s = sys("readlink", 20, 3, 0x1000, 0x2000, 100);
	pay_str(&s, 0, "/proc/self/exe");
	pay(&s, 1, TPAY_BUFFER, TPAYF_AT_EXIT, "/tmp/decode_work/fam", 20, 20);
	EXPECT(s, "readlink(\"/proc/self/exe\", \"/tmp/decode_work/fam\", 100) = 20");

	s = sys("readlinkat", -ENOENT_, 4, (uint64_t)-100, 0x1000, 0x7fff2b7818c0ull, 100);
	pay_str(&s, 1, "/nonexist");
	EXPECT(s, "readlinkat(AT_FDCWD, \"/nonexist\", 0x7fff2b7818c0, 100) = -1 ENOENT (No such "
	          "file or directory)");

	/* an unfinished call shows "?" and no output data */
	s = sys("read", 0, 3, 0, 0x7ffc00001000ull, 4096);
	s.flags = TSYS_UNFINISHED;
	EXPECT(s, "read(0, 0x7ffc00001000, 4096) = ?");
}

Test(decode, lseek_whence)
{
	struct trace_syscall s = sys("lseek", 0, 3, 3, 0, 0);
	EXPECT(s, "lseek(3, 0, SEEK_SET) = 0");
	s = sys("lseek", 106, 3, 3, (uint64_t)-1, 1);
	EXPECT(s, "lseek(3, -1, SEEK_CUR) = 106");
	s = sys("lseek", 0, 3, 3, 0, 3);
	EXPECT(s, "lseek(3, 0, SEEK_DATA) = 0");
	s = sys("lseek", 107, 3, 3, 0, 4);
	EXPECT(s, "lseek(3, 0, SEEK_HOLE) = 107");
	s = sys("lseek", -EINVAL_, 3, 3, 0, 7);
	EXPECT(s, "lseek(3, 0, 0x7 /* SEEK_??? */) = -1 EINVAL (Invalid argument)");
}

Test(decode, stat_family)
{
	uint8_t st[144] = {0};
	uint32_t mode = 0100644;
	int64_t size = 1221;
	memcpy(st + 24, &mode, 4);
	memcpy(st + 48, &size, 8);
	struct trace_syscall s = sys("newfstatat", 0, 4, (uint64_t)-100, 0x1000, 0x2000, 0x100);
	pay_str(&s, 1, "/etc/passwd");
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, st, sizeof(st), sizeof(st));
	EXPECT(s,
	       "newfstatat(AT_FDCWD, \"/etc/passwd\", {st_mode=S_IFREG|0644, st_size=1221, ...}, "
	       "AT_SYMLINK_NOFOLLOW) = 0");

	uint64_t rdev = 0x103;
	mode = 020666;
	memcpy(st + 24, &mode, 4);
	memcpy(st + 40, &rdev, 8);
	s = sys("newfstatat", 0, 4, 0, 0x1000, 0x2000, 0x1000);
	pay_str(&s, 1, "");
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, st, sizeof(st), sizeof(st));
	EXPECT(s, "newfstatat(0, \"\", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, "
	          "AT_EMPTY_PATH) = 0");

	mode = 041777;
	size = 4096;
	memcpy(st + 24, &mode, 4);
	memcpy(st + 48, &size, 8);
	s = sys("stat", 0, 2, 0x1000, 0x2000);
	pay_str(&s, 0, "/tmp");
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, st, sizeof(st), sizeof(st));
	EXPECT(s, "stat(\"/tmp\", {st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}) = 0");

	s = sys("stat", -ENOENT_, 2, 0x1000, 0x7fff0b20b4e0ull);
	pay_str(&s, 0, "/nope");
	EXPECT(s, "stat(\"/nope\", 0x7fff0b20b4e0) = -1 ENOENT (No such file or directory)");
}

Test(decode, at_flags_and_access)
{
	struct trace_syscall s = sys("unlinkat", -ENOENT_, 3, (uint64_t)-100, 0x1000, 0x200);
	pay_str(&s, 1, "/tmp/decode_work/nodir");
	EXPECT(s, "unlinkat(AT_FDCWD, \"/tmp/decode_work/nodir\", AT_REMOVEDIR) = -1 ENOENT (No "
	          "such file or directory)");

	s = sys("unlinkat", 0, 3, (uint64_t)-100, 0x1000, 0);
	pay_str(&s, 1, "/tmp/decode_work/c.txt");
	EXPECT(s, "unlinkat(AT_FDCWD, \"/tmp/decode_work/c.txt\", 0) = 0");

	s = sys("unlinkat", -EINVAL_, 3, (uint64_t)-100, 0x1000, 0xffffffffu);
	pay_str(&s, 1, "/nope");
	EXPECT(s,
	       "unlinkat(AT_FDCWD, \"/nope\", AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR|AT_SYMLINK_FOLLOW|"
	       "AT_NO_AUTOMOUNT|AT_EMPTY_PATH|AT_RECURSIVE|0xffff60ff) = -1 EINVAL (Invalid "
	       "argument)");

	s = sys("unlinkat", -EINVAL_, 3, (uint64_t)-100, 0x1000, 0x10000);
	pay_str(&s, 1, "/nope");
	EXPECT(s, "unlinkat(AT_FDCWD, \"/nope\", 0x10000 /* AT_??? */) = -1 EINVAL (Invalid "
	          "argument)");

	s = sys("fchownat", -EINVAL_, 5, (uint64_t)-100, 0x1000, (uint64_t)-1, (uint64_t)-1,
	        0x100 | 0x8000);
	pay_str(&s, 1, "/tmp/decode_work/out.txt");
	EXPECT(s, "fchownat(AT_FDCWD, \"/tmp/decode_work/out.txt\", -1, -1, "
	          "AT_SYMLINK_NOFOLLOW|AT_RECURSIVE) = -1 EINVAL (Invalid argument)");

	s = sys("access", 0, 2, 0x1000, 4 | 2);
	pay_str(&s, 0, "/etc/passwd");
	EXPECT(s, "access(\"/etc/passwd\", R_OK|W_OK) = 0");
	s = sys("access", 0, 2, 0x1000, 0);
	pay_str(&s, 0, "/etc/passwd");
	EXPECT(s, "access(\"/etc/passwd\", F_OK) = 0");
	s = sys("access", -EINVAL_, 2, 0x1000, 1 | 0x10);
	pay_str(&s, 0, "/etc/passwd");
	EXPECT(s, "access(\"/etc/passwd\", X_OK|0x10) = -1 EINVAL (Invalid argument)");
	s = sys("access", -EINVAL_, 2, 0x1000, 0x10);
	pay_str(&s, 0, "x");
	EXPECT(s, "access(\"x\", 0x10 /* ?_OK */) = -1 EINVAL (Invalid argument)");

	s = sys("faccessat", 0, 3, (uint64_t)-100, 0x1000, 4);
	pay_str(&s, 1, "/etc/passwd");
	EXPECT(s, "faccessat(AT_FDCWD, \"/etc/passwd\", R_OK) = 0");
	s = sys("faccessat2", 0, 4, (uint64_t)-100, 0x1000, 4, 0x200 | 0x100);
	pay_str(&s, 1, "/etc/passwd");
	EXPECT(s,
	       "faccessat2(AT_FDCWD, \"/etc/passwd\", R_OK, AT_SYMLINK_NOFOLLOW|AT_EACCESS) = 0");

	s = sys("statx", -ENOENT_, 5, (uint64_t)-100, 0x1000, 0x100, 0xfff, 0x7fff0b20b4e0ull);
	pay_str(&s, 1, "/nope");
	EXPECT(s,
	       "statx(AT_FDCWD, \"/nope\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_ALL, "
	       "0x7fff0b20b4e0) = -1 ENOENT (No such file or directory)");
}

Test(decode, statx_and_mq_open)
{
	struct trace_syscall s =
	    sys("statx", -EINVAL_, 5, (uint64_t)-100, 0x1000, 0xffffffffu, 0, 0);
	pay_str(&s, 1, "/nope");
	EXPECT(s,
	       "statx(AT_FDCWD, \"/nope\", AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC|"
	       "AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR|AT_SYMLINK_FOLLOW|AT_NO_AUTOMOUNT|AT_EMPTY_PATH|"
	       "AT_RECURSIVE|0xffff00ff, 0, NULL) = -1 EINVAL (Invalid argument)");
	s = sys("statx", -EINVAL_, 5, (uint64_t)-100, 0x1000, 0x6000, 0, 0);
	pay_str(&s, 1, "/nope");
	EXPECT(s,
	       "statx(AT_FDCWD, \"/nope\", AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC, 0, NULL) = -1 "
	       "EINVAL (Invalid argument)");
	s = sys("faccessat2", -EINVAL_, 4, (uint64_t)-100, 0x1000, 0, 0xffffffffu);
	pay_str(&s, 1, "/nope");
	EXPECT(s,
	       "faccessat2(AT_FDCWD, \"/nope\", F_OK, AT_SYMLINK_NOFOLLOW|AT_EACCESS|AT_EMPTY_PATH|"
	       "0xffffecff) = -1 EINVAL (Invalid argument)");

	s = sys("mq_open", -13, 4, 0x1000, 0, 0600, 0);
	pay(&s, 0, TPAY_STRING, 0, "/x", 2, 2);
	EXPECT(s, "mq_open(\"/x\", O_RDONLY) = -1 EACCES (Permission denied)");
	s = sys("mq_open", -13, 4, 0x1000, 02 | 0100, 0600, 0);
	pay(&s, 0, TPAY_STRING, 0, "/x", 2, 2);
	EXPECT(s, "mq_open(\"/x\", O_RDWR|O_CREAT, 0600, NULL) = -1 EACCES (Permission denied)");
}

Test(decode, statx_struct_getrandom_ids)
{
	uint8_t stx[256] = {0};
	uint32_t mask = 0x17ff;
	uint16_t mode = 040755;
	uint64_t size = 4096;
	memcpy(stx, &mask, 4);
	memcpy(stx + 28, &mode, 2);
	memcpy(stx + 40, &size, 8);
	struct trace_syscall s =
	    sys("statx", 0, 5, (uint64_t)-100, 0x1000, 0x100 | 0x800, 0x25e, 0x2000);
	pay_str(&s, 1, "/etc");
	pay(&s, 4, TPAY_STRUCT, TPAYF_AT_EXIT, stx, sizeof(stx), sizeof(stx));
	EXPECT(
	    s,
	    "statx(AT_FDCWD, \"/etc\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|"
	    "AT_NO_AUTOMOUNT, STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|STATX_SIZE, "
	    "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, "
	    "stx_size=4096, ...}) = 0");

	s = sys("getrandom", 8, 3, 0x1000, 8, 1);
	pay(&s, 0, TPAY_BUFFER, TPAYF_AT_EXIT, "\xd8\xc1\xba\x8b\x58\x9c\xef\xc6", 8, 8);
	EXPECT(s, "getrandom(\"\\xd8\\xc1\\xba\\x8b\\x58\\x9c\\xef\\xc6\", 8, GRND_NONBLOCK) = 8");

	s = sys("fchownat", -EINVAL_, 5, (uint64_t)-100, 0x1000, 0xffffffffu, 0xffffffffu, 0);
	pay_str(&s, 1, "/x");
	EXPECT(s, "fchownat(AT_FDCWD, \"/x\", -1, -1, 0) = -1 EINVAL (Invalid argument)");
	s = sys("setresuid", 0, 3, 0, 1000, 0xffffffffu);
	EXPECT(s, "setresuid(0, 1000, -1) = 0");
}

Test(decode, modes)
{
	struct trace_syscall s = sys("mkdirat", 0, 3, (uint64_t)-100, 0x1000, 0755);
	pay_str(&s, 1, "/tmp/decode_work/d");
	EXPECT(s, "mkdirat(AT_FDCWD, \"/tmp/decode_work/d\", 0755) = 0");
	s = sys("fchmodat", 0, 3, (uint64_t)-100, 0x1000, 0600);
	pay_str(&s, 1, "/tmp/decode_work/out.txt");
	EXPECT(s, "fchmodat(AT_FDCWD, \"/tmp/decode_work/out.txt\", 0600) = 0");
	s = sys("chmod", -ENOENT_, 2, 0x1000, 04755);
	pay_str(&s, 0, "/nope/x");
	EXPECT(s, "chmod(\"/nope/x\", 04755) = -1 ENOENT (No such file or directory)");
	s = sys("umask", 022, 1, 022);
	EXPECT(s, "umask(022) = 022");
	s = sys("mknodat", -ENOENT_, 4, (uint64_t)-100, 0x1000, 020644, 0x103);
	pay_str(&s, 1, "/nope/x");
	EXPECT(s, "mknodat(AT_FDCWD, \"/nope/x\", S_IFCHR|0644, makedev(0x1, 0x3)) = -1 ENOENT (No "
	          "such file or directory)");
}

Test(decode, mmap_family)
{
	struct trace_syscall s = sys("mmap", 0x7f1234000000, 6, 0, 104857600, 1, 2, 3, 0);
	EXPECT(s, "mmap(NULL, 104857600, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f1234000000");

	s = sys("mmap", 0x7fb2a9800000, 6, 0, 104857600, 1, 0x22, (uint64_t)-1, 0);
	EXPECT(s, "mmap(NULL, 104857600, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
	          "0x7fb2a9800000");

	s = sys("mmap", 0x7fa6b3539000, 6, 0x7fa6b3539000, 1400832, 5, 0x812, 1, 0x26000);
	EXPECT(s, "mmap(0x7fa6b3539000, 1400832, PROT_READ|PROT_EXEC, "
	          "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 1, 0x26000) = 0x7fa6b3539000");

	s = sys("mmap", 0x10000, 6, 0x10000, 8192, 3, 0x1 | 0x10 | 0x20 | 0x4000 | 0x8000,
	        (uint64_t)-1, 0);
	EXPECT(s,
	       "mmap(0x10000, 8192, PROT_READ|PROT_WRITE, "
	       "MAP_SHARED|MAP_FIXED|MAP_ANONYMOUS|MAP_NORESERVE|MAP_POPULATE, -1, 0) = 0x10000");

	s = sys("mmap", -17, 6, 0, 8192, 3 | 0x01000000,
	        0x2 | 0x20 | 0x100 | 0x20000 | 0x40000 | 0x100000 | (21u << 26), (uint64_t)-1, 0);
	EXPECT(s,
	       "mmap(NULL, 8192, PROT_READ|PROT_WRITE|PROT_GROWSDOWN, "
	       "MAP_PRIVATE|MAP_ANONYMOUS|MAP_GROWSDOWN|MAP_STACK|MAP_HUGETLB|MAP_FIXED_NOREPLACE|"
	       "21<<MAP_HUGE_SHIFT, -1, 0) = -1 EEXIST (File exists)");

	s = sys("mmap", 0x7fb2afeaa000, 6, 0, 4096, 1, 0x2 | 0x800000, 3, 0x28000);
	EXPECT(s, "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|0x800000, 3, 0x28000) = 0x7fb2afeaa000");

	s = sys("mmap", -EBADF_, 6, 0, 4096, 1 | 0x100, 0x3 | 0x80000, 1000, 4096);
	EXPECT(s, "mmap(NULL, 4096, PROT_READ|0x100, MAP_SHARED_VALIDATE|MAP_SYNC, 1000, 0x1000) = "
	          "-1 EBADF (Bad file descriptor)");

	s = sys("mmap", -EINVAL_, 6, 0, 4096, 0xffffffffu, 0xffffffffu, (uint64_t)-1, 0);
	EXPECT(s, "mmap(NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM|PROT_GROWSDOWN|"
	          "PROT_GROWSUP|0xfcfffff0, 0xf /* MAP_??? */|MAP_FIXED|MAP_ANONYMOUS|MAP_32BIT|"
	          "MAP_NORESERVE|MAP_POPULATE|MAP_NONBLOCK|MAP_GROWSDOWN|MAP_DENYWRITE|"
	          "MAP_EXECUTABLE|MAP_LOCKED|MAP_STACK|MAP_HUGETLB|MAP_SYNC|MAP_FIXED_NOREPLACE|"
	          "0x3e00680|63<<MAP_HUGE_SHIFT, -1, 0) = -1 EINVAL (Invalid argument)");

	s = sys("mmap", -EBADF_, 6, 0, 4096, 1, 0, (uint64_t)-1, 0);
	EXPECT(s, "mmap(NULL, 4096, PROT_READ, MAP_FILE, -1, 0) = -1 EBADF (Bad file descriptor)");
	s = sys("mmap", -EINVAL_, 6, 0, 4096, 1, 0x24, (uint64_t)-1, 0);
	EXPECT(s, "mmap(NULL, 4096, PROT_READ, 0x4 /* MAP_??? */|MAP_ANONYMOUS, -1, 0) = -1 EINVAL "
	          "(Invalid argument)");
	s = sys("mmap", -EBADF_, 6, 0, 4096, 0x10, 2, (uint64_t)-1, 0);
	EXPECT(s, "mmap(NULL, 4096, 0x10 /* PROT_??? */, MAP_PRIVATE, -1, 0) = -1 EBADF (Bad file "
	          "descriptor)");

	s = sys("mprotect", 0, 3, 0x7fb2a9800000, 4096, 7);
	EXPECT(s, "mprotect(0x7fb2a9800000, 4096, PROT_READ|PROT_WRITE|PROT_EXEC) = 0");
	s = sys("mprotect", 0, 3, 0x7fb2a9800000, 4096, 0);
	EXPECT(s, "mprotect(0x7fb2a9800000, 4096, PROT_NONE) = 0");
	s = sys("munmap", 0, 2, 0x7fb2a9800000, 104857600);
	EXPECT(s, "munmap(0x7fb2a9800000, 104857600) = 0");
	s = sys("brk", 0x564a8c661000, 1, 0);
	EXPECT(s, "brk(NULL) = 0x564a8c661000");
	s = sys("mmap", -12, 6, 0, 1ull << 40, 3, 0x22, (uint64_t)-1, 0);
	EXPECT(s, "mmap(NULL, 1099511627776, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, "
	          "0) = -1 ENOMEM (Cannot allocate memory)");
	s = sys("madvise", -EINVAL_, 3, 0x7fff0b20b4e0, 0, 4);
	EXPECT(s, "madvise(0x7fff0b20b4e0, 0, MADV_DONTNEED) = -1 EINVAL (Invalid argument)");
	s = sys("mremap", -EINVAL_, 5, 0x7fff0b20b4e0, 4096, 8192, 3, 0x1000);
	EXPECT(s, "mremap(0x7fff0b20b4e0, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x1000) = -1 "
	          "EINVAL (Invalid argument)");
}

Test(decode, returns)
{
	/* strace also reads the socklen_t at entry and shows "[4]"; the recorder
	 * keeps no entry copy of it, so the pointer is shown */
	struct trace_syscall s =
	    sys("accept4", -512, 4, 16, 0x7ffec33e60c0, 0x7ffec33e60bc, 02000000);
	EXPECT(s,
	       "accept4(16, 0x7ffec33e60c0, 0x7ffec33e60bc, SOCK_CLOEXEC) = ? ERESTARTSYS (To be "
	       "restarted if SA_RESTART is set)");
	cr_expect_str_eq(decode_errno(&s), "ERESTARTSYS");

	s = sys("close", 0, 1, 3);
	cr_expect_null(decode_errno(&s));
	s = sys("close", -EBADF_, 1, 3);
	cr_expect_str_eq(decode_errno(&s), "EBADF");
	s.flags = TSYS_UNFINISHED;
	cr_expect_null(decode_errno(&s));

	/* an unknown syscall number: strace's name, six hex arguments */
	memset(&s, 0, sizeof(s));
	s.nr = 999;
	s.args[0] = 1;
	s.args[1] = 2;
	s.args[2] = 3;
	s.ret = -38;
	EXPECT(s, "syscall_0x3e7(0x1, 0x2, 0x3, 0, 0, 0) = -1 ENOSYS (Function not implemented)");
}

/* decode_args_split gives the n shown arguments of s one by one as decode_arg
 * does, and joined with ", " they are decode_args' text. */
static void expect_split_equals_args(const struct trace_syscall *s, const struct decode_opts *o,
                                     unsigned n)
{
	struct strbuf all = STRBUF_INIT, one = STRBUF_INIT, joined = STRBUF_INIT,
	              line = STRBUF_INIT;
	size_t ends[TRACE_MAX_ARGS];
	sb_puts(&all, "");
	cr_assert_eq(decode_args_split(&all, s, o, ends), n, "nr %ld", (long)s->nr);
	size_t start = 0;
	for (unsigned i = 0; i < n; start = ends[i], i++) {
		sb_reset(&one);
		sb_puts(&one, "");
		decode_arg(&one, s, i, o);
		cr_assert(ends[i] >= start && ends[i] - start == one.len &&
		              !memcmp(all.buf + start, one.buf, one.len),
		          "nr %ld arg %u: split '%.*s', decode_arg '%s'", (long)s->nr, i,
		          (int)(ends[i] - start), all.buf + start, one.buf);
		if (i)
			sb_puts(&joined, ", ");
		sb_put(&joined, one.buf, one.len);
	}
	decode_args(&line, s, o);
	cr_assert_str_eq(sb_str(&joined), sb_str(&line), "nr %ld", (long)s->nr);
	sb_free(&all);
	sb_free(&one);
	sb_free(&joined);
	sb_free(&line);
}

Test(decode, shown_arguments)
{
	struct decode_opts o = {.strsize = 32};
	struct strbuf sb = STRBUF_INIT;

	/* openat without O_CREAT: three shown arguments */
	struct trace_syscall s = sys("openat", 3, 4, (uint64_t)-100, 0x1000, 0, 0644);
	pay_str(&s, 1, "/etc/hostname");
	cr_expect_eq(decode_nargs(&s), 3);
	decode_arg(&sb, &s, 1, &o);
	cr_expect_str_eq(sb_str(&sb), "\"/etc/hostname\"");
	sb_reset(&sb);
	decode_arg(&sb, &s, 3, &o);
	cr_expect_str_eq(sb_str(&sb), "");
	decode_args(&sb, &s, &o);
	cr_expect_str_eq(sb_str(&sb), "AT_FDCWD, \"/etc/hostname\", O_RDONLY");
	expect_split_equals_args(&s, &o, 3);
	sb_reset(&sb);
	decode_ret(&sb, &s);
	cr_expect_str_eq(sb_str(&sb), "3");

	/* clone: shown in strace's order */
	s = sys("clone", 8325, 5, 0x200000 | 0x1000000 | 17, 0, 0, 0x7fb2afcbba10, 0);
	cr_expect_eq(decode_nargs(&s), 3);
	sb_reset(&sb);
	decode_arg(&sb, &s, 0, &o);
	cr_expect_str_eq(sb_str(&sb), "child_stack=NULL");

	/* fcntl F_GETFL shows two */
	s = sys("fcntl", 0x8001, 3, 1, 3, 0);
	cr_expect_eq(decode_nargs(&s), 2);
	sb_free(&sb);
}

/* Arbitrary records (any number, any arguments, payloads of any kind and size
 * on any argument) decode without a crash or an out-of-bounds read, and the
 * line always has the "name(...) = ret" shape. Run under ASan by the suite. */
Test(decode, random_records_never_crash)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	struct strbuf sb = STRBUF_INIT;
	struct decode_opts o = {.strsize = 32};

	for (unsigned round = 0; round < 20000; round++) {
		struct trace_syscall s;
		memset(&s, 0, sizeof(s));
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		s.nr = (uint16_t)(x % 520);
		s.flags = (uint16_t)((x >> 10) % 4 == 0 ? TSYS_UNFINISHED : 0);
		s.ret = (x >> 20) % 3 == 0 ? -(int64_t)((x >> 24) % 600) : (int64_t)(x >> 30);
		for (unsigned i = 0; i < TRACE_MAX_ARGS; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			s.args[i] = (x & 1) ? x : x % 300;
		}
		s.npayloads = (uint8_t)(x % (TRACE_MAX_PAYLOADS + 1));
		for (unsigned i = 0; i < s.npayloads; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			size_t len = x % 600;
			/* exactly len bytes, so that ASan sees any read past them */
			uint8_t *bytes = malloc(len ? len : 1);
			cr_assert(bytes);
			for (size_t b = 0; b < len; b++)
				bytes[b] = (uint8_t)(x >> (b % 56));
			s.payloads[i].arg = (uint8_t)(x % 8);
			s.payloads[i].kind = (uint8_t)(1 + (x >> 8) % 6);
			s.payloads[i].flags = (uint8_t)((x >> 16) % 8);
			s.payloads[i].len = (uint32_t)len;
			s.payloads[i].full_len = len + (x >> 40) % 3;
			s.payloads[i].data = bytes;
		}
		sb_reset(&sb);
		decode_call(&sb, &s, &o);
		cr_assert(strstr(sb_str(&sb), ") = ") != NULL, "bad line: %s", sb_str(&sb));
		unsigned n = decode_nargs(&s);
		cr_assert(n <= TRACE_MAX_ARGS);
		expect_split_equals_args(&s, &o, n);
		for (unsigned i = 0; i < s.npayloads; i++)
			free((void *)s.payloads[i].data);
	}
	sb_free(&sb);
}

/* The syscall table names each cross-argument layout, and every name it
 * gives is one decode_calls.c has (a typo would decode argument by argument). */
Test(decode, layouts_named_by_the_syscall_table)
{
	static const char *const want[][2] = {
	    {"clone", "clone"},        {"fcntl", "fcntl"},           {"futex", "futex"},
	    {"prctl", "prctl"},        {"arch_prctl", "arch_prctl"}, {"setsockopt", "sockopt"},
	    {"getsockopt", "sockopt"},
	};
	unsigned named = 0;
	for (unsigned nr = 0; nr < trace_syscall_count(); nr++) {
		const struct trace_syscall_desc *d = trace_syscall_desc(nr);
		if (!d || !d->name || !d->layout)
			continue;
		named++;
		cr_assert_not_null(decode_layout_find(d->layout), "%s: layout '%s' unknown",
		                   d->name, d->layout);
	}
	cr_assert_eq(named, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct trace_syscall_desc *d =
		    trace_syscall_desc(trace_syscall_by_name(want[i][0]));
		cr_assert_not_null(d);
		cr_assert_str_eq(d->layout, want[i][1], "%s", want[i][0]);
	}
	cr_assert_null(decode_layout_find("setsockopt"), "layouts go by their own names");
}
