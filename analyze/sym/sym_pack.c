/*
 * sym_pack.c - writing and extracting packs: a zstd stream of a ustar
 * archive (written by us: a header block per member, data padded to 512
 * bytes, two zero blocks at the end), members named after build-ids.
 */
#include "analyze/sym/sym_pack.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "analyze/sym/sym_find.h"
#include "format/fmt_reader.h"
#include "libtrace/trace_outfile.h"
#include "libtrace/trace_strbuf.h"
#include "libtrace/trace_util.h"

#define BLOCK 512

/* --- the compressed tar stream ------------------------------------------------ */

struct tar_out {
	int fd;
	ZSTD_CCtx *z;
	unsigned char obuf[1 << 16];
	uint64_t bytes_out;
	int err; /* errno of the first failure */
};

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int tar_put(struct tar_out *t, const void *data, size_t len, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer in = {data, len, 0};
	for (;;) {
		ZSTD_outBuffer out = {t->obuf, sizeof(t->obuf), 0};
		size_t left = ZSTD_compressStream2(t->z, &out, &in, mode);
		if (ZSTD_isError(left)) {
			t->err = EIO;
			return -1;
		}
		if (out.pos && write_all(t->fd, t->obuf, out.pos) < 0) {
			t->err = errno ? errno : EIO;
			return -1;
		}
		t->bytes_out += out.pos;
		if (mode == ZSTD_e_end ? left == 0 : in.pos == in.size)
			return 0;
	}
}

static void octal(char *field, size_t width, uint64_t v)
{
	snprintf(field, width, "%0*llo", (int)width - 1, (unsigned long long)v);
}

/* One member: header, data, padding. */
static int tar_member(struct tar_out *t, const char *name, const void *data, uint64_t size, int fd)
{
	unsigned char h[BLOCK] = {0};
	if (strlen(name) >= 100)
		return -1;
	memcpy(h, name, strlen(name));
	octal((char *)h + 100, 8, 0644);
	octal((char *)h + 108, 8, 0);
	octal((char *)h + 116, 8, 0);
	octal((char *)h + 124, 12, size);
	octal((char *)h + 136, 12, 0);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	if (tar_put(t, h, BLOCK, ZSTD_e_continue) < 0)
		return -1;
	if (data && tar_put(t, data, size, ZSTD_e_continue) < 0)
		return -1;
	for (uint64_t done = 0; fd >= 0 && done < size;) {
		char buf[1 << 16];
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (uint64_t)n > size - done) {
			t->err = n < 0 ? errno : EIO; /* the file changed while packed */
			return -1;
		}
		if (tar_put(t, buf, (size_t)n, ZSTD_e_continue) < 0)
			return -1;
		done += (uint64_t)n;
	}
	static const unsigned char zero[BLOCK];
	size_t pad = (size_t)((BLOCK - size % BLOCK) % BLOCK);
	return pad ? tar_put(t, zero, pad, ZSTD_e_continue) : 0;
}

/* A member from a file on disk. */
static int tar_file(struct tar_out *t, const char *name, const char *path, uint64_t *bytes)
{
	int fd = trace_open_regular(path);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		t->err = errno;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = tar_member(t, name, NULL, (uint64_t)st.st_size, fd);
	close(fd);
	*bytes += (uint64_t)st.st_size;
	return rc;
}

/* --- what the trace references ----------------------------------------------- */

struct pack_module {
	uint8_t bid[TRACE_BUILD_ID_MAX];
	unsigned bid_len;
	char *path;
	uint64_t dev, inode;
	uint8_t *image; /* a saved image (vDSO), or NULL */
	uint64_t image_size;
};

struct pack_list {
	struct pack_module *m;
	size_t n, cap;
	unsigned no_build_id;
};

static struct pack_module *list_find(struct pack_list *l, const uint8_t *bid, unsigned len)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->m[i].bid_len == len && memcmp(l->m[i].bid, bid, len) == 0)
			return &l->m[i];
	return NULL;
}

static struct pack_module *list_add(struct pack_list *l, const uint8_t *bid, unsigned len)
{
	struct pack_module *m = list_find(l, bid, len);
	if (m)
		return m;
	xgrow((void **)&l->m, &l->cap, l->n + 1, sizeof(*l->m));
	m = &l->m[l->n++];
	memset(m, 0, sizeof(*m));
	memcpy(m->bid, bid, len);
	m->bid_len = len;
	return m;
}

static void list_free(struct pack_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->m[i].path);
		free(l->m[i].image);
	}
	free(l->m);
}

static int collect(const char *trace_path, struct pack_list *l, char *err, size_t errlen)
{
	struct fmt_reader *rd = NULL;
	struct trace_record rec;
	int st;
	if (fmt_reader_open(&rd, trace_path, err, errlen) != FMT_OK) {
		if (!err[0])
			snprintf(err, errlen, "%s: cannot read this trace", trace_path);
		return -1;
	}
	while ((st = fmt_reader_next(rd, &rec)) == FMT_OK) {
		if (rec.type == TREC_MODULE_MAP) {
			const struct trace_module *mm = &rec.u.map;
			if (!mm->build_id_len) {
				if (mm->path && mm->path[0] == '/')
					l->no_build_id++;
				continue;
			}
			struct pack_module *m = list_add(l, mm->build_id, mm->build_id_len);
			if (!m->path && mm->path && mm->path[0] == '/') {
				m->path = xstrdup(mm->path);
				m->dev = mm->dev;
				m->inode = mm->inode;
			}
		} else if (rec.type == TREC_IMAGE && rec.u.image.build_id_len && rec.u.image.size) {
			const struct trace_image *im = &rec.u.image;
			struct pack_module *m = list_add(l, im->build_id, im->build_id_len);
			if (!m->image) {
				m->image = xmalloc(im->size);
				memcpy(m->image, im->data, im->size);
				m->image_size = im->size;
			}
		}
	}
	fmt_reader_close(rd);
	if (st != FMT_EOF && st != FMT_OK)
		pr_warn("%s: the trace is damaged; packing the modules of what could be read",
		        trace_path);
	return 0;
}

/* --- writing ---------------------------------------------------------------------- */

static void member_name(char *buf, size_t len, const struct pack_module *m, bool debug)
{
	char hex[2 * TRACE_BUILD_ID_MAX + 1];
	sym_build_id_hex(m->bid, m->bid_len, hex);
	snprintf(buf, len, ".build-id/%.2s/%s%s", hex, hex + 2, debug ? ".debug" : "");
}

/* The files of every module: elf[i] and dbg[i] (NULL when none). */
static void find_files(const struct pack_list *l, const struct sym_options *so, char **elf,
                       char **dbg, struct sym_pack_stats *st)
{
	struct sym_finder *f = sym_finder_new((const char *const *)so->debug_dirs, so->ndebug_dirs,
	                                      so->sysroot, so->system_debug_dir);
	for (size_t i = 0; i < l->n; i++) {
		const struct pack_module *m = &l->m[i];
		struct sym_found fd = {0};
		if (m->path &&
		    sym_find(f, m->bid, m->bid_len, m->path, m->dev, m->inode, &fd) == 0) {
			elf[i] = fd.elf_path ? xstrdup(fd.elf_path) : NULL;
			if (fd.debug_path &&
			    (!fd.elf_path || strcmp(fd.debug_path, fd.elf_path) != 0))
				dbg[i] = xstrdup(fd.debug_path);
		}
		sym_found_clear(&fd);
		if (!elf[i] && !dbg[i] && !m->image) {
			st->missing++;
			if (!so->quiet)
				pr_warn("%s: no file with its build-id found: not packed",
				        m->path ? m->path : "(module without a path)");
		}
	}
	sym_finder_free(f);
}

static void put_manifest(struct strbuf *sb, const struct pack_list *l, char **elf, char **dbg)
{
	char name[160];
	sb_puts(sb, "renacer-pack/1\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct pack_module *m = &l->m[i];
		member_name(name, sizeof(name), m, false);
		if (elf[i] || m->image)
			sb_printf(sb, "%s %s %s\n", m->image && !elf[i] ? "image" : "elf", name,
			          m->path ? m->path : "[vdso]");
		member_name(name, sizeof(name), m, true);
		if (dbg[i])
			sb_printf(sb, "debug %s %s\n", name, dbg[i]);
	}
}

static int write_members(struct tar_out *t, const struct pack_list *l, char **elf, char **dbg,
                         struct sym_pack_stats *st)
{
	struct strbuf man = STRBUF_INIT;
	char name[160];
	put_manifest(&man, l, elf, dbg);
	int rc = tar_member(t, "MANIFEST", man.buf, man.len, -1);
	sb_free(&man);
	for (size_t i = 0; i < l->n && rc == 0; i++) {
		const struct pack_module *m = &l->m[i];
		member_name(name, sizeof(name), m, false);
		if (elf[i]) {
			rc = tar_file(t, name, elf[i], &st->bytes_in);
			st->elf_files++;
		} else if (m->image) {
			rc = tar_member(t, name, m->image, m->image_size, -1);
			st->bytes_in += m->image_size;
			st->images++;
		}
		member_name(name, sizeof(name), m, true);
		if (rc == 0 && dbg[i]) {
			rc = tar_file(t, name, dbg[i], &st->bytes_in);
			st->debug_files++;
		}
	}
	static const unsigned char end[2 * BLOCK];
	if (rc == 0)
		rc = tar_put(t, end, sizeof(end), ZSTD_e_end);
	return rc;
}

int sym_pack_write(const char *trace_path, const char *out_path, const struct sym_options *so,
                   struct sym_pack_stats *st, char *err, size_t errlen)
{
	struct pack_list l = {0};
	memset(st, 0, sizeof(*st));
	err[0] = '\0';
	if (collect(trace_path, &l, err, errlen) < 0)
		return -2;
	st->modules = (unsigned)l.n;
	st->no_build_id = l.no_build_id;
	char **elf = xcalloc(l.n + 1, sizeof(*elf)), **dbg = xcalloc(l.n + 1, sizeof(*dbg));
	find_files(&l, so, elf, dbg, st);
	struct trace_outfile of;
	int rc = -1;
	struct tar_out *t = xcalloc(1, sizeof(*t));
	if (trace_outfile_open(&of, out_path, 0, err, errlen) == 0) {
		t->fd = of.fd;
		t->z = ZSTD_createCCtx();
		if (t->z)
			ZSTD_CCtx_setParameter(t->z, ZSTD_c_compressionLevel, 6);
		rc = t->z ? write_members(t, &l, elf, dbg, st) : -1;
		if (rc < 0) {
			snprintf(err, errlen, "%s: %s", out_path, strerror(t->err ? t->err : EIO));
			trace_outfile_abort(&of);
		} else {
			rc = trace_outfile_commit(&of, err, errlen);
		}
		ZSTD_freeCCtx(t->z);
	}
	st->bytes_out = t->bytes_out;
	free(t);
	for (size_t i = 0; i < l.n; i++) {
		free(elf[i]);
		free(dbg[i]);
	}
	free(elf);
	free(dbg);
	list_free(&l);
	return rc;
}

/* --- extracting --------------------------------------------------------------------- */

struct tar_in {
	const char *dir;
	unsigned char hdr[BLOCK];
	size_t hlen;        /* bytes of hdr filled */
	uint64_t left, pad; /* data bytes of the current member still to come, then padding */
	int fd;             /* where the current member's data goes, or -1 */
	bool ended;         /* the end-of-archive block was seen */
	char *err;
	size_t errlen;
};

/* A member name we accept: MANIFEST, or .build-id/xx/HEX or .build-id/xx/HEX.debug. */
static bool name_ok(const char *n)
{
	if (strcmp(n, "MANIFEST") == 0)
		return true;
	if (strncmp(n, ".build-id/", 10) != 0)
		return false;
	const char *p = n + 10;
	for (int i = 0; i < 2; i++, p++)
		if (!strchr("0123456789abcdef", *p) || !*p)
			return false;
	if (*p++ != '/')
		return false;
	size_t hex = strspn(p, "0123456789abcdef");
	return hex >= 2 && (p[hex] == '\0' || strcmp(p + hex, ".debug") == 0);
}

static uint64_t parse_octal(const unsigned char *f, size_t width, bool *ok)
{
	uint64_t v = 0;
	size_t i = 0;
	while (i < width && f[i] == ' ')
		i++;
	for (; i < width && f[i] >= '0' && f[i] <= '7'; i++)
		v = v * 8 + (uint64_t)(f[i] - '0');
	if (i < width && f[i] != '\0' && f[i] != ' ')
		*ok = false;
	return v;
}

/* Opens the member's file under dir (its .build-id/xx folder made first). */
static int open_member(struct tar_in *t, const char *name)
{
	char *path = xasprintf("%s/%s", t->dir, name);
	if (strncmp(name, ".build-id/", 10) == 0) {
		char *sub = xasprintf("%s/.build-id", t->dir);
		mkdir(sub, 0700);
		free(sub);
		sub = xasprintf("%s/%.13s", t->dir, name);
		mkdir(sub, 0700);
		free(sub);
	}
	t->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (t->fd < 0)
		snprintf(t->err, t->errlen, "%s: %s", path, strerror(errno));
	free(path);
	return t->fd < 0 ? -1 : 0;
}

static int take_header(struct tar_in *t)
{
	static const unsigned char zero[BLOCK];
	if (memcmp(t->hdr, zero, BLOCK) == 0) {
		t->ended = true;
		return 0;
	}
	bool ok = memcmp(t->hdr + 257, "ustar", 5) == 0;
	unsigned sum = 0;
	for (int i = 0; i < BLOCK; i++)
		sum += i >= 148 && i < 156 ? ' ' : t->hdr[i];
	ok = ok && parse_octal(t->hdr + 148, 8, &ok) == sum;
	uint64_t size = parse_octal(t->hdr + 124, 12, &ok);
	char name[101];
	memcpy(name, t->hdr, 100);
	name[100] = '\0';
	if (!ok || (t->hdr[156] != '0' && t->hdr[156] != '\0') || t->hdr[345] != '\0') {
		snprintf(t->err, t->errlen, "not a renacer pack (bad archive header)");
		return -1;
	}
	if (!name_ok(name)) {
		snprintf(t->err, t->errlen, "unexpected member '%.100s' refused", name);
		return -1;
	}
	t->left = size;
	t->pad = (BLOCK - size % BLOCK) % BLOCK;
	return open_member(t, name);
}

/* Takes decompressed bytes. */
static int tar_feed(struct tar_in *t, const unsigned char *p, size_t n)
{
	while (n) {
		if (t->ended) {
			return 0; /* zero padding after the end blocks */
		} else if (t->left) {
			size_t k = n < t->left ? n : (size_t)t->left;
			if (write_all(t->fd, p, k) < 0) {
				snprintf(t->err, t->errlen, "extracting: %s", strerror(errno));
				return -1;
			}
			t->left -= k;
			p += k;
			n -= k;
		} else if (t->pad) {
			size_t k = n < t->pad ? n : (size_t)t->pad;
			t->pad -= k;
			p += k;
			n -= k;
		} else {
			if (t->fd >= 0) {
				close(t->fd);
				t->fd = -1;
			}
			size_t k = BLOCK - t->hlen < n ? BLOCK - t->hlen : n;
			memcpy(t->hdr + t->hlen, p, k);
			t->hlen += k;
			p += k;
			n -= k;
			if (t->hlen == BLOCK) {
				t->hlen = 0;
				if (take_header(t) < 0)
					return -1;
			}
		}
	}
	return 0;
}

static int extract_stream(int in, struct tar_in *t, const char *path)
{
	ZSTD_DCtx *z = ZSTD_createDCtx();
	static unsigned char ibuf[1 << 16], obuf[1 << 17];
	ssize_t n;
	int rc = z ? 0 : -1;
	size_t last = 0;
	while (rc == 0 && (n = read(in, ibuf, sizeof(ibuf))) > 0) {
		ZSTD_inBuffer zi = {ibuf, (size_t)n, 0};
		while (rc == 0 && zi.pos < zi.size) {
			ZSTD_outBuffer zo = {obuf, sizeof(obuf), 0};
			last = ZSTD_decompressStream(z, &zo, &zi);
			if (ZSTD_isError(last)) {
				snprintf(t->err, t->errlen, "%s: not a renacer pack (%s)", path,
				         ZSTD_getErrorName(last));
				rc = -1;
			} else {
				rc = tar_feed(t, obuf, zo.pos);
			}
		}
	}
	if (rc == 0 && (last != 0 || !t->ended || t->left))
		rc = -1, snprintf(t->err, t->errlen, "%s: the pack is cut short", path);
	ZSTD_freeDCtx(z);
	if (t->fd >= 0)
		close(t->fd);
	return rc;
}

int sym_pack_extract(const char *path, char **dir, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char *d = xasprintf("%s/renacer-pack.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	*dir = NULL;
	int in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(d);
		return -1;
	}
	/* Made and registered for removal on SIGINT/SIGTERM... with those
	 * signals blocked, so that no kill leaves it behind. */
	sigset_t saved;
	trace_outfile_block_fatal(&saved);
	bool made = mkdtemp(d) != NULL;
	int made_errno = errno;
	bool registered = made && trace_outfile_register_tree(d) == 0;
	sigprocmask(SIG_SETMASK, &saved, NULL);
	if (!registered) {
		if (made)
			rmdir(d);
		snprintf(err, errlen, "cannot make a temporary directory for %s: %s", path,
		         made ? "too many at once" : strerror(made_errno));
		close(in);
		free(d);
		return -1;
	}
	char msg[512] = "";
	struct tar_in t = {.dir = d, .fd = -1, .err = msg, .errlen = sizeof(msg)};
	int rc = extract_stream(in, &t, path);
	close(in);
	if (rc < 0) {
		snprintf(err, errlen, "%s%s%s", strncmp(msg, path, strlen(path)) ? path : "",
		         strncmp(msg, path, strlen(path)) ? ": " : "", msg);
		sym_pack_remove(d);
		free(d);
		return -1;
	}
	*dir = d;
	return 0;
}

void sym_pack_remove(const char *dir)
{
	trace_outfile_remove_tree(dir);
	trace_outfile_forget_tree(dir);
}
