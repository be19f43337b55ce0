/*
 * test_rec_batch.c - the recorder's register-driven syscall entry and its
 * batched tracee reads: the syscall read from the registers of an entry stop
 * (rec_regs_syscall_entry) equals PTRACE_GET_SYSCALL_INFO's; the stack
 * snapshot taken together with other reads (rec_unwind_snapshot) unwinds to
 * the same stack as rec_unwind and fills each read, a failing read leaving
 * the stack intact; planned entry payloads equal unplanned ones.
 */
#include <string.h>
#include <sys/syscall.h>

#include "libtrace/trace_syscalls.h"
#include "record/rec_payload.h"
#include "unw_harness.h"

#define MARK "/nonexistent/renacer-batch-marker"

/* Launches unw_open_nofp and runs it to the entry of its openat of MARK. */
static pid_t launch_to_open(struct h_sink *hs, struct rec_maps **m)
{
	char *argv[] = {h_prog("unw_open_nofp"), MARK, NULL};
	pid_t pid;

	h_sink_init(hs);
	*m = rec_maps_new(&hs->em);
	pid = h_launch(argv);
	cr_assert(rec_maps_sync(*m, pid, 0) == 0);
	cr_assert(h_run_to_open(pid, MARK, *m, NULL), "never opened the marker");
	return pid;
}

Test(rec_batch, registers_give_the_syscall_of_an_entry_stop)
{
	struct h_sink hs;
	struct rec_maps *m;
	pid_t pid = launch_to_open(&hs, &m);
	struct __ptrace_syscall_info info;
	rec_regs_t regs;
	uint64_t nr = 0, args[6];
	uint8_t insn[REC_SYSCALL_INSN_LEN];

	cr_assert(rec_arch_get_regs(pid, &regs) == 0);
	cr_assert(ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info) > 0);
	cr_assert_eq(info.op, PTRACE_SYSCALL_INFO_ENTRY);
	cr_assert(rec_regs_syscall_entry(&regs, &nr, args));
	cr_expect_eq(nr, info.entry.nr);
	cr_expect_eq(nr, SYS_openat);
	for (unsigned i = 0; i < 6; i++)
		cr_expect_eq(args[i], info.entry.args[i], "arg %u", i);
	cr_assert_eq(rec_mem_read(pid, rec_regs_pc(&regs) - sizeof(insn), insn, sizeof(insn)),
	             sizeof(insn));
	cr_expect(rec_is_native_syscall_insn(insn));

	/* At the exit stop rax holds the result (-ENOENT), not the entry marker. */
	int status;
	cr_assert(ptrace(PTRACE_SYSCALL, pid, NULL, NULL) == 0 && waitpid(pid, &status, 0) == pid);
	cr_assert(WIFSTOPPED(status) && WSTOPSIG(status) == (SIGTRAP | 0x80));
	cr_assert(rec_arch_get_regs(pid, &regs) == 0);
	cr_expect_not(rec_regs_syscall_entry(&regs, &nr, args));
	h_kill(pid);
	rec_maps_free(m);
}

Test(rec_batch, snapshot_shares_its_read_and_unwinds_the_same)
{
	struct h_sink hs;
	struct rec_maps *m;
	pid_t pid = launch_to_open(&hs, &m);
	struct rec_unwinder *u = rec_unwinder_new(m);
	rec_regs_t regs;
	uint64_t a[64], b[64], c[64];
	char path[sizeof(MARK)], after[8];
	uint8_t insn[2];
	unsigned da, db, dc;

	cr_assert(rec_arch_get_regs(pid, &regs) == 0);
	da = rec_unwind(u, pid, pid, &regs, a, 64);
	cr_assert_gt(da, 2);

	/* Every read good: all done, with the tracee's bytes. */
	struct rec_mem_req ok[] = {
	    {rec_regs_pc(&regs) - 2, insn, 2, false},
	    {regs.rsi, path, sizeof(path), false},
	};
	rec_unwind_snapshot(u, pid, pid, &regs, ok, 2);
	db = rec_unwind_from_snapshot(u, &regs, b, 64);
	cr_expect(ok[0].done && ok[1].done);
	cr_expect(rec_is_native_syscall_insn(insn));
	cr_expect(memcmp(path, MARK, sizeof(MARK)) == 0, "read %.*s", (int)sizeof(path), path);
	cr_assert_eq(db, da);
	cr_expect(memcmp(a, b, da * sizeof(*a)) == 0);

	/* A read of unmapped memory: it and the ones after it are not done, and
	 * the stack is still copied whole. */
	struct rec_mem_req bad[] = {
	    {regs.rsi, path, sizeof(path), false},
	    {8, after, sizeof(after), true},
	    {regs.rsi, after, sizeof(after), true},
	};
	rec_unwind_snapshot(u, pid, pid, &regs, bad, 3);
	dc = rec_unwind_from_snapshot(u, &regs, c, 64);
	cr_expect(bad[0].done);
	cr_expect_not(bad[1].done);
	cr_expect_not(bad[2].done);
	cr_assert_eq(dc, da);
	cr_expect(memcmp(a, c, da * sizeof(*a)) == 0);
	cr_expect_eq(rec_unwind_from_snapshot(u, &regs, c, 0), 0);

	rec_unwinder_free(u);
	h_kill(pid);
	rec_maps_free(m);
}

Test(rec_batch, unwinding_from_copied_stack_bytes_gives_the_live_stack)
{
	struct h_sink hs;
	struct rec_maps *m;
	pid_t pid = launch_to_open(&hs, &m);
	struct rec_unwinder *u = rec_unwinder_new(m);
	rec_regs_t regs;
	static uint8_t stack[16384];
	uint64_t live[64], copied[64], cut[64];
	unsigned dl, dc, dcut;

	cr_assert(rec_arch_get_regs(pid, &regs) == 0);
	dl = rec_unwind(u, pid, pid, &regs, live, 64);
	cr_assert_gt(dl, 2);
	size_t got = rec_mem_read(pid, rec_regs_sp(&regs), stack, sizeof(stack));
	cr_assert_gt(got, 1024);
	/* The process is gone before the copy is unwound: nothing is read from it. */
	h_kill(pid);
	dc = rec_unwind_bytes(u, pid, &regs, stack, got, copied, 64);
	cr_assert_eq(dc, dl);
	cr_expect(memcmp(live, copied, dl * sizeof(*live)) == 0);
	/* A copy too short for the outer frames ends the stack early, never wrongly. */
	dcut = rec_unwind_bytes(u, pid, &regs, stack, 16, cut, 64);
	cr_expect_lt(dcut, dl);
	cr_expect_geq(dcut, 1);
	cr_expect(memcmp(live, cut, dcut * sizeof(*live)) == 0);
	cr_expect_eq(rec_unwind_bytes(u, pid, &regs, stack, got, copied, 0), 0);
	rec_unwinder_free(u);
	rec_maps_free(m);
}

/* The payloads of sys as bytes to compare: kind, flags, lengths, data. */
static size_t payload_image(const struct trace_syscall *sys, uint8_t *out)
{
	size_t n = 0;

	for (unsigned i = 0; i < sys->npayloads; i++) {
		const struct trace_payload *p = &sys->payloads[i];

		out[n++] = p->arg;
		out[n++] = p->kind;
		out[n++] = p->flags;
		memcpy(out + n, &p->len, sizeof(p->len));
		n += sizeof(p->len);
		memcpy(out + n, &p->full_len, sizeof(p->full_len));
		n += sizeof(p->full_len);
		memcpy(out + n, p->data, p->len);
		n += p->len;
	}
	return n;
}

/* Captures the entry payloads of sys both ways, the planned reads done as a
 * batch would (from this process), and expects the same result. */
static void expect_same_payloads(struct trace_syscall *sys, unsigned strsize, unsigned planned)
{
	const struct trace_syscall_desc *d = trace_syscall_desc(sys->nr);
	size_t cap = rec_policy_bufsize(strsize), used_a = 0, used_b = 0;
	uint8_t *buf_a = malloc(cap), *buf_b = malloc(cap);
	static uint8_t img_a[1 << 16], img_b[1 << 16];
	struct rec_pay_plan plan;
	struct trace_syscall sa = *sys, sb = *sys;

	cr_assert(d && buf_a && buf_b);
	rec_payload_entry(getpid(), &sa, d, strsize, buf_a, cap, &used_a);
	rec_payload_entry_plan(sys, d, strsize, &plan);
	cr_expect_eq(plan.n, planned);
	for (unsigned i = 0; i < plan.n; i++)
		plan.req[i].done = rec_mem_read(getpid(), plan.req[i].addr, plan.req[i].dst,
		                                plan.req[i].len) == plan.req[i].len;
	rec_payload_entry_planned(getpid(), &sb, d, strsize, buf_b, cap, &used_b, &plan);
	cr_expect_eq(sa.npayloads, sb.npayloads);
	cr_expect_eq(used_a, used_b);
	size_t na = payload_image(&sa, img_a), nb = payload_image(&sb, img_b);
	cr_expect_eq(na, nb);
	cr_expect(memcmp(img_a, img_b, na) == 0);
	free(buf_a);
	free(buf_b);
}

Test(rec_batch, planned_entry_payloads_equal_unplanned)
{
	static const char text[] = "hello, batched payload reads!";
	char big[600];
	struct trace_syscall sys = {.nr = SYS_write};

	memset(big, 'b', sizeof(big));
	sys.args[0] = 1;
	sys.args[1] = (uint64_t)(uintptr_t)text;
	sys.args[2] = sizeof(text);
	expect_same_payloads(&sys, 32, 1);
	expect_same_payloads(&sys, 8, 1); /* truncated to strsize */
	sys.args[1] = 8;                  /* unreadable: not done, read again, unreadable */
	expect_same_payloads(&sys, 32, 1);
	sys.args[1] = (uint64_t)(uintptr_t)big;
	sys.args[2] = sizeof(big);
	expect_same_payloads(&sys, 512, 0); /* longer than a planned read */
	sys.args[2] = 0;
	expect_same_payloads(&sys, 32, 0); /* nothing to read */
}
