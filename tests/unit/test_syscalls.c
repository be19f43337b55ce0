/*
 * test_syscalls.c - the generated syscall table: numbers and names against the
 * kernel headers of this machine, the syscalls newer than those headers,
 * strace's classes (spot checks, and every class compared with strace itself
 * when it is installed), argument kinds, and the lookups.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libtrace/trace_fdkind.h"
#include "libtrace/trace_syscalls.h"

#define UNISTD_64 "/usr/include/x86_64-linux-gnu/asm/unistd_64.h"

static long nr_of(const char *name)
{
	long nr = trace_syscall_by_name(name);
	cr_assert_geq(nr, 0, "syscall %s is not in the table", name);
	return nr;
}

/* strace's classes of a syscall (without fdio, which is ours). */
static uint32_t classes_of(const char *name)
{
	return trace_syscall_desc(nr_of(name))->classes & ~(uint32_t)TC_FDIO;
}

static bool is_fdio(const char *name)
{
	return (trace_syscall_desc(nr_of(name))->classes & TC_FDIO) != 0;
}

Test(syscalls, descriptor_calls)
{
	static const char *const fdio[] = {
	    "read",       "write",     "pread64",         "pwrite64",  "readv",
	    "writev",     "preadv",    "pwritev",         "preadv2",   "pwritev2",
	    "fsync",      "fdatasync", "sync_file_range", "lseek",     "fstat",
	    "newfstatat", "ftruncate", "fallocate",       "fadvise64", "getdents64",
	    "close",      "sendfile",  "copy_file_range", "splice",    "fcntl",
	    "flock",      "mmap",
	};
	for (size_t i = 0; i < sizeof(fdio) / sizeof(fdio[0]); i++)
		cr_expect(is_fdio(fdio[i]), "%s is a descriptor call", fdio[i]);
	cr_expect_not(is_fdio("openat"));
	cr_expect_not(is_fdio("socket"));
	cr_expect_not(is_fdio("recvfrom")); /* in %network already */
	cr_expect_not(is_fdio("munmap"));
	/* every descriptor call names its descriptor in an fd or dirfd argument */
	for (unsigned i = 0; i < trace_syscall_named_count(); i++) {
		const struct trace_syscall_desc *d = trace_syscall_by_index(i);
		bool has_fd = false;
		if (!(d->classes & TC_FDIO))
			continue;
		for (unsigned k = 0; k < d->nargs; k++)
			has_fd |= d->args[k].kind == TA_FD || d->args[k].kind == TA_DIRFD;
		cr_expect(has_fd, "%s: descriptor call without an fd argument", d->name);
	}
	cr_expect_eq(trace_class_io("file"), TIO_FILE);
	cr_expect_eq(trace_class_io("network"), TIO_NET);
	cr_expect_eq(trace_class_io("net"), TIO_NET);
	cr_expect_eq(trace_class_io("%file"), 0);
	cr_expect_eq(trace_class_io("memory"), 0);
}

Test(syscalls, every_header_syscall_has_the_same_number)
{
	FILE *f = fopen(UNISTD_64, "r");
	char line[256], name[128];
	long nr;
	int checked = 0;

	if (!f)
		cr_skip_test("%s is not installed", UNISTD_64);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "#define __NR_%127s %ld", name, &nr) != 2)
			continue;
		cr_expect_eq(trace_syscall_by_name(name), nr, "%s: table says %ld, header says %ld",
		             name, trace_syscall_by_name(name), nr);
		cr_expect_str_eq(trace_syscall_name(nr) ? trace_syscall_name(nr) : "(none)", name);
		checked++;
	}
	fclose(f);
	cr_assert_gt(checked, 300, "only %d syscalls read from %s", checked, UNISTD_64);
}

Test(syscalls, covers_linux_6_18)
{
	static const struct {
		const char *name;
		long nr;
		int nargs;
	} newer[] = {
	    {"uretprobe", 335, 0},         {"uprobe", 336, 0},
	    {"cachestat", 451, 4},         {"fchmodat2", 452, 4},
	    {"map_shadow_stack", 453, 3},  {"futex_wake", 454, 4},
	    {"futex_wait", 455, 6},        {"futex_requeue", 456, 4},
	    {"statmount", 457, 4},         {"listmount", 458, 4},
	    {"lsm_get_self_attr", 459, 4}, {"lsm_set_self_attr", 460, 4},
	    {"lsm_list_modules", 461, 3},  {"mseal", 462, 3},
	    {"setxattrat", 463, 6},        {"getxattrat", 464, 6},
	    {"listxattrat", 465, 5},       {"removexattrat", 466, 4},
	    {"open_tree_attr", 467, 5},    {"file_getattr", 468, 5},
	    {"file_setattr", 469, 5},
	};
	for (size_t i = 0; i < sizeof(newer) / sizeof(newer[0]); i++) {
		const struct trace_syscall_desc *d = trace_syscall_desc(newer[i].nr);
		cr_assert_not_null(d, "%s (%ld) missing", newer[i].name, newer[i].nr);
		cr_expect_str_eq(d->name, newer[i].name);
		cr_expect_eq(d->nr, newer[i].nr);
		cr_expect_eq(d->nargs, newer[i].nargs, "%s: %d args", d->name, d->nargs);
	}
	cr_expect_eq(trace_syscall_count(), 470);
	cr_expect_str_eq(trace_syscall_arch(), "x86_64");
}

Test(syscalls, unknown_numbers)
{
	char buf[32];

	cr_expect_null(trace_syscall_desc(-1));
	cr_expect_null(trace_syscall_desc(400)); /* the gap 337..423 */
	cr_expect_null(trace_syscall_desc(470));
	cr_expect_null(trace_syscall_name(100000));
	cr_expect_str_eq(trace_syscall_name_r(460, buf, sizeof(buf)), "lsm_set_self_attr");
	cr_expect_str_eq(trace_syscall_name_r(400, buf, sizeof(buf)), "syscall_0x190");
	cr_expect_str_eq(trace_syscall_name_r(500, buf, sizeof(buf)), "syscall_0x1f4");
	cr_expect_str_eq(trace_syscall_name_r(0, buf, sizeof(buf)), "read");
	cr_expect_eq(trace_syscall_by_name("syscall_0x1f4"), 500);
	cr_expect_eq(trace_syscall_by_name("syscall_500"), 500);
	cr_expect_eq(trace_syscall_by_name("syscall_"), -1);
	cr_expect_eq(trace_syscall_by_name("syscall_99999"), -1);
	cr_expect_eq(trace_syscall_by_name("opne"), -1);
	cr_expect_eq(trace_syscall_by_name(""), -1);
	cr_expect_eq(trace_syscall_by_name(NULL), -1);
}

Test(syscalls, names_are_sorted_and_unique_and_found)
{
	unsigned n = trace_syscall_named_count();
	unsigned total = 0;

	cr_assert_gt(n, 380);
	for (unsigned i = 0; i < n; i++) {
		const struct trace_syscall_desc *d = trace_syscall_by_index(i);
		if (i > 0)
			cr_assert_lt(strcmp(trace_syscall_by_index(i - 1)->name, d->name), 0,
			             "%s before %s", trace_syscall_by_index(i - 1)->name, d->name);
		cr_expect_eq(trace_syscall_by_name(d->name), d->nr, "%s", d->name);
	}
	for (long nr = 0; nr < (long)trace_syscall_count(); nr++)
		total += trace_syscall_desc(nr) != NULL;
	cr_expect_eq(total, n);
	cr_expect_null(trace_syscall_by_index(n));
}

Test(syscalls, class_spot_checks)
{
	cr_expect_eq(classes_of("openat"), TC_DESC | TC_FILE);
	cr_expect_eq(classes_of("open"), TC_DESC | TC_FILE);
	cr_expect_eq(classes_of("read"), TC_DESC);
	cr_expect_eq(classes_of("mmap"), TC_MEMORY | TC_DESC);
	cr_expect_eq(classes_of("munmap"), TC_MEMORY);
	cr_expect_eq(classes_of("fstat"), TC_DESC | TC_FSTAT | TC_STAT_LIKE);
	cr_expect_eq(classes_of("stat"), TC_FILE | TC_STAT | TC_STAT_LIKE);
	cr_expect_eq(classes_of("lstat"), TC_FILE | TC_LSTAT | TC_STAT_LIKE);
	cr_expect_eq(classes_of("newfstatat"), TC_DESC | TC_FILE | TC_FSTAT | TC_STAT_LIKE);
	cr_expect_eq(classes_of("statx"), TC_DESC | TC_FILE | TC_FSTAT | TC_STAT_LIKE);
	cr_expect_eq(classes_of("statfs"), TC_FILE | TC_STATFS | TC_STATFS_LIKE);
	cr_expect_eq(classes_of("fstatfs"), TC_DESC | TC_FSTATFS | TC_STATFS_LIKE);
	cr_expect_eq(classes_of("ustat"), TC_STATFS_LIKE);
	/* strace puts socket() in %network only, not %desc */
	cr_expect_eq(classes_of("socket"), TC_NETWORK);
	cr_expect_eq(classes_of("sendfile"), TC_DESC | TC_NETWORK);
	cr_expect_eq(classes_of("execve"), TC_FILE | TC_PROCESS);
	cr_expect_eq(classes_of("execveat"), TC_DESC | TC_FILE | TC_PROCESS);
	cr_expect_eq(classes_of("clone"), TC_PROCESS);
	cr_expect_eq(classes_of("clone3"), TC_PROCESS);
	cr_expect_eq(classes_of("vfork"), TC_PROCESS);
	cr_expect_eq(classes_of("exit_group"), TC_PROCESS);
	cr_expect_eq(classes_of("kill"), TC_SIGNAL | TC_PROCESS);
	cr_expect_eq(classes_of("rt_sigreturn"), TC_SIGNAL);
	cr_expect_eq(classes_of("pause"), TC_SIGNAL);
	cr_expect_eq(classes_of("msgget"), TC_IPC);
	cr_expect_eq(classes_of("shmat"), TC_IPC | TC_MEMORY);
	cr_expect_eq(classes_of("getuid"), TC_CREDS | TC_PURE);
	cr_expect_eq(classes_of("getpid"), TC_PURE);
	cr_expect_eq(classes_of("prctl"), TC_CREDS);
	cr_expect_eq(classes_of("clock_gettime"), TC_CLOCK);
	cr_expect_eq(classes_of("nanosleep"), 0);
	cr_expect_eq(classes_of("vhangup"), 0);
	cr_expect_eq(classes_of("pidfd_send_signal"), TC_DESC | TC_SIGNAL | TC_PROCESS);
	cr_expect_eq(classes_of("file_setattr"), TC_DESC | TC_FILE);
}

Test(syscalls, exit_calls_do_not_return)
{
	cr_expect_eq(trace_syscall_desc(nr_of("exit"))->ret_kind, TR_NONE);
	cr_expect_eq(trace_syscall_desc(nr_of("exit_group"))->ret_kind, TR_NONE);
	cr_expect_eq(trace_syscall_desc(nr_of("openat"))->ret_kind, TR_FD);
	cr_expect_eq(trace_syscall_desc(nr_of("mmap"))->ret_kind, TR_HEX);
	cr_expect_eq(trace_syscall_desc(nr_of("brk"))->ret_kind, TR_HEX);
	cr_expect_eq(trace_syscall_desc(nr_of("umask"))->ret_kind, TR_OCTAL);
	cr_expect_eq(trace_syscall_desc(nr_of("read"))->ret_kind, TR_INT);
}

static void expect_args(const char *name, const unsigned *kinds, const unsigned *lens, int n)
{
	const struct trace_syscall_desc *d = trace_syscall_desc(nr_of(name));

	cr_assert_eq(d->nargs, n, "%s: %d args", name, d->nargs);
	for (int i = 0; i < n; i++) {
		cr_expect_eq(d->args[i].kind, kinds[i], "%s arg %d: %s, want %s", name, i,
		             trace_arg_kind_name(d->args[i].kind), trace_arg_kind_name(kinds[i]));
		cr_expect_eq(d->args[i].len_arg, lens[i], "%s arg %d: len_arg %u", name, i,
		             d->args[i].len_arg);
	}
}

#define ARGS(name, ...)                                                                            \
	do {                                                                                       \
		static const unsigned k_[] = {__VA_ARGS__};                                        \
		static const unsigned l_[sizeof(k_) / sizeof(k_[0])];                              \
		expect_args(name, k_, l_, (int)(sizeof(k_) / sizeof(k_[0])));                      \
	} while (0)

Test(syscalls, argument_kinds)
{
	static const unsigned read_k[] = {TA_FD, TA_BUF_OUT, TA_ULONG}, read_l[] = {0, 2, 0};
	static const unsigned write_k[] = {TA_FD, TA_BUF_IN, TA_ULONG}, write_l[] = {0, 2, 0};
	static const unsigned sendto_k[] = {TA_FD,        TA_BUF_IN,      TA_ULONG,
	                                    TA_MSG_FLAGS, TA_SOCKADDR_IN, TA_INT};
	static const unsigned sendto_l[] = {0, 2, 0, 0, 5, 0};
	static const unsigned recvfrom_k[] = {TA_FD,        TA_BUF_OUT,      TA_ULONG,
	                                      TA_MSG_FLAGS, TA_SOCKADDR_OUT, TA_SOCKLEN};
	static const unsigned recvfrom_l[] = {0, 2, 0, 0, 5, 0};
	static const unsigned writev_k[] = {TA_FD, TA_IOV_IN, TA_ULONG}, writev_l[] = {0, 2, 0};
	static const unsigned readv_k[] = {TA_FD, TA_IOV_OUT, TA_ULONG};
	static const unsigned connect_k[] = {TA_FD, TA_SOCKADDR_IN, TA_INT};
	static const unsigned accept4_k[] = {TA_FD, TA_SOCKADDR_OUT, TA_SOCKLEN, TA_SOCK_TYPE};
	static const unsigned readlinkat_k[] = {TA_DIRFD, TA_PATH, TA_BUF_OUT, TA_INT};
	static const unsigned readlinkat_l[] = {0, 0, 3, 0};

	ARGS("openat", TA_DIRFD, TA_PATH, TA_OPEN_FLAGS, TA_MODE);
	ARGS("open", TA_PATH, TA_OPEN_FLAGS, TA_MODE);
	ARGS("close", TA_FD);
	expect_args("read", read_k, read_l, 3);
	expect_args("write", write_k, write_l, 3);
	expect_args("pread64", (const unsigned[]){TA_FD, TA_BUF_OUT, TA_ULONG, TA_LONG},
	            (const unsigned[]){0, 2, 0, 0}, 4);
	expect_args("writev", writev_k, writev_l, 3);
	expect_args("readv", readv_k, writev_l, 3);
	expect_args("sendto", sendto_k, sendto_l, 6);
	expect_args("recvfrom", recvfrom_k, recvfrom_l, 6);
	expect_args("connect", connect_k, writev_l, 3);
	expect_args("bind", connect_k, writev_l, 3);
	expect_args("accept4", accept4_k, (const unsigned[]){0, 2, 0, 0}, 4);
	expect_args("readlinkat", readlinkat_k, readlinkat_l, 4);
	ARGS("mmap", TA_PTR, TA_ULONG, TA_MMAP_PROT, TA_MMAP_FLAGS, TA_FD, TA_HEX);
	ARGS("mprotect", TA_PTR, TA_ULONG, TA_MMAP_PROT);
	ARGS("munmap", TA_PTR, TA_ULONG);
	ARGS("brk", TA_PTR);
	ARGS("socket", TA_SOCK_DOMAIN, TA_SOCK_TYPE, TA_SOCK_PROTO);
	ARGS("execve", TA_PATH, TA_ARGV, TA_ENVP);
	ARGS("execveat", TA_DIRFD, TA_PATH, TA_ARGV, TA_ENVP, TA_AT_FLAGS);
	ARGS("clone", TA_CLONE_FLAGS, TA_PTR, TA_PTR, TA_PTR, TA_HEX);
	ARGS("kill", TA_INT, TA_SIGNAL);
	ARGS("tgkill", TA_INT, TA_INT, TA_SIGNAL);
	ARGS("fstat", TA_FD, TA_STAT_OUT);
	ARGS("newfstatat", TA_DIRFD, TA_PATH, TA_STAT_OUT, TA_AT_FLAGS);
	ARGS("statx", TA_DIRFD, TA_PATH, TA_STATX_FLAGS, TA_FLAGS, TA_STATX_OUT);
	ARGS("lseek", TA_FD, TA_LONG, TA_WHENCE);
	ARGS("ioctl", TA_FD, TA_IOCTL_CMD, TA_IOCTL_ARG);
	ARGS("fcntl", TA_FD, TA_FCNTL_CMD, TA_FCNTL_ARG);
	ARGS("access", TA_PATH, TA_ACCESS_MODE);
	ARGS("faccessat2", TA_DIRFD, TA_PATH, TA_ACCESS_MODE, TA_FLAGS);
	ARGS("unlinkat", TA_DIRFD, TA_PATH, TA_AT_FLAGS);
	ARGS("renameat2", TA_DIRFD, TA_PATH, TA_DIRFD, TA_PATH, TA_FLAGS);
	ARGS("fsync", TA_FD);
	ARGS("pipe2", TA_FDPAIR_OUT, TA_OPEN_FDFLAGS);
	ARGS("getcwd", TA_PATH_OUT, TA_ULONG);
	ARGS("wait4", TA_INT, TA_WSTATUS_OUT, TA_WAIT_OPTIONS, TA_RUSAGE_OUT);
	ARGS("uname", TA_UTSNAME_OUT);
	ARGS("time", TA_TIME_OUT);
	cr_expect_eq(trace_syscall_desc(nr_of("getpid"))->nargs, 0);
}

/* Each argument's C type: what the kernel reads of the register. */
Test(syscalls, argument_c_types)
{
	const struct trace_syscall_desc *d = trace_syscall_desc(nr_of("read"));

	cr_expect_eq(d->args[0].ctype, TCT_INT);   /* int fd */
	cr_expect_eq(d->args[1].ctype, TCT_ULONG); /* void * */
	cr_expect_eq(d->args[2].ctype, TCT_ULONG); /* size_t */
	d = trace_syscall_desc(nr_of("umask"));
	cr_expect_eq(d->args[0].ctype, TCT_UINT); /* mode_t */
	d = trace_syscall_desc(nr_of("lseek"));
	cr_expect_eq(d->args[1].ctype, TCT_LONG); /* off_t */
	d = trace_syscall_desc(nr_of("close_range"));
	cr_expect_eq(d->args[0].ctype, TCT_UINT);
	cr_expect_eq(d->args[2].kind, TA_FLAGS);
	cr_expect_str_eq(d->args[2].xlat, "close_range_flags");
	cr_expect_eq(trace_arg_value(TCT_INT, 0xdeadbeefffffffffull), UINT64_MAX);
	cr_expect_eq(trace_arg_value(TCT_UINT, 0xdeadbeefffffffffull), 0xffffffffull);
	cr_expect_eq(trace_arg_value(TCT_LONG, 0xdeadbeefffffffffull), 0xdeadbeefffffffffull);
}

Test(syscalls, length_arguments_are_declared)
{
	for (long nr = 0; nr < (long)trace_syscall_count(); nr++) {
		const struct trace_syscall_desc *d = trace_syscall_desc(nr);
		if (!d)
			continue;
		cr_expect_leq(d->nargs, 6);
		for (int i = 0; i < 6; i++) {
			const struct trace_arg_desc *a = &d->args[i];
			if (i >= d->nargs) {
				cr_expect_eq(a->kind, TA_NONE, "%s arg %d set past nargs", d->name,
				             i);
				continue;
			}
			cr_expect_neq(a->kind, TA_NONE, "%s arg %d has no kind", d->name, i);
			cr_expect_lt(a->kind, TA_KIND_COUNT);
			if (trace_arg_has_len(a->kind))
				cr_expect(a->len_arg < d->nargs && a->len_arg != i,
				          "%s arg %d: bad len_arg %u", d->name, i, a->len_arg);
		}
	}
}

Test(syscalls, arg_kind_helpers)
{
	for (unsigned k = 0; k < TA_KIND_COUNT; k++) {
		cr_expect_str_neq(trace_arg_kind_name(k), "?", "kind %u has no name", k);
		cr_expect_leq(trace_arg_kind_basic(k), TA_STAT_OUT, "%s", trace_arg_kind_name(k));
		if (k <= TA_STAT_OUT)
			cr_expect_eq(trace_arg_kind_basic(k), k);
	}
	cr_expect_str_eq(trace_arg_kind_name(TA_BUF_IN), "buf_in");
	cr_expect_str_eq(trace_arg_kind_name(TA_KIND_COUNT), "?");
	cr_expect_eq(trace_arg_struct_size(TA_STAT_OUT), sizeof(struct stat));
	cr_expect_eq(trace_arg_struct_size(TA_STATFS_OUT), sizeof(struct statfs));
	cr_expect_eq(trace_arg_struct_size(TA_TIMESPEC_IN), sizeof(struct timespec));
	cr_expect_eq(trace_arg_struct_size(TA_STATX_OUT), 256);
	cr_expect_eq(trace_arg_struct_size(TA_FDPAIR_OUT), 2 * sizeof(int));
	cr_expect_eq(trace_arg_struct_size(TA_PATH), 0);
	cr_expect(trace_arg_is_output(TA_BUF_OUT));
	cr_expect(trace_arg_is_output(TA_STAT_OUT));
	cr_expect(trace_arg_is_output(TA_SOCKADDR_OUT));
	cr_expect_not(trace_arg_is_output(TA_BUF_IN));
	cr_expect_not(trace_arg_is_output(TA_PATH));
	cr_expect(trace_arg_has_len(TA_IOV_IN));
	cr_expect(trace_arg_has_len(TA_BUF_OUT));
	cr_expect_not(trace_arg_has_len(TA_PATH));
}

Test(syscalls, class_names)
{
	cr_expect_eq(trace_class_by_name("file"), TC_FILE);
	cr_expect_eq(trace_class_by_name("%file"), TC_FILE);
	cr_expect_eq(trace_class_by_name("%net"), TC_NETWORK);
	cr_expect_eq(trace_class_by_name("network"), TC_NETWORK);
	cr_expect_eq(trace_class_by_name("%%stat"), TC_STAT_LIKE);
	cr_expect_eq(trace_class_by_name("%stat"), TC_STAT);
	cr_expect_eq(trace_class_by_name("stat"), 0); /* the syscall, not the class */
	cr_expect_eq(trace_class_by_name("%%statfs"), TC_STATFS_LIKE);
	cr_expect_eq(trace_class_by_name("%pure"), TC_PURE);
	cr_expect_eq(trace_class_by_name("%bogus"), 0);
	cr_expect_eq(trace_class_by_name(NULL), 0);
	cr_expect_str_eq(trace_class_name(TC_FILE), "file");
	cr_expect_str_eq(trace_class_name(TC_STAT_LIKE), "%stat");
	cr_expect_str_eq(trace_class_name(TC_PURE), "pure");
	cr_expect_null(trace_class_name(TC_FILE | TC_DESC));
	for (unsigned b = 0; b <= 16; b++) {
		char pct[32];
		snprintf(pct, sizeof(pct), "%%%s", trace_class_name(1u << b));
		cr_expect_eq(trace_class_by_name(pct), 1u << b, "%s", pct);
	}
}

/* Runs strace -e trace=%CLASS on the program that calls every syscall and checks
 * that the names strace shows are exactly the table's members of that class. */
static void compare_class_with_strace(const char *prog, const char *strace_class, uint32_t bit)
{
	char out[] = "/tmp/renacer-test-strace-XXXXXX", cmd[512], *line = NULL;
	size_t cap = 0;
	int fd = mkstemp(out);
	FILE *f;
	int seen[1024] = {0};

	cr_assert_geq(fd, 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "strace -qq -o %s -e 'trace=%s' %s >/dev/null", out,
	         strace_class, prog);
	cr_assert_eq(system(cmd), 0, "%s failed", cmd);
	f = fopen(out, "r");
	cr_assert_not_null(f);
	while (getline(&line, &cap, f) > 0) {
		char *paren = strchr(line, '(');
		long nr;
		if (!paren || strncmp(line, "---", 3) == 0 || strncmp(line, "+++", 3) == 0)
			continue; /* signals and exits */
		if (strncmp(line, "syscall_", 8) == 0)
			continue; /* numbers this strace does not know are traced in every class */
		*paren = '\0';
		nr = trace_syscall_by_name(line);
		cr_expect_geq(nr, 0, "strace shows unknown syscall %s", line);
		if (nr < 0)
			continue;
		seen[nr] = 1;
		cr_expect(trace_syscall_desc(nr)->classes & bit,
		          "strace has %s in %s, the table not", line, strace_class);
	}
	free(line);
	fclose(f);
	unlink(out);
	/* every member the program called must have been shown */
	for (long nr = 0; nr <= 450; nr++) {
		const struct trace_syscall_desc *d = trace_syscall_desc(nr);
		static const long not_called[] = {15, 34, 56, 57, 58, 60, 68, 153, 231, 335, 435};
		int skip = 0;
		if (!d || !(d->classes & bit))
			continue;
		for (size_t i = 0; i < sizeof(not_called) / sizeof(not_called[0]); i++)
			skip |= not_called[i] == nr;
		if (!skip)
			cr_expect(seen[nr], "the table has %s in %s, strace not", d->name,
			          strace_class);
	}
}

Test(syscalls, classes_equal_strace)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} classes[] = {
	    {"%desc", TC_DESC},       {"%file", TC_FILE},
	    {"%network", TC_NETWORK}, {"%memory", TC_MEMORY},
	    {"%process", TC_PROCESS}, {"%signal", TC_SIGNAL},
	    {"%ipc", TC_IPC},         {"%creds", TC_CREDS},
	    {"%clock", TC_CLOCK},     {"%stat", TC_STAT},
	    {"%lstat", TC_LSTAT},     {"%fstat", TC_FSTAT},
	    {"%%stat", TC_STAT_LIKE}, {"%statfs", TC_STATFS},
	    {"%fstatfs", TC_FSTATFS}, {"%%statfs", TC_STATFS_LIKE},
	    {"%pure", TC_PURE},
	};
	const char *prog = TEST_PROG_DIR "/sc_every_syscall";

	if (system("strace -V >/dev/null 2>&1") != 0)
		cr_skip_test("strace is not installed");
	if (access(prog, X_OK) != 0)
		cr_skip_test("%s is not built", prog);
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		compare_class_with_strace(prog, classes[i].name, classes[i].bit);
}

/* Runs the generator (with awk, or mawk when given) on table text; its exit status. */
static int run_generator(const char *awk, const char *table)
{
	char path[] = "/tmp/renacer-test-tbl-XXXXXX", cmd[1024];
	int fd = mkstemp(path), rc;
	FILE *f;

	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	cr_assert_not_null(f);
	fputs(table, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s -f %s/libtrace/gen_syscalls.awk %s >/dev/null 2>&1", awk,
	         TEST_SOURCE_DIR, path);
	rc = system(cmd);
	unlink(path);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void check_generator(const char *awk)
{
	cr_expect_eq(run_generator(awk, "@arch x86_64\n0 read 3 int desc fd buf_out:2 uint\n"), 0);
	cr_expect_neq(run_generator(awk, "@arch x86_64\n0 read 3 int desc fd buf_out:2\n"), 0,
	              "%s: too few kinds accepted", awk);
	cr_expect_neq(run_generator(awk, "@arch x86_64\n0 read 3 int desc fd buf_out uint\n"), 0,
	              "%s: buf_out without its length accepted", awk);
	cr_expect_neq(run_generator(awk, "@arch x86_64\n0 read 2 int desc fd buf_in:2\n"), 0,
	              "%s: length index past nargs accepted", awk);
	cr_expect_neq(run_generator(awk, "@arch x86_64\n0 read 1 int dsc fd\n"), 0,
	              "%s: unknown class accepted", awk);
	cr_expect_neq(run_generator(awk, "@arch x86_64\n0 read 1 integer desc fd\n"), 0,
	              "%s: unknown return kind accepted", awk);
	cr_expect_neq(run_generator(awk, "@arch x86_64\n0 a 0 int -\n0 b 0 int -\n"), 0,
	              "%s: duplicate number accepted", awk);
	cr_expect_neq(run_generator(awk, "@arch x86_64\n0 a 0 int -\n1 a 0 int -\n"), 0,
	              "%s: duplicate name accepted", awk);
	cr_expect_neq(run_generator(awk, "0 a 0 int -\n"), 0, "%s: missing @arch accepted", awk);
}

Test(syscalls, generator_rejects_bad_tables)
{
	check_generator("awk");
	if (system("command -v mawk >/dev/null 2>&1") == 0)
		check_generator("mawk");
}
