/*
 * sym_testlib.h - helpers shared by the symbolizer tests: test program paths,
 * "@sym:NAME" source markers, addresses from a file's own line table, MODULE_MAP
 * records laid out from a file's program headers, stderr capture, and stripped
 * copies with their debug files.
 */
#ifndef RENACER_SYM_TESTLIB_H
#define RENACER_SYM_TESTLIB_H

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

#include "analyze/sym/sym.h"
#include "analyze/sym/sym_attr.h"
#include "analyze/sym/sym_find.h"

#define PIE_BASE 0x555555554000ULL
#define LIB_BASE 0x7f0000100000ULL
#define PID      4242

static inline char *prog(const char *name)
{
	char *p;
	cr_assert(asprintf(&p, "%s/%s", TEST_PROG_DIR, name) > 0);
	return p;
}

/* The source line holding "@sym:marker" in tests/progs/src. */
static inline unsigned marker_line(const char *src, const char *marker)
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
static inline uint64_t line_addr(const char *elf_path, const char *src_base, unsigned line)
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

/* Whether path's SHT_SYMTAB (and, when also is SHT_DYNSYM, its dynamic symbol
 * table) names sym; *value (when not NULL) gets its value, functions only then. */
static inline bool elf_symbol(const char *path, const char *sym, unsigned also, uint64_t *value)
{
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0, "cannot open %s", path);
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	bool found = false;
	Elf_Scn *scn = NULL;
	while (!found && (scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_SYMTAB && sh.sh_type != also)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; !found && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym st;
			gelf_getsym(d, (int)i, &st);
			const char *name = elf_strptr(elf, sh.sh_link, st.st_name);
			if (!name || strcmp(name, sym) != 0)
				continue;
			if (!value) {
				found = true;
			} else if (st.st_value && GELF_ST_TYPE(st.st_info) == STT_FUNC) {
				*value = st.st_value;
				found = true;
			}
		}
	}
	elf_end(elf);
	close(fd);
	return found;
}

static inline void feed(struct sym_ctx *s, const struct trace_record *r)
{
	sym_feed(s, r);
}

static inline void feed_process(struct sym_ctx *s, int pid)
{
	struct trace_record r = {.type = TREC_THREAD};
	r.u.thread.tid = pid;
	r.u.thread.pid = pid;
	feed(s, &r);
}

/* MODULE_MAP records for the executable PT_LOADs of path loaded at base (ignored for
 * ET_EXEC), recorded as rec_path with the file's build-id (or bid when not NULL). */
static inline void feed_file(struct sym_ctx *s, int pid, const char *path, const char *rec_path,
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

static inline struct sym_ctx *new_ctx(const char *const *dirs, unsigned ndirs, const char *sysroot)
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
static inline void expect_line(struct sym_ctx *s, int pid, uint64_t pc, const char *src,
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

static inline void capture_begin(void)
{
	fflush(stderr);
	capture_file = tmpfile();
	cr_assert_not_null(capture_file);
	saved_stderr = dup(2);
	dup2(fileno(capture_file), 2);
}

static inline char *capture_end(void)
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

static inline unsigned count_lines_with(const char *text, const char *needle)
{
	unsigned n = 0;
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static inline char *make_tmpdir(void)
{
	char *d = strdup("/tmp/renacer-sym-XXXXXX");
	cr_assert_not_null(mkdtemp(d));
	return d;
}

static inline void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "command failed: %s", cmd);
}

static inline void remove_tree(char *dir)
{
	run("rm -rf '%s'", dir);
	free(dir);
}

static inline void expect_pie_markers(struct sym_ctx *s, const char *rec_path, const char *file)
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
static inline char *make_stripped(const char *dir)
{
	char *exe = prog("sym_pie"), *stripped;
	cr_assert(asprintf(&stripped, "%s/stripped", dir) > 0);
	run("mkdir -p '%s/dbg' && cp '%s' '%s/orig'", dir, exe, dir);
	run("cd '%s' && objcopy --only-keep-debug orig dbg/sym_pie.debug && strip -o stripped "
	    "orig && rm orig",
	    dir);
	free(exe);
	return stripped;
}

#endif
