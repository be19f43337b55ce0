/*
 * file_mmap.c - the summary's page-fault note (file_mmap.h).
 */
#include "analyze/report/file_mmap.h"

#include <string.h>
#include <sys/mman.h>

#include "libtrace/trace_syscalls.h"

static const char cache_name[] = "ld.so.cache"; /* glibc's /etc/ld.so.cache */

void file_mmap_init(struct file_mmap *fm)
{
	memset(fm, 0, sizeof(*fm));
	fm->nr_mmap = trace_syscall_by_name("mmap");
	fm->nr_open = trace_syscall_by_name("open");
	fm->nr_openat = trace_syscall_by_name("openat");
	fm->nr_close = trace_syscall_by_name("close");
	for (unsigned i = 0; i < FILE_MMAP_CACHE_FDS; i++)
		fm->cache[i].fd = -1;
}

/* Whether the path argument arg of s was recorded whole and names the cache. */
static bool names_cache(const struct trace_syscall *s, unsigned arg)
{
	size_t n = sizeof(cache_name) - 1;

	for (unsigned i = 0; i < s->npayloads; i++) {
		const struct trace_payload *p = &s->payloads[i];
		if (p->arg != arg || p->kind != TPAY_STRING || (p->flags & TPAYF_UNREADABLE) ||
		    p->len != p->full_len || p->len < n || !p->data)
			continue;
		const char *tail = (const char *)p->data + p->len - n;
		return memcmp(tail, cache_name, n) == 0 && (p->len == n || tail[-1] == '/');
	}
	return false;
}

static int cache_slot(const struct file_mmap *fm, int32_t pid, int64_t fd)
{
	for (unsigned i = 0; i < FILE_MMAP_CACHE_FDS; i++)
		if (fm->cache[i].fd >= 0 && fm->cache[i].pid == pid && fm->cache[i].fd == fd)
			return (int)i;
	return -1;
}

void file_mmap_follow(struct file_mmap *fm, const struct trace_syscall *s)
{
	bool is_close = s->nr == fm->nr_close;
	bool is_open = s->nr == fm->nr_open, is_openat = s->nr == fm->nr_openat;
	/* the numbers first: every call of the trace comes here */
	if ((!is_close && !is_open && !is_openat) || trace_ret_is_error(s->ret) ||
	    !trace_syscall_returned(s))
		return;
	if (is_close) {
		int i = cache_slot(fm, s->pid, (int32_t)s->args[0]);
		if (i >= 0)
			fm->cache[i].fd = -1;
		return;
	}
	if (!names_cache(s, is_openat ? 1 : 0) || s->ret > INT32_MAX)
		return;
	int i = -1;
	for (unsigned k = 0; i < 0 && k < FILE_MMAP_CACHE_FDS; k++)
		if (fm->cache[k].fd < 0)
			i = (int)k;
	if (i < 0)
		i = (int)(fm->next++ % FILE_MMAP_CACHE_FDS);
	fm->cache[i].pid = s->pid;
	fm->cache[i].fd = (int32_t)s->ret;
}

bool file_mmap_counts(const struct file_mmap *fm, const struct trace_syscall *s, int site_in_loader)
{
	if (s->nr != fm->nr_mmap || (s->args[3] & MAP_ANONYMOUS) || (int32_t)s->args[4] < 0 ||
	    trace_ret_is_error(s->ret))
		return false;
	if (cache_slot(fm, s->pid, (int32_t)s->args[4]) >= 0)
		return false; /* the loader's cache, whoever mapped it */
	if (site_in_loader >= 0)
		return !site_in_loader;
	return !(s->args[3] & MAP_DENYWRITE);
}
