/*
 * test_unwind.c - rec_unwind on real traced programs: a program calling
 * open() from f at line L (PIE, non-PIE, without frame pointers, from a
 * shared library, from a dlopen()ed library) must unwind to f at L as the first
 * frame outside libc; deep recursion must fill the requested depth.
 */
#include <dirent.h>
#include <time.h>

#include "unw_harness.h"

#define MARK "/nonexistent/renacer-unwind-marker"

/* Counts frames named func. */
static unsigned count_func(const struct h_frame *frames, unsigned n, const char *func)
{
	unsigned c = 0;

	for (unsigned i = 0; i < n; i++)
		c += strcmp(frames[i].func, func) == 0;
	return c;
}

static bool is_cputime_clock(pid_t pid, long nr, const uint64_t *args, const void *ctx)
{
	(void)pid;
	(void)ctx;
	return nr == SYS_clock_gettime && args[0] == CLOCK_PROCESS_CPUTIME_ID;
}

/* Traces prog up to the marker open (or, with stop, the syscall it accepts),
 * unwinds, and checks the first frame outside libc and the vDSO is func at the
 * UNW_SITE line of src. Returns the module name of frame 0. */
static void check_site_at(const char *prog, const char *src, const char *func, h_stop_fn stop,
                          char *frame0_module)
{
	char *argv[] = {strchr(prog, '/') ? (char *)prog : h_prog(prog), MARK, NULL};
	struct h_sink hs;
	struct rec_maps *m;
	uint64_t pcs[64];
	struct h_frame frames[64];
	unsigned depth, i;
	pid_t pid;
	int line = h_site_line(src);

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	pid = h_launch(argv);
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	if (stop != NULL)
		cr_assert(h_run_until(pid, stop, NULL, m, NULL), "%s never made the call", prog);
	else
		cr_assert(h_run_to_open(pid, MARK, m, NULL), "%s never opened the marker", prog);
	depth = h_unwind(pid, m, pcs, 64);
	cr_assert(depth >= 3, "%s: depth %u", prog, depth);
	h_symbolize(pid, pcs, depth, frames);
	if (getenv("UNW_DEBUG"))
		for (unsigned k = 0; k < depth; k++)
			fprintf(stderr, "#%u %#llx %s %s %s:%d\n", k, (unsigned long long)pcs[k],
			        frames[k].module, frames[k].func, frames[k].file, frames[k].line);
	for (i = 0; i < depth && h_is_system(&frames[i]); i++)
		;
	cr_assert(i < depth, "%s: every frame is in libc", prog);
	cr_expect(i > 0, "%s: frame 0 should be in libc's open", prog);
	cr_expect_str_eq(frames[i].func, func, "%s: first frame outside libc", prog);
	cr_expect_eq(frames[i].line, line, "%s: line %d, expected %d", prog, frames[i].line, line);
	cr_expect(strstr(frames[i].file, src) != NULL, "%s: file %s", prog, frames[i].file);
	/* The frame after f is the caller, up to main. */
	bool has_main = false;
	for (unsigned k = i; k < depth; k++)
		has_main |= strcmp(frames[k].func, "main") == 0;
	cr_expect(has_main, "%s: main not reached", prog);
	if (frame0_module != NULL)
		strcpy(frame0_module, frames[0].module);
	h_kill(pid);
	rec_maps_free(m);
}

static void check_site(const char *prog, const char *src, const char *func)
{
	check_site_at(prog, src, func, NULL, NULL);
}

Test(unwind, pie)
{
	check_site("unw_open", "unw_open.c", "f");
}

Test(unwind, non_pie)
{
	check_site("unw_open_nopie", "unw_open_nopie.c", "f");
}

Test(unwind, no_frame_pointer)
{
	check_site("unw_open_nofp", "unw_open_nofp.c", "f");
}

Test(unwind, shared_library)
{
	check_site("unw_shared", "libunwlib.c", "unwlib_f");
}

Test(unwind, deep_recursion)
{
	char *argv[] = {h_prog("unw_deep"), MARK, "200", NULL};
	struct h_sink hs;
	struct rec_maps *m;
	static uint64_t pcs[TRACE_MAX_STACK];
	static struct h_frame frames[TRACE_MAX_STACK];
	unsigned depth;
	pid_t pid;

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	pid = h_launch(argv);
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_assert(h_run_to_open(pid, MARK, m, NULL));
	/* Capped at the requested depth. */
	cr_expect_eq(h_unwind(pid, m, pcs, 64), 64);
	cr_expect_eq(h_unwind(pid, m, pcs, 128), 128);
	/* Uncapped: all 201 recurse frames (n = 200..0), f, main. */
	depth = h_unwind(pid, m, pcs, TRACE_MAX_STACK);
	cr_assert(depth > 203 && depth < TRACE_MAX_STACK, "depth %u", depth);
	h_symbolize(pid, pcs, depth, frames);
	cr_expect_eq(count_func(frames, depth, "recurse"), 201);
	cr_expect_eq(count_func(frames, depth, "f"), 1);
	cr_expect_eq(count_func(frames, depth, "main"), 1);
	h_kill(pid);
	rec_maps_free(m);
}

/* Each level of recurse() takes over 96 bytes of stack, so 256 frames reach
 * past the first copy (8 KiB): the copy must grow for the walk to get there. */
Test(unwind, deep_stack_grows_the_copy)
{
	char *argv[] = {h_prog("unw_deep"), MARK, "1000", NULL};
	struct h_sink hs;
	struct rec_maps *m;
	static uint64_t pcs[TRACE_MAX_STACK];
	static struct h_frame frames[TRACE_MAX_STACK];
	pid_t pid;

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	pid = h_launch(argv);
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_assert(h_run_to_open(pid, MARK, m, NULL));
	cr_expect_eq(h_unwind(pid, m, pcs, TRACE_MAX_STACK), TRACE_MAX_STACK);
	h_symbolize(pid, pcs, TRACE_MAX_STACK, frames);
	cr_expect_eq(count_func(frames, TRACE_MAX_STACK, "recurse"), TRACE_MAX_STACK - 2);
	h_kill(pid);
	rec_maps_free(m);
}

Test(unwind, repeated_stack_is_identical)
{
	char *argv[] = {h_prog("unw_open_nofp"), MARK, NULL};
	struct h_sink hs;
	struct rec_maps *m;
	struct rec_unwinder *u;
	struct user_regs_struct regs;
	uint64_t a[64], b[64];
	unsigned da, db;
	pid_t pid;

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	pid = h_launch(argv);
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_assert(h_run_to_open(pid, MARK, m, NULL));
	cr_assert(ptrace(PTRACE_GETREGS, pid, NULL, &regs) == 0);
	u = rec_unwinder_new(m);
	da = rec_unwind(u, pid, pid, &regs, a, 64); /* cold: rules compiled */
	db = rec_unwind(u, pid, pid, &regs, b, 64); /* warm: rules cached */
	cr_expect_eq(da, db);
	cr_expect(memcmp(a, b, da * sizeof(*a)) == 0);
	cr_expect_eq(rec_unwind(u, pid, pid, &regs, b, 1), 1);
	cr_expect_eq(b[0], regs.rip);
	cr_expect_eq(rec_unwind(u, pid, pid, &regs, b, 0), 0);
	rec_unwinder_free(u);
	h_kill(pid);
	rec_maps_free(m);
}

Test(unwind, dlopened_library)
{
	const char *mark1 = MARK "-1", *mark2 = MARK "-2";
	char *argv[] = {h_prog("unw_dlopen"), (char *)mark1, h_prog("libunwdl.so"), (char *)mark2,
	                NULL};
	struct h_sink hs;
	struct rec_maps *m;
	uint64_t pcs[64];
	struct h_frame frames[64];
	unsigned depth, i, syncs = 0;
	pid_t pid;

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	pid = h_launch(argv);
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_assert(h_run_to_open(pid, mark1, m, NULL));
	cr_assert(h_run_to_open(pid, mark2, m, &syncs));
	cr_expect(syncs >= 1, "dlopen caused no re-sync");
	depth = h_unwind(pid, m, pcs, 64);
	h_symbolize(pid, pcs, depth, frames);
	for (i = 0; i < depth && h_is_system(&frames[i]); i++)
		;
	cr_assert(i < depth);
	cr_expect_str_eq(frames[i].func, "unwdl_f");
	cr_expect_eq(frames[i].line, h_site_line("libunwdl.c"));
	h_kill(pid);
	rec_maps_free(m);
}

Test(unwind, through_signal_trampoline)
{
	check_site("unw_signal", "unw_signal.c", "on_usr1");
	/* ... and on through __restore_rt to the interrupted g() and main. */
	char *argv[] = {h_prog("unw_signal"), MARK, NULL};
	struct h_sink hs;
	struct rec_maps *m;
	uint64_t pcs[64];
	struct h_frame frames[64];
	unsigned depth;
	pid_t pid;

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	pid = h_launch(argv);
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_assert(h_run_to_open(pid, MARK, m, NULL));
	depth = h_unwind(pid, m, pcs, 64);
	h_symbolize(pid, pcs, depth, frames);
	cr_expect_eq(count_func(frames, depth, "g"), 1, "the interrupted g() is missing");
	h_kill(pid);
	rec_maps_free(m);
}

Test(unwind, syscall_made_inside_the_vdso)
{
	char module[256] = "";

	check_site_at("unw_vdso", "unw_vdso.c", "f", is_cputime_clock, module);
	cr_expect(strncmp(module, "[vdso", 5) == 0, "frame 0 is in %s, not the vDSO", module);
}

/* A module without any CFI (its .eh_frame removed) is walked with frame
 * pointers: unw_open is built at -O0, which keeps them. */
Test(unwind, frame_pointer_fallback_without_cfi)
{
	char dir[] = "/tmp/renacer-unw-XXXXXX", cmd[2048], copy[1024];

	cr_assert(mkdtemp(dir) != NULL);
	snprintf(copy, sizeof(copy), "%s/unw_open_nocfi", dir);
	snprintf(cmd, sizeof(cmd),
	         "objcopy --remove-section=.eh_frame --remove-section=.eh_frame_hdr %s %s",
	         h_prog("unw_open"), copy);
	cr_assert(system(cmd) == 0, "%s failed", cmd);
	check_site_at(copy, "unw_open.c", "f", NULL, NULL);
	unlink(copy);
	rmdir(dir);
}

/* The thread (not the process leader) of a running program, or 0. */
static pid_t second_thread(pid_t pid)
{
	for (int tries = 0; tries < 200; tries++) {
		char path[64];
		pid_t tid = 0;
		DIR *d;
		struct dirent *e;

		snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
		d = opendir(path);
		while (d != NULL && (e = readdir(d)) != NULL)
			if (e->d_name[0] != '.' && atoi(e->d_name) != pid)
				tid = atoi(e->d_name);
		if (d != NULL)
			closedir(d);
		if (tid > 0)
			return tid;
		usleep(10000);
	}
	return 0;
}

/* A non-leader thread of a process the test attaches to: the stack is read
 * through the thread, the modules come from the process. */
Test(unwind, attached_thread)
{
	char *argv[] = {h_prog("unw_thread"), MARK, NULL};
	struct h_sink hs;
	struct rec_maps *m;
	struct user_regs_struct regs;
	uint64_t pcs[64];
	struct h_frame frames[64];
	unsigned depth, i;
	bool at_marker = false;
	int status;
	pid_t pid = fork(), tid;

	cr_assert(pid >= 0);
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	tid = second_thread(pid);
	cr_assert(tid > 0, "the worker thread never appeared");
	cr_assert(ptrace(PTRACE_SEIZE, tid, NULL,
	                 (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) == 0);
	cr_assert(ptrace(PTRACE_INTERRUPT, tid, NULL, NULL) == 0);
	cr_assert(waitpid(tid, &status, __WALL) == tid);
	for (int n = 0; n < 10000 && !at_marker; n++) {
		struct __ptrace_syscall_info info;

		cr_assert(ptrace(PTRACE_SYSCALL, tid, NULL, NULL) == 0);
		cr_assert(waitpid(tid, &status, __WALL) == tid && WIFSTOPPED(status));
		if (WSTOPSIG(status) != (SIGTRAP | 0x80))
			continue;
		cr_assert(ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof(info), &info) > 0);
		at_marker = info.op == PTRACE_SYSCALL_INFO_ENTRY &&
		            h_is_open_of(tid, (long)info.entry.nr, info.entry.args, MARK);
	}
	cr_assert(at_marker);
	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_assert(ptrace(PTRACE_GETREGS, tid, NULL, &regs) == 0);
	struct rec_unwinder *u = rec_unwinder_new(m);
	depth = rec_unwind(u, pid, tid, &regs, pcs, 64);
	rec_unwinder_free(u);
	h_symbolize(pid, pcs, depth, frames);
	for (i = 0; i < depth && h_is_system(&frames[i]); i++)
		;
	cr_assert(i < depth);
	cr_expect_str_eq(frames[i].func, "f");
	cr_expect_eq(frames[i].line, h_site_line("unw_thread.c"));
	cr_expect_eq(count_func(frames, depth, "worker"), 1);
	/* The traced thread must be reaped (by us, its tracer) before its process. */
	kill(pid, SIGKILL);
	waitpid(tid, &status, __WALL);
	waitpid(pid, &status, 0);
	rec_maps_free(m);
}
