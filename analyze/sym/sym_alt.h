/*
 * sym_alt.h - the supplementary debug file of a module's DWARF (the one its
 * .gnu_debugaltlink names, as dwz writes them), found through the finder
 * (debug dirs, the system debug dir, debuginfod; regular files only, never
 * blocking) and handed to libdw, whose own lookup would open the paths it
 * tries with a blocking open(): a FIFO planted there would hang the report.
 */
#ifndef RENACER_SYM_ALT_H
#define RENACER_SYM_ALT_H

#include <elfutils/libdw.h>
#include <stddef.h>

struct sym_finder;
struct sym_alt;

enum sym_alt_status {
	SYM_ALT_NONE,    /* no .gnu_debugaltlink */
	SYM_ALT_SET,     /* found and attached */
	SYM_ALT_MISSING, /* not found (libdw finds nothing either): names in it are missing */
	SYM_ALT_UNSAFE,  /* not found, and a path libdw would open is not a regular file */
};

/* Looks for the supplementary file of dw (read from dwarf_path) and attaches
 * it with dwarf_setalt. *out holds what must outlive dw (NULL when nothing).
 * For MISSING and UNSAFE, path (len bytes) names the file looked for. */
enum sym_alt_status sym_alt_attach(Dwarf *dw, const char *dwarf_path, struct sym_finder *f,
                                   struct sym_alt **out, char *path, size_t len);
/* Frees a (after the Dwarf it was attached to has ended). NULL is fine. */
void sym_alt_free(struct sym_alt *a);

#endif
