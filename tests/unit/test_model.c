/* Unit tests for analyze/model: threads, address-space generations and the
 * stack table, fed record by record as the report feeds them. */
#include <criterion/criterion.h>
#include <string.h>

#include "analyze/model/model.h"
#include "libtrace/trace_stacks.h"

static const struct model_thread *feed_thread(struct model *m, int32_t tid, int32_t pid,
                                              uint32_t flags, const char *comm)
{
	struct trace_record rec = {.type = TREC_THREAD};
	rec.u.thread.tid = tid;
	rec.u.thread.pid = pid;
	rec.u.thread.flags = flags;
	strncpy(rec.u.thread.comm, comm, TRACE_COMM_LEN - 1);
	return model_feed(m, &rec);
}

static const struct model_thread *feed_syscall(struct model *m, int32_t tid, int32_t pid)
{
	struct trace_record rec = {.type = TREC_SYSCALL};
	rec.u.sys.tid = tid;
	rec.u.sys.pid = pid;
	return model_feed(m, &rec);
}

static const struct model_thread *feed_exit(struct model *m, int32_t tid, int32_t pid)
{
	struct trace_record rec = {.type = TREC_EXIT};
	rec.u.exit.tid = tid;
	rec.u.exit.pid = pid;
	return model_feed(m, &rec);
}

Test(model, threads_named_counted_and_traced)
{
	struct model *m = model_new(false);
	const struct model_thread *t = feed_thread(m, 100, 100, 0, "app");
	cr_assert_not_null(t);
	cr_assert_eq(t->pid, 100);
	cr_assert_str_eq(t->comm, "app");
	cr_assert_eq(model_threads_traced(m), 1);

	t = feed_syscall(m, 101, 100); /* a thread never announced */
	cr_assert_not_null(t);
	cr_assert_eq(t->tid, 101);
	cr_assert_eq(t->pid, 100);
	cr_assert_str_eq(t->comm, "", "named by no record yet");
	cr_assert_eq(model_threads_seen(m), 2);
	cr_assert_eq(model_threads_traced(m), 2);

	t = feed_exit(m, 101, 100);
	cr_assert_not_null(t);
	cr_assert(!t->alive);
	cr_assert_eq(model_threads_traced(m), 2, "a thread is traced during its own exit");
	feed_syscall(m, 100, 100);
	cr_assert_eq(model_threads_traced(m), 1);
	cr_assert(!model_thread(m, 101)->alive, "a call of a known thread does not revive it");
	cr_assert_null(model_thread(m, 999));

	struct trace_record ex = {.type = TREC_EXEC};
	ex.u.exec.tid = 100;
	ex.u.exec.pid = 100;
	strcpy(ex.u.exec.comm, "true");
	t = model_feed(m, &ex);
	cr_assert_str_eq(t->comm, "true");
	cr_assert_eq(model_threads_seen(m), 2);
	model_free(m);
}

Test(model, which_records_change_an_address_space)
{
	struct trace_record rec = {.type = TREC_THREAD};
	int32_t pid = 0;
	rec.u.thread.pid = 7;
	cr_assert(model_changes_space(&rec, &pid), "a new process");
	cr_assert_eq(pid, 7);
	rec.u.thread.flags = TTHREAD_IS_THREAD;
	cr_assert(!model_changes_space(&rec, &pid), "a thread shares its process's space");
	rec = (struct trace_record){.type = TREC_MODULE_MAP};
	rec.u.map.pid = 8;
	cr_assert(model_changes_space(&rec, &pid));
	cr_assert_eq(pid, 8);
	rec = (struct trace_record){.type = TREC_MODULE_UNMAP};
	rec.u.unmap.pid = 9;
	cr_assert(model_changes_space(&rec, &pid));
	cr_assert_eq(pid, 9);
	rec = (struct trace_record){.type = TREC_EXEC};
	rec.u.exec.pid = 10;
	cr_assert(model_changes_space(&rec, &pid));
	rec = (struct trace_record){.type = TREC_IMAGE};
	rec.u.image.pid = 11;
	cr_assert(model_changes_space(&rec, &pid));
	cr_assert_eq(pid, 11);
	rec = (struct trace_record){.type = TREC_SYSCALL};
	cr_assert(!model_changes_space(&rec, &pid));
	rec = (struct trace_record){.type = TREC_EXIT};
	cr_assert(!model_changes_space(&rec, &pid));
}

Test(model, stamps_follow_spaces_and_stack_redefinitions)
{
	struct model *m = model_new(true);
	uint64_t s0 = model_stamp(m, 5), other = model_stamp(m, 6);
	struct trace_record map = {.type = TREC_MODULE_MAP};
	map.u.map.pid = 5;
	cr_assert_null(model_feed(m, &map));
	cr_assert_neq(model_stamp(m, 5), s0, "a mapping changes pid 5's stamp");
	cr_assert_eq(model_stamp(m, 6), other, "and no other process's");

	uint64_t a[] = {0x1000, 0x2000}, b[] = {0x1000, 0x3000};
	struct trace_record st = {.type = TREC_STACK};
	st.u.stack.id = 1;
	st.u.stack.depth = 2;
	st.u.stack.pcs = a;
	model_feed(m, &st);
	uint32_t depth = 0;
	cr_assert_not_null(trace_stacks_get(model_stacks(m), 1, &depth));
	cr_assert_eq(depth, 2);
	uint64_t s1 = model_stamp(m, 5);
	model_feed(m, &st);
	cr_assert_eq(model_stamp(m, 5), s1, "the same definition again changes nothing");
	st.u.stack.pcs = b;
	model_feed(m, &st);
	cr_assert_neq(model_stamp(m, 5), s1, "a redefined id changes every stamp");
	cr_assert_eq(trace_stacks_get(model_stacks(m), 1, &depth)[1], 0x3000);
	model_free(m);

	m = model_new(false);
	cr_assert_null(model_stacks(m));
	st.u.stack.pcs = a;
	cr_assert_null(model_feed(m, &st), "without stacks, STACK records are ignored");
	model_free(m);
}
