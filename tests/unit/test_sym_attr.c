/*
 * Unit tests for analyze/sym/sym_attr: the attribution rule of spec/summary.md
 * ("Sources") on stacks laid out from real files (this machine's libc and
 * dynamic loader, the test programs) at fixed bases: the program's own code
 * (executable, shared library, no line information), never a system library's
 * line, and the labels "(dynamic loader)", "(libc: exit)", "(LIB: _name)",
 * "(LIB)". libc's debug file is kept out (system_debug_dir), so its frames
 * have the names of its symbol table only, as on a machine without libc6-dbg.
 */
#include "sym_testlib.h"

#include <limits.h>

#define LIBC_BASE   0x7f0000400000ULL
#define LOADER_BASE 0x7f0000800000ULL

/* The value of function name in path's symbol tables (dynamic or full). */
static uint64_t symbol_value(const char *path, const char *name)
{
	uint64_t value = 0;
	cr_assert(elf_symbol(path, name, SHT_DYNSYM, &value) && value, "%s has no function %s",
	          path, name);
	return value;
}

static uint64_t entry_of(const char *path)
{
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0);
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	GElf_Ehdr eh;
	cr_assert_not_null(gelf_getehdr(elf, &eh));
	elf_end(elf);
	close(fd);
	return eh.e_entry;
}

/* The file of libc in this process (its own write, not a sanitizer's interceptor). */
static char *libc_file(void)
{
	void *h = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	cr_assert_not_null(h);
	Dl_info info;
	cr_assert(dladdr(dlsym(h, "write"), &info) && info.dli_fname);
	char *p = realpath(info.dli_fname, NULL);
	cr_assert_not_null(p, "realpath %s", info.dli_fname);
	dlclose(h);
	return p;
}

struct layout {
	char *exe, *lib, *libc, *loader;
	struct sym_ctx *s;
};

/* sym_pie (or as_exe, a copy of it), libsymlib.so, libc and the dynamic loader
 * laid out in process PID. */
static void lay_out_as(struct layout *l, const char *const *skip, unsigned nskip,
                       const char *as_exe)
{
	l->exe = prog("sym_pie");
	l->lib = prog("libsymlib.so");
	l->libc = libc_file();
	l->loader = realpath("/lib64/ld-linux-x86-64.so.2", NULL);
	cr_assert_not_null(l->loader);
	struct sym_options o = {.skip_globs = skip,
	                        .nskip_globs = nskip,
	                        .system_debug_dir = "/nonexistent-debug-root",
	                        .quiet = true};
	unsetenv("DEBUGINFOD_URLS");
	l->s = sym_new(&o);
	feed_process(l->s, PID);
	feed_file(l->s, PID, as_exe ? as_exe : l->exe, as_exe ? as_exe : l->exe, PIE_BASE, NULL, 0);
	feed_file(l->s, PID, l->lib, l->lib, LIB_BASE, NULL, 0);
	feed_file(l->s, PID, l->libc, l->libc, LIBC_BASE, NULL, 0);
	feed_file(l->s, PID, l->loader, l->loader, LOADER_BASE, NULL, 0);
}

static void lay_out(struct layout *l, const char *const *skip, unsigned nskip)
{
	lay_out_as(l, skip, nskip, NULL);
}

static void lay_free(struct layout *l)
{
	sym_free(l->s);
	free(l->exe);
	free(l->lib);
	free(l->libc);
	free(l->loader);
}

/* A return address a few bytes into libc's function name. */
static uint64_t in_libc(const struct layout *l, const char *name)
{
	return LIBC_BASE + symbol_value(l->libc, name) + 4;
}

static uint64_t exe_line(const struct layout *l, const char *marker)
{
	return PIE_BASE + line_addr(l->exe, "sym_pie.c", marker_line("sym_pie.c", marker)) + 1;
}

static uint64_t lib_line(const struct layout *l)
{
	return LIB_BASE +
	       line_addr(l->lib, "libsymlib.c", marker_line("libsymlib.c", "lib_write")) + 1;
}

/* The program's start code: in a module with lines, but without a line itself. */
static uint64_t exe_start(const struct layout *l)
{
	return PIE_BASE + entry_of(l->exe) + 4;
}

static uint64_t in_loader(const struct layout *l)
{
	return LOADER_BASE + entry_of(l->loader) + 4;
}

static void attribute(const struct layout *l, const uint64_t *pcs, unsigned n, struct sym_attr *a)
{
	sym_attribute(l->s, PID, pcs, n, a);
}

Test(sym_attr, program_line_in_executable_and_library)
{
	struct layout l;
	lay_out(&l, NULL, 0);
	struct sym_attr a;
	uint64_t exe[] = {in_libc(&l, "write"), exe_line(&l, "pie_main_call"), exe_start(&l)};
	attribute(&l, exe, 3, &a);
	cr_assert_eq(a.kind, SYM_ATTR_CODE);
	cr_assert_eq(a.index, 1);
	char want[128];
	snprintf(want, sizeof(want), "%s:%u in main", a.frame.file,
	         marker_line("sym_pie.c", "pie_main_call"));
	cr_assert_str_eq(a.text, want);
	cr_assert(strstr(a.frame.file, "sym_pie.c"), "%s", a.frame.file);

	/* The program's code in its own shared library is the program's code. */
	uint64_t lib[] = {in_libc(&l, "write"), lib_line(&l), exe_line(&l, "pie_call_lib")};
	attribute(&l, lib, 3, &a);
	cr_assert_eq(a.kind, SYM_ATTR_CODE);
	cr_assert_eq(a.index, 1);
	cr_assert_str_eq(a.frame.function, "symlib_write");
	lay_free(&l);
}

Test(sym_attr, skip_module_makes_a_library_system)
{
	const char *skip[] = {"libsymlib*"};
	struct layout l;
	lay_out(&l, skip, 1);
	struct sym_attr a;
	uint64_t lib[] = {in_libc(&l, "write"), lib_line(&l), exe_line(&l, "pie_call_lib")};
	attribute(&l, lib, 3, &a);
	cr_assert_eq(a.kind, SYM_ATTR_CODE);
	cr_assert_eq(a.index, 2);
	cr_assert_str_eq(a.frame.function, "sym_pie_work");
	uint64_t only_lib[] = {in_libc(&l, "write"), lib_line(&l)};
	attribute(&l, only_lib, 2, &a);
	cr_assert_eq(a.kind, SYM_ATTR_LABEL);
	cr_assert_str_eq(a.text, "(libsymlib: symlib_write)", "the outermost system library: %s",
	                 a.text);
	lay_free(&l);
}

Test(sym_attr, libc_exit_path)
{
	struct layout l;
	lay_out(&l, NULL, 0);
	struct sym_attr a;
	/* exit_group at the end of main's return: _exit < exit < __libc_start_main < _start. */
	uint64_t pcs[] = {in_libc(&l, "_exit"), in_libc(&l, "exit"),
	                  in_libc(&l, "__libc_start_main"), exe_start(&l)};
	attribute(&l, pcs, 4, &a);
	cr_assert_eq(a.kind, SYM_ATTR_LABEL, "_start is no line of the program's own");
	cr_assert_str_eq(a.text, "(libc: exit)");
	cr_assert_null(a.frame.module);
	cr_assert_null(a.frame.file);
	lay_free(&l);
}

Test(sym_attr, libc_without_public_name)
{
	struct layout l;
	lay_out(&l, NULL, 0);
	struct sym_attr a;
	uint64_t pcs[] = {in_libc(&l, "_exit"), in_libc(&l, "__libc_start_main")};
	struct sym_frame f;
	cr_assert_eq(sym_frame(l.s, PID, pcs[1], true, &f), 0);
	cr_assert_not_null(f.function);
	cr_assert_eq(f.function[0], '_');
	attribute(&l, pcs, 2, &a);
	char want[256];
	snprintf(want, sizeof(want), "(libc: %s)", f.function);
	cr_assert_str_eq(a.text, want, "the outermost named frame: %s", a.text);
	lay_free(&l);
}

Test(sym_attr, dynamic_loader)
{
	struct layout l;
	lay_out(&l, NULL, 0);
	struct sym_attr a;
	uint64_t only[] = {in_loader(&l), in_loader(&l) + 16};
	attribute(&l, only, 2, &a);
	cr_assert_eq(a.kind, SYM_ATTR_LABEL);
	cr_assert_str_eq(a.text, "(dynamic loader)");
	/* A library's initialization called by the loader before main. */
	uint64_t init[] = {in_libc(&l, "write"), in_loader(&l)};
	attribute(&l, init, 2, &a);
	cr_assert_str_eq(a.text, "(dynamic loader)");
	/* The loader called from the program (dlopen) is the program's call. */
	uint64_t dl[] = {in_loader(&l), exe_line(&l, "pie_main_call")};
	attribute(&l, dl, 2, &a);
	cr_assert_eq(a.kind, SYM_ATTR_CODE);
	cr_assert(sym_pc_in_loader(l.s, PID, in_loader(&l)));
	cr_assert(!sym_pc_in_loader(l.s, PID, in_libc(&l, "write")));
	cr_assert(!sym_pc_in_loader(l.s, PID, 0x1000), "pc in no module");
	cr_assert(!sym_pc_in_loader(l.s, PID + 1, in_loader(&l)), "unknown pid");
	struct sym_frame f;
	cr_assert_eq(sym_frame(l.s, PID, in_loader(&l), true, &f), 0);
	cr_assert(f.loader && f.system);
	lay_free(&l);
}

Test(sym_attr, start_code_of_a_static_program)
{
	/* No system library on the stack: the outermost module names the label. */
	struct layout l;
	lay_out(&l, NULL, 0);
	struct sym_attr a;
	uint64_t pcs[] = {exe_start(&l)};
	attribute(&l, pcs, 1, &a);
	cr_assert_eq(a.kind, SYM_ATTR_LABEL);
	cr_assert_str_eq(a.text, "(sym_pie: _start)");
	lay_free(&l);
}

Test(sym_attr, stripped_program_is_its_own_code)
{
	char *dir = make_tmpdir();
	char *stripped = make_stripped(dir);
	struct layout l;
	lay_out_as(&l, NULL, 0, stripped); /* no line information anywhere in it */
	struct sym_attr a;
	uint64_t pcs[] = {in_libc(&l, "write"), exe_line(&l, "pie_main_call"), exe_start(&l)};
	attribute(&l, pcs, 3, &a);
	cr_assert_eq(a.kind, SYM_ATTR_CODE);
	cr_assert_eq(a.index, 1, "the first frame in the stripped module");
	cr_assert_null(a.frame.file);
	char want[128];
	snprintf(want, sizeof(want), "stripped+0x%llx",
	         (unsigned long long)(exe_line(&l, "pie_main_call") - PIE_BASE));
	cr_assert_str_eq(a.text, want, "strip drops the symbol table too: %s", a.text);
	/* Its _start is known by the entry point alone: start code, not its own. */
	struct sym_frame f;
	cr_assert_eq(sym_frame(l.s, PID, exe_start(&l), true, &f), 0);
	cr_assert_null(f.function);
	cr_assert(f.start_code && !f.module_lines);
	uint64_t at_exit[] = {in_libc(&l, "_exit"), in_libc(&l, "exit"),
	                      in_libc(&l, "__libc_start_main"), exe_start(&l)};
	attribute(&l, at_exit, 4, &a);
	cr_assert_eq(a.kind, SYM_ATTR_LABEL);
	cr_assert_str_eq(a.text, "(libc: exit)");
	/* Past _start's first bytes, the stripped code is the program's again. */
	cr_assert_eq(sym_frame(l.s, PID, exe_start(&l) + 64, true, &f), 0);
	cr_assert(!f.start_code);
	free(stripped);
	lay_free(&l);
	remove_tree(dir);
}

Test(sym_attr, unknown_frames)
{
	struct layout l;
	lay_out(&l, NULL, 0);
	struct sym_attr a;
	uint64_t none[] = {0x1000, 0x2000};
	attribute(&l, none, 2, &a);
	cr_assert_eq(a.kind, SYM_ATTR_ADDR, "no frame in a known module");
	cr_assert_str_eq(a.text, "0x1000", "the syscall site");
	cr_assert_eq(a.index, -1);
	cr_assert_null(a.frame.module);
	attribute(&l, NULL, 0, &a);
	cr_assert_eq(a.kind, SYM_ATTR_NONE, "no stack");
	cr_assert_str_eq(a.text, "");
	/* Unknown frames are stepped over. */
	uint64_t mixed[] = {0x1000, in_libc(&l, "write"), exe_line(&l, "pie_main_call")};
	attribute(&l, mixed, 3, &a);
	cr_assert_eq(a.index, 2);
	lay_free(&l);
}

Test(sym_attr, library_names)
{
	char buf[64];
	cr_assert_str_eq(sym_lib_name("/usr/lib/x86_64-linux-gnu/libc.so.6", buf, sizeof(buf)),
	                 "libc");
	cr_assert_str_eq(sym_lib_name("/lib/libc-2.31.so", buf, sizeof(buf)), "libc");
	cr_assert_str_eq(sym_lib_name("libstdc++.so.6.0.30", buf, sizeof(buf)), "libstdc++");
	cr_assert_str_eq(sym_lib_name("/usr/lib/libpthread-2.31.so", buf, sizeof(buf)),
	                 "libpthread");
	cr_assert_str_eq(sym_lib_name("[vdso]", buf, sizeof(buf)), "vdso");
	cr_assert_str_eq(sym_lib_name("linux-vdso.so.1", buf, sizeof(buf)), "linux-vdso");
	cr_assert_str_eq(sym_lib_name("/usr/bin/app", buf, sizeof(buf)), "app");
	cr_assert_str_eq(sym_lib_name("/opt/x/libfoo.so", buf, sizeof(buf)), "libfoo");
}
