/*
 * test_decode.c - decode.h against strace 6.1: every expected line below is
 * what strace printed for the same call (same arguments, same data) on
 * Linux x86_64; each test builds the trace_syscall record the recorder
 * would produce and compares the decoded text exactly.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/decode.h"
#include "libtrace/trace_syscalls.h"

/* Bytes for the payloads of one record (records borrow them). */
static uint8_t pool[16384];
static size_t pool_used;

static struct trace_syscall sys(const char *name, int64_t ret, unsigned nargs, ...)
{
	struct trace_syscall s;
	va_list ap;

	memset(&s, 0, sizeof(s));
	long nr = trace_syscall_by_name(name);
	cr_assert(nr >= 0, "unknown syscall %s", name);
	s.nr = (uint16_t)nr;
	s.tid = s.pid = 100;
	s.ret = ret;
	va_start(ap, nargs);
	for (unsigned i = 0; i < nargs; i++)
		s.args[i] = va_arg(ap, uint64_t);
	va_end(ap);
	pool_used = 0;
	return s;
}

static void pay(struct trace_syscall *s, unsigned arg, unsigned kind, unsigned flags,
                const void *data, size_t len, uint64_t full_len)
{
	cr_assert(s->npayloads < TRACE_MAX_PAYLOADS);
	cr_assert(pool_used + len <= sizeof(pool));
	struct trace_payload *p = &s->payloads[s->npayloads++];
	memcpy(pool + pool_used, data, len);
	p->arg = (uint8_t)arg;
	p->kind = (uint8_t)kind;
	p->flags = (uint8_t)flags;
	p->len = (uint32_t)len;
	p->full_len = full_len;
	p->data = pool + pool_used;
	pool_used += len;
	if (full_len > len)
		p->flags |= TPAYF_TRUNCATED;
}

/* A string payload (path, name) as the recorder stores it: without the NUL. */
static void pay_str(struct trace_syscall *s, unsigned arg, const char *str)
{
	pay(s, arg, TPAY_STRING, 0, str, strlen(str), strlen(str));
}

/* An argv payload from a NULL-terminated list. */
static void pay_argv(struct trace_syscall *s, unsigned arg, const char *const *list)
{
	uint8_t buf[4096];
	size_t n = 0;

	for (; *list; list++) {
		size_t l = strlen(*list) + 1;
		memcpy(buf + n, *list, l);
		n += l;
	}
	pay(s, arg, TPAY_ARGV, 0, buf, n, n);
}

static char text[8192];

static const char *line_s(const struct trace_syscall *s, unsigned strsize)
{
	struct strbuf sb = STRBUF_INIT;
	struct decode_opts o = {.strsize = strsize};

	decode_call(&sb, s, &o);
	snprintf(text, sizeof(text), "%s", sb_str(&sb));
	sb_free(&sb);
	return text;
}

static const char *line(const struct trace_syscall *s)
{
	return line_s(s, 32);
}

#define EXPECT(s, want) cr_expect_str_eq(line(&(s)), want)

#define ENOENT_  2
#define EBADF_   9
#define EINVAL_  22
#define ENOTDIR_ 20

/* --- files ----------------------------------------------------------------- */

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

/* --- memory ------------------------------------------------------------------ */

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

/* --- network ------------------------------------------------------------------ */

static const uint8_t sin_80[16] = {2, 0, 0, 80, 127, 0, 0, 1};

Test(decode, socket_args)
{
	struct trace_syscall s = sys("socket", 7, 3, 2, 1 | 02000000, 6);
	EXPECT(s, "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 7");
	s = sys("socket", 8, 3, 2, 2, 0);
	EXPECT(s, "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 8");
	s = sys("socket", 9, 3, 10, 2 | 04000, 17);
	EXPECT(s, "socket(AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK, IPPROTO_UDP) = 9");
	s = sys("socket", 11, 3, 1, 1 | 04000 | 02000000, 0);
	EXPECT(s, "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 11");
	s = sys("socket", 12, 3, 16, 3, 0);
	EXPECT(s, "socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 12");
	s = sys("socket", 13, 3, 16, 3, 15);
	EXPECT(s, "socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT) = 13");
	s = sys("socket", 9, 3, 17, 3, 0x0300);
	EXPECT(s, "socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) = 9");
	s = sys("socket", -94, 3, 17, 5, 0);
	EXPECT(s,
	       "socket(AF_PACKET, SOCK_SEQPACKET, htons(0 /* ETH_P_??? */)) = -1 ESOCKTNOSUPPORT "
	       "(Socket type not supported)");
	s = sys("socket", -EINVAL_, 3, 99, 77, 5);
	EXPECT(s, "socket(0x63 /* AF_??? */, 0x4d /* SOCK_??? */, 5) = -1 EINVAL (Invalid "
	          "argument)");
	s = sys("socket", -EINVAL_, 3, 2, 0xffffffffu, 0);
	EXPECT(s, "socket(AF_INET, SOCK_CLOEXEC|SOCK_NONBLOCK|0xfff7f7ff, IPPROTO_IP) = -1 EINVAL "
	          "(Invalid argument)");
	s = sys("socket", -EINVAL_, 3, 2, 3 | 0x10000, 255);
	EXPECT(s, "socket(AF_INET, SOCK_RAW|0x10000 /* SOCK_??? */, IPPROTO_RAW) = -1 EINVAL "
	          "(Invalid argument)");
	s = sys("socket", 8, 3, 2, 3, 200);
	EXPECT(s, "socket(AF_INET, SOCK_RAW, 0xc8 /* IPPROTO_??? */) = 8");
	s = sys("socket", 7, 3, 10, 3, 58);
	EXPECT(s, "socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6) = 7");

	uint8_t fds[8] = {14, 0, 0, 0, 15, 0, 0, 0};
	s = sys("socketpair", 0, 4, 1, 1, 0, 0x1000);
	pay(&s, 3, TPAY_STRUCT, TPAYF_AT_EXIT, fds, 8, 8);
	EXPECT(s, "socketpair(AF_UNIX, SOCK_STREAM, 0, [14, 15]) = 0");
	s = sys("shutdown", -107, 2, 3, 2);
	EXPECT(s, "shutdown(3, SHUT_RDWR) = -1 ENOTCONN (Transport endpoint is not connected)");
	s = sys("listen", 0, 2, 3, 128);
	EXPECT(s, "listen(3, 128) = 0");
}

Test(decode, sockaddr_inet)
{
	struct trace_syscall s = sys("connect", -111, 3, 7, 0x1000, 16);
	pay(&s, 1, TPAY_SOCKADDR, 0, sin_80, 16, 16);
	EXPECT(s, "connect(7, {sa_family=AF_INET, sin_port=htons(80), "
	          "sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 ECONNREFUSED (Connection refused)");

	uint8_t any[16] = {2, 0};
	s = sys("bind", 0, 3, 16, 0x1000, 16);
	pay(&s, 1, TPAY_SOCKADDR, 0, any, 16, 16);
	EXPECT(s, "bind(16, {sa_family=AF_INET, sin_port=htons(0), "
	          "sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0");

	/* too short for sockaddr_in: raw sa_data */
	uint8_t short_in[8] = {2, 0, 'a', 'b', 'c'};
	s = sys("connect", -EINVAL_, 3, 3, 0x1000, 8);
	pay(&s, 1, TPAY_SOCKADDR, 0, short_in, 8, 8);
	EXPECT(s,
	       "connect(3, {sa_family=AF_INET, sa_data=\"abc\\0\\0\\0\"}, 8) = -1 EINVAL (Invalid "
	       "argument)");

	s = sys("connect", -EINVAL_, 3, 3, 0, 0);
	EXPECT(s, "connect(3, NULL, 0) = -1 EINVAL (Invalid argument)");
	s = sys("connect", -EINVAL_, 3, 3, 0x7ffebe318530, 0);
	pay(&s, 1, TPAY_SOCKADDR, 0, "", 0, 0);
	EXPECT(s, "connect(3, 0x7ffebe318530, 0) = -1 EINVAL (Invalid argument)");
	s = sys("connect", -14, 3, 3, 0x10, 16);
	pay(&s, 1, TPAY_SOCKADDR, TPAYF_UNREADABLE, "", 0, 16);
	EXPECT(s, "connect(3, 0x10, 16) = -1 EFAULT (Bad address)");
}

Test(decode, sockaddr_inet6)
{
	uint8_t a[28] = {10, 0, 0x1f, 0x90, 0, 0, 0, 3};
	a[8 + 15] = 1; /* ::1 */
	struct trace_syscall s = sys("connect", -111, 3, 13, 0x1000, 28);
	pay(&s, 1, TPAY_SOCKADDR, 0, a, 28, 28);
	EXPECT(s,
	       "connect(13, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(3), "
	       "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED "
	       "(Connection refused)");

	uint8_t m[28] = {10, 0, 0x1f, 0x90, 0, 0, 0, 3};
	m[8 + 10] = m[8 + 11] = 0xff;
	m[8 + 12] = 10;
	m[8 + 15] = 1;
	m[24] = 1;
	s = sys("connect", -110, 3, 13, 0x1000, 28);
	pay(&s, 1, TPAY_SOCKADDR, 0, m, 28, 28);
	EXPECT(s,
	       "connect(13, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(3), "
	       "inet_pton(AF_INET6, \"::ffff:10.0.0.1\", &sin6_addr), sin6_scope_id=1}, 28) = -1 "
	       "ETIMEDOUT (Connection timed out)");

	uint8_t z[24] = {10, 0};
	s = sys("connect", -97, 3, 3, 0x1000, 24);
	pay(&s, 1, TPAY_SOCKADDR, 0, z, 24, 24);
	EXPECT(s, "connect(3, {sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(0), "
	          "inet_pton(AF_INET6, \"::\", &sin6_addr)}, 24) = -1 EAFNOSUPPORT (Address family "
	          "not supported by protocol)");

	s = sys("connect", -97, 3, 3, 0x1000, 20);
	pay(&s, 1, TPAY_SOCKADDR, 0, z, 20, 20);
	EXPECT(
	    s,
	    "connect(3, {sa_family=AF_INET6, sa_data=\"\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"
	    "\\0\\0\\0\\0\"}, 20) = -1 EAFNOSUPPORT (Address family not supported by protocol)");
}

Test(decode, sockaddr_unix_netlink_other)
{
	uint8_t u[110] = {1, 0};
	strcpy((char *)u + 2, "/run/nope.sock");
	struct trace_syscall s = sys("connect", -ENOENT_, 3, 14, 0x1000, 110);
	pay(&s, 1, TPAY_SOCKADDR, 0, u, 110, 110);
	EXPECT(s, "connect(14, {sa_family=AF_UNIX, sun_path=\"/run/nope.sock\"}, 110) = -1 ENOENT "
	          "(No such file or directory)");
	s = sys("connect", -ENOENT_, 3, 14, 0x1000, 17);
	pay(&s, 1, TPAY_SOCKADDR, 0, u, 17, 17);
	EXPECT(s, "connect(14, {sa_family=AF_UNIX, sun_path=\"/run/nope.sock\"}, 17) = -1 ENOENT "
	          "(No such file or directory)");

	uint8_t ab[12] = {1, 0, 0, 'a', 'b', 's', 't', 'r', 'a', 'c', 't', '\n'};
	s = sys("connect", -111, 3, 14, 0x1000, 12);
	pay(&s, 1, TPAY_SOCKADDR, 0, ab, 12, 12);
	EXPECT(s,
	       "connect(14, {sa_family=AF_UNIX, sun_path=@\"abstract\\n\"}, 12) = -1 ECONNREFUSED "
	       "(Connection refused)");
	s = sys("connect", -EINVAL_, 3, 14, 0x1000, 2);
	pay(&s, 1, TPAY_SOCKADDR, 0, ab, 2, 2);
	EXPECT(s, "connect(14, {sa_family=AF_UNIX}, 2) = -1 EINVAL (Invalid argument)");

	/* a full sun_path without NUL is shown whole (108 bytes) */
	uint8_t full[110] = {1, 0};
	memset(full + 2, 'a', 108);
	s = sys("connect", -97, 3, 3, 0x1000, 110);
	pay(&s, 1, TPAY_SOCKADDR, 0, full, 110, 110);
	char want[300];
	snprintf(want, sizeof(want),
	         "connect(3, {sa_family=AF_UNIX, sun_path=\"%.108s\"}, 110) = -1 EAFNOSUPPORT "
	         "(Address family not supported by protocol)",
	         (const char *)full + 2);
	EXPECT(s, want);

	uint8_t nl[12] = {16, 0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0};
	s = sys("connect", -EINVAL_, 3, 3, 0x1000, 12);
	pay(&s, 1, TPAY_SOCKADDR, 0, nl, 12, 12);
	EXPECT(s,
	       "connect(3, {sa_family=AF_NETLINK, nl_pid=5, nl_groups=0x000003}, 12) = -1 EINVAL "
	       "(Invalid argument)");

	uint8_t other[16] = {200, 0, 'a', 'b', 'c'};
	s = sys("connect", -97, 3, 3, 0x1000, 16);
	pay(&s, 1, TPAY_SOCKADDR, 0, other, 16, 16);
	EXPECT(
	    s,
	    "connect(3, {sa_family=0xc8 /* AF_??? */, sa_data=\"abc\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"
	    "\\0\"}, 16) = -1 EAFNOSUPPORT (Address family not supported by protocol)");
	other[0] = 0;
	s = sys("connect", 0, 3, 3, 0x1000, 2);
	pay(&s, 1, TPAY_SOCKADDR, 0, other, 2, 2);
	EXPECT(s, "connect(3, {sa_family=AF_UNSPEC}, 2) = 0");
}

Test(decode, sendto_recvfrom_accept)
{
	struct trace_syscall s = sys("sendto", 4, 6, 15, 0x1000, 4, 0x40 | 0x4000, 0x2000, 16);
	pay(&s, 1, TPAY_BUFFER, 0, "ping", 4, 4);
	pay(&s, 4, TPAY_SOCKADDR, 0, sin_80, 16, 16);
	s.payloads[1].data = pool + 4; /* same bytes as sin_80 with port 9 below */
	uint8_t sin9[16] = {2, 0, 0, 9, 127, 0, 0, 1};
	memcpy(pool + 4, sin9, 16);
	EXPECT(s, "sendto(15, \"ping\", 4, MSG_DONTWAIT|MSG_NOSIGNAL, {sa_family=AF_INET, "
	          "sin_port=htons(9), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 4");

	s = sys("sendto", -89, 6, 15, 0x1000, 4, 0, 0, 0);
	pay(&s, 1, TPAY_BUFFER, 0, "ping", 4, 4);
	EXPECT(s, "sendto(15, \"ping\", 4, 0, NULL, 0) = -1 EDESTADDRREQ (Destination address "
	          "required)");

	s = sys("sendto", -EBADF_, 6, 999, 0x1000, 1, 0xffffffffu, 0, 0);
	pay(&s, 1, TPAY_BUFFER, 0, "x", 1, 1);
	EXPECT(s,
	       "sendto(999, \"x\", 1, MSG_OOB|MSG_PEEK|MSG_DONTROUTE|MSG_CTRUNC|MSG_PROBE|"
	       "MSG_TRUNC|MSG_DONTWAIT|MSG_EOR|MSG_WAITALL|MSG_FIN|MSG_SYN|MSG_CONFIRM|MSG_RST|"
	       "MSG_ERRQUEUE|MSG_NOSIGNAL|MSG_MORE|MSG_WAITFORONE|MSG_SENDPAGE_NOTLAST|MSG_BATCH|"
	       "MSG_NO_SHARED_FRAGS|MSG_ZEROCOPY|MSG_FASTOPEN|MSG_CMSG_CLOEXEC|MSG_CMSG_COMPAT|"
	       "0x1bf00000, NULL, 0) = -1 EBADF (Bad file descriptor)");
	s = sys("sendto", -EBADF_, 6, 999, 0x1000, 1, 0x1bf00000, 0, 0);
	pay(&s, 1, TPAY_BUFFER, 0, "x", 1, 1);
	EXPECT(s, "sendto(999, \"x\", 1, 0x1bf00000 /* MSG_??? */, NULL, 0) = -1 EBADF (Bad file "
	          "descriptor)");

	s = sys("recvfrom", -11, 6, 15, 0x7fff2b7818c0, 100, 0x2 | 0x20 | 0x40, 0, 0);
	EXPECT(s, "recvfrom(15, 0x7fff2b7818c0, 100, MSG_PEEK|MSG_TRUNC|MSG_DONTWAIT, NULL, NULL) "
	          "= -1 EAGAIN (Resource temporarily unavailable)");

	uint8_t peer[16] = {2, 0, 0x8e, 0x42, 127, 0, 0, 1};
	s = sys("accept", 18, 3, 16, 0x1000, 0x2000);
	pay(&s, 1, TPAY_SOCKADDR, TPAYF_AT_EXIT, peer, 16, 16);
	EXPECT(s, "accept(16, {sa_family=AF_INET, sin_port=htons(36418), "
	          "sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 18");

	uint8_t local[16] = {2, 0, 0xa3, 0x0e};
	s = sys("getsockname", 0, 3, 15, 0x1000, 0x2000);
	pay(&s, 1, TPAY_SOCKADDR, TPAYF_AT_EXIT, local, 16, 16);
	EXPECT(s, "getsockname(15, {sa_family=AF_INET, sin_port=htons(41742), "
	          "sin_addr=inet_addr(\"0.0.0.0\")}, [16]) = 0");
	s = sys("getsockname", -14, 3, 3, 0x7ffebe3183b0, 0);
	EXPECT(s, "getsockname(3, 0x7ffebe3183b0, NULL) = -1 EFAULT (Bad address)");

	s = sys("accept4", -88, 4, 5, 0, 0, 0);
	EXPECT(s, "accept4(5, NULL, NULL, 0) = -1 ENOTSOCK (Socket operation on non-socket)");
	s = sys("accept4", 5, 4, 16, 0, 0, 02000000 | 04000);
	EXPECT(s, "accept4(16, NULL, NULL, SOCK_CLOEXEC|SOCK_NONBLOCK) = 5");
}

Test(decode, sockopts)
{
	struct trace_syscall s = sys("setsockopt", 0, 5, 3, 1, 2, 0x1000, 4);
	pay(&s, 3, TPAY_BUFFER, 0, "\1\0\0\0", 4, 4);
	EXPECT(s, "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
	s = sys("setsockopt", 0, 5, 3, 6, 1, 0x1000, 4);
	pay(&s, 3, TPAY_BUFFER, 0, "\1\0\0\0", 4, 4);
	EXPECT(s, "setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0");
}

/* --- processes and signals --------------------------------------------------- */

Test(decode, signals)
{
	struct trace_syscall s = sys("kill", -3, 2, 999999, 2);
	EXPECT(s, "kill(999999, SIGINT) = -1 ESRCH (No such process)");
	s = sys("kill", 0, 2, 7036, 0);
	EXPECT(s, "kill(7036, 0) = 0");
	s = sys("kill", -3, 2, 999999, 37);
	EXPECT(s, "kill(999999, SIGRT_5) = -1 ESRCH (No such process)");
	s = sys("kill", -3, 2, 999999, 32);
	EXPECT(s, "kill(999999, SIGRTMIN) = -1 ESRCH (No such process)");
	s = sys("kill", -3, 2, 999999, 64);
	EXPECT(s, "kill(999999, SIGRT_32) = -1 ESRCH (No such process)");
	s = sys("kill", -3, 2, 999999, 65);
	EXPECT(s, "kill(999999, 65) = -1 ESRCH (No such process)");
	s = sys("kill", -3, 2, 999999, (uint64_t)-1);
	EXPECT(s, "kill(999999, -1) = -1 ESRCH (No such process)");
	s = sys("tgkill", -3, 3, 7036, 999999, 10);
	EXPECT(s, "tgkill(7036, 999999, SIGUSR1) = -1 ESRCH (No such process)");

	uint8_t set[8] = {0};
	set[0] = 1 << 1; /* SIGINT */
	set[1] = 1 << 6; /* SIGTERM (15) */
	s = sys("rt_sigprocmask", 0, 4, 0, 0x1000, 0x2000, 8);
	pay(&s, 1, TPAY_STRUCT, 0, set, 8, 8);
	uint8_t none[8] = {0};
	pay(&s, 2, TPAY_STRUCT, TPAYF_AT_EXIT, none, 8, 8);
	EXPECT(s, "rt_sigprocmask(SIG_BLOCK, [INT TERM], [], 8) = 0");

	uint8_t most[8];
	memset(most, 0xff, 8);
	most[0] &= (uint8_t) ~(1 << 1);       /* not SIGINT */
	most[3] &= (uint8_t) ~(3u << 7 >> 0); /* not 32 (bit 31) */
	most[4] &= (uint8_t)~1;               /* not 33 (bit 32) */
	s = sys("rt_sigprocmask", 0, 4, 2, 0x1000, 0, 8);
	pay(&s, 1, TPAY_STRUCT, 0, most, 8, 8);
	EXPECT(s, "rt_sigprocmask(SIG_SETMASK, ~[INT RTMIN RT_1], NULL, 8) = 0");
}

Test(decode, clone_and_wait)
{
	struct trace_syscall s =
	    sys("clone", 8325, 5, 0x200000 | 0x1000000 | 17, 0, 0, 0x7fb2afcbba10, 0);
	EXPECT(s, "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
	          "child_tidptr=0x7fb2afcbba10) = 8325");

	s = sys("clone", -EINVAL_, 5,
	        0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 |
	            0x10000000,
	        0x1000, 0x2000, 0x3000, 0x4000);
	EXPECT(s,
	       "clone(child_stack=0x1000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
	       "CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|"
	       "CLONE_NEWUSER, parent_tid=0x2000, tls=0x4000, child_tidptr=0x3000) = -1 EINVAL "
	       "(Invalid argument)");

	s = sys("clone", -EINVAL_, 5, 0xffffff00u, 0, 0, 0, 0);
	EXPECT(s, "clone(child_stack=NULL, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
	          "CLONE_PIDFD|CLONE_PTRACE|CLONE_VFORK|CLONE_PARENT|CLONE_THREAD|CLONE_NEWNS|"
	          "CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID|"
	          "CLONE_UNTRACED|CLONE_CHILD_SETTID|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|"
	          "CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|CLONE_IO|0x400000, parent_tid=NULL, "
	          "tls=NULL, child_tidptr=NULL) = -1 EINVAL (Invalid argument)");

	s = sys("clone", -EINVAL_, 5, 0x10000000 | 0x200 | 10, 0x1000, 0x2000, 0x3000, 0x4000);
	EXPECT(s, "clone(child_stack=0x1000, flags=CLONE_FS|CLONE_NEWUSER|SIGUSR1) = -1 EINVAL "
	          "(Invalid argument)");
	s = sys("clone", -EINVAL_, 5, 0x10000000 | 0x200 | 0x7f, 0, 0, 0, 0);
	EXPECT(s, "clone(child_stack=NULL, flags=CLONE_FS|CLONE_NEWUSER|127) = -1 EINVAL (Invalid "
	          "argument)");
	s = sys("clone", 10761, 5, 0, 0, 0, 0, 0);
	EXPECT(s, "clone(child_stack=NULL, flags=0) = 10761");
	s = sys("unshare", 0, 1, 0x20000 | 0x8000000);
	EXPECT(s, "unshare(CLONE_NEWNS|CLONE_NEWIPC) = 0");

	uint8_t st[4] = {0, 0, 0, 0};
	s = sys("wait4", 8325, 4, 8325, 0x1000, 0, 0);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, st, 4, 4);
	EXPECT(s, "wait4(8325, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 8325");
	st[0] = 9;
	s = sys("wait4", 15912, 4, 15912, 0x1000, 0, 0);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, st, 4, 4);
	EXPECT(s, "wait4(15912, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], 0, NULL) = 15912");
	st[0] = 0;
	st[1] = 7;
	s = sys("wait4", 15913, 4, 15913, 0x1000, 0x40000000, 0);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, st, 4, 4);
	EXPECT(s, "wait4(15913, [{WIFEXITED(s) && WEXITSTATUS(s) == 7}], __WALL, NULL) = 15913");
	s = sys("wait4", -10, 4, (uint64_t)-1, 0x7fff2b7816ec, 1, 0);
	EXPECT(s, "wait4(-1, 0x7fff2b7816ec, WNOHANG, NULL) = -1 ECHILD (No child processes)");
	s = sys("wait4", -10, 4, (uint64_t)-1, 0x7fff0b20b4e0, 1 | 2 | 0x40000000, 0);
	EXPECT(s, "wait4(-1, 0x7fff0b20b4e0, WNOHANG|WSTOPPED|__WALL, NULL) = -1 ECHILD (No child "
	          "processes)");

	s = sys("exit_group", 0, 1, 3);
	EXPECT(s, "exit_group(3) = ?");
}

Test(decode, execve)
{
	static const char *const argv[] = {"true", "-la", "x y", NULL};
	static const char *const envp[] = {"A=1", "B=2", NULL};
	struct trace_syscall s = sys("execve", 0, 3, 0x1000, 0x2000, 0x7fff2b7816d0);
	pay_str(&s, 0, "/bin/true");
	pay_argv(&s, 1, argv);
	pay_argv(&s, 2, envp);
	EXPECT(s,
	       "execve(\"/bin/true\", [\"true\", \"-la\", \"x y\"], 0x7fff2b7816d0 /* 2 vars */) = "
	       "0");

	static const char *const one[] = {"a\tb", NULL};
	static const char *const x1[] = {"X=1", NULL};
	static const char *const empty[] = {NULL};
	s = sys("execve", -ENOENT_, 3, 0x1000, 0x2000, 0x7ffebe318220);
	pay_str(&s, 0, "/nonexistent");
	pay_argv(&s, 1, one);
	pay_argv(&s, 2, x1);
	EXPECT(s,
	       "execve(\"/nonexistent\", [\"a\\tb\"], 0x7ffebe318220 /* 1 var */) = -1 ENOENT (No "
	       "such file or directory)");
	s = sys("execve", -ENOENT_, 3, 0x1000, 0x2000, 0x7ffebe318240);
	pay_str(&s, 0, "/nonexistent");
	pay_argv(&s, 1, empty);
	pay_argv(&s, 2, empty);
	EXPECT(s, "execve(\"/nonexistent\", [], 0x7ffebe318240 /* 0 vars */) = -1 ENOENT (No such "
	          "file or directory)");
	s = sys("execve", -ENOENT_, 3, 0x1000, 0, 0);
	pay_str(&s, 0, "/nonexistent");
	EXPECT(s, "execve(\"/nonexistent\", NULL, NULL) = -1 ENOENT (No such file or directory)");
	s = sys("execve", -ENOENT_, 3, 0x1000, 0x10, 0x10);
	pay_str(&s, 0, "/nonexistent");
	pay(&s, 1, TPAY_ARGV, TPAYF_UNREADABLE, "", 0, 0);
	EXPECT(s, "execve(\"/nonexistent\", 0x10, 0x10) = -1 ENOENT (No such file or directory)");

	/* 39 arguments, the first one long: cut at 32 bytes and 32 elements */
	uint8_t buf[512];
	size_t n = 0;
	const char *first = "0123456789abcdefghijklmnopqrstuv"; /* stored cut to 32 */
	memcpy(buf, first, 33);
	n = 33;
	for (int i = 1; i < 39; i++) {
		buf[n++] = 'a';
		buf[n++] = 0;
	}
	s = sys("execve", -ENOENT_, 3, 0x1000, 0x2000, 0);
	pay_str(&s, 0, "/nonexistent");
	pay(&s, 1, TPAY_ARGV, 0, buf, n, n + 4);
	char want[1024];
	size_t w =
	    (size_t)snprintf(want, sizeof(want),
	                     "execve(\"/nonexistent\", [\"0123456789abcdefghijklmnopqrstuv\"...");
	for (int i = 1; i < 32; i++)
		w += (size_t)snprintf(want + w, sizeof(want) - w, ", \"a\"");
	snprintf(want + w, sizeof(want) - w,
	         ", ...], NULL) = -1 ENOENT (No such file or directory)");
	EXPECT(s, want);
}

Test(decode, fcntl)
{
	struct trace_syscall s = sys("fcntl", 0x8001, 3, 1, 3, 0x7f);
	EXPECT(s, "fcntl(1, F_GETFL) = 0x8001 (flags O_WRONLY|O_LARGEFILE)");
	s = sys("fcntl", 0x8000, 3, 0, 3, 0);
	EXPECT(s, "fcntl(0, F_GETFL) = 0x8000 (flags O_RDONLY|O_LARGEFILE)");
	s = sys("fcntl", 0, 3, 1, 4, 0x8001 | 04000);
	EXPECT(s, "fcntl(1, F_SETFL, O_WRONLY|O_NONBLOCK|O_LARGEFILE) = 0");
	s = sys("fcntl", 0, 3, 3, 4, 0);
	EXPECT(s, "fcntl(3, F_SETFL, O_RDONLY) = 0");
	s = sys("fcntl", 0, 3, 1, 1, 0);
	EXPECT(s, "fcntl(1, F_GETFD) = 0");
	s = sys("fcntl", 1, 3, 3, 1, 0);
	EXPECT(s, "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)");
	s = sys("fcntl", 0, 3, 1, 2, 1);
	EXPECT(s, "fcntl(1, F_SETFD, FD_CLOEXEC) = 0");
	s = sys("fcntl", 0, 3, 3, 2, 3);
	EXPECT(s, "fcntl(3, F_SETFD, FD_CLOEXEC|0x2) = 0");
	s = sys("fcntl", 0, 3, 3, 2, 0);
	EXPECT(s, "fcntl(3, F_SETFD, 0) = 0");
	s = sys("fcntl", 16, 3, 1, 1030, 10);
	EXPECT(s, "fcntl(1, F_DUPFD_CLOEXEC, 10) = 16");
	s = sys("fcntl", 17, 3, 1, 0, 10);
	EXPECT(s, "fcntl(1, F_DUPFD, 10) = 17");
	s = sys("fcntl", -EBADF_, 3, 1, 1032, 0);
	EXPECT(s, "fcntl(1, F_GETPIPE_SZ) = -1 EBADF (Bad file descriptor)");
	s = sys("fcntl", -EBADF_, 3, 1, 1031, 4096);
	EXPECT(s, "fcntl(1, F_SETPIPE_SZ, 4096) = -1 EBADF (Bad file descriptor)");
	s = sys("fcntl", -EINVAL_, 3, 1, 1234, 5);
	EXPECT(s, "fcntl(1, 0x4d2 /* F_??? */, 0x5) = -1 EINVAL (Invalid argument)");
	s = sys("fcntl", 0, 3, 3, 8, 5);
	EXPECT(s, "fcntl(3, F_SETOWN, 5) = 0");
	s = sys("fcntl", 5, 3, 3, 9, 0);
	EXPECT(s, "fcntl(3, F_GETOWN) = 5");
	s = sys("fcntl", 0, 3, 3, 10, 29);
	EXPECT(s, "fcntl(3, F_SETSIG, SIGIO) = 0");
	s = sys("fcntl", 29, 3, 3, 11, 0);
	EXPECT(s, "fcntl(3, F_GETSIG) = 29 (SIGIO)");
	s = sys("fcntl", -11, 3, 3, 1024, 0);
	EXPECT(s, "fcntl(3, F_SETLEASE, F_RDLCK) = -1 EAGAIN (Resource temporarily unavailable)");
	s = sys("fcntl", 2, 3, 3, 1025, 0);
	EXPECT(s, "fcntl(3, F_GETLEASE) = 0x2 (F_UNLCK)");
	s = sys("fcntl", -ENOTDIR_, 3, 3, 1026, 3);
	EXPECT(s, "fcntl(3, F_NOTIFY, DN_ACCESS|DN_MODIFY) = -1 ENOTDIR (Not a directory)");
	s = sys("fcntl", -EINVAL_, 3, 3, 1033, 1);
	EXPECT(s, "fcntl(3, F_ADD_SEALS, F_SEAL_SEAL) = -1 EINVAL (Invalid argument)");
	s = sys("fcntl", -14, 3, 3, 6, 0);
	EXPECT(s, "fcntl(3, F_SETLK, NULL) = -1 EFAULT (Bad address)");
	s = sys("fcntl", -14, 3, 3, 0x40c, 0);
	EXPECT(s, "fcntl(3, 0x40c /* F_??? */, 0) = -1 EFAULT (Bad address)");
	s = sys("fcntl", 0, 3, 3, 4, 0xffffffffu);
	EXPECT(s,
	       "fcntl(3, F_SETFL, O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|"
	       "O_SYNC|O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|FASYNC|"
	       "0xff80003c) = 0");
}

/* --- descriptors, iovecs, ioctl, fd-creating calls ------------------------------------ */

Test(decode, fd_calls)
{
	struct trace_syscall s = sys("dup2", 20, 2, 1, 20);
	EXPECT(s, "dup2(1, 20) = 20");
	s = sys("dup2", -EBADF_, 2, 1, 0x1ffffffffull);
	EXPECT(s, "dup2(1, -1) = -1 EBADF (Bad file descriptor)");
	s = sys("close", -EBADF_, 1, 0xffffffffu);
	EXPECT(s, "close(-1) = -1 EBADF (Bad file descriptor)");
	s = sys("dup3", 21, 3, 1, 21, 02000000);
	EXPECT(s, "dup3(1, 21, O_CLOEXEC) = 21");
	s = sys("dup3", 30, 3, 1, 30, 0);
	EXPECT(s, "dup3(1, 30, 0) = 30");

	uint8_t fds[8] = {22, 0, 0, 0, 23, 0, 0, 0};
	s = sys("pipe2", 0, 2, 0x1000, 04000 | 02000000);
	pay(&s, 0, TPAY_STRUCT, TPAYF_AT_EXIT, fds, 8, 8);
	EXPECT(s, "pipe2([22, 23], O_NONBLOCK|O_CLOEXEC) = 0");
	s = sys("pipe2", -14, 2, 0, 0);
	EXPECT(s, "pipe2(NULL, 0) = -1 EFAULT (Bad address)");

	s = sys("eventfd2", 3, 2, 0, 1 | 02000000 | 04000);
	EXPECT(s, "eventfd2(0, EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK) = 3");
	s = sys("eventfd2", 4, 2, 0, 0);
	EXPECT(s, "eventfd2(0, 0) = 4");
	s = sys("epoll_create1", 5, 1, 02000000);
	EXPECT(s, "epoll_create1(EPOLL_CLOEXEC) = 5");
	s = sys("inotify_init1", 6, 1, 02000000 | 04000);
	EXPECT(s, "inotify_init1(IN_NONBLOCK|IN_CLOEXEC) = 6");
	s = sys("timerfd_create", 8, 2, 1, 02000000 | 04000);
	EXPECT(s, "timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = 8");
	s = sys("epoll_ctl", -14, 4, 3, 1, 1, 0);
	EXPECT(s, "epoll_ctl(3, EPOLL_CTL_ADD, 1, NULL) = -1 EFAULT (Bad address)");
}

Test(decode, iovecs)
{
	struct trace_syscall s = sys("writev", 5, 3, 2, 0x1000, 1);
	pay(&s, 1, TPAY_IOVEC, 0, "hello", 5, 5);
	EXPECT(s, "writev(2, [{iov_base=\"hello\", iov_len=5}], 1) = 5");

	/* several elements: the recorder keeps the joined data only */
	s = sys("writev", 12, 3, 2, 0x7ffc1000, 2);
	pay(&s, 1, TPAY_IOVEC, 0, "hello world\n", 12, 12);
	EXPECT(s, "writev(2, 0x7ffc1000 /* 2 iovecs, 12 bytes: \"hello world\\n\" */, 2) = 12");
	s = sys("readv", 10, 3, 18, 0x7ffc1000, 2);
	pay(&s, 1, TPAY_IOVEC, TPAYF_AT_EXIT, "abcdefghij", 10, 10);
	EXPECT(s, "readv(18, 0x7ffc1000 /* 2 iovecs, 10 bytes: \"abcdefghij\" */, 2) = 10");
	s = sys("readv", -EBADF_, 3, 99, 0x7ffc1000, 2);
	EXPECT(s, "readv(99, 0x7ffc1000, 2) = -1 EBADF (Bad file descriptor)");
}

Test(decode, ioctl)
{
	struct trace_syscall s = sys("ioctl", -25, 3, 1, 0x5401, 0x7fff2b7818c0);
	EXPECT(s, "ioctl(1, TCGETS, 0x7fff2b7818c0) = -1 ENOTTY (Inappropriate ioctl for device)");
	s = sys("ioctl", -25, 3, 1, 0x5413, 0x7ffec33e6160);
	EXPECT(s, "ioctl(1, TIOCGWINSZ, 0x7ffec33e6160) = -1 ENOTTY (Inappropriate ioctl for "
	          "device)");
	s = sys("ioctl", -25, 3, 1, 0x12345678, 0);
	EXPECT(s, "ioctl(1, _IOC(_IOC_NONE, 0x56, 0x78, 0x1234), 0) = -1 ENOTTY (Inappropriate "
	          "ioctl for device)");
	s = sys("ioctl", -25, 3, 1, 0xc0105400, 0);
	EXPECT(s, "ioctl(1, _IOC(_IOC_READ|_IOC_WRITE, 0x54, 0, 0x10), 0) = -1 ENOTTY "
	          "(Inappropriate ioctl for device)");
	s = sys("ioctl", -25, 3, 1, 0x80045430, 0x7ffec33e6160);
	EXPECT(s, "ioctl(1, TIOCGPTN, 0x7ffec33e6160) = -1 ENOTTY (Inappropriate ioctl for "
	          "device)");
}

/* --- clocks, futexes, misc ---------------------------------------------------------- */

Test(decode, time_and_futex)
{
	uint8_t ts[16] = {0};
	int64_t nsec = 1000;
	memcpy(ts + 8, &nsec, 8);
	struct trace_syscall s = sys("nanosleep", 0, 2, 0x1000, 0);
	pay(&s, 0, TPAY_STRUCT, 0, ts, 16, 16);
	EXPECT(s, "nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0");
	s = sys("nanosleep", -14, 2, 0, 0);
	EXPECT(s, "nanosleep(NULL, NULL) = -1 EFAULT (Bad address)");

	int64_t sec = 1514;
	nsec = 564718434;
	memcpy(ts, &sec, 8);
	memcpy(ts + 8, &nsec, 8);
	s = sys("clock_gettime", 0, 2, 4, 0x1000);
	pay(&s, 1, TPAY_STRUCT, TPAYF_AT_EXIT, ts, 16, 16);
	EXPECT(s, "clock_gettime(CLOCK_MONOTONIC_RAW, {tv_sec=1514, tv_nsec=564718434}) = 0");
	s = sys("clock_gettime", -EINVAL_, 2, 99, 0x7fff0b20b450);
	EXPECT(s, "clock_gettime(0x63 /* CLOCK_??? */, 0x7fff0b20b450) = -1 EINVAL (Invalid "
	          "argument)");
	sec = 0;
	nsec = 5;
	memcpy(ts, &sec, 8);
	memcpy(ts + 8, &nsec, 8);
	s = sys("clock_nanosleep", 0, 4, 1, 1, 0x1000, 0);
	pay(&s, 2, TPAY_STRUCT, 0, ts, 16, 16);
	EXPECT(s,
	       "clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=0, tv_nsec=5}, NULL) = 0");

	s = sys("futex", 0, 6, 0x7fff0b20b4e0, 129, 1, 0, 0, 0);
	EXPECT(s, "futex(0x7fff0b20b4e0, FUTEX_WAKE_PRIVATE, 1) = 0");
	s = sys("futex", -11, 6, 0x7fff0b20b4e0, 9 | 128 | 256, 1, 0, 0, 0xffffffffu);
	EXPECT(s, "futex(0x7fff0b20b4e0, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 1, NULL, "
	          "FUTEX_BITSET_MATCH_ANY) = -1 EAGAIN (Resource temporarily unavailable)");

	s = sys("arch_prctl", 0, 2, 0x1001, 0x7fff0b20b4e0);
	EXPECT(s, "arch_prctl(ARCH_SET_GS, 0x7fff0b20b4e0) = 0");
	s = sys("arch_prctl", -EINVAL_, 2, 0x3001, 0);
	EXPECT(s, "arch_prctl(0x3001 /* ARCH_??? */, 0) = -1 EINVAL (Invalid argument)");
	s = sys("prctl", 1, 5, 3, 0, 0, 0, 0);
	EXPECT(s, "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
	s = sys("getpid", 7036, 0);
	EXPECT(s, "getpid() = 7036");
	s = sys("sched_yield", 0, 0);
	EXPECT(s, "sched_yield() = 0");
	s = sys("ftruncate", 0, 2, 1, 100);
	EXPECT(s, "ftruncate(1, 100) = 0");
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

/* --- the per-argument API used by JSON and CSV ---------------------------------------- */

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
