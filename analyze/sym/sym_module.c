/*
 * sym_module.c - opens one module's files with libdwfl and resolves its
 * addresses: the PT_LOAD headers give the load bias of each mapping; an index
 * of the functions' address ranges (built once per module) and a descent
 * through the scopes of the one function found give the (possibly inlined)
 * function; the line table gives file and line; the symbol table is the
 * fallback for code without DWARF.
 */
#include "analyze/sym/sym_module.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/sym/sym_alt.h"
#include "analyze/sym/sym_find.h"
#include "libtrace/trace_util.h"

#define PAGE_MASK_4K (~(uint64_t)0xfff)

/* libdwfl callbacks: the files are always handed over directly. */
static int no_find_elf(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
                       char **file_name, Elf **elfp)
{
	return -1;
}

static int no_find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
                             Dwarf_Addr base, const char *file_name, const char *debuglink_file,
                             GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	return -1;
}

static const Dwfl_Callbacks dwfl_callbacks = {
    .find_elf = no_find_elf,
    .find_debuginfo = no_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Copies the PT_LOAD headers of elf into m, and the entry point of an
 * executable (ET_EXEC, or with an interpreter: not a shared library's). 0, or
 * -1 when it has no PT_LOAD. */
static int read_segments(Elf *elf, struct sym_module *m)
{
	size_t phnum;
	GElf_Ehdr eh;
	if (elf_getphdrnum(elf, &phnum) != 0 || gelf_getehdr(elf, &eh) == NULL)
		return -1;
	m->segs = xcalloc(phnum ? phnum : 1, sizeof(*m->segs));
	m->nsegs = 0;
	m->entry = 0;
	bool executable = eh.e_type == ET_EXEC;
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(elf, (int)i, &ph) == NULL)
			continue;
		executable = executable || ph.p_type == PT_INTERP;
		if (ph.p_type != PT_LOAD)
			continue;
		m->segs[m->nsegs++] = (struct sym_segment){
		    .vaddr = ph.p_vaddr,
		    .offset = ph.p_offset,
		    .filesz = ph.p_filesz,
		    .flags = ph.p_flags,
		};
	}
	if (executable)
		m->entry = eh.e_entry;
	return m->nsegs ? 0 : -1;
}

static int read_segments_file(const char *path, struct sym_module *m)
{
	int fd = trace_open_regular(path);
	if (fd < 0)
		return -1;
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	int rc = elf && elf_kind(elf) == ELF_K_ELF ? read_segments(elf, m) : -1;
	elf_end(elf);
	close(fd);
	return rc;
}

/* Reports the only module of m's own libdwfl session and takes its bias. */
static int dwfl_finish(struct sym_module *m, Dwfl_Module *dmod)
{
	if (dwfl_report_end(m->dwfl, NULL, NULL) != 0 || !dmod)
		return -1;
	Dwarf_Addr bias;
	if (dwfl_module_getelf(dmod, &bias) == NULL)
		return -1;
	m->dwfl_mod = dmod;
	m->dwfl_bias = bias;
	return 0;
}

static int open_file(struct sym_module *m, const char *path)
{
	m->dwfl = dwfl_begin(&dwfl_callbacks);
	if (!m->dwfl)
		return -1;
	/* libdwfl would open path itself, blocking on a FIFO: give it a checked
	 * descriptor (consumed on success). */
	int fd = trace_open_regular(path);
	if (fd < 0)
		return -1;
	dwfl_report_begin(m->dwfl);
	Dwfl_Module *dmod = dwfl_report_elf(m->dwfl, base_name(m->path), path, fd, 0, true);
	if (!dmod)
		close(fd);
	return dwfl_finish(m, dmod);
}

static int open_image(struct sym_module *m, const uint8_t *image, size_t len)
{
	m->image = xmalloc(len);
	memcpy(m->image, image, len);
	m->image_len = len;
	Elf *elf = elf_memory((char *)m->image, len);
	int rc = elf && elf_kind(elf) == ELF_K_ELF ? read_segments(elf, m) : -1;
	elf_end(elf);
	if (rc != 0)
		return -1;
	m->segs_exact = true;
	m->dwfl = dwfl_begin(&dwfl_callbacks);
	if (!m->dwfl)
		return -1;
	dwfl_report_begin(m->dwfl);
	Dwfl_Module *dmod =
	    dwfl_report_offline_memory(m->dwfl, m->path, m->path, (char *)m->image, len);
	return dwfl_finish(m, dmod);
}

static void warn_failed(const struct sym_module *m, const struct sym_found *found)
{
	char hex[2 * TRACE_BUILD_ID_MAX + 1];
	sym_build_id_hex(m->bid, m->bid_len, hex);
	const char *name = base_name(m->path);
	if (found->path_mismatch)
		pr_warn("%s: its build-id differs from the recorded one (%s): the file changed "
		        "since recording; pass --debug-dir DIR holding the recorded build or its "
		        ".debug file; its frames show as %s+0xOFFSET",
		        m->path, m->bid_len ? hex : "none", name);
	else
		pr_warn(
		    "%s: no file with build-id %s found; pass --debug-dir DIR holding a copy of "
		    "it or its .debug file (or --sysroot); its frames show as %s+0xOFFSET",
		    m->path, m->bid_len ? hex : "(none recorded)", name);
}

/* Whether m's DWARF (its own or its debug file's) has a compile unit. */
static bool module_has_lines(struct sym_module *m)
{
	Dwarf_Addr bias;
	Dwarf *dw = dwfl_module_getdwarf(m->dwfl_mod, &bias);
	Dwarf_Off next;
	size_t hsize;
	return dw && dwarf_nextcu(dw, 0, &next, &hsize, NULL, NULL, NULL) == 0;
}

/* Attaches the supplementary (dwz) file of m's DWARF, read from dwarf_path,
 * before libdw would look for it itself; when a path libdw would open is not
 * a regular file, m's DWARF is not used. Returns whether it warned. */
static bool attach_alt(struct sym_module *m, struct sym_finder *f, const char *dwarf_path,
                       bool quiet)
{
	Dwarf_Addr bias;
	Dwarf *dw = dwfl_module_getdwarf(m->dwfl_mod, &bias);
	char path[PATH_MAX];

	if (!dw)
		return false;
	switch (sym_alt_attach(dw, dwarf_path, f, &m->alt, path, sizeof(path))) {
	case SYM_ALT_UNSAFE:
		m->no_dwarf = true;
		if (!quiet)
			pr_warn(
			    "%s: its debug info needs %s (.gnu_debugaltlink), which is not a "
			    "regular file: functions only, no source lines; pass --debug-dir DIR "
			    "holding that file",
			    m->path, path);
		return !quiet;
	case SYM_ALT_MISSING:
		if (!quiet && !m->system)
			pr_warn(
			    "%s: its supplementary debug file %s (.gnu_debugaltlink) is not found: "
			    "some names may be missing; pass --debug-dir DIR holding it",
			    m->path, path);
		return !quiet && !m->system;
	default:
		return false;
	}
}

static bool load_files(struct sym_module *m, struct sym_finder *f, bool quiet)
{
	struct sym_found found;
	bool warned = false;
	if (m->path[0] != '/')
		return false; /* anonymous code ("[anon]", JIT): no file to point at */
	if (sym_find(f, m->bid, m->bid_len, m->path, m->dev, m->inode, &found) != 0) {
		if (!quiet)
			warn_failed(m, &found);
		sym_found_clear(&found);
		return true;
	}
	/* Only the module's own file has trustworthy file offsets in its program
	 * headers; a debug-only copy keeps the virtual addresses alone. */
	m->segs_exact = found.elf_path != NULL;
	const char *phdrs = found.elf_path ? found.elf_path : found.debug_path;
	const char *dwarf = found.debug_path ? found.debug_path : found.elf_path;
	if (read_segments_file(phdrs, m) != 0 || open_file(m, dwarf) != 0) {
		if (!quiet)
			pr_warn("%s: cannot read %s: %s; its frames show as %s+0xOFFSET", m->path,
			        dwarf, dwfl_errmsg(-1), base_name(m->path));
		sym_found_clear(&found);
		return true;
	}
	m->state = SYM_MOD_READY;
	warned = attach_alt(m, f, dwarf, quiet);
	m->has_lines = !m->no_dwarf && module_has_lines(m);
	if (!found.debug_path && !m->system && !quiet) {
		char hex[2 * TRACE_BUILD_ID_MAX + 1];
		pr_warn("%s: no debug info (build-id %s): functions only, no source lines; pass "
		        "--debug-dir DIR holding its .debug file",
		        m->path, sym_build_id_hex(m->bid, m->bid_len, hex));
		warned = true;
	}
	sym_found_clear(&found);
	return warned;
}

bool sym_module_load(struct sym_module *m, struct sym_finder *f, const uint8_t *image,
                     size_t image_len, bool quiet)
{
	m->state = SYM_MOD_FAILED;
	if (m->is_vdso) {
		/* The recorder keeps the vDSO in the trace; nothing on disk to point at. */
		if (image && open_image(m, image, image_len) == 0) {
			m->state = SYM_MOD_READY;
			m->has_lines = module_has_lines(m);
		}
		return false;
	}
	return load_files(m, f, quiet);
}

/* The segment holding file offset off: exact containment first, then the page before it. */
static const struct sym_segment *segment_at(const struct sym_module *m, uint64_t off)
{
	for (unsigned i = 0; i < m->nsegs; i++) {
		const struct sym_segment *g = &m->segs[i];
		if (off >= g->offset && off < g->offset + g->filesz)
			return g;
	}
	for (unsigned i = 0; i < m->nsegs; i++) {
		const struct sym_segment *g = &m->segs[i];
		if (off >= (g->offset & PAGE_MASK_4K) && off < g->offset + g->filesz)
			return g;
	}
	return NULL;
}

/* A debug-only file keeps the virtual addresses of its program headers but not
 * their file offsets: the one executable segment is taken to begin at the
 * lowest file offset the module's executable mappings were seen at. */
static const struct sym_segment *only_exec_segment(const struct sym_module *m)
{
	const struct sym_segment *x = NULL;
	for (unsigned i = 0; i < m->nsegs; i++) {
		if (!(m->segs[i].flags & PF_X))
			continue;
		if (x)
			return NULL;
		x = &m->segs[i];
	}
	return x;
}

bool sym_module_vaddr(const struct sym_module *m, uint64_t start, uint64_t offset, uint64_t pc,
                      uint64_t *vaddr)
{
	if (m->segs_exact) {
		uint64_t off = pc - start + offset;
		const struct sym_segment *g = segment_at(m, off);
		if (!g)
			return false;
		*vaddr = off - g->offset + g->vaddr;
		return true;
	}
	const struct sym_segment *x = only_exec_segment(m);
	if (!x)
		return false;
	if (offset < m->min_map_offset)
		return false;
	*vaddr = pc - start + (offset - m->min_map_offset) + (x->vaddr & PAGE_MASK_4K);
	return true;
}

/* DW_AT_name of die, following abstract origins and specifications. */
static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	if (dwarf_attr_integrate(die, DW_AT_name, &attr) == NULL)
		return NULL;
	return dwarf_formstring(&attr);
}

static void add_func_ranges(struct sym_module *m, size_t *cap, Dwarf_Die *die)
{
	Dwarf_Addr base, lo, hi;
	ptrdiff_t off = 0;
	while ((off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0) {
		if (hi <= lo)
			continue;
		xgrow((void **)&m->funcs, cap, m->nfuncs + 1, sizeof(*m->funcs));
		m->funcs[m->nfuncs++] = (struct sym_func_range){lo, hi, dwarf_dieoffset(die)};
	}
}

/* Records the functions with code among the children of die (namespaces descended). */
static void index_children(struct sym_module *m, size_t *cap, Dwarf_Die *die, int depth)
{
	Dwarf_Die child;
	if (dwarf_child(die, &child) != 0)
		return;
	do {
		int tag = dwarf_tag(&child);
		if (tag == DW_TAG_subprogram)
			add_func_ranges(m, cap, &child);
		else if ((tag == DW_TAG_namespace || tag == DW_TAG_module) && depth < 16)
			index_children(m, cap, &child, depth + 1);
	} while (dwarf_siblingof(&child, &child) == 0);
}

static int cmp_func(const void *a, const void *b)
{
	const struct sym_func_range *x = a, *y = b;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->hi < y->hi ? -1 : x->hi > y->hi;
}

/* One pass over every unit's top-level functions; lookups then binary-search. */
static void build_func_index(struct sym_module *m, Dwarf *dw)
{
	size_t cap = 0;
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie;
	uint8_t unit_type;
	m->funcs_built = true;
	while (dwarf_get_units(dw, cu, &cu, NULL, &unit_type, &cudie, NULL) == 0)
		if (unit_type == DW_UT_compile || unit_type == DW_UT_partial)
			index_children(m, &cap, &cudie, 0);
	trace_sort(m->funcs, m->nfuncs, sizeof(*m->funcs), cmp_func);
}

/* The indexed function containing addr, or NULL. */
static const struct sym_func_range *find_func(const struct sym_module *m, Dwarf_Addr addr)
{
	size_t lo = 0, hi = m->nfuncs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->funcs[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Functions do not overlap: the last range starting at or below addr is the
	 * candidate (a few more are checked for odd overlapping debug info). */
	for (size_t i = lo, n = 0; i > 0 && n < 8; i--, n++)
		if (addr < m->funcs[i - 1].hi)
			return &m->funcs[i - 1];
	return NULL;
}

/* Descends from a function's DIE through the scopes holding addr; the innermost
 * inlined instance names the code at addr. */
static void resolve_in_func(Dwarf_Die *func, Dwarf_Addr addr, struct sym_resolved *out)
{
	Dwarf_Die cur = *func, innermost = *func;
	bool deeper = true;
	for (int depth = 0; deeper && depth < 64; depth++) {
		deeper = false;
		Dwarf_Die child;
		if (dwarf_child(&cur, &child) != 0)
			break;
		do {
			int tag = dwarf_tag(&child);
			if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_lexical_block &&
			    tag != DW_TAG_try_block && tag != DW_TAG_catch_block)
				continue;
			if (dwarf_haspc(&child, addr) <= 0)
				continue;
			cur = child;
			if (tag == DW_TAG_inlined_subroutine)
				innermost = child;
			deeper = true;
			break;
		} while (dwarf_siblingof(&child, &child) == 0);
	}
	out->function = die_name(&innermost);
	out->inlined = dwarf_tag(&innermost) == DW_TAG_inlined_subroutine;
}

/* The same through dwarf_getscopes, for code the index does not cover. */
static void resolve_scope_slow(Dwarf_Die *cu, Dwarf_Addr addr, struct sym_resolved *out)
{
	Dwarf_Die *scopes = NULL;
	int n = dwarf_getscopes(cu, addr, &scopes);
	for (int i = 0; i < n; i++) {
		int tag = dwarf_tag(&scopes[i]);
		if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine)
			continue;
		out->function = die_name(&scopes[i]);
		out->inlined = tag == DW_TAG_inlined_subroutine;
		break;
	}
	free(scopes);
}

/* The innermost function scope at addr: a subprogram or an inlined instance. */
static void resolve_scope(struct sym_module *m, Dwarf *dw, Dwarf_Die *cu, Dwarf_Addr addr,
                          struct sym_resolved *out)
{
	if (!m->funcs_built)
		build_func_index(m, dw);
	const struct sym_func_range *fr = find_func(m, addr);
	Dwarf_Die func;
	if (fr && dwarf_offdie(dw, fr->die_off, &func))
		resolve_in_func(&func, addr, out);
	else
		resolve_scope_slow(cu, addr, out);
}

/* path relative to comp_dir when it lies under it. */
static const char *relative_to(const char *path, const char *comp_dir)
{
	if (!path || !comp_dir || !*comp_dir)
		return path;
	size_t n = strlen(comp_dir);
	while (n > 1 && comp_dir[n - 1] == '/')
		n--;
	if (strncmp(path, comp_dir, n) == 0 && path[n] == '/' && path[n + 1])
		return path + n + 1;
	return path;
}

static void resolve_line(Dwarf_Die *cu, Dwarf_Addr addr, struct sym_resolved *out)
{
	Dwarf_Line *line = dwarf_getsrc_die(cu, addr);
	int lineno = 0;
	if (!line || dwarf_lineno(line, &lineno) != 0 || lineno <= 0)
		return;
	const char *file = dwarf_linesrc(line, NULL, NULL);
	if (!file)
		return;
	Dwarf_Attribute attr;
	const char *comp_dir = dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &attr));
	out->file = relative_to(file, comp_dir);
	out->line = (unsigned)lineno;
}

void sym_module_resolve(struct sym_module *m, uint64_t vaddr, struct sym_resolved *out)
{
	memset(out, 0, sizeof(*out));
	Dwfl_Module *dmod = m->dwfl_mod;
	Dwarf_Addr addr = vaddr + m->dwfl_bias;
	Dwarf_Addr bias = 0;
	Dwarf_Die *cu = m->no_dwarf ? NULL : dwfl_module_addrdie(dmod, addr, &bias);
	Dwarf *dw = cu ? dwfl_module_getdwarf(dmod, &bias) : NULL;
	if (cu && dw) {
		resolve_scope(m, dw, cu, addr - bias, out);
		resolve_line(cu, addr - bias, out);
	}
	if (!out->function) {
		GElf_Off off;
		GElf_Sym sym;
		out->function = dwfl_module_addrinfo(dmod, addr, &off, &sym, NULL, NULL, NULL);
	}
}

/* The entry code a return address can lie in: _start is a few instructions
 * long (0x22 bytes up to its call on x86_64 glibc, musl's is shorter). */
#define START_CODE_BYTES 64

bool sym_module_start_code(const struct sym_module *m, uint64_t vaddr, const char *function)
{
	if (function && strcmp(function, "_start") == 0)
		return true;
	return m->entry && vaddr >= m->entry && vaddr < m->entry + START_CODE_BYTES;
}

void sym_module_release(struct sym_module *m)
{
	if (m->dwfl)
		dwfl_end(m->dwfl);
	sym_alt_free(m->alt); /* after the Dwarf it was attached to */
	free(m->image);
	free(m->funcs);
	free(m->segs);
	free(m->path);
	memset(m, 0, sizeof(*m));
}
