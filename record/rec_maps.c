/*
 * rec_maps.c - per-process executable mappings read from /proc/PID/maps,
 * diffed on every sync into TREC_MODULE_MAP / TREC_MODULE_UNMAP records.
 * ELF state (build-id, load bias, CFI) is loaded once per file (dev, inode)
 * and shared by all processes; the vDSO is copied out of the first tracee
 * that maps it and kept as a TREC_IMAGE, once per distinct image.
 */
#include "record/rec_maps.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

#include "libtrace/trace_util.h"
#include "record/rec_elf.h"
#include "record/rec_emit.h"

#define VDSO_NAME     "[vdso]"
#define VDSO_MAX_SIZE (1u << 20)

/* The PROCMAP_QUERY ioctl on /proc/PID/maps (Linux 6.11+, uapi linux/fs.h):
 * asks for executable VMAs only, instead of formatting and parsing the text of
 * every mapping. Declared here because older C library headers lack it. */
struct procmap_query_arg {
	uint64_t size;
	uint64_t query_flags;
	uint64_t query_addr;
	uint64_t vma_start, vma_end;
	uint64_t vma_flags;
	uint64_t vma_page_size;
	uint64_t vma_offset;
	uint64_t inode;
	uint32_t dev_major, dev_minor;
	uint32_t vma_name_size;
	uint32_t build_id_size;
	uint64_t vma_name_addr;
	uint64_t build_id_addr;
};
#define PROCMAP_QUERY_IOCTL  _IOWR('f', 17, struct procmap_query_arg)
#define PMQ_VMA_READABLE     0x01
#define PMQ_VMA_WRITABLE     0x02
#define PMQ_VMA_EXECUTABLE   0x04
#define PMQ_COVERING_OR_NEXT 0x10

/* One executable mapping of one process. */
struct map_ent {
	struct rec_module mod; /* mod.path points to path */
	uint32_t prot;
	uint64_t dev, inode;
	char *path;
};

struct proc_maps {
	pid_t pid;
	struct map_ent *ents;
	size_t n, cap;
	size_t last; /* index of the last lookup hit */
	int maps_fd; /* /proc/PID/maps kept open for PROCMAP_QUERY (tied to one mm), or -1 */
};

/* An opened file, or a failed attempt (elf NULL), keyed by (dev, inode). */
struct file_ent {
	uint64_t dev, inode;
	struct rec_elf *elf;
};

struct rec_maps {
	struct rec_emitter *em;
	struct proc_maps *procs;
	size_t nprocs, procs_cap;
	size_t last_proc;
	struct file_ent *files;
	size_t nfiles, files_cap;
	struct rec_elf **vdsos; /* distinct vDSO images seen */
	size_t nvdsos, vdsos_cap;
	char *buf; /* /proc/PID/maps contents, or the names PROCMAP_QUERY returned */
	size_t buf_cap;
	bool text_only; /* PROCMAP_QUERY is unsupported (or disabled): parse the text */
};

struct rec_maps *rec_maps_new(struct rec_emitter *em)
{
	struct rec_maps *m = xcalloc(1, sizeof(*m));

	m->em = em;
	return m;
}

static void close_maps_fd(struct proc_maps *p)
{
	if (p->maps_fd >= 0)
		close(p->maps_fd);
	p->maps_fd = -1;
}

static void free_ents(struct proc_maps *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->ents[i].path);
	p->n = 0;
	p->last = 0;
}

void rec_maps_free(struct rec_maps *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nprocs; i++) {
		close_maps_fd(&m->procs[i]);
		free_ents(&m->procs[i]);
		free(m->procs[i].ents);
	}
	for (size_t i = 0; i < m->nfiles; i++)
		rec_elf_free(m->files[i].elf);
	for (size_t i = 0; i < m->nvdsos; i++)
		rec_elf_free(m->vdsos[i]);
	free(m->procs);
	free(m->files);
	free(m->vdsos);
	free(m->buf);
	free(m);
}

static struct proc_maps *find_proc(struct rec_maps *m, pid_t pid)
{
	if (m->last_proc < m->nprocs && m->procs[m->last_proc].pid == pid)
		return &m->procs[m->last_proc];
	for (size_t i = 0; i < m->nprocs; i++) {
		if (m->procs[i].pid == pid) {
			m->last_proc = i;
			return &m->procs[i];
		}
	}
	return NULL;
}

static struct proc_maps *get_proc(struct rec_maps *m, pid_t pid)
{
	struct proc_maps *p = find_proc(m, pid);

	if (p != NULL)
		return p;
	xgrow((void **)&m->procs, &m->procs_cap, m->nprocs + 1, sizeof(*m->procs));
	p = &m->procs[m->nprocs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->maps_fd = -1;
	return p;
}

/* Reads /proc/PID/maps into m->buf. Length, or -errno. */
static ssize_t read_maps_file(struct rec_maps *m, pid_t pid)
{
	char path[64];
	size_t len = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n;

		xgrow((void **)&m->buf, &m->buf_cap, len + 16384 + 1, 1);
		n = read(fd, m->buf + len, m->buf_cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			close(fd);
			return err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	m->buf[len] = '\0';
	return (ssize_t)len;
}

/* Parses one maps line "start-end perms offset maj:min inode path" into e
 * (path borrowed from the line). False when the line is malformed. */
static bool parse_line(char *line, struct map_ent *e, const char **path)
{
	char *p = line, *end;
	unsigned long maj, min;

	memset(e, 0, sizeof(*e));
	e->mod.start = strtoull(p, &end, 16);
	if (*end != '-')
		return false;
	e->mod.end = strtoull(end + 1, &p, 16);
	if (*p != ' ' || strlen(p) < 6)
		return false;
	p++;
	e->prot = (p[0] == 'r' ? PROT_READ : 0) | (p[1] == 'w' ? PROT_WRITE : 0) |
	          (p[2] == 'x' ? PROT_EXEC : 0);
	p += 4;
	e->mod.offset = strtoull(p, &end, 16);
	maj = strtoul(end, &p, 16);
	if (*p != ':')
		return false;
	min = strtoul(p + 1, &end, 16);
	e->dev = makedev(maj, min);
	e->inode = strtoull(end, &p, 10);
	while (*p == ' ')
		p++;
	*path = p;
	return true;
}

static bool same_mapping(const struct map_ent *a, const struct map_ent *b, const char *b_path)
{
	return a->mod.start == b->mod.start && a->mod.end == b->mod.end &&
	       a->mod.offset == b->mod.offset && a->dev == b->dev && a->inode == b->inode &&
	       a->prot == b->prot && strcmp(a->path, b_path) == 0;
}

static struct rec_elf *file_elf(struct rec_maps *m, pid_t pid, const struct map_ent *e,
                                const char *path)
{
	struct file_ent *f;

	for (size_t i = 0; i < m->nfiles; i++)
		if (m->files[i].dev == e->dev && m->files[i].inode == e->inode)
			return m->files[i].elf;
	xgrow((void **)&m->files, &m->files_cap, m->nfiles + 1, sizeof(*m->files));
	f = &m->files[m->nfiles++];
	f->dev = e->dev;
	f->inode = e->inode;
	f->elf = rec_elf_open_file(path, pid, e->mod.start, e->mod.end, e->dev, e->inode);
	return f->elf;
}

/* Reads the vDSO out of pid and returns the matching image, new or seen.
 * *is_new tells whether it has not been emitted yet. */
static struct rec_elf *vdso_elf(struct rec_maps *m, pid_t pid, const struct map_ent *e,
                                bool *is_new)
{
	size_t size = e->mod.end - e->mod.start;
	struct iovec local, remote;
	void *image;
	struct rec_elf *elf;

	*is_new = false;
	if (size == 0 || size > VDSO_MAX_SIZE)
		return NULL;
	image = xmalloc(size);
	local = (struct iovec){image, size};
	remote = (struct iovec){(void *)(uintptr_t)e->mod.start, size};
	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != (ssize_t)size) {
		free(image);
		return NULL;
	}
	for (size_t i = 0; i < m->nvdsos; i++) {
		size_t seen_size;
		const void *seen = rec_elf_image(m->vdsos[i], &seen_size);

		if (seen_size == size && memcmp(seen, image, size) == 0) {
			free(image);
			return m->vdsos[i];
		}
	}
	elf = rec_elf_open_memory(image, size);
	if (elf == NULL)
		return NULL;
	xgrow((void **)&m->vdsos, &m->vdsos_cap, m->nvdsos + 1, sizeof(*m->vdsos));
	m->vdsos[m->nvdsos++] = elf;
	*is_new = true;
	return elf;
}

static int emit_image(struct rec_maps *m, pid_t pid, const struct map_ent *e, struct rec_elf *elf)
{
	struct trace_record r = {.type = TREC_IMAGE};
	const uint8_t *id;
	size_t size;

	r.u.image.pid = pid;
	r.u.image.addr = e->mod.start;
	r.u.image.name = VDSO_NAME;
	r.u.image.build_id_len = (uint8_t)rec_elf_build_id(elf, &id);
	memcpy(r.u.image.build_id, id, r.u.image.build_id_len);
	r.u.image.data = rec_elf_image(elf, &size);
	r.u.image.size = size;
	return rec_emit_record(m->em, &r);
}

static int emit_map(struct rec_maps *m, pid_t pid, const struct map_ent *e, uint64_t ts)
{
	struct trace_record r = {.type = TREC_MODULE_MAP};
	struct trace_module *mm = &r.u.map;

	mm->ts = ts;
	mm->pid = pid;
	mm->prot = e->prot;
	mm->start = e->mod.start;
	mm->end = e->mod.end;
	mm->offset = e->mod.offset;
	mm->dev = e->dev;
	mm->inode = e->inode;
	mm->path = e->path;
	if (e->mod.elf_ctx != NULL) {
		const uint8_t *id;

		mm->build_id_len = (uint8_t)rec_elf_build_id(e->mod.elf_ctx, &id);
		memcpy(mm->build_id, id, mm->build_id_len);
	}
	return rec_emit_record(m->em, &r);
}

static int emit_unmap(struct rec_maps *m, pid_t pid, const struct map_ent *e, uint64_t ts)
{
	struct trace_record r = {.type = TREC_MODULE_UNMAP};

	r.u.unmap.ts = ts;
	r.u.unmap.pid = pid;
	r.u.unmap.start = e->mod.start;
	r.u.unmap.end = e->mod.end;
	return rec_emit_record(m->em, &r);
}

/* Fills in a new entry's path, ELF state and bias; emits the vDSO image when
 * it is the first time it is seen. */
static int complete_entry(struct rec_maps *m, pid_t pid, struct map_ent *e, const char *path)
{
	struct rec_elf *elf = NULL;
	int err = 0;

	e->path = xstrdup(path[0] ? path : "[anon]");
	e->mod.path = e->path;
	if (strcmp(path, VDSO_NAME) == 0) {
		bool is_new;

		elf = vdso_elf(m, pid, e, &is_new);
		if (elf != NULL && is_new)
			err = emit_image(m, pid, e, elf);
	} else if (e->inode != 0) {
		elf = file_elf(m, pid, e, path);
	}
	e->mod.elf_ctx = elf;
	if (elf == NULL || rec_elf_bias(elf, e->mod.start, e->mod.offset, &e->mod.bias) != 0)
		e->mod.bias = e->mod.start - e->mod.offset;
	return err;
}

/* Parses the maps text into a fresh array of executable entries (paths not
 * yet duplicated: (*paths)[i] points into m->buf). */
static size_t parse_exec(struct rec_maps *m, struct map_ent **out, const char ***paths)
{
	size_t n = 0, cap = 0, pcap = 0;
	char *line = m->buf;

	*out = NULL;
	*paths = NULL;
	while (line != NULL && *line) {
		char *nl = strchr(line, '\n');
		struct map_ent e;
		const char *path;

		if (nl != NULL)
			*nl = '\0';
		if (parse_line(line, &e, &path) && (e.prot & PROT_EXEC) &&
		    strcmp(path, "[vsyscall]") != 0) {
			xgrow((void **)out, &cap, n + 1, sizeof(**out));
			xgrow((void **)paths, &pcap, n + 1, sizeof(**paths));
			(*out)[n] = e;
			(*paths)[n] = path;
			n++;
		}
		line = nl != NULL ? nl + 1 : NULL;
	}
	return n;
}

/* Lists pid's executable VMAs with PROCMAP_QUERY into *out / *paths (names
 * in m->buf). Count, or -errno; -ENOTTY/-EINVAL when the kernel lacks it. */
static ssize_t query_exec(struct rec_maps *m, struct proc_maps *p, struct map_ent **out,
                          const char ***paths)
{
	size_t n = 0, cap = 0, pcap = 0, used = 0;
	uint64_t addr = 0;
	size_t *name_off = NULL;
	ssize_t ret = 0;

	if (p->maps_fd < 0) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
		p->maps_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (p->maps_fd < 0)
			return -errno;
	}
	*out = NULL;
	*paths = NULL;
	for (;;) {
		struct procmap_query_arg q = {.size = sizeof(q)};
		struct map_ent e;

		xgrow((void **)&m->buf, &m->buf_cap, used + 4097, 1);
		q.query_flags = PMQ_COVERING_OR_NEXT | PMQ_VMA_EXECUTABLE;
		q.query_addr = addr;
		q.vma_name_addr = (uint64_t)(uintptr_t)(m->buf + used);
		q.vma_name_size = 4096;
		if (ioctl(p->maps_fd, PROCMAP_QUERY_IOCTL, &q) != 0) {
			ret = errno == ENOENT ? 0 : -errno;
			break;
		}
		addr = q.vma_end;
		if (q.vma_start == 0xffffffffff600000ull) /* [vsyscall]: not readable, never code */
			continue;
		memset(&e, 0, sizeof(e));
		e.mod.start = q.vma_start;
		e.mod.end = q.vma_end;
		e.mod.offset = q.vma_offset;
		e.prot = PROT_EXEC | ((q.vma_flags & PMQ_VMA_READABLE) ? PROT_READ : 0) |
		         ((q.vma_flags & PMQ_VMA_WRITABLE) ? PROT_WRITE : 0);
		e.inode = q.inode;
		e.dev = makedev(q.dev_major, q.dev_minor);
		if (q.vma_name_size == 0)
			m->buf[used] = '\0';
		xgrow((void **)out, &cap, n + 1, sizeof(**out));
		xgrow((void **)&name_off, &pcap, n + 1, sizeof(*name_off));
		(*out)[n] = e;
		name_off[n++] = used;
		used += strlen(m->buf + used) + 1;
	}
	if (ret == 0 && n > 0) {
		*paths = xmalloc(n * sizeof(**paths));
		for (size_t i = 0; i < n; i++)
			(*paths)[i] = m->buf + name_off[i];
	}
	free(name_off);
	if (ret < 0) {
		close_maps_fd(p);
		free(*out);
		*out = NULL;
		return ret;
	}
	return (ssize_t)n;
}

/* Lists pid's executable mappings: PROCMAP_QUERY when the kernel has it, else
 * the text of /proc/PID/maps. Count, or -errno. */
static ssize_t list_exec(struct rec_maps *m, struct proc_maps *p, struct map_ent **out,
                         const char ***paths)
{
	ssize_t len;

	if (!m->text_only) {
		ssize_t n = query_exec(m, p, out, paths);

		if (n == -ENAMETOOLONG) /* a path longer than the name buffer: this once, text */
			goto text;
		if (n != -ENOTTY && n != -EINVAL && n != -E2BIG)
			return n;
		m->text_only = true;
	}
text:
	len = read_maps_file(m, p->pid);
	if (len < 0)
		return len;
	return (ssize_t)parse_exec(m, out, paths);
}

void rec_maps_set_text_only(struct rec_maps *m, bool text_only)
{
	m->text_only = text_only;
}

int rec_maps_sync(struct rec_maps *m, pid_t pid, uint64_t ts)
{
	struct proc_maps *p;
	struct map_ent *fresh;
	const char **paths;
	size_t n, i = 0, j = 0;
	int err = 0;
	ssize_t got;

	p = get_proc(m, pid);
	got = list_exec(m, p, &fresh, &paths);
	if (got < 0)
		return (got == -ENOENT || got == -ESRCH) ? 0 : (int)got;
	n = (size_t)got;
	if (n == 0 && p->n > 0) {
		/* A live process always maps code: an empty list means the leader is a
		 * zombie (its threads live on) or the process is going away. Keep what
		 * we know. */
		free(fresh);
		free(paths);
		return 0;
	}
	/* Both lists are sorted by address: merge them. */
	while (err == 0 && (i < p->n || j < n)) {
		if (j < n && i < p->n && same_mapping(&p->ents[i], &fresh[j], paths[j])) {
			free(fresh[j].path);
			fresh[j] = p->ents[i];
			p->ents[i].path = NULL;
			i++;
			j++;
		} else if (i < p->n && (j >= n || p->ents[i].mod.start <= fresh[j].mod.start)) {
			err = emit_unmap(m, pid, &p->ents[i], ts);
			i++;
		} else {
			err = complete_entry(m, pid, &fresh[j], paths[j]);
			if (err == 0)
				err = emit_map(m, pid, &fresh[j], ts);
			j++;
		}
	}
	/* Entries not reached because of a sink error still need their path. */
	for (; j < n; j++)
		if (fresh[j].path == NULL)
			complete_entry(m, pid, &fresh[j], paths[j]);
	free_ents(p);
	free(p->ents);
	p->ents = fresh;
	p->n = n;
	p->cap = n;
	free(paths);
	return err;
}

int rec_maps_add(struct rec_maps *m, pid_t pid, uint64_t start, uint64_t end, uint64_t offset,
                 uint32_t prot, const char *path, uint64_t ts)
{
	struct proc_maps *p = get_proc(m, pid);
	struct map_ent e;
	struct stat st;
	size_t i = 0, k = 0;
	int err = 0;

	memset(&e, 0, sizeof(e));
	e.mod.start = start;
	e.mod.end = end;
	e.mod.offset = offset;
	e.prot = prot;
	if (path && path[0] == '/' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		e.dev = st.st_dev;
		e.inode = st.st_ino;
	} else {
		path = "[unknown]";
	}
	/* What the new mapping covers is gone (MAP_FIXED over an older one). */
	for (i = 0; i < p->n; i++) {
		struct map_ent *o = &p->ents[i];
		if (o->mod.start < end && start < o->mod.end) {
			if (err == 0)
				err = emit_unmap(m, pid, o, ts);
			free(o->path);
			continue;
		}
		p->ents[k++] = *o;
	}
	p->n = k;
	err = err ? err : complete_entry(m, pid, &e, path);
	if (e.path != NULL && e.mod.elf_ctx == NULL) { /* not that file any more, or not ELF */
		free(e.path);
		e.path = NULL;
		e.dev = e.inode = 0;
	}
	if (e.path == NULL)
		e.path = xstrdup(e.mod.elf_ctx ? path : "[unknown]");
	e.mod.path = e.path;
	if (err == 0)
		err = emit_map(m, pid, &e, ts);
	xgrow((void **)&p->ents, &p->cap, p->n + 1, sizeof(*p->ents));
	for (i = p->n; i > 0 && p->ents[i - 1].mod.start > start; i--)
		p->ents[i] = p->ents[i - 1];
	p->ents[i] = e;
	p->n++;
	p->last = 0;
	return err;
}

void rec_maps_exec(struct rec_maps *m, pid_t pid)
{
	struct proc_maps *p = find_proc(m, pid);

	if (p != NULL) {
		close_maps_fd(p); /* it describes the old address space */
		free_ents(p);
	}
}

int rec_maps_fork(struct rec_maps *m, pid_t parent, pid_t child, uint64_t ts)
{
	struct proc_maps *pp, *cp;
	int err = 0;

	if (find_proc(m, parent) == NULL || find_proc(m, parent)->n == 0)
		return rec_maps_sync(m, child, ts);
	get_proc(m, child); /* may move the procs array: look both up after */
	pp = find_proc(m, parent);
	cp = find_proc(m, child);
	close_maps_fd(cp);
	free_ents(cp);
	xgrow((void **)&cp->ents, &cp->cap, pp->n, sizeof(*cp->ents));
	for (size_t i = 0; i < pp->n; i++) {
		cp->ents[i] = pp->ents[i];
		cp->ents[i].path = xstrdup(pp->ents[i].path);
		cp->ents[i].mod.path = cp->ents[i].path;
	}
	cp->n = pp->n;
	for (size_t i = 0; i < cp->n && err == 0; i++)
		err = emit_map(m, child, &cp->ents[i], ts);
	return err;
}

void rec_maps_exit(struct rec_maps *m, pid_t pid)
{
	struct proc_maps *p = find_proc(m, pid);
	size_t idx;

	if (p == NULL)
		return;
	idx = (size_t)(p - m->procs);
	close_maps_fd(p);
	free_ents(p);
	free(p->ents);
	m->procs[idx] = m->procs[--m->nprocs];
	m->last_proc = 0;
}

const struct rec_module *rec_maps_find(struct rec_maps *m, pid_t pid, uint64_t pc)
{
	struct proc_maps *p = find_proc(m, pid);
	size_t lo = 0, hi;

	if (p == NULL || p->n == 0)
		return NULL;
	if (p->last < p->n && pc >= p->ents[p->last].mod.start && pc < p->ents[p->last].mod.end)
		return &p->ents[p->last].mod;
	hi = p->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct rec_module *mod = &p->ents[mid].mod;

		if (pc < mod->start)
			hi = mid;
		else if (pc >= mod->end)
			lo = mid + 1;
		else {
			p->last = mid;
			return mod;
		}
	}
	return NULL;
}

unsigned rec_maps_count(struct rec_maps *m, pid_t pid)
{
	struct proc_maps *p = find_proc(m, pid);

	return p != NULL ? (unsigned)p->n : 0;
}

bool rec_maps_syscall_changes(long nr, const uint64_t *args, int64_t ret)
{
	if (trace_ret_is_error(ret))
		return false;
	switch (nr) {
	case SYS_mmap:
		/* PROT_EXEC maps code; MAP_FIXED can replace code (dlopen maps over its
		 * reservation). */
		return (args[2] & PROT_EXEC) || (args[3] & MAP_FIXED);
	case SYS_mprotect:
	case SYS_pkey_mprotect:
	case SYS_munmap:
	case SYS_mremap:
	case SYS_execve:
	case SYS_execveat:
	case SYS_shmat:
	case SYS_remap_file_pages:
		return true;
	default:
		return false;
	}
}

static bool overlaps_exec(struct rec_maps *m, pid_t pid, uint64_t start, uint64_t len)
{
	struct proc_maps *p = find_proc(m, pid);
	uint64_t end = start + len;

	if (p == NULL)
		return true;
	for (size_t i = 0; i < p->n; i++)
		if (p->ents[i].mod.start < end && start < p->ents[i].mod.end)
			return true;
	return false;
}

bool rec_maps_syscall_changes_in(struct rec_maps *m, pid_t pid, long nr, const uint64_t *args,
                                 int64_t ret)
{
	if (!rec_maps_syscall_changes(nr, args, ret))
		return false;
	switch (nr) {
	case SYS_mmap:
		return (args[2] & PROT_EXEC) || overlaps_exec(m, pid, (uint64_t)ret, args[1]);
	case SYS_mprotect:
	case SYS_pkey_mprotect:
		return (args[2] & PROT_EXEC) || overlaps_exec(m, pid, args[0], args[1]);
	case SYS_munmap:
	case SYS_mremap:
		return overlaps_exec(m, pid, args[0], args[1]);
	default:
		return true;
	}
}
