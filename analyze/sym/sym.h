/*
 * sym.h - offline symbolization with libdw. Looks each PC up in its process's
 * address space as the trace model (analyze/model) follows it from the
 * trace's module records, finds each module's ELF and debug
 * info by build-id (--debug-dir, --sysroot, the recorded path, /usr/lib/debug,
 * debuginfod), and turns PCs into function, file and line, inlined frames
 * included. Each unique (module, address) is symbolized once.
 */
#ifndef RENACER_SYM_H
#define RENACER_SYM_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libtrace/trace_event.h"

struct sym_options {
	const char *const *debug_dirs; /* --debug-dir, in order */
	unsigned ndebug_dirs;
	const char *sysroot;           /* --sysroot, or NULL */
	const char *const *skip_globs; /* --skip-module, added to the default system list;
	                                * matched against the file name and the full path */
	unsigned nskip_globs;
	bool quiet;                   /* no per-module warnings */
	const char *system_debug_dir; /* NULL = /usr/lib/debug (searched in its .build-id layout) */
};

struct sym_frame {
	const char *module;   /* path as recorded, or NULL when pc is in no module */
	uint64_t offset;      /* pc - module load address (file-relative address: the ELF
	                       * virtual address when the file was found, else the file
	                       * offset); pc itself when module is NULL */
	const char *function; /* NULL when unknown */
	const char *file;     /* relative to the CU's comp dir when under it; NULL when unknown */
	unsigned line;        /* 0 when unknown */
	bool inlined;         /* the innermost inlined function at pc */
	bool system;          /* module is a system library: the skip list, the loader included */
	bool loader;          /* module is the dynamic loader (ld-linux*, ld-*.so*) */
	bool module_lines;    /* the module has line information: a frame of it without a
	                       * line is start code or a PLT stub, not the program's own */
	bool start_code;      /* in the C runtime start code (_start, at the entry point) */
};

struct sym_ctx;
struct model;

/* A symbolizer that looks PCs up in model's address spaces (a model made
 * with stacks, fed by the caller; it must outlive s). */
struct sym_ctx *sym_new_on(const struct sym_options *o, const struct model *model);
/* A symbolizer with a model of its own, fed through sym_feed. */
struct sym_ctx *sym_new(const struct sym_options *o);
void sym_free(struct sym_ctx *s);
/* Feeds s's own model (sym_new; a no-op under sym_new_on, whose caller feeds
 * the model): call with every record in trace order. A process's space
 * outlives its EXIT, so its stacks can still be symbolized afterwards; a new
 * process with the same pid replaces it. */
void sym_feed(struct sym_ctx *s, const struct trace_record *rec);
/* Symbolizes one pc of process pid. is_return selects lookup at pc-1 (all
 * frames are return addresses or post-syscall PCs, so callers pass true).
 * 0 on success (fields that are unknown stay NULL/0), -1 when pc is in no
 * known module. Strings live as long as s. */
int sym_frame(struct sym_ctx *s, pid_t pid, uint64_t pc, bool is_return, struct sym_frame *out);
/* Whether pc (a return address or post-syscall PC) of process pid lies in the
 * dynamic loader, from the address space alone (no module is opened). */
bool sym_pc_in_loader(struct sym_ctx *s, pid_t pid, uint64_t pc);
/* Counters for benchmarks and tests. */
struct sym_stats {
	uint64_t lookups;       /* sym_frame calls that found a module */
	uint64_t symbolized;    /* (module, address) pairs resolved with libdw (cache misses) */
	unsigned modules;       /* distinct modules seen */
	unsigned modules_ready; /* modules whose files were found and opened */
	unsigned warnings;      /* per-module warnings printed (or suppressed by quiet) */
};
void sym_get_stats(const struct sym_ctx *s, struct sym_stats *out);

/* Formats a frame as "src/ui/fonts.c:67 in load_all_fonts", "load_all_fonts
 * (app+0x1234)", or "libfoo.so+0x1234" into buf. */
const char *sym_frame_str(const struct sym_frame *f, char *buf, unsigned len);

#endif
