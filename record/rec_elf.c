/*
 * rec_elf.c - loads an ELF image once (file or in-memory vDSO) and answers
 * what the module tracker and the unwinder ask of it: build-id, load bias,
 * and CFI frame states from .eh_frame or .debug_frame through libdw.
 */
#include "record/rec_elf.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <elfutils/libdwelf.h>

#include "libtrace/trace_util.h"

#define REC_ELF_MAX_LOADS 16

struct rec_elf_load {
	uint64_t vaddr, offset, filesz;
};

struct rec_elf {
	int fd;      /* -1 for an in-memory image */
	void *image; /* owned in-memory image, or NULL */
	size_t image_size;
	Elf *elf;
	uint8_t build_id[TRACE_BUILD_ID_MAX];
	uint8_t build_id_len;
	struct rec_elf_load loads[REC_ELF_MAX_LOADS];
	unsigned nloads;
	bool cfi_loaded;    /* eh_cfi was looked for */
	bool dbg_tried;     /* dwarf / dbg_cfi were looked for */
	Dwarf_CFI *eh_cfi;  /* .eh_frame, or NULL */
	Dwarf *dwarf;       /* for .debug_frame, or NULL */
	Dwarf_CFI *dbg_cfi; /* .debug_frame, or NULL */
};

static void read_build_id(struct rec_elf *e)
{
	const void *id = NULL;
	ssize_t n = dwelf_elf_gnu_build_id(e->elf, &id);

	if (n <= 0 || id == NULL)
		return;
	if (n > TRACE_BUILD_ID_MAX)
		n = TRACE_BUILD_ID_MAX;
	memcpy(e->build_id, id, (size_t)n);
	e->build_id_len = (uint8_t)n;
}

static void read_loads(struct rec_elf *e)
{
	size_t phnum = 0;

	if (elf_getphdrnum(e->elf, &phnum) != 0)
		return;
	for (size_t i = 0; i < phnum && e->nloads < REC_ELF_MAX_LOADS; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(e->elf, (int)i, &ph) == NULL || ph.p_type != PT_LOAD)
			continue;
		e->loads[e->nloads++] = (struct rec_elf_load){
		    .vaddr = ph.p_vaddr, .offset = ph.p_offset, .filesz = ph.p_filesz};
	}
}

static struct rec_elf *wrap_elf(Elf *elf, int fd, void *image, size_t size)
{
	struct rec_elf *e;

	if (elf_kind(elf) != ELF_K_ELF) {
		elf_end(elf);
		return NULL;
	}
	e = xcalloc(1, sizeof(*e));
	e->fd = fd;
	e->image = image;
	e->image_size = size;
	e->elf = elf;
	read_build_id(e);
	read_loads(e);
	return e;
}

/* Opens candidate and keeps it when it is the file (dev, inode). -1 otherwise. */
static int open_matching(const char *candidate, uint64_t dev, uint64_t inode)
{
	struct stat st;
	int fd = open(candidate, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || (uint64_t)st.st_ino != inode || (uint64_t)st.st_dev != dev) {
		close(fd);
		return -1;
	}
	return fd;
}

struct rec_elf *rec_elf_open_file(const char *path, pid_t pid, uint64_t start, uint64_t end,
                                  uint64_t dev, uint64_t inode)
{
	char buf[4096 + 64];
	int fd = -1;
	Elf *elf;
	struct rec_elf *e;

	if (path[0] == '/')
		fd = open_matching(path, dev, inode);
	if (fd < 0) {
		snprintf(buf, sizeof(buf), "/proc/%d/map_files/%llx-%llx", (int)pid,
		         (unsigned long long)start, (unsigned long long)end);
		fd = open_matching(buf, dev, inode);
	}
	if (fd < 0 && path[0] == '/') {
		snprintf(buf, sizeof(buf), "/proc/%d/root%s", (int)pid, path);
		fd = open_matching(buf, dev, inode);
	}
	if (fd < 0)
		return NULL;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf == NULL) {
		close(fd);
		return NULL;
	}
	e = wrap_elf(elf, fd, NULL, 0);
	if (e == NULL)
		close(fd);
	return e;
}

struct rec_elf *rec_elf_open_memory(void *image, size_t size)
{
	Elf *elf;
	struct rec_elf *e;

	elf_version(EV_CURRENT);
	elf = elf_memory(image, size);
	if (elf == NULL) {
		free(image);
		return NULL;
	}
	e = wrap_elf(elf, -1, image, size);
	if (e == NULL)
		free(image);
	return e;
}

void rec_elf_free(struct rec_elf *e)
{
	if (e == NULL)
		return;
	if (e->eh_cfi != NULL)
		dwarf_cfi_end(e->eh_cfi);
	if (e->dwarf != NULL)
		dwarf_end(e->dwarf); /* also ends dbg_cfi */
	elf_end(e->elf);
	if (e->fd >= 0)
		close(e->fd);
	free(e->image);
	free(e);
}

unsigned rec_elf_build_id(const struct rec_elf *e, const uint8_t **id)
{
	*id = e->build_id;
	return e->build_id_len;
}

const void *rec_elf_image(const struct rec_elf *e, size_t *size)
{
	*size = e->image_size;
	return e->image;
}

int rec_elf_bias(const struct rec_elf *e, uint64_t start, uint64_t offset, uint64_t *bias)
{
	for (unsigned i = 0; i < e->nloads; i++) {
		const struct rec_elf_load *l = &e->loads[i];
		uint64_t page_off = l->offset & ~(uint64_t)0xfff;

		/* The mapping starts at the page holding the segment's first byte. */
		if (offset < page_off || offset >= l->offset + (l->filesz ? l->filesz : 1))
			continue;
		*bias = start - (l->vaddr - (l->offset - offset));
		return 0;
	}
	return -1;
}

/* .eh_frame first: it is what the unwinder needs for nearly every module. */
static void load_eh_cfi(struct rec_elf *e)
{
	e->cfi_loaded = true;
	e->eh_cfi = dwarf_getcfi_elf(e->elf);
}

/* .debug_frame only when .eh_frame misses: opening the DWARF costs more. */
static Dwarf_CFI *debug_cfi(struct rec_elf *e)
{
	if (!e->dbg_tried) {
		e->dbg_tried = true;
		e->dwarf = dwarf_begin_elf(e->elf, DWARF_C_READ, NULL);
		if (e->dwarf != NULL)
			e->dbg_cfi = dwarf_getcfi(e->dwarf);
	}
	return e->dbg_cfi;
}

bool rec_elf_has_cfi(struct rec_elf *e)
{
	if (!e->cfi_loaded)
		load_eh_cfi(e);
	return e->eh_cfi != NULL || debug_cfi(e) != NULL;
}

Dwarf_Frame *rec_elf_frame(struct rec_elf *e, uint64_t addr)
{
	Dwarf_Frame *frame = NULL;
	Dwarf_CFI *dbg;

	if (!e->cfi_loaded)
		load_eh_cfi(e);
	if (e->eh_cfi != NULL && dwarf_cfi_addrframe(e->eh_cfi, addr, &frame) == 0)
		return frame;
	frame = NULL;
	dbg = debug_cfi(e);
	if (dbg != NULL && dwarf_cfi_addrframe(dbg, addr, &frame) == 0)
		return frame;
	return NULL;
}
