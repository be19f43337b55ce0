/*
 * Unit tests for analyze/sym: address spaces followed from synthesized module
 * records, PIE / non-PIE / shared library load bias, inlined functions, the
 * cache, missing and mismatched files, the vDSO, and source attribution.
 * Expected lines come from "@sym:NAME" markers in the test programs' sources,
 * addresses from the programs' own line tables.
 */
#include "sym_testlib.h"

Test(sym, pie_executable_lines)
{
	char *exe = prog("sym_pie");
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	feed_process(s, PID);
	feed_file(s, PID, exe, exe, PIE_BASE, NULL, 0);
	uint64_t a = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib"));
	expect_line(s, PID, PIE_BASE + a, "sym_pie.c", "pie_call_lib", "sym_pie_work");
	a = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_main_call"));
	expect_line(s, PID, PIE_BASE + a, "sym_pie.c", "pie_main_call", "main");

	struct sym_frame f;
	sym_frame(s, PID, PIE_BASE + a + 1, true, &f);
	cr_assert_eq(f.offset, a + 1, "offset is the ELF address of the pc");
	cr_assert_str_eq(f.module, exe);
	cr_assert(!f.inlined && !f.system);
	cr_assert_eq(sym_frame(s, PID, 0x1000, true, &f), -1, "pc in no module");
	cr_assert_eq(sym_frame(s, PID + 1, PIE_BASE + a, true, &f), -1, "unknown pid");
	sym_free(s);
	free(exe);
}

Test(sym, non_pie_executable_lines)
{
	char *exe = prog("sym_nopie");
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	feed_file(s, PID, exe, exe, 0, NULL, 0);
	uint64_t a = line_addr(exe, "sym_nopie.c", marker_line("sym_nopie.c", "nopie_write"));
	cr_assert_geq(a, 0x400000, "non-PIE addresses are absolute");
	expect_line(s, PID, a, "sym_nopie.c", "nopie_write", "sym_nopie_work");
	a = line_addr(exe, "sym_nopie.c", marker_line("sym_nopie.c", "nopie_loop"));
	expect_line(s, PID, a, "sym_nopie.c", "nopie_loop", "sym_nopie_work");
	sym_free(s);
	free(exe);
}

Test(sym, shared_library_lines)
{
	char *exe = prog("sym_pie"), *lib = prog("libsymlib.so");
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	feed_file(s, PID, exe, exe, PIE_BASE, NULL, 0);
	feed_file(s, PID, lib, lib, LIB_BASE, NULL, 0);
	uint64_t a = line_addr(lib, "libsymlib.c", marker_line("libsymlib.c", "lib_write"));
	expect_line(s, PID, LIB_BASE + a, "libsymlib.c", "lib_write", "symlib_write");
	struct sym_frame f;
	sym_frame(s, PID, LIB_BASE + a + 1, true, &f);
	cr_assert_str_eq(f.module, lib);
	sym_free(s);
	free(exe);
	free(lib);
}

/* True when path's symbol table names sym (an out-of-line copy exists). */
static bool has_symbol(const char *path, const char *sym)
{
	return elf_symbol(path, sym, SHT_SYMTAB, NULL);
}

Test(sym, inlined_function_and_its_line)
{
	char *exe = prog("sym_pie");
	cr_assert(has_symbol(exe, "sym_pie_work"));
	cr_assert(!has_symbol(exe, "sym_inline_twice"), "the helper must really be inlined");
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	feed_file(s, PID, exe, exe, PIE_BASE, NULL, 0);
	uint64_t a = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "inline_body"));
	expect_line(s, PID, PIE_BASE + a, "sym_pie.c", "inline_body", "sym_inline_twice");
	struct sym_frame f;
	sym_frame(s, PID, PIE_BASE + a + 1, true, &f);
	cr_assert(f.inlined);
	sym_free(s);
	free(exe);
}

Test(sym, each_address_symbolized_once)
{
	char *exe = prog("sym_pie");
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	feed_file(s, PID, exe, exe, PIE_BASE, NULL, 0);
	feed_file(s, PID + 1, exe, exe, PIE_BASE + 0x100000, NULL, 0);
	uint64_t a = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib"));
	struct sym_frame f;
	for (int i = 0; i < 10; i++) {
		sym_frame(s, PID, PIE_BASE + a + 1, true, &f);
		sym_frame(s, PID + 1, PIE_BASE + 0x100000 + a + 1, true, &f);
	}
	struct sym_stats st;
	sym_get_stats(s, &st);
	cr_assert_eq(st.lookups, 20);
	cr_assert_eq(st.symbolized, 1, "one module, one address: %llu resolutions",
	             (unsigned long long)st.symbolized);
	cr_assert_eq(st.modules, 1);
	sym_free(s);
	free(exe);
}

Test(sym, address_spaces_follow_records)
{
	char *exe = prog("sym_pie");
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	feed_process(s, PID);
	feed_file(s, PID, exe, exe, PIE_BASE, NULL, 0);
	uint64_t pc =
	    PIE_BASE + line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib")) + 1;
	struct trace_record r = {.type = TREC_THREAD};
	r.u.thread.tid = PID + 1;
	r.u.thread.pid = PID;
	r.u.thread.flags = TTHREAD_IS_THREAD;
	feed(s, &r);
	struct sym_frame f;
	cr_assert_eq(sym_frame(s, PID + 1, pc, true, &f), 0, "a thread shares its space");
	cr_assert_str_eq(f.function, "sym_pie_work");

	/* A forked child starts empty: its MAP records follow. */
	feed_process(s, PID + 2);
	cr_assert_eq(sym_frame(s, PID + 2, pc, true, &f), -1);
	feed_file(s, PID + 2, exe, exe, PIE_BASE, NULL, 0);
	cr_assert_eq(sym_frame(s, PID + 2, pc, true, &f), 0);

	/* Unmapping the page of pc removes it, and only it. */
	r = (struct trace_record){.type = TREC_MODULE_UNMAP};
	r.u.unmap.pid = PID + 2;
	r.u.unmap.start = (pc - 1) & ~0xfffULL;
	r.u.unmap.end = r.u.unmap.start + 0x1000;
	feed(s, &r);
	cr_assert_eq(sym_frame(s, PID + 2, pc, true, &f), -1);
	cr_assert_eq(sym_frame(s, PID, pc, true, &f), 0, "other processes keep theirs");

	/* exec starts a new image; the old one still serves the execve call's own
	 * stack (its record follows EXEC), and only what the new image lacks. */
	r = (struct trace_record){.type = TREC_EXEC};
	r.u.exec.pid = PID;
	r.u.exec.tid = PID;
	r.u.exec.filename = "/bin/true";
	feed(s, &r);
	cr_assert_eq(sym_frame(s, PID, pc, true, &f), 0);
	cr_assert_str_eq(f.function, "sym_pie_work");
	char *lib = prog("libsymlib.so");
	feed_file(s, PID, lib, lib, PIE_BASE, NULL, 0);
	cr_assert_eq(sym_frame(s, PID, PIE_BASE + 0x1001, true, &f), 0);
	cr_assert_str_eq(f.module, lib, "the new image wins");
	feed(s, &r);
	feed(s, &r);
	cr_assert_eq(sym_frame(s, PID, pc, true, &f), -1, "two execs later nothing is left");
	free(lib);
	sym_free(s);
	free(exe);
}

Test(sym, file_relative_to_comp_dir)
{
	char *dir = make_tmpdir();
	run("mkdir -p '%s/src/ui' && printf 'int load_all_fonts(void);\\nint load_all_fonts(void)"
	    "\\n{\\n\\treturn 7;\\n}\\nint main(void)\\n{\\n\\treturn load_all_fonts();\\n}\\n' "
	    "> '%s/src/ui/fonts.c'",
	    dir, dir);
	run("cd '%s' && cc -g -O0 -o app src/ui/fonts.c", dir);
	char *app;
	cr_assert(asprintf(&app, "%s/app", dir) > 0);
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	feed_file(s, PID, app, app, PIE_BASE, NULL, 0);
	uint64_t a = line_addr(app, "fonts.c", 4);
	struct sym_frame f;
	cr_assert_eq(sym_frame(s, PID, PIE_BASE + a, false, &f), 0);
	cr_assert_str_eq(f.file, "src/ui/fonts.c");
	cr_assert_eq(f.line, 4);
	char buf[256];
	cr_assert_str_eq(sym_frame_str(&f, buf, sizeof(buf)), "src/ui/fonts.c:4 in load_all_fonts");
	sym_free(s);
	free(app);
	remove_tree(dir);
}

/* Symbolizes the markers of sym_pie through the module recorded as rec_path. */
static void expect_unresolved(struct sym_ctx *s, const char *rec_path, const uint8_t *bid,
                              unsigned bid_len, const char *what)
{
	char *exe = prog("sym_pie");
	feed_file(s, PID, exe, rec_path, PIE_BASE, bid, bid_len);
	uint64_t a1 = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib"));
	uint64_t a2 = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_main_call"));
	capture_begin();
	struct sym_frame f1, f2;
	cr_assert_eq(sym_frame(s, PID, PIE_BASE + a1 + 1, true, &f1), 0);
	cr_assert_eq(sym_frame(s, PID, PIE_BASE + a2 + 1, true, &f2), 0);
	char *err = capture_end();
	cr_assert_eq(count_lines_with(err, "warning"), 1, "one warning per module: %s", err);
	cr_assert_eq(count_lines_with(err, "--debug-dir"), 1, "%s", err);
	cr_assert_neq(strstr(err, what), NULL, "warning says %s: %s", what, err);
	free(err);
	cr_assert_null(f1.function);
	cr_assert_null(f1.file);
	cr_assert_eq(f1.line, 0);
	/* The text segment's file offset equals its address in these layouts. */
	cr_assert_eq(f1.offset, a1 + 1);
	char buf[256], want[256];
	const char *base = strrchr(rec_path, '/') + 1;
	snprintf(want, sizeof(want), "%s+0x%llx", base, (unsigned long long)(a2 + 1));
	cr_assert_str_eq(sym_frame_str(&f2, buf, sizeof(buf)), want);
	/* No file, hence no line information: the program's own code all the same. */
	struct sym_attr attr;
	uint64_t pcs[] = {PIE_BASE + a2 + 1};
	sym_attribute(s, PID, pcs, 1, &attr);
	cr_assert_eq(attr.kind, SYM_ATTR_CODE);
	cr_assert_str_eq(attr.text, want);
	free(exe);
}

Test(sym, missing_file_one_warning_module_offset)
{
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	expect_unresolved(s, "/nonexistent/dir/sym_pie", NULL, 0, "no file with build-id");
	sym_free(s);
}

Test(sym, build_id_mismatch_one_warning_module_offset)
{
	char *exe = prog("sym_pie");
	uint8_t bid[64];
	int n = sym_read_build_id(exe, bid, sizeof(bid));
	cr_assert_gt(n, 0);
	bid[0] ^= 0xff;
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	expect_unresolved(s, exe, bid, (unsigned)n, "differs");
	sym_free(s);
	free(exe);
}

/* --- a running copy: real mappings from /proc/PID/maps ------------------ */

struct proc_module {
	char path[512];
	uint64_t base; /* start of its offset-0 mapping */
};

/* Reads pid's mappings; feeds the executable ones to s (when not NULL) as pid as. */
static unsigned read_maps(pid_t pid, struct sym_ctx *s, int as, struct proc_module *mods,
                          unsigned max)
{
	char path[64], line[1024];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	unsigned n = 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, end, off, ino;
		unsigned maj, min;
		char perms[5];
		int pos = 0;
		if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &start, &end, perms, &off, &maj,
		           &min, &ino, &pos) < 7 ||
		    line[pos] != '/')
			continue;
		line[strcspn(line, "\n")] = '\0';
		const char *file = line + pos;
		unsigned i = 0;
		while (i < n && strcmp(mods[i].path, file))
			i++;
		if (i == n && n < max) {
			memset(&mods[n], 0, sizeof(mods[n]));
			snprintf(mods[n].path, sizeof(mods[n].path), "%s", file);
			n++;
		}
		if (i < n && off == 0 && !mods[i].base)
			mods[i].base = start;
		if (perms[2] != 'x')
			continue;
		if (!s)
			continue;
		struct trace_record r = {.type = TREC_MODULE_MAP};
		r.u.map = (struct trace_module){.pid = as,
		                                .prot = 5,
		                                .start = start,
		                                .end = end,
		                                .offset = off,
		                                .dev = makedev(maj, min),
		                                .inode = ino,
		                                .path = file};
		int bl = sym_read_build_id(file, r.u.map.build_id, sizeof(r.u.map.build_id));
		r.u.map.build_id_len = bl > 0 ? (uint8_t)bl : 0;
		sym_feed(s, &r);
	}
	fclose(f);
	return n;
}

static const struct proc_module *find_mod(const struct proc_module *m, unsigned n,
                                          const char *needle)
{
	for (unsigned i = 0; i < n; i++)
		if (strstr(m[i].path, needle))
			return &m[i];
	cr_assert_fail("no module %s", needle);
	return NULL;
}

/* Starts sym_pie "wait" and returns once it is ready; *in is its stdin. */
static pid_t start_waiting(const char *exe, int *in)
{
	int pin[2], pout[2];
	cr_assert_eq(pipe(pin), 0);
	cr_assert_eq(pipe(pout), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		close(pin[1]);
		close(pout[0]);
		execl(exe, exe, "wait", (char *)NULL);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	char buf[16] = {0};
	cr_assert_gt(read(pout[0], buf, sizeof(buf) - 1), 0);
	cr_assert_str_eq(buf, "ready\n");
	close(pout[0]);
	*in = pin[1];
	return pid;
}

Test(sym, running_copy_and_attribution)
{
	char *exe = prog("sym_pie"), *lib = prog("libsymlib.so");
	int in;
	pid_t child = start_waiting(exe, &in);
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	struct proc_module cm[64], own[64];
	feed_process(s, PID);
	unsigned cn = read_maps(child, s, PID, cm, 64);
	unsigned on = read_maps(getpid(), NULL, 0, own, 64);
	close(in);
	waitpid(child, NULL, 0);

	/* The child's libc write(): same file offset as ours. */
	void *h = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	cr_assert_not_null(h);
	uint64_t our_write = (uint64_t)(uintptr_t)dlsym(h, "write");
	const struct proc_module *olibc = find_mod(own, on, "/libc.so");
	const struct proc_module *clibc = find_mod(cm, cn, "/libc.so");
	uint64_t libc_pc = our_write - olibc->base + clibc->base + 8;
	uint64_t lib_pc = find_mod(cm, cn, "libsymlib.so")->base +
	                  line_addr(lib, "libsymlib.c", marker_line("libsymlib.c", "lib_write")) +
	                  1;
	uint64_t exe_pc = find_mod(cm, cn, "/sym_pie")->base +
	                  line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib")) + 1;

	struct sym_frame f;
	cr_assert_eq(sym_frame(s, PID, libc_pc, true, &f), 0);
	cr_assert(f.system, "libc is a system module");
	cr_assert(!f.loader);
	cr_assert_not_null(f.function, "libc's symbol table names write");
	expect_line(s, PID, exe_pc - 1, "sym_pie.c", "pie_call_lib", "sym_pie_work");

	uint64_t stack[] = {libc_pc, lib_pc, exe_pc};
	struct sym_attr a;
	sym_attribute(s, PID, stack, 3, &a);
	cr_assert_eq(a.kind, SYM_ATTR_CODE);
	cr_assert_eq(a.index, 1, "the first frame in the program's own code");
	cr_assert_str_eq(a.frame.function, "symlib_write");
	cr_assert_eq(a.frame.line, marker_line("libsymlib.c", "lib_write"));
	sym_attribute(s, PID, stack, 1, &a);
	cr_assert_eq(a.kind, SYM_ATTR_LABEL, "libc alone: labelled, no libc line");
	cr_assert_eq(strncmp(a.text, "(libc: ", 7), 0, "%s", a.text);
	sym_free(s);

	const char *skip[] = {"libsymlib*"};
	struct sym_options o = {
	    .skip_globs = skip, .nskip_globs = 1, .system_debug_dir = "/nonexistent-debug-root"};
	s = sym_new(&o);
	feed_process(s, PID);
	/* The child is gone: lay its modules out again from their files, at its bases. */
	for (unsigned i = 0; i < cn; i++)
		if (strstr(cm[i].path, "libsymlib") || strstr(cm[i].path, "/sym_pie") ||
		    strstr(cm[i].path, "/libc.so"))
			feed_file(s, PID, cm[i].path, cm[i].path, cm[i].base, NULL, 0);
	sym_attribute(s, PID, stack, 3, &a);
	cr_assert_eq(a.index, 2, "--skip-module adds to the list");
	cr_assert_str_eq(a.frame.function, "sym_pie_work");
	sym_free(s);
	free(exe);
	free(lib);
}

Test(sym, vdso_from_trace_image)
{
	uint64_t vbase = getauxval(AT_SYSINFO_EHDR);
	cr_assert_neq(vbase, 0);
	char line[512];
	uint64_t size = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	while (fgets(line, sizeof(line), f)) {
		unsigned long a, b;
		if (strstr(line, "[vdso]") && sscanf(line, "%lx-%lx", &a, &b) == 2)
			size = b - a;
	}
	fclose(f);
	cr_assert_gt(size, 0);
	elf_version(EV_CURRENT);
	Elf *elf = elf_memory((char *)(uintptr_t)vbase, size);
	uint64_t value = 0;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_DYNSYM)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym st;
			gelf_getsym(d, (int)i, &st);
			const char *name = elf_strptr(elf, sh.sh_link, st.st_name);
			if (name && !strcmp(name, "__vdso_clock_gettime"))
				value = st.st_value;
		}
	}
	elf_end(elf);
	cr_assert_neq(value, 0);

	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	struct trace_record r = {.type = TREC_IMAGE};
	r.u.image = (struct trace_image){.pid = PID,
	                                 .addr = vbase,
	                                 .name = "[vdso]",
	                                 .build_id_len = 4,
	                                 .build_id = {1, 2, 3, 4},
	                                 .size = size,
	                                 .data = (const uint8_t *)(uintptr_t)vbase};
	sym_feed(s, &r);
	r = (struct trace_record){.type = TREC_MODULE_MAP};
	r.u.map = (struct trace_module){.pid = PID,
	                                .prot = 5,
	                                .start = vbase,
	                                .end = vbase + size,
	                                .path = "[vdso]",
	                                .build_id_len = 4,
	                                .build_id = {1, 2, 3, 4}};
	sym_feed(s, &r);
	struct sym_frame fr;
	cr_assert_eq(sym_frame(s, PID, vbase + value + 4, true, &fr), 0);
	cr_assert_not_null(fr.function);
	cr_assert_neq(strstr(fr.function, "clock_gettime"), NULL, "got %s", fr.function);
	cr_assert(fr.system);
	cr_assert_eq(fr.offset, value + 4);
	sym_free(s);
}

Test(sym, frame_text_forms)
{
	char buf[128];
	struct sym_frame f = {.module = "/usr/bin/app", .offset = 0x1234};
	cr_assert_str_eq(sym_frame_str(&f, buf, sizeof(buf)), "app+0x1234");
	f.function = "load_all_fonts";
	cr_assert_str_eq(sym_frame_str(&f, buf, sizeof(buf)), "load_all_fonts (app+0x1234)");
	f.file = "src/ui/fonts.c";
	f.line = 67;
	cr_assert_str_eq(sym_frame_str(&f, buf, sizeof(buf)),
	                 "src/ui/fonts.c:67 in load_all_fonts");
	f = (struct sym_frame){.offset = 0xdead};
	cr_assert_str_eq(sym_frame_str(&f, buf, sizeof(buf)), "0xdead");
}

/* Starts a static HTTP server over dir laid out as debuginfod serves
 * (buildid/HEX/debuginfo, buildid/HEX/executable); returns its port. */

Test(sym, return_address_looked_up_at_pc_minus_1)
{
	char *exe = prog("sym_pie");
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	feed_file(s, PID, exe, exe, PIE_BASE, NULL, 0);
	/* At -O0 the call to symlib_write is the last instruction of its line: its
	 * return address is the first instruction of the next line. */
	uint64_t ret =
	    PIE_BASE + line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_return"));
	struct sym_frame f;
	cr_assert_eq(sym_frame(s, PID, ret, true, &f), 0);
	cr_assert_eq(f.line, marker_line("sym_pie.c", "pie_call_lib"), "the call's line");
	cr_assert_eq(f.offset, ret - PIE_BASE, "the offset is the recorded pc's");
	cr_assert_eq(sym_frame(s, PID, ret, false, &f), 0);
	cr_assert_eq(f.line, marker_line("sym_pie.c", "pie_return"));
	sym_free(s);
	free(exe);
}

Test(sym, bias_from_program_headers_for_any_mapping_layout)
{
	/* One mapping from file offset 0 over the headers and the code (as with
	 * -z noseparate-code): the code's address comes from its PT_LOAD, not from
	 * where the mapping starts. */
	char *exe = prog("sym_pie");
	uint64_t a = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib"));
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	struct trace_record r = {.type = TREC_MODULE_MAP};
	r.u.map = (struct trace_module){.pid = PID,
	                                .prot = 5,
	                                .start = PIE_BASE,
	                                .end = PIE_BASE + ((a + 0x1000) & ~0xfffULL),
	                                .path = exe};
	int n = sym_read_build_id(exe, r.u.map.build_id, sizeof(r.u.map.build_id));
	r.u.map.build_id_len = (uint8_t)n;
	sym_feed(s, &r);
	expect_line(s, PID, PIE_BASE + a, "sym_pie.c", "pie_call_lib", "sym_pie_work");
	sym_free(s);
	free(exe);
}
