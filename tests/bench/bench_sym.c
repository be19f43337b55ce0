/*
 * bench_sym - symbolization speed. Lays out this program's own modules (from
 * /proc/self/maps, as the recorder records them), takes every statement
 * address of its line table and measures sym_frame lookups per second, first
 * uncached (each unique address resolved with libdw once) then cached, and
 * sym_attribute on stacks that start in libc.
 * Usage: bench_sym [ROUNDS]   (cached rounds over all addresses, default 20)
 */
#include <dlfcn.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "analyze/sym/sym_attr.h"
#include "analyze/sym/sym_find.h"
#include "cmd/trace_cli.h"
#include "libtrace/trace_util.h"

#define PID 1

struct layout {
	uint64_t exe_base;  /* start of this program's offset-0 mapping */
	uint64_t libc_base; /* same for libc */
};

/* Feeds the executable file mappings of this process as pid PID. */
static void feed_own_maps(struct sym_ctx *s, struct layout *lay)
{
	char exe[4096], line[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		die(1, "cannot read /proc/self/exe");
	exe[n] = '\0';
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		die(1, "cannot read /proc/self/maps");
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, end, off, ino;
		unsigned maj, min;
		char perms[5];
		int pos = 0;
		if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &start, &end, perms, &off, &maj,
		           &min, &ino, &pos) < 7 ||
		    line[pos] != '/')
			continue;
		line[strcspn(line, "\n")] = '\0';
		const char *path = line + pos;
		if (off == 0 && !strcmp(path, exe) && !lay->exe_base)
			lay->exe_base = start;
		if (off == 0 && strstr(path, "/libc.so") && !lay->libc_base)
			lay->libc_base = start;
		if (perms[2] != 'x')
			continue;
		struct trace_record r = {.type = TREC_MODULE_MAP};
		r.u.map = (struct trace_module){.pid = PID,
		                                .prot = 5,
		                                .start = start,
		                                .end = end,
		                                .offset = off,
		                                .dev = makedev(maj, min),
		                                .inode = ino,
		                                .path = path};
		int bl = sym_read_build_id(path, r.u.map.build_id, sizeof(r.u.map.build_id));
		r.u.map.build_id_len = bl > 0 ? (uint8_t)bl : 0;
		sym_feed(s, &r);
	}
	fclose(f);
}

/* Every statement address of the line table of path (ELF virtual addresses). */
static uint64_t *line_addrs(const char *path, size_t *count)
{
	int fd = open(path, O_RDONLY);
	Dwarf *dw = fd >= 0 ? dwarf_begin(fd, DWARF_C_READ) : NULL;
	if (!dw)
		die(1, "bench_sym needs its own debug info (build with -g)");
	uint64_t *addrs = NULL;
	size_t n = 0, cap = 0;
	Dwarf_Off off = 0, next;
	size_t hsize;
	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		Dwarf_Lines *lines;
		size_t nl;
		if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_getsrclines(&cu, &lines, &nl) == 0)
			for (size_t i = 0; i < nl; i++) {
				Dwarf_Addr a;
				bool stmt, end;
				Dwarf_Line *l = dwarf_onesrcline(lines, i);
				if (dwarf_lineaddr(l, &a) || dwarf_linebeginstatement(l, &stmt) ||
				    dwarf_lineendsequence(l, &end) || !stmt || end)
					continue;
				xgrow((void **)&addrs, &cap, n + 1, sizeof(*addrs));
				addrs[n++] = a;
			}
		off = next;
	}
	dwarf_end(dw);
	close(fd);
	*count = n;
	return addrs;
}

static double rate(uint64_t ops, uint64_t ns)
{
	return ns ? (double)ops * 1e9 / (double)ns : 0;
}

/* Uncached lookups over libc's own line table, when its debug file is installed. */
static void bench_libc(struct sym_ctx *s, uint64_t libc_base, void *libc)
{
	Dl_info info;
	void *write_fn = libc ? dlsym(libc, "write") : NULL;
	uint8_t bid[64];
	int bl;
	struct sym_found found;
	if (!write_fn || !dladdr(write_fn, &info) ||
	    (bl = sym_read_build_id(info.dli_fname, bid, sizeof(bid))) <= 0)
		return;
	struct sym_finder *f = sym_finder_new(NULL, 0, NULL, NULL);
	if (sym_find(f, bid, (unsigned)bl, info.dli_fname, 0, 0, &found) != 0 ||
	    !found.debug_path) {
		printf("libc:             no debug file installed, skipped\n");
		sym_found_clear(&found);
		sym_finder_free(f);
		return;
	}
	size_t n;
	uint64_t *addrs = line_addrs(found.debug_path, &n);
	size_t step = n > 20000 ? n / 20000 : 1, done = 0, lines = 0;
	struct sym_frame fr;
	uint64_t t0 = trace_mono_ns();
	for (size_t i = 0; i < n; i += step, done++)
		if (sym_frame(s, PID, libc_base + addrs[i] + 1, true, &fr) == 0 && fr.line)
			lines++;
	uint64_t t = trace_mono_ns() - t0;
	printf("libc uncached:    %.0f/s over %zu addresses of %zu (%zu with a line)\n",
	       rate(done, t), done, n, lines);
	free(addrs);
	sym_found_clear(&found);
	sym_finder_free(f);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	trace_set_progname("bench_sym");
	struct sym_options o = {0};
	struct sym_ctx *s = sym_new(&o);
	struct layout lay = {0};
	feed_own_maps(s, &lay);
	size_t n;
	uint64_t *addrs = line_addrs("/proc/self/exe", &n);
	struct sym_frame f;
	struct sym_attr a;

	uint64_t t0 = trace_mono_ns();
	sym_frame(s, PID, lay.exe_base + addrs[0] + 1, true, &f); /* opens the module */
	uint64_t t_open = trace_mono_ns() - t0;

	size_t resolved = 0;
	t0 = trace_mono_ns();
	for (size_t i = 0; i < n; i++)
		if (sym_frame(s, PID, lay.exe_base + addrs[i] + 1, true, &f) == 0 && f.line)
			resolved++;
	uint64_t t_uncached = trace_mono_ns() - t0;

	t0 = trace_mono_ns();
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i < n; i++)
			sym_frame(s, PID, lay.exe_base + addrs[i] + 1, true, &f);
	uint64_t t_cached = trace_mono_ns() - t0;

	/* Stacks as the recorder sees them: a libc frame, then program frames. */
	void *h = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	uint64_t libc_pc = h ? (uint64_t)(uintptr_t)dlsym(h, "write") + 8 : 0;
	uint64_t stack[4];
	uint64_t attributed = 0;
	t0 = trace_mono_ns();
	sym_frame(s, PID, libc_pc, true, &f); /* opens libc (and its debug file when installed) */
	uint64_t t_libc = trace_mono_ns() - t0;
	t0 = trace_mono_ns();
	for (int r = 0; r < rounds; r++)
		for (size_t i = 0; i + 2 < n; i++) {
			stack[0] = libc_pc;
			stack[1] = lay.exe_base + addrs[i] + 1;
			stack[2] = lay.exe_base + addrs[i + 1] + 1;
			stack[3] = lay.exe_base + addrs[i + 2] + 1;
			sym_attribute(s, PID, stack, 4, &a);
			attributed += a.kind == SYM_ATTR_CODE;
		}
	uint64_t t_attr = trace_mono_ns() - t0;

	bench_libc(s, lay.libc_base, h);

	struct sym_stats st;
	sym_get_stats(s, &st);
	printf("addresses:        %zu (%zu with a line)\n", n, resolved);
	printf("module open:      %.3f ms (this program), %.3f ms (libc, first lookup)\n",
	       (double)t_open / 1e6, (double)t_libc / 1e6);
	printf("uncached lookups: %.0f/s (%.2f us each)\n", rate(n, t_uncached),
	       (double)t_uncached / 1e3 / (double)n);
	printf("cached lookups:   %.0f/s\n", rate((uint64_t)rounds * n, t_cached));
	printf("attributions:     %.0f/s (4-frame stacks from libc, %llu attributed)\n",
	       rate((uint64_t)rounds * (n - 2), t_attr), (unsigned long long)attributed);
	printf("libdw resolutions: %llu, modules: %u (%u opened)\n",
	       (unsigned long long)st.symbolized, st.modules, st.modules_ready);
	free(addrs);
	sym_free(s);
	return 0;
}
