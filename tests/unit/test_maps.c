/*
 * test_maps.c - rec_maps on real traced programs: the records it emits
 * (executable, libc with its build-id, the vDSO image), re-syncs after
 * dlopen()/dlclose(), fork copies, and which syscalls count as changing
 * executable mappings.
 */
#include <sys/mman.h>

#include "record/rec_elf.h"
#include "unw_harness.h"

#define MARK "/nonexistent/renacer-maps-marker"

static unsigned count_type(const struct h_sink *hs, enum trace_rec_type t, pid_t pid)
{
	unsigned c = 0;

	for (unsigned i = 0; i < hs->n; i++)
		c += hs->recs[i].type == t && (pid == 0 || hs->recs[i].pid == pid);
	return c;
}

Test(maps, records_of_a_running_program)
{
	char *argv[] = {h_prog("unw_open"), MARK, NULL};
	struct h_sink hs;
	struct rec_maps *m;
	const struct h_rec *exe, *libc, *vdso, *img;
	pid_t pid;

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	pid = h_launch(argv);
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_assert(h_run_to_open(pid, MARK, m, NULL));

	exe = h_find(&hs, TREC_MODULE_MAP, "/unw_open", 0);
	cr_assert(exe != NULL, "no MAP record for the executable");
	cr_expect_eq(exe->pid, pid);
	cr_expect(exe->prot & PROT_EXEC);
	cr_expect_eq(exe->build_id_len, 20, "executable build-id length %u", exe->build_id_len);

	libc = h_find(&hs, TREC_MODULE_MAP, "libc.so", 0);
	cr_assert(libc != NULL, "libc was not recorded after it was mapped");
	cr_expect_eq(libc->build_id_len, 20);
	cr_expect(libc->prot & PROT_EXEC);

	img = h_find(&hs, TREC_IMAGE, "[vdso]", 0);
	vdso = h_find(&hs, TREC_MODULE_MAP, "[vdso]", 0);
	cr_assert(img != NULL && vdso != NULL, "no vDSO image or map record");
	cr_expect_eq(img->start, vdso->start);
	cr_expect_eq(img->size, vdso->end - vdso->start);
	cr_expect_gt(img->build_id_len, 0);
	cr_expect_eq(img->build_id_len, vdso->build_id_len);
	cr_expect(memcmp(img->build_id, vdso->build_id, img->build_id_len) == 0);
	cr_expect_eq(count_type(&hs, TREC_IMAGE, 0), 1);

	/* The vDSO's own CFI is usable by the unwinder. */
	const struct rec_module *mod = rec_maps_find(m, pid, vdso->start);
	cr_assert(mod != NULL && mod->elf_ctx != NULL);
	cr_expect(rec_elf_has_cfi(mod->elf_ctx));

	/* A second sync with nothing changed emits nothing. */
	unsigned before = hs.n;
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_expect_eq(hs.n, before);

	/* A fork copy announces the same modules for the child; no second image. */
	unsigned maps = rec_maps_count(m, pid);
	cr_assert(rec_maps_fork(m, pid, pid + 100000, 0) == 0);
	cr_expect_eq(count_type(&hs, TREC_MODULE_MAP, pid + 100000), maps);
	cr_expect_eq(rec_maps_count(m, pid + 100000), maps);
	cr_expect_eq(count_type(&hs, TREC_IMAGE, 0), 1);
	rec_maps_exit(m, pid + 100000);
	cr_expect_eq(rec_maps_count(m, pid + 100000), 0);

	/* After exec the process starts over: the next sync emits everything again. */
	rec_maps_exec(m, pid);
	cr_expect_eq(rec_maps_count(m, pid), 0);
	before = hs.n;
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_expect_eq(hs.n - before, maps);
	h_kill(pid);
	rec_maps_free(m);
}

Test(maps, dlopen_and_dlclose_resync)
{
	const char *mark1 = MARK "-1", *mark2 = MARK "-2";
	char *argv[] = {h_prog("unw_dlopen"), (char *)mark1, h_prog("libunwdl.so"), (char *)mark2,
	                NULL};
	struct h_sink hs;
	struct rec_maps *m;
	const struct h_rec *lib;
	unsigned at_mark1;
	pid_t pid;

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	pid = h_launch(argv);
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_assert(h_run_to_open(pid, mark1, m, NULL));
	cr_expect(h_find(&hs, TREC_MODULE_MAP, "libunwdl.so", 0) == NULL);
	at_mark1 = hs.n;
	cr_assert(h_run_to_open(pid, mark2, m, NULL));
	lib = h_find(&hs, TREC_MODULE_MAP, "libunwdl.so", at_mark1);
	cr_assert(lib != NULL, "dlopen()ed library not recorded");
	cr_expect_eq(lib->build_id_len, 20);
	cr_expect(rec_maps_find(m, pid, lib->start) != NULL);
	/* dlclose() unmaps it: the tracker emits the UNMAP before the process exits. */
	cr_expect(!h_run_to_open(pid, "/never-opened", m, NULL));
	bool unmapped = false;
	for (unsigned i = at_mark1; i < hs.n; i++)
		unmapped |= hs.recs[i].type == TREC_MODULE_UNMAP && hs.recs[i].start == lib->start;
	cr_expect(unmapped, "no UNMAP after dlclose");
	rec_maps_free(m);
}

Test(maps, syscalls_that_change_exec_mappings)
{
	uint64_t a[6] = {0};

	a[2] = PROT_READ | PROT_EXEC;
	a[3] = MAP_PRIVATE;
	cr_expect(rec_maps_syscall_changes(SYS_mmap, a, 0x7f0000000000));
	cr_expect(!rec_maps_syscall_changes(SYS_mmap, a, -ENOMEM));
	a[2] = PROT_READ | PROT_WRITE;
	a[3] = MAP_PRIVATE | MAP_ANONYMOUS;
	cr_expect(!rec_maps_syscall_changes(SYS_mmap, a, 0x7f0000000000));
	a[3] = MAP_PRIVATE | MAP_FIXED;
	cr_expect(rec_maps_syscall_changes(SYS_mmap, a, 0x7f0000000000));
	cr_expect(rec_maps_syscall_changes(SYS_munmap, a, 0));
	cr_expect(rec_maps_syscall_changes(SYS_mprotect, a, 0));
	cr_expect(rec_maps_syscall_changes(SYS_mremap, a, 0x7f0000000000));
	cr_expect(rec_maps_syscall_changes(SYS_execve, a, 0));
	cr_expect(!rec_maps_syscall_changes(SYS_read, a, 10));
	cr_expect(!rec_maps_syscall_changes(SYS_brk, a, 0x1000000));
}

Test(maps, munmap_outside_code_needs_no_resync)
{
	char *argv[] = {h_prog("unw_open"), MARK, NULL};
	struct h_sink hs;
	struct rec_maps *m;
	const struct h_rec *libc;
	uint64_t a[6] = {0};
	pid_t pid;

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	pid = h_launch(argv);
	cr_assert(rec_maps_sync(m, pid, 0) == 0);
	cr_assert(h_run_to_open(pid, MARK, m, NULL));
	libc = h_find(&hs, TREC_MODULE_MAP, "libc.so", 0);
	cr_assert(libc != NULL);
	a[0] = 0x10000;
	a[1] = 0x1000;
	cr_expect(!rec_maps_syscall_changes_in(m, pid, SYS_munmap, a, 0));
	a[0] = libc->start;
	cr_expect(rec_maps_syscall_changes_in(m, pid, SYS_munmap, a, 0));
	a[2] = PROT_READ;
	cr_expect(rec_maps_syscall_changes_in(m, pid, SYS_mprotect, a, 0));
	a[0] = 0x10000;
	cr_expect(!rec_maps_syscall_changes_in(m, pid, SYS_mprotect, a, 0));
	a[2] = PROT_READ | PROT_EXEC;
	cr_expect(rec_maps_syscall_changes_in(m, pid, SYS_mprotect, a, 0));
	h_kill(pid);
	rec_maps_free(m);
}

/* The pid of a process that has ended (reaped). */
static pid_t gone_pid(void)
{
	pid_t pid = fork();
	int status;

	cr_assert(pid >= 0);
	if (pid == 0)
		_exit(0);
	waitpid(pid, &status, 0);
	return pid;
}

Test(maps, vanished_process_is_not_an_error)
{
	struct h_sink hs;
	struct rec_maps *m;
	pid_t pid = gone_pid();

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	cr_expect_eq(rec_maps_sync(m, pid, 0), 0);
	cr_expect_eq(hs.n, 0);
	cr_expect(rec_maps_find(m, pid, 0x400000) == NULL);
	rec_maps_free(m);
}

/* A mapping learnt from its mmap call when the process is gone: the file is
 * opened by its path (build-id read), an unreadable one is recorded unknown,
 * and a mapping over an older one replaces it. */
Test(maps, mapping_added_from_the_call)
{
	struct h_sink hs;
	struct rec_maps *m;
	pid_t pid = gone_pid();
	const char *exe = h_prog("unw_open");

	h_sink_init(&hs);
	m = rec_maps_new(&hs.em);
	cr_assert_eq(rec_maps_add(m, pid, 0x10000, 0x20000, 0x1000, PROT_READ | PROT_EXEC, exe, 5),
	             0);
	const struct h_rec *r = h_find(&hs, TREC_MODULE_MAP, "/unw_open", 0);
	cr_assert(r != NULL, "no MAP record for the added mapping");
	cr_expect_eq(r->start, 0x10000);
	cr_expect_eq(r->end, 0x20000);
	cr_expect_eq(r->build_id_len, 20, "build-id read from the file: %u", r->build_id_len);
	const struct rec_module *mod = rec_maps_find(m, pid, 0x18000);
	cr_assert(mod != NULL && mod->elf_ctx != NULL);
	cr_expect_eq(mod->offset, 0x1000);

	cr_assert_eq(rec_maps_add(m, pid, 0x30000, 0x31000, 0, PROT_READ | PROT_EXEC,
	                          "/nonexistent/lib.so", 6),
	             0);
	r = h_find(&hs, TREC_MODULE_MAP, "[unknown]", 0);
	cr_assert(r != NULL, "an unreadable module is recorded unknown");
	cr_expect_eq(r->build_id_len, 0);
	cr_expect(rec_maps_find(m, pid, 0x30800) != NULL);

	/* Over the first one: it is unmapped, the new one takes its place. */
	cr_assert_eq(rec_maps_add(m, pid, 0x18000, 0x19000, 0, PROT_READ | PROT_EXEC, NULL, 7), 0);
	cr_expect_eq(count_type(&hs, TREC_MODULE_UNMAP, pid), 1);
	cr_expect(rec_maps_find(m, pid, 0x10000) == NULL);
	cr_expect(rec_maps_find(m, pid, 0x18800) != NULL);
	cr_expect(rec_maps_find(m, pid, 0x30800) != NULL);
	rec_maps_free(m);
}

/* PROCMAP_QUERY (where the kernel has it) and the text of /proc/PID/maps
 * describe the same modules. */
Test(maps, ioctl_and_text_listings_agree)
{
	char *argv[] = {h_prog("unw_open"), MARK, NULL};
	struct h_sink a, b;
	struct rec_maps *ma, *mb;
	pid_t pid;

	h_sink_init(&a);
	h_sink_init(&b);
	ma = rec_maps_new(&a.em);
	mb = rec_maps_new(&b.em);
	rec_maps_set_text_only(mb, true);
	pid = h_launch(argv);
	cr_assert(h_run_to_open(pid, MARK, NULL, NULL));
	cr_assert(rec_maps_sync(ma, pid, 0) == 0);
	cr_assert(rec_maps_sync(mb, pid, 0) == 0);
	cr_assert_eq(a.n, b.n);
	cr_expect_geq(a.n, 5, "only %u records", a.n);
	for (unsigned i = 0; i < a.n; i++) {
		cr_expect_eq(a.recs[i].type, b.recs[i].type);
		cr_expect_eq(a.recs[i].start, b.recs[i].start);
		cr_expect_eq(a.recs[i].end, b.recs[i].end);
		cr_expect_eq(a.recs[i].prot, b.recs[i].prot);
		cr_expect_str_eq(a.recs[i].path, b.recs[i].path);
		cr_expect_eq(a.recs[i].build_id_len, b.recs[i].build_id_len);
	}
	h_kill(pid);
	rec_maps_free(ma);
	rec_maps_free(mb);
}
