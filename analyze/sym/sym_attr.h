/*
 * sym_attr.h - source attribution of a call stack, the one place for the rule
 * of spec/summary.md ("Sources"): the innermost frame that is the program's own
 * code, else a label naming who made the call ("(dynamic loader)",
 * "(libc: exit)"). Every output of the report (event lines, summary rows,
 * JSON, CSV, SQLite, HTML, findings) takes its source from here.
 */
#ifndef RENACER_SYM_ATTR_H
#define RENACER_SYM_ATTR_H

#include "analyze/sym/sym.h"

enum sym_attr_kind {
	SYM_ATTR_NONE,  /* no stack: the source is unknown */
	SYM_ATTR_CODE,  /* a frame is the program's own code */
	SYM_ATTR_LABEL, /* no frame is: text says who made the call */
	SYM_ATTR_ADDR,  /* no frame lies in a known module (JIT code, lost module
	                 * records): text is the syscall site's address */
};

struct sym_attr {
	enum sym_attr_kind kind;
	int index;              /* CODE: the frame's index in pcs; else -1 */
	struct sym_frame frame; /* CODE: that frame; else zeroed */
	char text[512];         /* CODE: "src/a.c:4 in f", "f (app+0x12)" or "app+0x12";
	                         * LABEL: "(dynamic loader)", "(libc: exit)", "(libz)";
	                         * ADDR: "0x7f12345678"; NONE: "" */
};

/* Attributes the stack pcs[0..n) of process pid (pcs[0] = the syscall site,
 * then return addresses), as sym_feed left its address space. A frame is the
 * program's own code when its module is not a system library, it is not the C
 * runtime start code (_start), and it has a source line or its module has no
 * line information at all (stripped, no debug file: shown as
 * function (module+0xOFF) or module+0xOFF). Otherwise
 * the label: "(dynamic loader)" when the outermost known frame is in the
 * loader; else "(LIB: FUNCTION)" for the outermost system library LIB (or the
 * outermost module when none is a system library: a static program) and its
 * outermost frame with a public name (not starting with '_'; C++ "_Z" names
 * are public), else its outermost named frame; "(LIB)" when none is named.
 * A stack with no frame in a known module gives its syscall site's address. */
void sym_attribute(struct sym_ctx *s, pid_t pid, const uint64_t *pcs, unsigned n,
                   struct sym_attr *out);
/* The label name of a module path: its file name up to ".so", less a
 * "-VERSION" suffix, without brackets ("/lib/libc.so.6" -> "libc",
 * "libc-2.31.so" -> "libc", "[vdso]" -> "vdso", "/usr/bin/app" -> "app"). */
const char *sym_lib_name(const char *module, char *buf, unsigned len);

#endif
