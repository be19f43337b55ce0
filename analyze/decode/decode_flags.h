/*
 * decode_flags.h - named constants as data: {value, name} tables grouped by
 * family (open/at flags, mmap, sockets, signals, fcntl, clone, ...) and the
 * generic printers that turn a number into strace's spelling of it:
 * "O_RDONLY|O_CLOEXEC", "MAP_PRIVATE|MAP_ANONYMOUS", or hex with an "F_???" comment.
 */
#ifndef RENACER_DECODE_FLAGS_H
#define RENACER_DECODE_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "libtrace/trace_strbuf.h"

struct decode_xlat {
	uint64_t val;
	const char *name;
};

/* A table and how strace marks a value it does not know ("O_???"). Flag sets
 * list supersets before their subsets (O_SYNC before O_DSYNC). */
struct decode_xlat_set {
	const struct decode_xlat *items;
	unsigned n;
	const char *unknown;
};

/* How a value of an argument kind is named (see decode_kind_xlat). */
enum decode_xlat_style {
	DXS_FLAGS,    /* bit set: names joined with '|', unknown bits in hex */
	DXS_ENUM,     /* one value: its name, or hex with an unknown comment */
	DXS_ENUM_DEC, /* one value: its name, or decimal with an unknown comment */
};

/* The table generated from xlat/NAME.in, or NULL when there is none. */
const struct decode_xlat_set *decode_xlat_find(const char *name);
/* The name of v in t, or NULL. */
const char *decode_xlat_name(const struct decode_xlat_set *t, uint64_t v);
/* Appends v as a flag set: "A|B|0x40", "0" or the zero entry's name when v is 0,
 * and hex followed by the table's "X_???" comment when no bit has a name. */
void decode_put_flags(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v);
/* Like decode_put_flags, but prints nothing for v == 0; returns whether anything
 * was printed (used to append more flags after a leading field). */
bool decode_put_flags_nz(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v);
/* Appends the name of v, or its hex value followed by the "X_???" comment. */
void decode_put_enum(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v);
/* Appends the name of v, or its decimal value followed by the "X_???" comment. */
void decode_put_enum_dec(struct strbuf *sb, const struct decode_xlat_set *t, uint64_t v);

/* The table that names an argument kind whose printing is a plain flag set or
 * enum (TA_AT_FLAGS, TA_WHENCE, ...), and its style; NULL for other kinds. */
const struct decode_xlat_set *decode_kind_xlat(unsigned kind, enum decode_xlat_style *style);

/* Family printers whose layout is more than one table. */
/* open(2) flags; with_accmode: the O_RDONLY/O_WRONLY/O_RDWR part comes first
 * (open, openat, F_SETFL); without it (dup3, pipe2) 0 prints as "0". */
void decode_put_open_flags(struct strbuf *sb, uint64_t v, bool with_accmode);
/* mmap flags: the map type, the flags, unknown bits, then "N<<MAP_HUGE_SHIFT". */
void decode_put_mmap_flags(struct strbuf *sb, uint64_t v);
/* statx flags: the sync type (AT_STATX_SYNC_AS_STAT when 0), then the at-flags. */
void decode_put_statx_flags(struct strbuf *sb, uint64_t v);
/* socket type: SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK. */
void decode_put_sock_type(struct strbuf *sb, uint64_t v);
/* memfd_create flags: "MFD_CLOEXEC|MFD_HUGETLB|30<<MFD_HUGE_SHIFT", 0 as "0". */
void decode_put_memfd_flags(struct strbuf *sb, uint64_t v);
/* A mode as a number: "0644", "000", "04755". */
void decode_put_mode(struct strbuf *sb, uint64_t mode);
/* A mode with its file type: "S_IFCHR|0644", "S_IFDIR|S_ISVTX|0777". */
void decode_put_mode_symbolic(struct strbuf *sb, uint64_t mode);
/* dev_t as "makedev(0x1, 0x3)". */
void decode_put_dev(struct strbuf *sb, uint64_t dev);

/* The tables themselves: decode_xl_NAME for each analyze/decode/xlat/NAME.in. */
#include "analyze/decode/xlat_gen.h"

#endif
