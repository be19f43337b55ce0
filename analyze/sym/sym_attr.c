/*
 * sym_attr.c - source attribution of a call stack: symbolizes its frames,
 * picks the innermost one that is the program's own code, and otherwise
 * labels the call by who made it (the dynamic loader, a system library's
 * public function such as libc's exit). See sym_attr.h for the rule.
 */
#include "analyze/sym/sym_attr.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libtrace/trace_util.h"

/* The program's own code: not a system library nor the C runtime start code,
 * and a source line, or no line information anywhere in its module. */
static bool is_program_code(const struct sym_frame *f)
{
	if (!f->module || f->system || f->start_code)
		return false;
	return f->module_lines ? f->file && f->line : true;
}

/* Not a reserved name (glibc's internals start with '_'); C++ mangled names are public. */
static bool public_name(const char *name)
{
	return name[0] != '_' || name[1] == 'Z';
}

const char *sym_lib_name(const char *module, char *buf, unsigned len)
{
	const char *slash = strrchr(module, '/');
	const char *base = slash ? slash + 1 : module;
	if (*base == '[')
		base++;
	size_t n = strcspn(base, "]");
	const char *so = strstr(base, ".so");
	if (so && (size_t)(so - base) < n)
		n = (size_t)(so - base);
	/* "libc-2.31": the part from the last '-' followed by a digit is a version. */
	for (size_t i = n; i-- > 1;) {
		if (base[i] == '-' && isdigit((unsigned char)base[i + 1]) && i + 1 < n) {
			n = i;
			break;
		}
	}
	snprintf(buf, len, "%.*s", (int)n, base);
	return buf;
}

/* The label of a stack none of whose frames is the program's own code; false
 * when no frame is in a known module. */
static bool label_of(const struct sym_frame *f, const bool *known, unsigned n, char *buf,
                     unsigned len)
{
	int outer = -1, lib = -1;
	for (unsigned i = n; i-- > 0;) {
		if (!known[i])
			continue;
		if (outer < 0)
			outer = (int)i;
		if (lib < 0 && f[i].system)
			lib = (int)i;
	}
	if (outer < 0)
		return false;
	if (f[outer].loader) {
		snprintf(buf, len, "(dynamic loader)");
		return true;
	}
	if (lib < 0)
		lib = outer;
	const char *mod = f[lib].module, *named = NULL, *pub = NULL;
	for (int i = lib; i >= 0 && !pub; i--) {
		if (!known[i] || !f[i].function || strcmp(f[i].module, mod) != 0)
			continue;
		if (!named)
			named = f[i].function;
		if (public_name(f[i].function))
			pub = f[i].function;
	}
	char name[256];
	sym_lib_name(mod, name, sizeof(name));
	if (pub || named)
		snprintf(buf, len, "(%s: %s)", name, pub ? pub : named);
	else
		snprintf(buf, len, "(%s)", name);
	return true;
}

void sym_attribute(struct sym_ctx *s, pid_t pid, const uint64_t *pcs, unsigned n,
                   struct sym_attr *out)
{
	memset(out, 0, sizeof(*out));
	out->index = -1;
	if (!n)
		return;
	struct sym_frame *f = xcalloc(n, sizeof(*f));
	bool *known = xcalloc(n, sizeof(*known));
	for (unsigned i = 0; i < n; i++) {
		known[i] = sym_frame(s, pid, pcs[i], true, &f[i]) == 0 && f[i].module;
		if (known[i] && is_program_code(&f[i])) {
			out->kind = SYM_ATTR_CODE;
			out->index = (int)i;
			out->frame = f[i];
			sym_frame_str(&f[i], out->text, sizeof(out->text));
			break;
		}
	}
	if (out->kind == SYM_ATTR_NONE) {
		if (label_of(f, known, n, out->text, sizeof(out->text))) {
			out->kind = SYM_ATTR_LABEL;
		} else {
			out->kind = SYM_ATTR_ADDR;
			snprintf(out->text, sizeof(out->text), "0x%llx",
			         (unsigned long long)pcs[0]);
		}
	}
	free(known);
	free(f);
}
