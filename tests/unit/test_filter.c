/*
 * test_filter.c - the -e trace=/status= parser: names, numbers, classes with
 * and without '%', strace's whole-list '!', per-element '!', /REGEX/, all/none,
 * '?', status sets, and the error messages that name the bad element.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "libtrace/trace_event.h"
#include "libtrace/trace_fdkind.h"
#include "libtrace/trace_filter.h"
#include "libtrace/trace_syscalls.h"

static struct trace_filter f;
static char err[256];

static void setup(void)
{
	trace_filter_init(&f);
	err[0] = '\0';
}

TestSuite(filter, .init = setup);

static long nr(const char *name)
{
	long n = trace_syscall_by_name(name);
	cr_assert_geq(n, 0, "%s", name);
	return n;
}

/* Whether a call of syscall name returning ret with flags passes status=. */
static bool st_ok(const char *name, int64_t ret, uint16_t flags)
{
	struct trace_syscall s = {.nr = (uint16_t)nr(name), .ret = ret, .flags = flags};
	return trace_filter_status_ok(&f, &s);
}

static void parse_ok(const char *expr)
{
	cr_assert_eq(trace_filter_parse(&f, expr, err, sizeof(err)), 0, "'%s' failed: %s", expr,
	             err);
}

static void parse_fails(const char *expr, const char *message)
{
	struct trace_filter before = f;

	cr_assert_eq(trace_filter_parse(&f, expr, err, sizeof(err)), -1, "'%s' was accepted", expr);
	cr_expect_str_eq(err, message);
	cr_expect_eq(memcmp(&before, &f, sizeof(f)), 0, "'%s' changed the filter", expr);
}

static unsigned members_of(uint32_t class_bit)
{
	unsigned n = 0;
	for (unsigned i = 0; i < trace_syscall_named_count(); i++)
		n += (trace_syscall_by_index(i)->classes & class_bit) != 0;
	return n;
}

Test(filter, default_selects_everything)
{
	cr_expect(trace_filter_selects_all(&f));
	cr_expect_not(f.trace_given);
	cr_expect_eq(f.status, TFS_ALL);
	cr_expect(trace_filter_has(&f, nr("read")));
	cr_expect(trace_filter_has(&f, 400));
	cr_expect(trace_filter_has(&f, 5000));
	cr_expect(trace_filter_has(&f, -1));
	cr_expect_eq(trace_filter_count(&f), trace_syscall_named_count());
	cr_expect(st_ok("close", -2, 0));
	cr_expect(st_ok("close", 0, TSYS_UNFINISHED));
}

Test(filter, names)
{
	parse_ok("trace=openat");
	cr_expect(f.trace_given);
	cr_expect(trace_filter_has(&f, nr("openat")));
	cr_expect_not(trace_filter_has(&f, nr("open")));
	cr_expect_not(trace_filter_has(&f, 5000));
	cr_expect_not(trace_filter_selects_all(&f));
	cr_expect_eq(trace_filter_count(&f), 1);
}

Test(filter, bare_list_numbers_and_empty_elements)
{
	parse_ok("openat,,close,39,");
	cr_expect_eq(trace_filter_count(&f), 3);
	cr_expect(trace_filter_has(&f, nr("close")));
	cr_expect(trace_filter_has(&f, nr("getpid")));
	parse_ok("t=syscall_0x1f4");
	cr_expect(trace_filter_has(&f, 500));
	cr_expect_eq(trace_filter_count(&f), 0);
}

Test(filter, classes_with_and_without_percent)
{
	/* plain file: %file, plus descriptor calls, which may match (by kind) */
	parse_ok("trace=file");
	cr_expect(trace_filter_has(&f, nr("openat")));
	cr_expect(trace_filter_has(&f, nr("execve")));
	cr_expect(trace_filter_has(&f, nr("read")));
	cr_expect_not(trace_filter_has(&f, nr("munmap")));
	cr_expect_eq(trace_filter_count(&f), members_of(TC_FILE | TC_FDIO));
	parse_ok("trace=%file");
	cr_expect_eq(trace_filter_count(&f), members_of(TC_FILE));
	cr_expect_not(trace_filter_has(&f, nr("read")));
	parse_ok("trace=file,memory");
	cr_expect(trace_filter_has(&f, nr("mmap")));
	cr_expect(trace_filter_has(&f, nr("brk")));
	cr_expect(trace_filter_has(&f, nr("stat")));
	cr_expect_not(trace_filter_has(&f, nr("getpid")));
	parse_ok("trace=%net");
	cr_expect_eq(trace_filter_count(&f), members_of(TC_NETWORK));
	cr_expect(trace_filter_has(&f, nr("socket")));
	cr_expect_not(trace_filter_has(&f, nr("read")));
	parse_ok("trace=network");
	cr_expect_eq(trace_filter_count(&f), members_of(TC_NETWORK | TC_FDIO));
	parse_ok("trace=%%stat");
	cr_expect(trace_filter_has(&f, nr("newfstatat")));
	cr_expect(trace_filter_has(&f, nr("statx")));
	cr_expect_not(trace_filter_has(&f, nr("statfs")));
	parse_ok("trace=%pure");
	cr_expect(trace_filter_has(&f, nr("getpid")));
}

Test(filter, stat_is_the_syscall_not_the_class)
{
	parse_ok("trace=stat");
	cr_expect_eq(trace_filter_count(&f), 1);
	cr_expect(trace_filter_has(&f, nr("stat")));
	parse_ok("trace=%stat");
	cr_expect(trace_filter_has(&f, nr("stat")));
	cr_expect_not(trace_filter_has(&f, nr("newfstatat")));
}

Test(filter, leading_bang_inverts_the_whole_list)
{
	parse_ok("trace=!open,close");
	cr_expect_not(trace_filter_has(&f, nr("open")));
	cr_expect_not(trace_filter_has(&f, nr("close")));
	cr_expect(trace_filter_has(&f, nr("read")));
	cr_expect(trace_filter_has(&f, 400)); /* unknown numbers stay selected */
	cr_expect_eq(trace_filter_count(&f), trace_syscall_named_count() - 2);
	parse_ok("trace=!%desc");
	cr_expect_not(trace_filter_has(&f, nr("read")));
	cr_expect(trace_filter_has(&f, nr("getpid")));
	parse_ok("trace=!!getpid");
	cr_expect_eq(trace_filter_count(&f), 1);
}

Test(filter, later_bang_removes)
{
	parse_ok("trace=%desc,!read,!write");
	cr_expect_not(trace_filter_has(&f, nr("read")));
	cr_expect_not(trace_filter_has(&f, nr("write")));
	cr_expect(trace_filter_has(&f, nr("close")));
	cr_expect_eq(trace_filter_count(&f), members_of(TC_DESC) - 2);
	parse_ok("trace=file,!%stat");
	cr_expect_not(trace_filter_has(&f, nr("stat")));
	cr_expect(trace_filter_has(&f, nr("lstat")));
	parse_ok("trace=all,!close");
	cr_expect_eq(trace_filter_count(&f), trace_syscall_named_count() - 1);
}

Test(filter, regex)
{
	unsigned expected = 0;

	for (unsigned i = 0; i < trace_syscall_named_count(); i++)
		expected += strncmp(trace_syscall_by_index(i)->name, "getp", 4) == 0;
	parse_ok("trace=/^getp/");
	cr_expect_eq(trace_filter_count(&f), expected);
	cr_expect(trace_filter_has(&f, nr("getpid")));
	cr_expect(trace_filter_has(&f, nr("getppid")));
	cr_expect_not(trace_filter_has(&f, nr("gettid")));
	parse_ok("trace=/^getp"); /* strace's form, without the closing slash */
	cr_expect_eq(trace_filter_count(&f), expected);
	parse_ok("trace=/statv?fs$/");
	cr_expect(trace_filter_has(&f, nr("statfs")));
	cr_expect(trace_filter_has(&f, nr("fstatfs")));
	cr_expect_eq(trace_filter_count(&f), 2);
	parse_ok("trace=%file,!/stat/");
	cr_expect_not(trace_filter_has(&f, nr("newfstatat")));
	cr_expect(trace_filter_has(&f, nr("openat")));
	parse_ok("trace=?/^zzz/,read");
	cr_expect_eq(trace_filter_count(&f), 1);
}

Test(filter, all_none_and_optional)
{
	parse_ok("trace=none");
	cr_expect(f.trace_given);
	cr_expect_eq(trace_filter_count(&f), 0);
	cr_expect_not(trace_filter_has(&f, 400));
	parse_ok("trace=all");
	cr_expect(trace_filter_selects_all(&f));
	parse_ok("trace=getpid,all");
	cr_expect(trace_filter_selects_all(&f));
	parse_ok("trace=?opne,getpid");
	cr_expect_eq(trace_filter_count(&f), 1);
	cr_expect(trace_filter_has(&f, nr("getpid")));
}

Test(filter, later_trace_replaces_earlier)
{
	parse_ok("trace=getpid");
	parse_ok("trace=getppid");
	cr_expect_not(trace_filter_has(&f, nr("getpid")));
	cr_expect(trace_filter_has(&f, nr("getppid")));
}

Test(filter, errors_name_the_bad_element)
{
	parse_fails("trace=opne", "unknown syscall or class 'opne' in 'trace=opne'");
	parse_fails("openat,opne", "unknown syscall or class 'opne' in 'openat,opne'");
	parse_fails("trace=file,!bogus",
	            "unknown syscall or class '!bogus' in 'trace=file,!bogus'");
	parse_fails("trace=creds2", "unknown syscall or class 'creds2' in 'trace=creds2'");
	parse_fails("trace=%bogus", "unknown syscall or class '%bogus' in 'trace=%bogus'");
	parse_fails("trace=1024", "unknown syscall or class '1024' in 'trace=1024'");
	parse_fails("trace= ", "unknown syscall or class ' ' in 'trace= '");
	parse_fails("trace=", "empty syscall list '' in 'trace='");
	parse_fails("trace=!,", "empty syscall list ',' in 'trace=!,'");
	parse_fails("trace=/^zzz/",
	            "regular expression matches no syscall '/^zzz/' in 'trace=/^zzz/'");
	parse_fails("status=bogus", "unknown status 'bogus' in 'status=bogus'");
	parse_fails("status=", "empty status list '' in 'status='");
	parse_fails("signal=SIGINT",
	            "unsupported qualifier 'signal' in 'signal=SIGINT' (only trace= and status= "
	            "are known)");
}

Test(filter, bad_regex_and_long_elements)
{
	char expr[600];

	cr_assert_eq(trace_filter_parse(&f, "trace=/(/", err, sizeof(err)), -1);
	cr_expect(strncmp(err, "invalid regular expression '/(/' in 'trace=/(/': ", 48) == 0, "%s",
	          err);
	memset(expr, 'a', sizeof(expr) - 1);
	expr[sizeof(expr) - 1] = '\0';
	memcpy(expr, "trace=", 6);
	cr_assert_eq(trace_filter_parse(&f, expr, err, sizeof(err)), -1);
	cr_expect(strncmp(err, "element too long 'aaaa", 22) == 0, "%s", err);
	/* a tiny or absent message buffer is never overrun */
	cr_assert_eq(trace_filter_parse(&f, "trace=opne", err, 8), -1);
	cr_expect_str_eq(err, "unknown");
	cr_assert_eq(trace_filter_parse(&f, "trace=opne", NULL, 0), -1);
	cr_assert_eq(trace_filter_parse(&f, NULL, err, sizeof(err)), -1);
	cr_expect(f.trace_given == false);
}

Test(filter, status_sets)
{
	parse_ok("status=failed");
	cr_expect_eq(f.status, TFS_FAILED);
	cr_expect(st_ok("close", -2, 0));
	cr_expect(st_ok("close", -4095, 0));
	cr_expect_not(st_ok("close", -4096, 0));
	cr_expect_not(st_ok("close", 0, 0));
	cr_expect_not(st_ok("close", 3, 0));
	cr_expect(trace_filter_selects_all(&f)); /* status= does not touch trace= */
	parse_ok("status=successful,failed");
	cr_expect(st_ok("close", 0, 0));
	cr_expect(st_ok("close", -1, 0));
	cr_expect_not(st_ok("close", 0, TSYS_UNFINISHED));
	parse_ok("status=!successful");
	cr_expect_eq(f.status, TFS_ALL & ~TFS_SUCCESSFUL);
	cr_expect_not(st_ok("close", 5, 0));
	cr_expect(st_ok("exit_group", 0, TSYS_NORETURN | TSYS_UNFINISHED)); /* "= ?" */
	cr_expect(st_ok("exit_group", 0, 0));           /* never returns, even without the flag */
	cr_expect_not(st_ok("execve", 0, TSYS_EXECED)); /* it returned 0: successful */
	parse_ok("status=unfinished");
	cr_expect(st_ok("close", 0, TSYS_UNFINISHED));
	cr_expect(st_ok("exit", 0, TSYS_NORETURN | TSYS_UNFINISHED));
	cr_expect_not(st_ok("close", -2, 0));
	cr_expect_not(st_ok("execve", 0, TSYS_EXECED));
	parse_ok("status=successful");
	cr_expect(st_ok("execve", 0, TSYS_EXECED));
	cr_expect_not(st_ok("execve", -2, 0));
	cr_expect_not(st_ok("exit_group", 0, TSYS_NORETURN | TSYS_UNFINISHED));
	parse_ok("status=detached");
	cr_expect(st_ok("close", 0, TSYS_DETACHED | TSYS_UNFINISHED));
	cr_expect_not(st_ok("close", 0, TSYS_UNFINISHED));
	parse_ok("status=none");
	cr_expect_eq(f.status, 0);
	parse_ok("status=all");
	cr_expect_eq(f.status, TFS_ALL);
	parse_ok("status=unavailable");
	cr_expect_eq(f.status, TFS_UNAVAILABLE);
}

Test(filter, trace_and_status_combine)
{
	parse_ok("trace=openat");
	parse_ok("status=failed");
	cr_expect(trace_filter_has(&f, nr("openat")));
	cr_expect_not(trace_filter_has(&f, nr("read")));
	cr_expect_eq(f.status, TFS_FAILED);
}

Test(filter, random_expressions_never_crash)
{
	static const char alphabet[] = "trace=status!?/%,.*()[]^$|+-_abcdefopsnlmiu0123456789 ";
	uint64_t state = 0x9e3779b97f4a7c15ull;
	char expr[64];

	for (int round = 0; round < 20000; round++) {
		size_t len;
		int rc;

		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		len = state % (sizeof(expr) - 1);
		for (size_t i = 0; i < len; i++) {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			expr[i] = alphabet[state % (sizeof(alphabet) - 1)];
		}
		expr[len] = '\0';
		trace_filter_init(&f);
		err[0] = 'x';
		rc = trace_filter_parse(&f, expr, err, sizeof(err));
		cr_assert(rc == 0 || rc == -1, "'%s' returned %d", expr, rc);
		cr_assert(rc == 0 ? err[0] == '\0' : strlen(err) > 0, "'%s': message '%s'", expr,
		          err);
	}
}

/* fd_kinds with argument arg of kind kind. */
static uint32_t kinds(unsigned arg, unsigned kind)
{
	return trace_fdk_set(0, arg, kind);
}

Test(filter, plain_classes_decided_per_call_by_descriptor_kind)
{
	long rd = nr("read"), wr = nr("write"), cl = nr("close"), fs = nr("fsync");

	parse_ok("trace=file");
	cr_expect(f.by_kind);
	cr_expect(trace_filter_match(&f, rd, kinds(0, TFD_REG)));
	cr_expect(trace_filter_match(&f, rd, kinds(0, TFD_DIR)));
	cr_expect(trace_filter_match(&f, wr, kinds(0, TFD_CHR))); /* /dev/null */
	cr_expect(trace_filter_match(&f, wr, kinds(0, TFD_FIFO)));
	cr_expect(trace_filter_match(&f, fs, kinds(0, TFD_REG)));
	cr_expect_not(trace_filter_match(&f, rd, kinds(0, TFD_PIPE)));
	cr_expect_not(trace_filter_match(&f, wr, kinds(0, TFD_TTY)));
	cr_expect_not(trace_filter_match(&f, rd, kinds(0, TFD_INET)));
	cr_expect_not(trace_filter_match(&f, rd, kinds(0, TFD_EVENTFD)));
	cr_expect_not(trace_filter_match(&f, rd, 0)); /* unknown kind: static meaning */
	cr_expect(trace_filter_match(&f, nr("openat"), 0));
	/* mmap of a file, not of anonymous memory */
	cr_expect(trace_filter_match(&f, nr("mmap"), kinds(4, TFD_REG)));
	cr_expect_not(trace_filter_match(&f, nr("mmap"), 0));
	/* newfstatat is in %file whatever its descriptor */
	cr_expect(trace_filter_match(&f, nr("newfstatat"), kinds(0, TFD_UNIX)));
	/* sendfile(socket, file): the file side counts for file */
	cr_expect(trace_filter_match(&f, nr("sendfile"), kinds(0, TFD_INET) | kinds(1, TFD_REG)));

	parse_ok("trace=network");
	cr_expect(trace_filter_match(&f, rd, kinds(0, TFD_INET6)));
	cr_expect(trace_filter_match(&f, cl, kinds(0, TFD_UNIX)));
	cr_expect(trace_filter_match(&f, wr, kinds(0, TFD_NETLINK)));
	cr_expect(trace_filter_match(&f, nr("recvfrom"), 0)); /* %network: static */
	cr_expect_not(trace_filter_match(&f, wr, kinds(0, TFD_REG)));
	cr_expect_not(trace_filter_match(&f, cl, kinds(0, TFD_PIPE)));

	parse_ok("trace=file,network");
	cr_expect(trace_filter_labels_io(&f));
	cr_expect(trace_filter_match(&f, wr, kinds(0, TFD_REG)));
	cr_expect(trace_filter_match(&f, wr, kinds(0, TFD_INET)));
	cr_expect_not(trace_filter_match(&f, wr, kinds(0, TFD_PIPE)));

	/* the percent forms keep strace's static membership */
	parse_ok("trace=%file");
	cr_expect_not(f.by_kind);
	cr_expect_not(trace_filter_match(&f, rd, kinds(0, TFD_REG)));
	cr_expect_not(trace_filter_labels_io(&f));
	parse_ok("trace=%file,%network");
	cr_expect_not(trace_filter_labels_io(&f));
	parse_ok("trace=desc");
	cr_expect(trace_filter_match(&f, rd, kinds(0, TFD_PIPE)));
	cr_expect(trace_filter_match(&f, rd, kinds(0, TFD_REG)));

	/* negation: everything but file I/O */
	parse_ok("trace=!file");
	cr_expect_not(trace_filter_match(&f, rd, kinds(0, TFD_REG)));
	cr_expect(trace_filter_match(&f, rd, kinds(0, TFD_PIPE)));
	cr_expect(trace_filter_match(&f, rd, kinds(0, TFD_INET)));
	cr_expect_not(trace_filter_match(&f, nr("openat"), 0));
	parse_ok("trace=file,!write");
	cr_expect_not(trace_filter_match(&f, wr, kinds(0, TFD_REG)));
	cr_expect(trace_filter_match(&f, rd, kinds(0, TFD_REG)));
	parse_ok("trace=all,!network");
	cr_expect(trace_filter_match(&f, rd, kinds(0, TFD_REG)));
	cr_expect_not(trace_filter_match(&f, rd, kinds(0, TFD_INET)));
	cr_expect_not(trace_filter_match(&f, nr("socket"), 0));
	/* a name is a name: read of anything */
	parse_ok("trace=read");
	cr_expect_not(f.by_kind);
	cr_expect(trace_filter_match(&f, rd, kinds(0, TFD_PIPE)));
}

Test(filter, io_class_of_a_call)
{
	cr_expect_eq(trace_call_io_class(nr("write"), kinds(0, TFD_REG)), TIO_FILE);
	cr_expect_eq(trace_call_io_class(nr("write"), kinds(0, TFD_INET)), TIO_NET);
	cr_expect_eq(trace_call_io_class(nr("write"), kinds(0, TFD_PIPE)), TIO_NONE);
	cr_expect_eq(trace_call_io_class(nr("openat"), 0), TIO_FILE);
	cr_expect_eq(trace_call_io_class(nr("socket"), 0), TIO_NET);
	cr_expect_eq(trace_call_io_class(nr("sendfile"), kinds(0, TFD_INET) | kinds(1, TFD_REG)),
	             TIO_NET);
	cr_expect_eq(trace_call_io_class(nr("munmap"), 0), TIO_NONE);
}
