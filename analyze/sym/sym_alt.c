/*
 * sym_alt.c - finds and attaches the supplementary debug file (dwz) of a
 * module's DWARF. See sym_alt.h.
 *
 * libdw, when first asked for an attribute stored in the supplementary file,
 * looks for it by itself at two places: /usr/lib/debug/.build-id/XX/REST.debug
 * (from the build-id in .gnu_debugaltlink) and the file name there (absolute,
 * or relative to the directory of the debug file). Attaching the file first
 * keeps libdw from looking; when it cannot be found, those two paths are
 * checked so that libdw is never left to open one that is not a regular file.
 */
#include "analyze/sym/sym_alt.h"

#include <elfutils/libdwelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/sym/sym_find.h"
#include "libtrace/trace_util.h"

#define LIBDW_DEBUG_DIR "/usr/lib/debug" /* where libdw itself looks */

struct sym_alt {
	Dwarf *dwarf;
	Elf *elf;
	int fd;
};

/* The file name of the link as libdw resolves it: absolute, or relative to
 * the directory of the (real path of the) debug file. */
static char *link_path(const char *dwarf_path, const char *altname)
{
	if (altname[0] == '/')
		return xstrdup(altname);
	char *real = realpath(dwarf_path, NULL);
	const char *base = real ? real : dwarf_path;
	const char *slash = strrchr(base, '/');
	char *p = slash ? xasprintf("%.*s/%s", (int)(slash - base), base, altname)
	                : xasprintf("%s", altname);
	free(real);
	return p;
}

/* Exists and is not a regular file: libdw's open() could block on it. */
static bool unsafe(const char *path)
{
	struct stat st;
	return path && stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

static struct sym_alt *open_alt(const char *path)
{
	struct sym_alt *a = xcalloc(1, sizeof(*a));

	a->fd = trace_open_regular(path);
	if (a->fd >= 0)
		a->elf = elf_begin(a->fd, ELF_C_READ_MMAP, NULL);
	if (a->elf)
		a->dwarf = dwarf_begin_elf(a->elf, DWARF_C_READ, NULL);
	if (!a->dwarf) {
		sym_alt_free(a);
		return NULL;
	}
	return a;
}

enum sym_alt_status sym_alt_attach(Dwarf *dw, const char *dwarf_path, struct sym_finder *f,
                                   struct sym_alt **out, char *path, size_t len)
{
	const char *altname;
	const void *bid;
	ssize_t n = dwelf_dwarf_gnu_debugaltlink(dw, &altname, &bid);

	*out = NULL;
	if (n <= 0)
		return SYM_ALT_NONE;
	char *rel = link_path(dwarf_path, altname), *by_id = NULL;
	struct sym_found found;
	if (sym_find(f, bid, (unsigned)n, rel, 0, 0, &found) == 0 && found.debug_path)
		*out = open_alt(found.debug_path);
	sym_found_clear(&found);
	snprintf(path, len, "%s", rel);
	if (*out) {
		dwarf_setalt(dw, (*out)->dwarf);
		free(rel);
		return SYM_ALT_SET;
	}
	if (n >= 3 && n <= 64) {
		char hex[2 * 64 + 1];
		sym_build_id_hex(bid, (unsigned)n, hex);
		by_id = xasprintf("%s/.build-id/%.2s/%s.debug", LIBDW_DEBUG_DIR, hex, hex + 2);
	}
	bool bad = unsafe(rel) || unsafe(by_id);
	if (bad)
		snprintf(path, len, "%s", unsafe(rel) ? rel : by_id);
	free(rel);
	free(by_id);
	return bad ? SYM_ALT_UNSAFE : SYM_ALT_MISSING;
}

void sym_alt_free(struct sym_alt *a)
{
	if (!a)
		return;
	if (a->dwarf)
		dwarf_end(a->dwarf);
	if (a->elf)
		elf_end(a->elf);
	if (a->fd >= 0)
		close(a->fd);
	free(a);
}
