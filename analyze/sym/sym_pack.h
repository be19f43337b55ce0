/*
 * sym_pack.h - a trace's modules packed for another machine, like perf
 * archive: on the recording host, every module a trace references (the
 * executables and libraries by build-id, the saved vDSO images, and the debug
 * files found for them by build-id or .gnu_debuglink) goes into one archive,
 * a zstd-compressed POSIX tar (ustar) whose members are laid out as a debug
 * directory: .build-id/xx/rest for a module, .build-id/xx/rest.debug for its
 * debug file, and a MANIFEST text first. On the dev box the report extracts
 * it into a private temporary directory and searches it like a --debug-dir.
 * Format: spec/pack.md.
 */
#ifndef RENACER_SYM_PACK_H
#define RENACER_SYM_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyze/sym/sym.h"

/* What sym_pack_write put in the pack. */
struct sym_pack_stats {
	unsigned modules;     /* distinct build-ids referenced by the trace */
	unsigned elf_files;   /* module files packed */
	unsigned debug_files; /* separate debug files packed */
	unsigned images;      /* saved images (vDSO) packed */
	unsigned missing;     /* modules for which no file was found */
	unsigned no_build_id; /* mappings without a build-id (cannot be keyed, not packed) */
	uint64_t bytes_in;    /* bytes of the files packed */
	uint64_t bytes_out;   /* bytes of the pack */
};

/* Writes the pack of the trace at trace_path to out_path (by the output-file
 * rule: temporary file + rename, 0600). Files are looked up as the report
 * would (so->debug_dirs, so->sysroot, the recorded paths, the system debug
 * directory), plus .gnu_debuglink. Missing modules are warned about unless
 * so->quiet. 0; -2 when the trace cannot be read, -1 when the pack cannot be
 * written, with a one-line message in err (nothing written either way). */
int sym_pack_write(const char *trace_path, const char *out_path, const struct sym_options *so,
                   struct sym_pack_stats *st, char *err, size_t errlen);

/* Extracts the pack at path into a new private directory under $TMPDIR (or
 * /tmp), returned in *dir (owned by the caller; remove it with
 * sym_pack_remove). Members other than MANIFEST and the .build-id layout are
 * refused, as are damaged archives. 0, or -1 with a message in err (nothing
 * left behind). */
int sym_pack_extract(const char *path, char **dir, char *err, size_t errlen);

/* Removes a directory made by sym_pack_extract and everything in it. */
void sym_pack_remove(const char *dir);

#endif
