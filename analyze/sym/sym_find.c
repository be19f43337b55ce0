/*
 * sym_find.c - finds a recorded module's ELF file and its debug info by
 * build-id: --debug-dir trees (indexed once), --sysroot, the recorded path,
 * the system debug directory, the file .gnu_debuglink names, and debuginfod.
 * See sym_find.h for the order.
 */
#include "analyze/sym/sym_find.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libgen.h>
#include <libelf.h>
#include <elfutils/libdwelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libtrace/trace_util.h"

#define INDEX_MAX_DEPTH 8
#define DEBUGLINK_MAX   256 /* longest .gnu_debuglink file name read */
#define DELETED_SUFFIX  " (deleted)"

/* What one candidate file is. */
struct elf_probe {
	int bid_len; /* -1: not a readable ELF; 0: no build-id */
	uint8_t bid[64];
	bool has_dwarf;  /* a .debug_info section with contents */
	bool debug_only; /* its code sections are NOBITS (objcopy --only-keep-debug) */
};

/* One ELF file found under a --debug-dir. */
struct index_entry {
	char *path;
	struct elf_probe probe;
};

struct debug_dir {
	char *path;
	bool indexed;
	struct index_entry *files;
	size_t nfiles, cap;
};

/* libdebuginfod, loaded on first use. */
struct debuginfod_client;
typedef struct debuginfod_client *(*dbgd_begin_fn)(void);
typedef void (*dbgd_end_fn)(struct debuginfod_client *);
typedef int (*dbgd_find_fn)(struct debuginfod_client *, const unsigned char *, int, char **);

struct debuginfod {
	bool tried;
	void *lib;
	struct debuginfod_client *client;
	dbgd_end_fn end;
	dbgd_find_fn find_debuginfo;
	dbgd_find_fn find_executable;
};

struct sym_finder {
	struct debug_dir *dirs;
	unsigned ndirs;
	char *sysroot;
	char *system_debug_dir;
	struct debuginfod dbgd;
};

static void elf_init_once(void)
{
	static bool done;
	if (!done) {
		elf_version(EV_CURRENT);
		done = true;
	}
}

char *sym_build_id_hex(const uint8_t *bid, unsigned len, char *buf)
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < len; i++) {
		buf[2 * i] = digits[bid[i] >> 4];
		buf[2 * i + 1] = digits[bid[i] & 0xf];
	}
	buf[2 * len] = '\0';
	return buf;
}

/* Fills p->has_dwarf and p->debug_only from the section headers. */
static void probe_sections(Elf *elf, struct elf_probe *p)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		return;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) == NULL)
			continue;
		if ((sh.sh_flags & SHF_ALLOC) && (sh.sh_flags & SHF_EXECINSTR) &&
		    sh.sh_type == SHT_NOBITS)
			p->debug_only = true;
		const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && sh.sh_type != SHT_NOBITS && sh.sh_size > 0 &&
		    (!strcmp(name, ".debug_info") || !strcmp(name, ".zdebug_info")))
			p->has_dwarf = true;
	}
}

static void probe_file(const char *path, struct elf_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->bid_len = -1;
	elf_init_once();
	int fd = trace_open_regular(path);
	if (fd < 0)
		return;
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf && elf_kind(elf) == ELF_K_ELF) {
		const void *bid = NULL;
		ssize_t n = dwelf_elf_gnu_build_id(elf, &bid);
		p->bid_len = 0;
		if (n > 0 && (size_t)n <= sizeof(p->bid)) {
			memcpy(p->bid, bid, (size_t)n);
			p->bid_len = (int)n;
		}
		probe_sections(elf, p);
	}
	elf_end(elf);
	close(fd);
}

int sym_read_build_id(const char *path, uint8_t *bid, unsigned cap)
{
	struct elf_probe p;
	probe_file(path, &p);
	if (p.bid_len <= 0)
		return p.bid_len;
	unsigned n = (unsigned)p.bid_len < cap ? (unsigned)p.bid_len : cap;
	memcpy(bid, p.bid, n);
	return (int)n;
}

static bool has_elf_magic(const char *path)
{
	int fd = trace_open_regular(path);
	if (fd < 0)
		return false;
	char magic[4];
	bool ok = read(fd, magic, 4) == 4 && !memcmp(magic, ELFMAG, 4);
	close(fd);
	return ok;
}

static void index_add(struct debug_dir *d, const char *path)
{
	struct elf_probe p;
	probe_file(path, &p);
	if (p.bid_len <= 0)
		return;
	xgrow((void **)&d->files, &d->cap, d->nfiles + 1, sizeof(*d->files));
	d->files[d->nfiles].path = xstrdup(path);
	d->files[d->nfiles].probe = p;
	d->nfiles++;
}

/* Records every ELF file under dir (the .build-id tree excepted: it is looked up by name). */
static void index_walk(struct debug_dir *d, const char *dir, int depth)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return;
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".build-id"))
			continue;
		char *path = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < INDEX_MAX_DEPTH)
				index_walk(d, path, depth + 1);
			else if (S_ISREG(st.st_mode) && st.st_size >= 64 && has_elf_magic(path))
				index_add(d, path);
		}
		free(path);
	}
	closedir(dp);
}

struct sym_finder *sym_finder_new(const char *const *debug_dirs, unsigned n, const char *sysroot,
                                  const char *system_debug_dir)
{
	struct sym_finder *f = xcalloc(1, sizeof(*f));
	f->dirs = xcalloc(n ? n : 1, sizeof(*f->dirs));
	f->ndirs = n;
	for (unsigned i = 0; i < n; i++)
		f->dirs[i].path = xstrdup(debug_dirs[i]);
	f->sysroot = sysroot && *sysroot ? xstrdup(sysroot) : NULL;
	f->system_debug_dir = xstrdup(system_debug_dir ? system_debug_dir : "/usr/lib/debug");
	return f;
}

void sym_finder_free(struct sym_finder *f)
{
	if (!f)
		return;
	for (unsigned i = 0; i < f->ndirs; i++) {
		for (size_t j = 0; j < f->dirs[i].nfiles; j++)
			free(f->dirs[i].files[j].path);
		free(f->dirs[i].files);
		free(f->dirs[i].path);
	}
	free(f->dirs);
	if (f->dbgd.client)
		f->dbgd.end(f->dbgd.client);
	/* libdebuginfod stays loaded: its libcurl keeps process-wide state. */
	free(f->sysroot);
	free(f->system_debug_dir);
	free(f);
}

void sym_found_clear(struct sym_found *out)
{
	free(out->elf_path);
	free(out->debug_path);
	memset(out, 0, sizeof(*out));
}

/* The state of one lookup. */
struct search {
	const uint8_t *bid;
	unsigned bid_len;
	struct sym_found *out;
};

static bool search_done(const struct search *s)
{
	return s->out->elf_path && s->out->debug_path;
}

static bool probe_matches(const struct search *s, const struct elf_probe *p)
{
	return p->bid_len == (int)s->bid_len && !memcmp(p->bid, s->bid, s->bid_len);
}

/* Takes a candidate already known to match: as the ELF file and/or the debug file. */
static void search_take(struct search *s, const char *path, const struct elf_probe *p)
{
	if (!s->out->elf_path && !p->debug_only)
		s->out->elf_path = xstrdup(path);
	if (!s->out->debug_path && p->has_dwarf)
		s->out->debug_path = xstrdup(path);
}

/* Probes path; takes it when its build-id matches. Returns the probe's verdict:
 * 1 matched, 0 exists but differs, -1 missing or not an ELF. */
static int search_try(struct search *s, const char *path)
{
	struct elf_probe p;
	probe_file(path, &p);
	if (p.bid_len < 0)
		return -1;
	if (!probe_matches(s, &p))
		return 0;
	search_take(s, path, &p);
	return 1;
}

static void search_debug_dir(struct search *s, struct debug_dir *d)
{
	if (!d->indexed) {
		index_walk(d, d->path, 0);
		d->indexed = true;
	}
	for (size_t i = 0; i < d->nfiles && !search_done(s); i++)
		if (probe_matches(s, &d->files[i].probe))
			search_take(s, d->files[i].path, &d->files[i].probe);
	if (search_done(s))
		return;
	char hex[2 * 64 + 1];
	sym_build_id_hex(s->bid, s->bid_len, hex);
	char *p = xasprintf("%s/.build-id/%.2s/%s.debug", d->path, hex, hex + 2);
	search_try(s, p);
	free(p);
	p = xasprintf("%s/.build-id/%.2s/%s", d->path, hex, hex + 2);
	if (!search_done(s))
		search_try(s, p);
	free(p);
}

static bool debuginfod_load(struct debuginfod *d)
{
	if (d->tried)
		return d->client != NULL;
	d->tried = true;
	d->lib = dlopen("libdebuginfod.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!d->lib) {
		pr_warn("DEBUGINFOD_URLS is set but libdebuginfod.so.1 cannot be loaded: %s",
		        dlerror());
		return false;
	}
	dbgd_begin_fn begin = (dbgd_begin_fn)dlsym(d->lib, "debuginfod_begin");
	d->end = (dbgd_end_fn)dlsym(d->lib, "debuginfod_end");
	d->find_debuginfo = (dbgd_find_fn)dlsym(d->lib, "debuginfod_find_debuginfo");
	d->find_executable = (dbgd_find_fn)dlsym(d->lib, "debuginfod_find_executable");
	if (!begin || !d->end || !d->find_debuginfo || !d->find_executable) {
		pr_warn("libdebuginfod.so.1 lacks the expected functions; debuginfod not used");
		return false;
	}
	d->client = begin();
	return d->client != NULL;
}

/* Asks debuginfod for what is still missing. */
static void search_debuginfod(struct sym_finder *f, struct search *s)
{
	const char *urls = getenv("DEBUGINFOD_URLS");
	if (!urls || !*urls || !debuginfod_load(&f->dbgd))
		return;
	for (int pass = 0; pass < 2 && !search_done(s); pass++) {
		if ((pass == 0 && s->out->debug_path) || (pass == 1 && s->out->elf_path))
			continue;
		dbgd_find_fn find = pass == 0 ? f->dbgd.find_debuginfo : f->dbgd.find_executable;
		char *path = NULL;
		int fd = find(f->dbgd.client, s->bid, (int)s->bid_len, &path);
		if (fd >= 0) {
			close(fd);
			if (path)
				search_try(s, path);
		}
		free(path);
	}
}

/* A module without build-id: the recorded file only, when it still is the same file. */
static void search_no_build_id(struct sym_finder *f, struct search *s, const char *path,
                               uint64_t dev, uint64_t inode)
{
	struct elf_probe p;
	if (f->sysroot) {
		char *sp = xasprintf("%s%s", f->sysroot, path);
		probe_file(sp, &p);
		if (p.bid_len == 0)
			search_take(s, sp, &p);
		free(sp);
		if (p.bid_len == 0)
			return;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		s->out->path_missing = true;
		return;
	}
	probe_file(path, &p);
	if (p.bid_len != 0 || (inode && (st.st_ino != inode || (uint64_t)st.st_dev != dev))) {
		s->out->path_mismatch = true;
		return;
	}
	search_take(s, path, &p);
}

/* The file name elf_path's .gnu_debuglink section holds (no '/' in it), into
 * name; false when there is none. */
static bool read_debuglink(const char *elf_path, char name[DEBUGLINK_MAX])
{
	int fd = trace_open_regular(elf_path);
	if (fd < 0)
		return false;
	elf_init_once();
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	bool found = false;
	while (elf && !found && elf_getshdrstrndx(elf, &shstrndx) == 0 &&
	       (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *nm;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS ||
		    !(nm = elf_strptr(elf, shstrndx, sh.sh_name)) || strcmp(nm, ".gnu_debuglink"))
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		size_t n = d && d->d_buf ? strnlen(d->d_buf, d->d_size) : 0;
		if (n && n < d->d_size && n < DEBUGLINK_MAX && !memchr(d->d_buf, '/', n) &&
		    strcmp(d->d_buf, ".") && strcmp(d->d_buf, "..")) {
			memcpy(name, d->d_buf, n + 1);
			found = true;
		}
		break;
	}
	elf_end(elf);
	close(fd);
	return found;
}

/* The debug file .gnu_debuglink names, where GDB looks for it: beside the
 * module file, in its .debug/ subdirectory, and under the system debug
 * directory by the module's recorded directory. Taken when its build-id matches
 * (a stronger check than the link's CRC, and no need to read the whole file). */
static void search_debuglink(struct sym_finder *f, struct search *s, const char *recorded)
{
	char name[DEBUGLINK_MAX];
	if (!s->out->elf_path || !read_debuglink(s->out->elf_path, name))
		return;
	char *copy = xstrdup(s->out->elf_path), *dir = dirname(copy);
	char *rcopy = xstrdup(recorded ? recorded : s->out->elf_path), *rdir = dirname(rcopy);
	char *cands[3] = {xasprintf("%s/%s", dir, name), xasprintf("%s/.debug/%s", dir, name),
	                  rdir[0] == '/' ? xasprintf("%s%s/%s", f->system_debug_dir, rdir, name)
	                                 : NULL};
	for (int i = 0; i < 3 && !search_done(s); i++)
		if (cands[i] && strcmp(cands[i], s->out->elf_path) != 0)
			search_try(s, cands[i]);
	for (int i = 0; i < 3; i++)
		free(cands[i]);
	free(copy);
	free(rcopy);
}

static int find_files(struct sym_finder *f, struct search *s, const char *path, bool absolute,
                      uint64_t dev, uint64_t inode)
{
	const uint8_t *bid = s->bid;
	unsigned bid_len = s->bid_len;
	struct sym_found *out = s->out;
	if (bid_len == 0) {
		if (absolute)
			search_no_build_id(f, s, path, dev, inode);
		return out->elf_path || out->debug_path ? 0 : -1;
	}
	for (unsigned i = 0; i < f->ndirs && !search_done(s); i++)
		search_debug_dir(s, &f->dirs[i]);
	int verdict = -1;
	if (absolute && f->sysroot && !search_done(s)) {
		char *sp = xasprintf("%s%s", f->sysroot, path);
		verdict = search_try(s, sp);
		free(sp);
	}
	if (absolute && !search_done(s)) {
		int v = search_try(s, path);
		verdict = v > verdict ? v : verdict;
	}
	out->path_missing = absolute && verdict < 0;
	out->path_mismatch = verdict == 0;
	if (!search_done(s)) {
		char hex[2 * 64 + 1];
		sym_build_id_hex(bid, bid_len, hex);
		char *p =
		    xasprintf("%s/.build-id/%.2s/%s.debug", f->system_debug_dir, hex, hex + 2);
		search_try(s, p);
		free(p);
	}
	if (!search_done(s))
		search_debuglink(f, s, absolute ? path : NULL);
	if (!search_done(s))
		search_debuginfod(f, s);
	return out->elf_path || out->debug_path ? 0 : -1;
}

int sym_find(struct sym_finder *f, const uint8_t *bid, unsigned bid_len, const char *path,
             uint64_t dev, uint64_t inode, struct sym_found *out)
{
	memset(out, 0, sizeof(*out));
	struct search s = {.bid = bid, .bid_len = bid_len, .out = out};
	bool absolute = path && path[0] == '/';
	/* A file replaced while mapped shows as "PATH (deleted)": look for PATH. */
	char *undeleted = NULL;
	size_t len = path ? strlen(path) : 0, dl = strlen(DELETED_SUFFIX);
	if (len > dl && !strcmp(path + len - dl, DELETED_SUFFIX))
		path = undeleted = xstrndup(path, len - dl);
	int rc = find_files(f, &s, path, absolute, dev, inode);
	free(undeleted);
	return rc;
}
