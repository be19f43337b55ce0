/*
 * bench_unwind.c - cost of one stack capture by rec_unwind, in microseconds
 * per stack: the first unwind (CFI loaded from the files), cold (rules not
 * cached yet) and warm (rules cached: what a repeated syscall site costs),
 * for several stack depths, plus the cost of one rec_maps_sync.
 *
 * A forked child nests DEPTH frames (this file is built optimized, without
 * frame pointers, so the walk needs CFI) and stops at an openat() entry; the
 * parent unwinds that stopped thread again and again.
 * Usage: bench_unwind [ITERATIONS]
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "record/rec_emit.h"
#include "record/rec_maps.h"
#include "record/rec_unwind.h"

#define MARK "/nonexistent/renacer-bench-unwind"

static int null_emit(struct trace_sink *s, const struct trace_record *r)
{
	(void)s;
	(void)r;
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int nest(int n);

__attribute__((noinline)) int nest(int n)
{
	int r;

	if (n <= 0)
		return open(MARK, O_RDONLY);
	r = nest(n - 1);
	__asm__ volatile("" : "+r"(r)); /* keeps one real frame per level */
	return r + 1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Warm cost: the median over batches of the mean ns per unwind (the machine is noisy). */
static uint64_t median_batch_ns(struct rec_unwinder *u, pid_t pid, const rec_regs_t *regs,
                                uint64_t *pcs, unsigned max, unsigned iters)
{
	enum { BATCHES = 21 };
	uint64_t per[BATCHES];
	unsigned n = iters / BATCHES + 1;

	for (unsigned b = 0; b < BATCHES; b++) {
		uint64_t t0 = now_ns();

		for (unsigned i = 0; i < n; i++)
			rec_unwind(u, pid, pid, regs, pcs, max);
		per[b] = (now_ns() - t0) / n;
	}
	qsort(per, BATCHES, sizeof(per[0]), cmp_u64);
	return per[BATCHES / 2];
}

/* Cost of one rec_maps_sync, median of 101: after an exec (everything is
 * emitted again) or with nothing changed (list and compare only). */
static uint64_t median_sync_ns(struct rec_maps *m, pid_t pid, bool after_exec)
{
	uint64_t t[101];

	for (unsigned i = 0; i < 101; i++) {
		uint64_t t0;

		if (after_exec)
			rec_maps_exec(m, pid);
		t0 = now_ns();
		rec_maps_sync(m, pid, 0);
		t[i] = now_ns() - t0;
	}
	qsort(t, 101, sizeof(t[0]), cmp_u64);
	return t[50];
}

/* Cost of one process_vm_readv of len bytes of pid's stack at sp, median of 2001. */
static double read_us(pid_t pid, uint64_t sp, size_t len)
{
	static char buf[65536];
	uint64_t t[2001];

	for (unsigned i = 0; i < 2001; i++) {
		struct iovec l = {buf, len}, r = {(void *)(uintptr_t)sp, len};
		uint64_t t0 = now_ns();

		if (process_vm_readv(pid, &l, 1, &r, 1, 0) < 0)
			return -1;
		t[i] = now_ns() - t0;
	}
	qsort(t, 2001, sizeof(t[0]), cmp_u64);
	return t[1000] / 1e3;
}

/* A child stopped at the entry of its marker openat() DEPTH frames deep. */
static pid_t start_child(int depth)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(nest(depth) > 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return -1;
	ptrace(PTRACE_SETOPTIONS, pid, NULL,
	       (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
	for (;;) {
		struct user_regs_struct regs;
		char path[sizeof(MARK)] = "";
		struct iovec l = {path, sizeof(path) - 1}, r;

		if (ptrace(PTRACE_SYSCALL, pid, NULL, NULL) != 0 ||
		    waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
			return -1;
		if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) != 0)
			return -1;
		if (regs.orig_rax != SYS_openat || regs.rax != (unsigned long long)-ENOSYS)
			continue;
		r = (struct iovec){(void *)(uintptr_t)regs.rsi, sizeof(path) - 1};
		if (process_vm_readv(pid, &l, 1, &r, 1, 0) > 0 && strcmp(path, MARK) == 0)
			return pid;
	}
}

static void stop_child(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

static int bench_depth(int depth, unsigned max, unsigned iters)
{
	struct trace_sink sink = {.emit = null_emit};
	struct rec_emitter em;
	rec_emitter_init(&em, &sink);
	struct rec_maps *m = rec_maps_new(&em);
	struct user_regs_struct regs;
	uint64_t pcs[TRACE_MAX_STACK], t0, first, cold = 0, warm;
	unsigned got = 0, cold_iters = iters / 20 + 1;
	struct rec_unwinder *u;
	pid_t pid = start_child(depth);

	if (pid < 0 || ptrace(PTRACE_GETREGS, pid, NULL, &regs) != 0) {
		fprintf(stderr, "bench_unwind: cannot start the traced child\n");
		return 1;
	}
	t0 = now_ns();
	if (rec_maps_sync(m, pid, 0) != 0)
		return 1;
	uint64_t sync_first = now_ns() - t0;

	uint64_t sync_again = median_sync_ns(m, pid, true);
	uint64_t sync_same = median_sync_ns(m, pid, false);

	u = rec_unwinder_new(m);
	t0 = now_ns();
	got = rec_unwind(u, pid, pid, &regs, pcs, max);
	first = now_ns() - t0;
	rec_unwinder_free(u);

	for (unsigned i = 0; i < cold_iters; i++) {
		u = rec_unwinder_new(m);
		t0 = now_ns();
		rec_unwind(u, pid, pid, &regs, pcs, max);
		cold += now_ns() - t0;
		rec_unwinder_free(u);
	}
	u = rec_unwinder_new(m);
	rec_unwind(u, pid, pid, &regs, pcs, max);
	warm = median_batch_ns(u, pid, &regs, pcs, max, iters);
	rec_unwinder_free(u);

	printf("depth %3d (max %3u): %3u frames  first %8.1f us  cold %7.1f us  warm %6.2f us"
	       "  | maps sync: first %6.1f us, after exec %5.1f us, unchanged %5.1f us\n",
	       depth, max, got, first / 1e3, cold / 1e3 / cold_iters, warm / 1e3, sync_first / 1e3,
	       sync_again / 1e3, sync_same / 1e3);
	if (depth == 2)
		printf("  one process_vm_readv of the stack: 1 KiB %.2f us, 4 KiB %.2f us, "
		       "16 KiB %.2f us\n",
		       read_us(pid, regs.rsp, 1024), read_us(pid, regs.rsp & ~4095ull, 4096),
		       read_us(pid, regs.rsp & ~4095ull, 16384));
	stop_child(pid);
	rec_maps_free(m);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned iters = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 20000;
	static const struct {
		int depth;
		unsigned max;
	} cases[] = {{2, 64}, {10, 64}, {30, 64}, {100, 64}, {200, 256}};

	if (iters == 0)
		iters = 1;
	printf("bench_unwind: microseconds per captured stack (warm: median of 21 batches, "
	       "%u unwinds in all)\n",
	       iters);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (bench_depth(cases[i].depth, cases[i].max, iters) != 0)
			return 1;
	return 0;
}
