/*
 * test_record.c - checks renacer-record against strace, the oracle: for
 * deterministic programs the number of calls per syscall name in the trace
 * (calls that returned) equals `strace -f -c`. Also checks payloads, thread
 * and process records, exec from a non-leader thread, and seccomp filtering.
 * Runs the built renacer-record and the test programs of tests/progs.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/trace_cli.h"
#include "format/fmt_reader.h"
#include "libtrace/trace_filter.h"
#include "libtrace/trace_syscalls.h"

#define REC  TEST_BINARY_DIR "/renacer-record"
#define PROG TEST_PROG_DIR
#define TMP  TEST_BINARY_DIR "/tests/rec_tmp"

struct counts {
	unsigned n[TRACE_FILTER_NR_MAX];
};

struct trace_facts {
	struct counts calls; /* finished calls per nr */
	unsigned unfinished;
	unsigned threads, processes, exits, process_exits, execs, nonleader_execs;
	int last_status; /* status of the last TEXIT_PROCESS exit */
	int has_trailer;
};

static int run(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	mkdir(TEST_BINARY_DIR "/tests", 0755);
	mkdir(TMP, 0755);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Parses `strace -c -o FILE` output: rows "% time seconds usecs/call calls [errors] name". */
static void strace_counts(const char *path, struct counts *c)
{
	char line[512];
	FILE *f = fopen(path, "r");

	cr_assert(f, "no strace output %s", path);
	memset(c, 0, sizeof(*c));
	while (fgets(line, sizeof(line), f)) {
		char *tok[8];
		int n = 0;
		for (char *s = strtok(line, " \t\n"); s && n < 8; s = strtok(NULL, " \t\n"))
			tok[n++] = s;
		if (n < 5 || !strcmp(tok[n - 1], "total") || tok[0][0] == '%' || tok[0][0] == '-')
			continue;
		long nr = trace_syscall_by_name(tok[n - 1]);
		cr_assert(nr >= 0 && nr < TRACE_FILTER_NR_MAX, "strace names unknown syscall %s",
		          tok[n - 1]);
		c->n[nr] += (unsigned)atoi(tok[3]);
	}
	fclose(f);
}

static void trace_facts(const char *path, struct trace_facts *t)
{
	struct fmt_reader *r;
	struct trace_record rec;
	char err[256];

	memset(t, 0, sizeof(*t));
	cr_assert_eq(fmt_reader_open(&r, path, err, sizeof(err)), FMT_OK, "%s", err);
	while (fmt_reader_next(r, &rec) == FMT_OK) {
		switch (rec.type) {
		case TREC_SYSCALL:
			if (rec.u.sys.flags & TSYS_UNFINISHED)
				t->unfinished++;
			else
				t->calls.n[rec.u.sys.nr]++;
			break;
		case TREC_THREAD:
			if (rec.u.thread.flags & TTHREAD_IS_THREAD)
				t->threads++;
			else
				t->processes++;
			break;
		case TREC_EXIT:
			t->exits++;
			if (rec.u.exit.flags & TEXIT_PROCESS) {
				t->process_exits++;
				t->last_status = rec.u.exit.status;
			}
			break;
		case TREC_EXEC:
			t->execs++;
			if (rec.u.exec.old_tid != rec.u.exec.tid)
				t->nonleader_execs++;
			break;
		default:
			break;
		}
	}
	t->has_trailer = fmt_reader_stats(r)->has_trailer;
	fmt_reader_close(r);
}

static void expect_same_counts(const struct counts *rec, const struct counts *st, const char *what)
{
	unsigned total = 0;

	for (unsigned nr = 0; nr < TRACE_FILTER_NR_MAX; nr++) {
		total += st->n[nr];
		cr_expect_eq(rec->n[nr], st->n[nr], "%s: %s: renacer-record %u calls, strace %u",
		             what, trace_syscall_name(nr) ? trace_syscall_name(nr) : "?",
		             rec->n[nr], st->n[nr]);
	}
	cr_expect_gt(total, 10, "%s: strace saw only %u calls", what, total);
}

/* Records CMD with renacer-record OPTS and with strace -f -c SOPTS; compares. */
static void compare_with_strace(const char *name, const char *opts, const char *sopts,
                                const char *cmd)
{
	struct counts st;
	struct trace_facts tf;
	char trace[512], sout[512];

	snprintf(trace, sizeof(trace), TMP "/%s.trace", name);
	snprintf(sout, sizeof(sout), TMP "/%s.strace", name);
	int rc1 = run(REC " -q %s -o %s -- %s >/dev/null", opts, trace, cmd);
	int rc2 = run("strace -f -c %s -o %s -- %s >/dev/null", sopts, sout, cmd);
	cr_expect_eq(rc1, rc2, "%s: exit status %d under renacer-record, %d under strace", name,
	             rc1, rc2);
	strace_counts(sout, &st);
	trace_facts(trace, &tf);
	cr_expect(tf.has_trailer, "%s: trace has no trailer", name);
	expect_same_counts(&tf.calls, &st, name);
}

Test(record, counts_known_program)
{
	compare_with_strace("known", "", "", PROG "/rec_known 7");
}

Test(record, counts_ls)
{
	/* a directory of its own: /usr/bin may change between the two runs
	 * (a package installed meanwhile), and then so would the counts */
	cr_assert_eq(run("rm -rf " TMP "/lsdir && mkdir -p " TMP "/lsdir && cd " TMP
	                 "/lsdir && for i in $(seq 300); do : >f$i; ln -s f$i l$i; done; "
	                 "mkdir d1 d2 && ln -s /usr/bin/env"),
	             0);
	compare_with_strace("ls", "", "", "ls -la " TMP "/lsdir");
}

Test(record, counts_threads)
{
	compare_with_strace("threads", "", "", PROG "/rec_threads");
}

Test(record, counts_fork)
{
	compare_with_strace("fork", "-f", "", PROG "/rec_fork 20");
}

Test(record, counts_seccomp_subset)
{
	/* -f with a restricted set: the seccomp filter is used. */
	compare_with_strace("subset", "-f -e trace=openat,write,close,execve",
	                    "-e trace=openat,write,close,execve", PROG "/rec_fork 20");
}

Test(record, counts_no_seccomp_subset)
{
	/* %file: strace's static class (plain file also takes descriptor calls on files). */
	compare_with_strace("subset_ns", "-f --no-seccomp -e trace=%file", "-e trace=%file",
	                    PROG "/rec_fork 20");
}

Test(record, hundred_children)
{
	struct trace_facts tf;

	cr_assert_eq(run(REC " -q -f -o " TMP "/f100.trace -- " PROG "/rec_fork 100"), 0);
	trace_facts(TMP "/f100.trace", &tf);
	/* the program, 100 forks and one vfork */
	cr_expect_eq(tf.processes, 102, "processes: %u", tf.processes);
	cr_expect_eq(tf.process_exits, 102, "process exits: %u", tf.process_exits);
	cr_expect_eq(tf.calls.n[trace_syscall_by_name("wait4")], 101);
}

Test(record, exit_group_with_threads)
{
	struct trace_facts tf;

	cr_assert_eq(run(REC " -q -o " TMP "/eg.trace -- " PROG "/rec_threads"), 0);
	trace_facts(TMP "/eg.trace", &tf);
	cr_expect_eq(tf.threads, 16);
	cr_expect_eq(tf.exits, 17);
	cr_expect_eq(tf.process_exits, 1);
	cr_expect(WIFEXITED(tf.last_status) && WEXITSTATUS(tf.last_status) == 0);
	/* exit_group and the pause() calls it cut short (a thread may not have
	 * reached its pause yet) */
	cr_expect(tf.unfinished >= 1 && tf.unfinished <= 17, "unfinished: %u", tf.unfinished);
	cr_expect_eq(tf.calls.n[trace_syscall_by_name("exit_group")], 0);
}

Test(record, exec_from_non_leader_thread)
{
	struct trace_facts tf;

	cr_assert_eq(run(REC " -q -o " TMP "/xt.trace -- " PROG "/rec_execthread"), 0);
	trace_facts(TMP "/xt.trace", &tf);
	cr_expect_eq(tf.execs, 2);
	cr_expect_eq(tf.nonleader_execs, 1);
	cr_expect(WIFEXITED(tf.last_status) && WEXITSTATUS(tf.last_status) == 0);
}

static const struct trace_payload *find_payload(const struct trace_syscall *s, unsigned arg)
{
	for (unsigned i = 0; i < s->npayloads; i++)
		if (s->payloads[i].arg == arg)
			return &s->payloads[i];
	return NULL;
}

Test(record, payloads)
{
	struct fmt_reader *r;
	struct trace_record rec;
	char err[256];
	unsigned opens = 0, writes = 0, reads = 0, enoent = 0;

	cr_assert_eq(run(REC " -q -s 8 -o " TMP "/pay.trace -- " PROG "/rec_known"), 0);
	cr_assert_eq(fmt_reader_open(&r, TMP "/pay.trace", err, sizeof(err)), FMT_OK, "%s", err);
	while (fmt_reader_next(r, &rec) == FMT_OK) {
		if (rec.type != TREC_SYSCALL)
			continue;
		const struct trace_syscall *s = &rec.u.sys;
		const char *name = trace_syscall_name(s->nr);
		const struct trace_payload *p;
		if (!strcmp(name, "openat") && (p = find_payload(s, 1)) != NULL) {
			if (p->len == 13 && !memcmp(p->data, "/etc/hostname", 13))
				opens++; /* paths are kept whole, whatever -s says */
			if (s->ret == -2 && p->len == 25 &&
			    !memcmp(p->data, "/nonexistent/renacer-test", 25))
				enoent++;
		}
		if (!strcmp(name, "write") && s->args[2] == 15 && (p = find_payload(s, 1))) {
			cr_expect_eq(p->len, 8);
			cr_expect_eq(p->full_len, 15);
			cr_expect(p->flags & TPAYF_TRUNCATED);
			cr_expect(!memcmp(p->data, "hello, r", 8));
			writes++;
		}
		if (!strcmp(name, "read") && s->ret > 0 && (p = find_payload(s, 1)) &&
		    (p->flags & TPAYF_AT_EXIT)) {
			cr_expect_eq(p->len, s->ret < 8 ? s->ret : 8);
			reads++;
		}
	}
	fmt_reader_close(r);
	cr_expect_eq(opens, 5);
	cr_expect_eq(writes, 5);
	cr_expect_geq(reads, 5);
	cr_expect_eq(enoent, 1);
}

static unsigned count_calls(const char *path, const char *name, int *has_trailer)
{
	struct trace_facts tf;

	trace_facts(path, &tf);
	*has_trailer = tf.has_trailer;
	return tf.calls.n[trace_syscall_by_name(name)];
}

static bool wait_for_file(const char *path, int seconds)
{
	for (int i = 0; i < seconds * 10; i++) {
		if (access(path, F_OK) == 0)
			return true;
		usleep(100000);
	}
	return false;
}

Test(record, disk_full_detaches_and_keeps_trace, .timeout = 120)
{
	int trailer;

	unlink(TMP "/df.marker");
	/* A 512 KiB file size limit plays the full disk. */
	int rc = run("ulimit -f 512; " REC " -q -f -o " TMP "/df.trace -- sh -c '" PROG
	             "/rec_writeloop 400000; touch " TMP "/df.marker' 2>" TMP "/df.err");
	cr_expect_eq(rc, EXIT_OUTPUT_ERROR, "a write error should exit %d, got %d",
	             EXIT_OUTPUT_ERROR, rc);
	cr_expect(wait_for_file(TMP "/df.marker", 60), "the program did not run to its end");
	unsigned writes = count_calls(TMP "/df.trace", "write", &trailer);
	cr_expect_gt(writes, 1000, "the trace should keep what was written: %u writes", writes);
	cr_expect(!trailer);
	cr_expect_eq(run("grep -q 'File too large' " TMP "/df.err"), 0, "no clear error message");
}

Test(record, sigkill_of_recorder_leaves_readable_trace, .timeout = 60)
{
	int trailer;
	pid_t pid = fork();

	cr_assert(pid >= 0);
	if (pid == 0) {
		/* its own group: the program goes with it (the eBPF backend does not
		 * take it down when the recorder dies; it runs on, as untraced) */
		(void)setpgid(0, 0);
		execl(REC, REC, "-q", "-o", TMP "/kill.trace", "--", PROG "/rec_loop", "/dev/null",
		      (char *)NULL);
		_exit(127);
	}
	(void)setpgid(pid, pid);
	sleep(3);
	kill(-pid, SIGKILL);
	waitpid(pid, NULL, 0);
	/* A killed recorder never renamed its temporary file: that file is the
	 * trace (spec/cli.md, "Output files"). */
	char path[256];
	snprintf(path, sizeof(path), TMP "/kill.trace.tmp-%d-0", (int)pid);
	/* about 50 rounds per second for 3 s, flushed at least every second */
	unsigned writes = count_calls(path, "write", &trailer);
	cr_expect_geq(writes, 30, "only %u writes survived", writes);
	cr_expect(!trailer);
}

Test(record, payload_on_every_call)
{
	struct fmt_reader *r;
	struct trace_record rec;
	char err[256];
	unsigned with = 0, without = 0;

	cr_assert_eq(run(REC " -q --no-stack -o " TMP "/wl.trace -- " PROG "/rec_writeloop 3000"),
	             0);
	cr_assert_eq(fmt_reader_open(&r, TMP "/wl.trace", err, sizeof(err)), FMT_OK, "%s", err);
	while (fmt_reader_next(r, &rec) == FMT_OK) {
		if (rec.type != TREC_SYSCALL || strcmp(trace_syscall_name(rec.u.sys.nr), "write"))
			continue;
		const struct trace_payload *p = find_payload(&rec.u.sys, 1);
		if (p && p->len == 1 && p->data[0] == 'x')
			with++;
		else
			without++;
	}
	fmt_reader_close(r);
	cr_expect_eq(with, 3000);
	cr_expect_eq(without, 0);
}

Test(record, unreadable_memory_is_flagged)
{
	struct fmt_reader *r;
	struct trace_record rec;
	char err[256];
	unsigned open_bad = 0, write_bad = 0;

	cr_assert_eq(run(REC " -q -o " TMP "/bad.trace -- " PROG "/rec_known >/dev/null"), 0);
	cr_assert_eq(fmt_reader_open(&r, TMP "/bad.trace", err, sizeof(err)), FMT_OK, "%s", err);
	while (fmt_reader_next(r, &rec) == FMT_OK) {
		if (rec.type != TREC_SYSCALL)
			continue;
		const struct trace_syscall *s = &rec.u.sys;
		const char *name = trace_syscall_name(s->nr);
		const struct trace_payload *p;
		if (!strcmp(name, "openat") && s->args[1] == 8 && (p = find_payload(s, 1)) &&
		    p->flags == TPAYF_UNREADABLE && p->len == 0 && s->ret == -14)
			open_bad++;
		if (!strcmp(name, "write") && s->args[1] == 8 && (p = find_payload(s, 1)) &&
		    p->flags == TPAYF_UNREADABLE && p->len == 0 && p->full_len == 10)
			write_bad++;
	}
	fmt_reader_close(r);
	cr_expect_eq(open_bad, 1);
	cr_expect_eq(write_bad, 1);
}

/* Share of write records flagged as reported by a seccomp stop. */
static void seccomp_flags(const char *path, unsigned *with, unsigned *without)
{
	struct fmt_reader *r;
	struct trace_record rec;
	char err[256];

	*with = *without = 0;
	cr_assert_eq(fmt_reader_open(&r, path, err, sizeof(err)), FMT_OK, "%s", err);
	while (fmt_reader_next(r, &rec) == FMT_OK) {
		if (rec.type != TREC_SYSCALL)
			continue;
		cr_expect(!strcmp(trace_syscall_name(rec.u.sys.nr), "write"),
		          "unselected call %s recorded", trace_syscall_name(rec.u.sys.nr));
		if (rec.u.sys.flags & TSYS_SECCOMP)
			(*with)++;
		else
			(*without)++;
	}
	fmt_reader_close(r);
}

Test(record, seccomp_filter_used_with_restricted_set)
{
	unsigned with, without;

	/* the seccomp stops are the ptrace backend's (the default may be eBPF) */
	cr_assert_eq(run(REC " --backend ptrace -q -f -e trace=write -o " TMP "/sc.trace -- " PROG
	                     "/rec_writeloop 50"),
	             0);
	seccomp_flags(TMP "/sc.trace", &with, &without);
	cr_expect_eq(with, 50, "writes reported by seccomp stops: %u", with);
	cr_expect_eq(without, 0);
	cr_assert_eq(run(REC " --backend ptrace -q -f --no-seccomp -e trace=write -o " TMP
	                     "/nsc.trace -- " PROG "/rec_writeloop 50"),
	             0);
	seccomp_flags(TMP "/nsc.trace", &with, &without);
	cr_expect_eq(with, 0);
	cr_expect_eq(without, 50);
}
