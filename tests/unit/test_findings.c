/* Unit tests for analyze/findings: the path table keys a lookup by the whole
 * path and the directory it is relative to (two paths are one entry only when
 * they are equal, however long, and one relative path in two working
 * directories is two files). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <string.h>

#include "analyze/findings/findings.h"
#include "libtrace/trace_syscalls.h"

static void add_open(struct findings *f, const char *path, int64_t ret)
{
	struct trace_syscall s = {.tid = 7, .pid = 7, .duration = 1000, .ret = ret, .npayloads = 1};
	s.nr = (uint16_t)trace_syscall_by_name("openat");
	s.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	s.payloads[0] = (struct trace_payload){.arg = 1,
	                                       .kind = TPAY_STRING,
	                                       .len = (uint32_t)strlen(path),
	                                       .full_len = strlen(path),
	                                       .data = (const uint8_t *)path};
	findings_add(f, &s, s.duration, 0);
}

static void add_chdir(struct findings *f)
{
	struct trace_syscall s = {.tid = 7, .pid = 7, .duration = 1000};
	s.nr = (uint16_t)trace_syscall_by_name("chdir");
	findings_add(f, &s, s.duration, 0);
}

static const struct finding *repeated_open(struct findings *f)
{
	unsigned n = 0;
	const struct finding *v = findings_compute(f, &n);
	for (unsigned i = 0; i < n; i++)
		if (v[i].kind == FK_REPEATED_OPEN)
			return &v[i];
	return NULL;
}

Test(findings, long_paths_equal_in_their_first_bytes_stay_apart)
{
	char a[1001], b[1001];
	memset(a, 'x', 1000);
	a[0] = '/';
	a[1000] = '\0';
	memcpy(b, a, sizeof(b));
	b[999] = 'y'; /* differ past the 255 bytes shown */
	struct findings *f = findings_new();
	for (int i = 0; i < 150; i++) {
		add_open(f, a, 3);
		add_open(f, b, 3);
	}
	const struct finding *x = repeated_open(f);
	cr_assert_not_null(x);
	cr_expect_eq(x->count, 2, "two paths, not %llu", (unsigned long long)x->count);
	cr_expect_eq(x->calls, 300);
	cr_expect_eq(x->example, 150);
	cr_expect_eq(strlen(x->subject), 255, "the shown path is cut to 255 bytes");
	cr_expect_eq(strncmp(x->subject, a, 255), 0);
	findings_free(f);
}

Test(findings, relative_path_in_two_working_directories_is_two_files)
{
	struct findings *f = findings_new();
	for (int i = 0; i < 100; i++)
		add_open(f, "data.bin", 3);
	add_chdir(f);
	for (int i = 0; i < 100; i++)
		add_open(f, "data.bin", 3);
	for (int i = 0; i < 100; i++)
		add_open(f, "/data.bin", 3);
	const struct finding *x = repeated_open(f);
	cr_assert_not_null(x);
	cr_expect_eq(x->count, 3);
	cr_expect_str_eq(x->subject, "data.bin");
	findings_free(f);
}

Test(findings, a_path_longer_than_the_kernel_takes_is_not_tracked)
{
	static char p[5000];
	memset(p, 'z', sizeof(p) - 1);
	p[0] = '/';
	struct findings *f = findings_new();
	for (int i = 0; i < 150; i++)
		add_open(f, p, -36 /* ENAMETOOLONG */);
	cr_expect_null(repeated_open(f));
	findings_free(f);
}
