/*
 * sym_module.h - one module (an ELF file identified by build-id, or the vDSO
 * image) as the symbolizer sees it: opening its files with libdwfl, turning a
 * mapping-relative PC into the ELF virtual address using the file's PT_LOAD
 * headers, and resolving an address to function, file and line (the
 * innermost inlined function included).
 */
#ifndef RENACER_SYM_MODULE_H
#define RENACER_SYM_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libtrace/trace_event.h"

struct sym_finder;
struct sym_alt;

enum sym_module_state {
	SYM_MOD_NEW,    /* not opened yet */
	SYM_MOD_READY,  /* files found: addresses resolve */
	SYM_MOD_FAILED, /* file missing or build-id differs: frames are module+offset */
};

/* A PT_LOAD program header. */
struct sym_segment {
	uint64_t vaddr, offset, filesz;
	uint32_t flags; /* PF_* */
};

/* The address range of one out-of-line function (DWARF addresses) and its DIE. */
struct sym_func_range {
	uint64_t lo, hi;
	uint64_t die_off;
};

struct sym_module {
	uint8_t bid[TRACE_BUILD_ID_MAX];
	uint8_t bid_len;
	char *path; /* as first recorded */
	uint64_t dev, inode;
	bool is_vdso;
	bool system; /* the first recorded path matches the skip list */
	enum sym_module_state state;
	bool has_lines; /* READY and its DWARF holds a compile unit (line information) */
	uint64_t entry; /* an executable's entry point (_start), ELF address; 0: none */
	struct sym_segment *segs;
	unsigned nsegs;
	bool segs_exact;         /* from the module's own file (not a debug-only copy) */
	uint64_t min_map_offset; /* lowest file offset of its recorded executable mappings */
	void *dwfl;              /* Dwfl *, one session per module */
	void *dwfl_mod;          /* Dwfl_Module * */
	uint64_t dwfl_bias;      /* libdwfl address = ELF vaddr + dwfl_bias */
	struct sym_alt *alt;     /* its supplementary (dwz) debug file, or NULL */
	bool no_dwarf;           /* its DWARF is not used (symbol table only) */
	uint8_t *image;          /* vDSO bytes (owned) */
	size_t image_len;
	struct sym_func_range *funcs; /* out-of-line functions by address, built on first use */
	size_t nfuncs;
	bool funcs_built;
};

/* What an address resolves to. Strings live as long as the module. */
struct sym_resolved {
	const char *function;
	const char *file; /* relative to the CU's comp dir when under it */
	unsigned line;
	bool inlined;
};

/* Opens m's files (or, for the vDSO, image[0..image_len) when not NULL; it is
 * copied). Sets m->state. Prints one warning on failure (unless quiet) and
 * returns true when it did. */
bool sym_module_load(struct sym_module *m, struct sym_finder *f, const uint8_t *image,
                     size_t image_len, bool quiet);
/* The ELF virtual address of pc inside a mapping [start, ...) at file offset
 * offset of m (READY). false when the PT_LOAD headers do not cover it. */
bool sym_module_vaddr(const struct sym_module *m, uint64_t start, uint64_t offset, uint64_t pc,
                      uint64_t *vaddr);
/* Whether ELF address vaddr of m is in the C runtime start code: the first
 * bytes from an executable's entry point (_start calls __libc_start_main from
 * there), or a function named _start. */
bool sym_module_start_code(const struct sym_module *m, uint64_t vaddr, const char *function);
/* Resolves ELF virtual address vaddr of m (READY). Unknown fields stay NULL/0. */
void sym_module_resolve(struct sym_module *m, uint64_t vaddr, struct sym_resolved *out);
/* Frees what m holds (not m itself). */
void sym_module_release(struct sym_module *m);

#endif
