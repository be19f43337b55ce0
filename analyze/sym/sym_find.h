/*
 * sym_find.h - locates the files that describe a module recorded in a trace:
 * its own ELF file (program headers, symbols) and a file holding its DWARF,
 * both matched by build-id. Lookup order: each --debug-dir (plain files,
 * indexed once by build-id, or the .build-id/xx/rest.debug layout), the
 * --sysroot prefix + recorded path, the recorded path itself, the system
 * debug directory (.build-id layout), the file the module's .gnu_debuglink
 * names (beside the module, in its .debug/ subdirectory, or under the system
 * debug directory by the recorded directory, as GDB looks; matched by
 * build-id), then debuginfod when DEBUGINFOD_URLS is set (libdebuginfod is
 * loaded at run time when present).
 */
#ifndef RENACER_SYM_FIND_H
#define RENACER_SYM_FIND_H

#include <stdbool.h>
#include <stdint.h>

struct sym_finder;

/* What sym_find learned about one module. Paths are owned (sym_found_clear frees). */
struct sym_found {
	char *elf_path;     /* the module's own file with real program headers, or NULL */
	char *debug_path;   /* a file holding its DWARF (may equal elf_path), or NULL */
	bool path_missing;  /* the recorded path (under --sysroot too) does not exist */
	bool path_mismatch; /* the recorded path exists but its build-id differs */
};

/* A finder over debug_dirs[0..n) (searched in order), sysroot (NULL for none) and
 * system_debug_dir (NULL means /usr/lib/debug). The strings are copied. */
struct sym_finder *sym_finder_new(const char *const *debug_dirs, unsigned n, const char *sysroot,
                                  const char *system_debug_dir);
void sym_finder_free(struct sym_finder *f);

/* Looks up the files of the module recorded at path with build-id bid[0..bid_len).
 * Without a build-id (bid_len 0) only the recorded path (or its --sysroot copy) is
 * accepted, and only when it has no build-id either and, for the recorded path, its
 * (dev, inode) still match when recorded (non-zero). Fills out; returns 0 when
 * at least one file was found, -1 otherwise. */
int sym_find(struct sym_finder *f, const uint8_t *bid, unsigned bid_len, const char *path,
             uint64_t dev, uint64_t inode, struct sym_found *out);
void sym_found_clear(struct sym_found *out);

/* Reads the GNU build-id of the ELF file at path into bid (capacity cap).
 * Returns its length, 0 when the file has none, -1 when it is not a readable ELF. */
int sym_read_build_id(const char *path, uint8_t *bid, unsigned cap);

/* Lowercase hex of bid into buf (at least 2 * len + 1 bytes); returns buf. */
char *sym_build_id_hex(const uint8_t *bid, unsigned len, char *buf);

#endif
