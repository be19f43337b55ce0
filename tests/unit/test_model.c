/* Unit tests for analyze/model: threads, address-space generations, the
 * stack table and the address spaces, fed record by record as the report
 * feeds them. */
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

static void feed_map(struct model *m, int32_t pid, uint64_t start, uint64_t end, uint64_t off,
                     const char *path, uint8_t bid)
{
	struct trace_record rec = {.type = TREC_MODULE_MAP};
	rec.u.map.pid = pid;
	rec.u.map.start = start;
	rec.u.map.end = end;
	rec.u.map.offset = off;
	rec.u.map.path = path;
	rec.u.map.build_id_len = bid ? 1 : 0;
	rec.u.map.build_id[0] = bid;
	model_feed(m, &rec);
}

static const char *path_at(struct model *m, int32_t pid, uint64_t pc)
{
	const struct model_map *mm = model_map_at(m, pid, pc);
	return mm ? model_path(m, mm->path) : NULL;
}

Test(model, address_spaces_follow_maps_unmaps_execs_and_processes)
{
	struct model *m = model_new(true);
	feed_thread(m, 10, 10, 0, "app");
	feed_map(m, 10, 0x1000, 0x5000, 0x2000, "/bin/app", 1);
	feed_map(m, 10, 0x9000, 0xa000, 0, "/lib/libc.so.6", 2);
	feed_map(m, 10, 0xa000, 0xb000, 0x1000, "/lib/libc-copy.so.6", 2); /* same build-id */
	cr_assert_eq(model_modules(m), 2, "one build-id, one module");
	cr_assert_eq(model_paths(m), 3, "each mapping keeps the path it was recorded with");
	cr_assert_str_eq(path_at(m, 10, 0x1000), "/bin/app");
	cr_assert_str_eq(path_at(m, 10, 0xa800), "/lib/libc-copy.so.6");
	cr_assert_eq(model_module(m, model_map_at(m, 10, 0xa800)->module)->min_offset, 0);
	cr_assert_null(path_at(m, 10, 0x5000), "end is exclusive");
	cr_assert_null(path_at(m, 99, 0x1000), "an unknown process has no space");

	/* A mapping over another punches it; an unmap punches a hole. */
	feed_map(m, 10, 0x2000, 0x3000, 0, "/tmp/other", 3);
	cr_assert_str_eq(path_at(m, 10, 0x2800), "/tmp/other");
	const struct model_map *tail = model_map_at(m, 10, 0x3000);
	cr_assert_not_null(tail);
	cr_assert_eq(tail->start, 0x3000);
	cr_assert_eq(tail->offset, 0x4000, "the cut mapping's file offset follows its start");
	struct trace_record un = {.type = TREC_MODULE_UNMAP};
	un.u.unmap.pid = 10;
	un.u.unmap.start = 0x1000;
	un.u.unmap.end = 0x2000;
	model_feed(m, &un);
	cr_assert_null(path_at(m, 10, 0x1800));
	cr_assert_str_eq(path_at(m, 10, 0x3800), "/bin/app");

	/* A thread looks up its process's space. */
	feed_thread(m, 11, 10, TTHREAD_IS_THREAD, "worker");
	cr_assert_str_eq(path_at(m, 11, 0x9800), "/lib/libc.so.6");

	/* exec: a new image; the old one serves only what the new one lacks. */
	struct trace_record ex = {.type = TREC_EXEC};
	ex.u.exec.pid = 10;
	ex.u.exec.tid = 10;
	ex.u.exec.filename = "/bin/new";
	model_feed(m, &ex);
	cr_assert_str_eq(path_at(m, 10, 0x9800), "/lib/libc.so.6", "the execve call's own stack");
	feed_map(m, 10, 0x9000, 0xa000, 0, "/bin/new", 4);
	cr_assert_str_eq(path_at(m, 10, 0x9800), "/bin/new", "the new image wins");

	/* A new process with the same pid starts empty. */
	feed_thread(m, 10, 10, 0, "again");
	cr_assert_null(path_at(m, 10, 0x9800));
	model_free(m);
}

Test(model, images_and_no_spaces_without_stacks)
{
	static const uint8_t bytes[] = {1, 2, 3};
	struct model *m = model_new(true);
	struct trace_record im = {.type = TREC_IMAGE};
	im.u.image.pid = 10;
	im.u.image.build_id_len = 1;
	im.u.image.build_id[0] = 7;
	im.u.image.size = sizeof(bytes);
	im.u.image.data = bytes;
	model_feed(m, &im);
	model_feed(m, &im); /* kept once */
	feed_map(m, 10, 0x1000, 0x2000, 0, "[vdso]", 7);
	const struct model_module *mod = model_module(m, 0);
	cr_assert_not_null(mod);
	const struct model_image *img = model_image_for(m, mod);
	cr_assert_not_null(img);
	cr_assert_eq(img->size, 3);
	cr_assert_str_eq(img->name, "[vdso]");
	cr_assert_neq(img->data, bytes, "the image is copied");
	model_free(m);

	m = model_new(false);
	feed_map(m, 10, 0x1000, 0x2000, 0, "/bin/app", 1);
	cr_assert_null(model_map_at(m, 10, 0x1000), "kept only with stacks");
	cr_assert_eq(model_modules(m), 0);
	model_free(m);
}
