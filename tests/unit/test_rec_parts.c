/*
 * test_rec_parts.c - unit tests of the recorder's building blocks: the tid
 * table (rec_threads), the seccomp-bpf filter (rec_seccomp), tracee memory
 * reads (rec_payload) and command lookup (rec_meta).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libtrace/trace_filter.h"
#include "record/rec.h"
#include "record/rec_payload.h"
#include "record/ptrace/rec_seccomp.h"
#include "record/ptrace/rec_threads.h"

Test(rec_threads, add_find_remove_rekey)
{
	struct rec_threads t;

	rec_threads_init(&t);
	for (pid_t tid = 1; tid <= 1000; tid++)
		cr_assert_not_null(rec_threads_add(&t, tid, tid / 10, tid % 3 ? 0 : 64));
	cr_expect_eq(t.count, 1000);
	for (pid_t tid = 1; tid <= 1000; tid += 2)
		rec_threads_remove(&t, tid);
	cr_expect_eq(t.count, 500);
	for (pid_t tid = 1; tid <= 1000; tid++) {
		struct rec_thread *th = rec_threads_find(&t, tid);
		if (tid % 2)
			cr_expect_null(th, "tid %d should be gone", tid);
		else
			cr_expect(th && th->tid == tid && th->pid == tid / 10, "tid %d lost", tid);
	}
	cr_expect_eq(rec_threads_count_pid(&t, 5), 5); /* 50, 52, ..., 58 */
	rec_threads_rekey(&t, 500, 5000);
	cr_expect_null(rec_threads_find(&t, 500));
	cr_expect_eq(rec_threads_find(&t, 5000)->pid, 50);
	unsigned pos = 0, n = 0;
	while (rec_threads_next(&t, &pos))
		n++;
	cr_expect_eq(n, 500);
	rec_threads_free(&t);
}

Test(rec_seccomp, filter_stops_only_selected_calls)
{
	uint64_t set[TRACE_FILTER_NR_MAX / 64] = {0};

	set[SYS_getppid / 64] |= 1ull << (SYS_getppid % 64);
	struct rec_seccomp_prog *p = rec_seccomp_build(set);
	cr_expect_eq(rec_seccomp_len(p), 9); /* 6 fixed + 2 per call + allow */
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		if (rec_seccomp_install(p) < 0)
			_exit(10);
		/* No tracer: a call the filter sends to one fails with ENOSYS. */
		long r = syscall(SYS_getppid);
		if (r != -1 || errno != ENOSYS)
			_exit(11);
		if (syscall(SYS_getpid) != getpid())
			_exit(12);
		_exit(0);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	rec_seccomp_free(p);
}

Test(rec_seccomp, tells_our_stops_and_filter_installs)
{
	uint64_t set[TRACE_FILTER_NR_MAX / 64] = {0};
	uint64_t a[6] = {0};
	bool all;

	set[SYS_getppid / 64] |= 1ull << (SYS_getppid % 64);
	cr_expect(rec_seccomp_is_ours(set, AUDIT_ARCH_X86_64, SYS_getppid, REC_SECCOMP_DATA));
	/* Another filter's data, or a call ours lets run: the program's own rule. */
	cr_expect(!rec_seccomp_is_ours(set, AUDIT_ARCH_X86_64, SYS_getppid, 0));
	cr_expect(!rec_seccomp_is_ours(set, AUDIT_ARCH_X86_64, SYS_getpgrp, REC_SECCOMP_DATA));
	cr_expect(rec_seccomp_is_ours(set, AUDIT_ARCH_I386, SYS_getpgrp, REC_SECCOMP_DATA));
	cr_expect(rec_seccomp_is_ours(set, AUDIT_ARCH_X86_64, 0x40000000u | 39, REC_SECCOMP_DATA));

	a[0] = SECCOMP_SET_MODE_FILTER;
	cr_expect(rec_seccomp_installed(SYS_seccomp, a, 0, &all) && !all);
	cr_expect(rec_seccomp_installed(SYS_seccomp, a, 5, &all)); /* NEW_LISTENER: an fd */
	cr_expect(!rec_seccomp_installed(SYS_seccomp, a, -EINVAL, &all));
	a[1] = SECCOMP_FILTER_FLAG_TSYNC;
	cr_expect(rec_seccomp_installed(SYS_seccomp, a, 0, &all) && all);
	cr_expect(!rec_seccomp_installed(SYS_seccomp, a, 1234, &all)); /* a thread not synced */
	a[0] = SECCOMP_SET_MODE_STRICT;
	cr_expect(!rec_seccomp_installed(SYS_seccomp, a, 0, &all));
	uint64_t p[6] = {PR_SET_SECCOMP, SECCOMP_MODE_FILTER};
	cr_expect(rec_seccomp_installed(SYS_prctl, p, 0, &all) && !all);
	p[0] = PR_GET_SECCOMP;
	cr_expect(!rec_seccomp_installed(SYS_prctl, p, 0, &all));
}

Test(rec_payload, reads_stop_at_unmapped_pages)
{
	long page = sysconf(_SC_PAGESIZE);
	char *area = aligned_alloc((size_t)page, (size_t)page * 2);
	char out[64];

	cr_assert_not_null(area);
	memset(area, 'a', (size_t)page * 2);
	cr_expect_eq(rec_mem_read(getpid(), (uint64_t)(uintptr_t)(area + page - 8), out, 16), 16);
	cr_expect_eq(rec_mem_read(getpid(), 8, out, 16), 0);
	free(area);
}

Test(rec_meta, find_command_through_path)
{
	char *p = rec_find_command("sh");

	cr_assert_not_null(p);
	cr_expect(p[0] == '/' && strstr(p, "/sh"), "got %s", p);
	free(p);
	p = rec_find_command("no-such-command-renacer");
	int err = errno;
	cr_expect_null(p);
	cr_expect_eq(err, ENOENT);
	const char *plain = TEST_BINARY_DIR "/rec_parts_not_executable";
	FILE *f = fopen(plain, "w");
	cr_assert_not_null(f);
	fclose(f);
	chmod(plain, 0644);
	p = rec_find_command(plain);
	err = errno;
	cr_expect_null(p);
	cr_expect_eq(err, EACCES);
}

Test(rec_meta, attach_messages)
{
	char msg[512];

	rec_attach_errmsg(123, ESRCH, msg, sizeof(msg));
	cr_expect_str_eq(msg, "cannot attach to pid 123: no such process");
	rec_attach_errmsg(123, EPERM, msg, sizeof(msg));
	cr_expect(strstr(msg, "CAP_SYS_PTRACE") &&
	              strstr(msg, "/proc/sys/kernel/yama/ptrace_scope"),
	          "%s", msg);
	pid_t none = 999999999;
	cr_expect_eq(rec_check_attach(&none, 1, msg, sizeof(msg)), -ESRCH);
}
