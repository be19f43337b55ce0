/*
 * Unit tests for analyze/sym: address spaces followed from synthesized module
 * records, PIE / non-PIE / shared library load bias, inlined functions,
 * stripped binaries with --debug-dir, missing and mismatched files, the vDSO,
 * and source attribution. Expected lines come from "@sym:NAME" markers in the
 * test programs' sources, addresses from the programs' own line tables.
 */
#include <criterion/criterion.h>

#include <dlfcn.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze/sym.h"
#include "analyze/sym_find.h"

#define PIE_BASE 0x555555554000ULL
#define LIB_BASE 0x7f0000100000ULL
#define PID      4242

static char *prog(const char *name)
{
	char *p;
	cr_assert(asprintf(&p, "%s/%s", TEST_PROG_DIR, name) > 0);
	return p;
}

/* The source line holding "@sym:marker" in tests/progs/src. */
static unsigned marker_line(const char *src, const char *marker)
{
	char path[512], want[128], buf[1024];
	snprintf(path, sizeof(path), "%s/tests/progs/%s", TEST_SOURCE_DIR, src);
	snprintf(want, sizeof(want), "@sym:%s ", marker);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	unsigned line = 0, found = 0;
	while (fgets(buf, sizeof(buf), f)) {
		line++;
		if (strstr(buf, want)) {
			found = line;
			break;
		}
	}
	fclose(f);
	cr_assert_neq(found, 0, "marker %s not in %s", marker, src);
	return found;
}

/* The lowest statement address of src_base:line in elf's line table. */
static uint64_t line_addr(const char *elf_path, const char *src_base, unsigned line)
{
	int fd = open(elf_path, O_RDONLY);
	cr_assert_geq(fd, 0);
	Dwarf *dw = dwarf_begin(fd, DWARF_C_READ);
	cr_assert_not_null(dw, "no DWARF in %s", elf_path);
	uint64_t best = UINT64_MAX;
	Dwarf_Off off = 0, next;
	size_t hsize;
	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		Dwarf_Lines *lines;
		size_t n;
		if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_getsrclines(&cu, &lines, &n) == 0) {
			for (size_t i = 0; i < n; i++) {
				Dwarf_Line *l = dwarf_onesrcline(lines, i);
				int ln;
				bool stmt;
				Dwarf_Addr a;
				const char *file = dwarf_linesrc(l, NULL, NULL);
				if (!file || dwarf_lineno(l, &ln) || (unsigned)ln != line ||
				    dwarf_linebeginstatement(l, &stmt) || !stmt ||
				    dwarf_lineaddr(l, &a))
					continue;
				size_t fl = strlen(file), sl = strlen(src_base);
				if (fl >= sl && !strcmp(file + fl - sl, src_base) && a < best)
					best = a;
			}
		}
		off = next;
	}
	dwarf_end(dw);
	close(fd);
	cr_assert_neq(best, UINT64_MAX, "no address for %s:%u", src_base, line);
	return best;
}

static void feed(struct sym_ctx *s, const struct trace_record *r)
{
	sym_feed(s, r);
}

static void feed_process(struct sym_ctx *s, int pid)
{
	struct trace_record r = {.type = TREC_THREAD};
	r.u.thread.tid = pid;
	r.u.thread.pid = pid;
	feed(s, &r);
}

/* MODULE_MAP records for the executable PT_LOADs of path loaded at base (ignored for
 * ET_EXEC), recorded as rec_path with the file's build-id (or bid when not NULL). */
static void feed_file(struct sym_ctx *s, int pid, const char *path, const char *rec_path,
		      uint64_t base, const uint8_t *bid, unsigned bid_len)
{
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0, "cannot open %s", path);
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	GElf_Ehdr eh;
	cr_assert_not_null(gelf_getehdr(elf, &eh));
	if (eh.e_type == ET_EXEC)
		base = 0;
	struct trace_record r = {.type = TREC_MODULE_MAP};
	struct trace_module *m = &r.u.map;
	m->pid = pid;
	m->path = rec_path;
	if (bid) {
		memcpy(m->build_id, bid, bid_len);
		m->build_id_len = (uint8_t)bid_len;
	} else {
		int n = sym_read_build_id(path, m->build_id, sizeof(m->build_id));
		cr_assert_gt(n, 0, "%s has no build-id", path);
		m->build_id_len = (uint8_t)n;
	}
	size_t phnum;
	cr_assert_eq(elf_getphdrnum(elf, &phnum), 0);
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		gelf_getphdr(elf, (int)i, &ph);
		if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_X))
			continue;
		m->start = base + (ph.p_vaddr & ~0xfffULL);
		m->end = base + ((ph.p_vaddr + ph.p_memsz + 0xfff) & ~0xfffULL);
		m->offset = ph.p_offset & ~0xfffULL;
		m->prot = 5;
		feed(s, &r);
	}
	elf_end(elf);
	close(fd);
}

static struct sym_ctx *new_ctx(const char *const *dirs, unsigned ndirs, const char *sysroot)
{
	struct sym_options o = {
		.debug_dirs = dirs,
		.ndebug_dirs = ndirs,
		.sysroot = sysroot,
		.system_debug_dir = "/nonexistent-debug-root",
	};
	unsetenv("DEBUGINFOD_URLS");
	return sym_new(&o);
}

/* Asserts pc (a return address just after the instruction at vaddr) resolves to
 * function, the marker's line and a file ending in src. */
static void expect_line(struct sym_ctx *s, int pid, uint64_t pc, const char *src,
			const char *marker, const char *function)
{
	struct sym_frame f;
	cr_assert_eq(sym_frame(s, pid, pc + 1, true, &f), 0, "pc %#llx in no module",
		     (unsigned long long)pc);
	cr_assert_str_eq(f.function ? f.function : "(null)", function);
	cr_assert_eq(f.line, marker_line(src, marker), "%s: line %u", marker, f.line);
	cr_assert_not_null(f.file);
	size_t fl = strlen(f.file), sl = strlen(src);
	cr_assert(fl >= sl && !strcmp(f.file + fl - sl, src), "file %s", f.file);
	struct sym_frame g;
	cr_assert_eq(sym_frame(s, pid, pc, false, &g), 0);
	cr_assert_eq(g.line, f.line, "is_return=false at the same address");
	cr_assert_str_eq(g.function, f.function);
}

/* Captures what the code under test writes to stderr. */
static int saved_stderr = -1;
static FILE *capture_file;

static void capture_begin(void)
{
	fflush(stderr);
	capture_file = tmpfile();
	cr_assert_not_null(capture_file);
	saved_stderr = dup(2);
	dup2(fileno(capture_file), 2);
}

static char *capture_end(void)
{
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	long n = ftell(capture_file);
	char *buf = calloc(1, (size_t)n + 1);
	rewind(capture_file);
	size_t got = fread(buf, 1, (size_t)n, capture_file);
	buf[got] = '\0';
	fclose(capture_file);
	return buf;
}

static unsigned count_lines_with(const char *text, const char *needle)
{
	unsigned n = 0;
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static char *make_tmpdir(void)
{
	char *d = strdup("/tmp/renacer-sym-XXXXXX");
	cr_assert_not_null(mkdtemp(d));
	return d;
}

static void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "command failed: %s", cmd);
}

static void remove_tree(char *dir)
{
	run("rm -rf '%s'", dir);
	free(dir);
}

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
	int fd = open(path, O_RDONLY);
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	bool found = false;
	Elf_Scn *scn = NULL;
	while (!found && (scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym st;
			gelf_getsym(d, (int)i, &st);
			const char *name = elf_strptr(elf, sh.sh_link, st.st_name);
			if (name && !strcmp(name, sym))
				found = true;
		}
	}
	elf_end(elf);
	close(fd);
	return found;
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
	uint64_t pc = PIE_BASE +
		      line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib")) + 1;
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

	/* exec resets the space. */
	r = (struct trace_record){.type = TREC_EXEC};
	r.u.exec.pid = PID;
	r.u.exec.tid = PID;
	r.u.exec.filename = "/bin/true";
	feed(s, &r);
	cr_assert_eq(sym_frame(s, PID, pc, true, &f), -1);
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
static void expect_pie_markers(struct sym_ctx *s, const char *rec_path, const char *file)
{
	char *exe = prog("sym_pie");
	feed_file(s, PID, file, rec_path, PIE_BASE, NULL, 0);
	static const char *const markers[][2] = {{"pie_call_lib", "sym_pie_work"},
						 {"pie_main_call", "main"},
						 {"inline_body", "sym_inline_twice"}};
	for (int i = 0; i < 3; i++) {
		uint64_t a = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", markers[i][0]));
		expect_line(s, PID, PIE_BASE + a, "sym_pie.c", markers[i][0], markers[i][1]);
	}
	free(exe);
}

/* dir/stripped (strip) and dir/dbg/sym_pie.debug (objcopy --only-keep-debug). */
static char *make_stripped(const char *dir)
{
	char *exe = prog("sym_pie"), *stripped;
	cr_assert(asprintf(&stripped, "%s/stripped", dir) > 0);
	run("mkdir -p '%s/dbg' && cp '%s' \"$(dirname '%s')\"/orig", dir, exe);
	run("cd '%s' && objcopy --only-keep-debug orig dbg/sym_pie.debug && strip -o stripped "
	    "orig && rm orig",
	    dir);
	free(exe);
	return stripped;
}

Test(sym, stripped_binary_with_debug_dir_same_lines)
{
	char *dir = make_tmpdir();
	char *stripped = make_stripped(dir), *dbg;
	cr_assert(asprintf(&dbg, "%s/dbg", dir) > 0);
	const char *dirs[] = {"/nonexistent-dir", dbg};
	struct sym_ctx *s = new_ctx(dirs, 2, NULL);
	capture_begin();
	expect_pie_markers(s, stripped, stripped);
	char *err = capture_end();
	cr_assert_str_eq(err, "", "no warning expected: %s", err);
	free(err);
	sym_free(s);
	free(dbg);
	free(stripped);
	remove_tree(dir);
}

Test(sym, build_id_layout_debug_dir)
{
	char *dir = make_tmpdir();
	char *stripped = make_stripped(dir);
	uint8_t bid[64];
	char hex[129];
	int n = sym_read_build_id(stripped, bid, sizeof(bid));
	cr_assert_gt(n, 1);
	sym_build_id_hex(bid, (unsigned)n, hex);
	char *cmd;
	cr_assert(asprintf(&cmd, "mkdir -p '%s/bid/.build-id/%.2s' && mv '%s/dbg/sym_pie.debug' "
				 "'%s/bid/.build-id/%.2s/%s.debug'",
			   dir, hex, dir, dir, hex, hex + 2) > 0);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
	char *bdir;
	cr_assert(asprintf(&bdir, "%s/bid", dir) > 0);
	const char *dirs[] = {bdir};
	struct sym_ctx *s = new_ctx(dirs, 1, NULL);
	expect_pie_markers(s, stripped, stripped);
	sym_free(s);
	/* The system debug directory uses the same layout. */
	struct sym_options o = {.system_debug_dir = bdir};
	s = sym_new(&o);
	expect_pie_markers(s, stripped, stripped);
	sym_free(s);
	free(bdir);
	free(stripped);
	remove_tree(dir);
}

/* Feeds sym_pie under rec_path (with bid when not NULL) and checks that its frames
 * show as module+offset with exactly one warning containing what. */
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
	struct sym_frame attr;
	uint64_t pcs[] = {PIE_BASE + a1 + 1};
	cr_assert_eq(sym_attribute(s, PID, pcs, 1, &attr), -1, "no line, no symbol: no source");
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

Test(sym, stripped_without_debug_dir_warns_no_lines)
{
	char *dir = make_tmpdir();
	char *stripped = make_stripped(dir);
	struct sym_ctx *s = new_ctx(NULL, 0, NULL);
	feed_file(s, PID, stripped, stripped, PIE_BASE, NULL, 0);
	char *exe = prog("sym_pie");
	uint64_t a = line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib"));
	capture_begin();
	struct sym_frame f;
	cr_assert_eq(sym_frame(s, PID, PIE_BASE + a + 1, true, &f), 0);
	sym_frame(s, PID, PIE_BASE + a + 1, true, &f);
	char *err = capture_end();
	cr_assert_eq(count_lines_with(err, "warning"), 1, "%s", err);
	cr_assert_neq(strstr(err, "--debug-dir"), NULL, "%s", err);
	cr_assert_eq(f.line, 0);
	cr_assert_null(f.file);
	free(err);
	sym_free(s);
	free(exe);
	free(stripped);
	remove_tree(dir);
}

Test(sym, found_by_build_id_in_debug_dir_or_sysroot)
{
	char *exe = prog("sym_pie");
	char *dir = make_tmpdir();
	run("mkdir -p '%s/copies/sub' '%s/root/opt/app'", dir, dir);
	run("cp '%s' '%s/copies/sub/anything'", exe, dir);
	run("cp '%s' '%s/root/opt/app/sym_pie'", exe, dir);
	char *copies, *root;
	cr_assert(asprintf(&copies, "%s/copies", dir) > 0);
	cr_assert(asprintf(&root, "%s/root", dir) > 0);
	const char *dirs[] = {copies};
	struct sym_ctx *s = new_ctx(dirs, 1, NULL);
	expect_pie_markers(s, "/gone/sym_pie", exe);
	sym_free(s);
	s = new_ctx(NULL, 0, root);
	expect_pie_markers(s, "/opt/app/sym_pie", exe);
	sym_free(s);
	free(copies);
	free(root);
	free(exe);
	remove_tree(dir);
}

/* --- a running copy: real mappings from /proc/PID/maps ------------------ */

struct proc_module {
	char path[512];
	uint64_t base;      /* start of its offset-0 mapping */
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
			   &min, &ino, &pos) < 7 || line[pos] != '/')
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
		r.u.map = (struct trace_module){.pid = as, .prot = 5, .start = start, .end = end,
						.offset = off, .dev = makedev(maj, min),
						.inode = ino, .path = file};
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
	uint64_t lib_pc =
		find_mod(cm, cn, "libsymlib.so")->base +
		line_addr(lib, "libsymlib.c", marker_line("libsymlib.c", "lib_write")) + 1;
	uint64_t exe_pc = find_mod(cm, cn, "/sym_pie")->base +
			  line_addr(exe, "sym_pie.c", marker_line("sym_pie.c", "pie_call_lib")) + 1;

	struct sym_frame f;
	cr_assert_eq(sym_frame(s, PID, libc_pc, true, &f), 0);
	cr_assert(f.system, "libc is a system module");
	cr_assert_not_null(f.function, "libc's symbol table names write");
	expect_line(s, PID, exe_pc - 1, "sym_pie.c", "pie_call_lib", "sym_pie_work");

	uint64_t stack[] = {libc_pc, lib_pc, exe_pc};
	cr_assert_eq(sym_attribute(s, PID, stack, 3, &f), 1, "the first non-system frame");
	cr_assert_str_eq(f.function, "symlib_write");
	cr_assert_eq(f.line, marker_line("libsymlib.c", "lib_write"));
	cr_assert_eq(sym_attribute(s, PID, stack, 1, &f), 0, "else the first with a symbol");
	cr_assert_not_null(f.function);
	cr_assert(f.system);
	sym_free(s);

	const char *skip[] = {"libsymlib*"};
	struct sym_options o = {.skip_globs = skip, .nskip_globs = 1,
				.system_debug_dir = "/nonexistent-debug-root"};
	s = sym_new(&o);
	feed_process(s, PID);
	/* The child is gone: lay its modules out again from their files, at its bases. */
	for (unsigned i = 0; i < cn; i++)
		if (strstr(cm[i].path, "libsymlib") || strstr(cm[i].path, "/sym_pie") ||
		    strstr(cm[i].path, "/libc.so"))
			feed_file(s, PID, cm[i].path, cm[i].path, cm[i].base, NULL, 0);
	cr_assert_eq(sym_attribute(s, PID, stack, 3, &f), 2, "--skip-module adds to the list");
	cr_assert_str_eq(f.function, "sym_pie_work");
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
	r.u.image = (struct trace_image){.pid = PID, .addr = vbase, .name = "[vdso]",
					 .build_id_len = 4, .build_id = {1, 2, 3, 4},
					 .size = size, .data = (const uint8_t *)(uintptr_t)vbase};
	sym_feed(s, &r);
	r = (struct trace_record){.type = TREC_MODULE_MAP};
	r.u.map = (struct trace_module){.pid = PID, .prot = 5, .start = vbase, .end = vbase + size,
					.path = "[vdso]", .build_id_len = 4,
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
	cr_assert_str_eq(sym_frame_str(&f, buf, sizeof(buf)), "src/ui/fonts.c:67 in load_all_fonts");
	f = (struct sym_frame){.offset = 0xdead};
	cr_assert_str_eq(sym_frame_str(&f, buf, sizeof(buf)), "0xdead");
}
