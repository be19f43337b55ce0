/* Symbolizer test subject: a PIE executable with an always-inlined helper and a
 * call into a shared library. With the argument "wait" it prints "ready" and
 * blocks reading stdin, so a test can read its /proc/PID/maps. */
// link: symlib
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "linger.h"

int symlib_write(int fd, const char *msg);
int sym_pie_work(int n);

static inline __attribute__((always_inline)) int sym_inline_twice(int x)
{
	return x * 2; /* @sym:inline_body */
}

__attribute__((noinline)) int sym_pie_work(int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += sym_inline_twice(i);
	symlib_write(1, "pie\n"); /* @sym:pie_call_lib */
	return total;             /* @sym:pie_return */
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "wait")) {
		char c;
		printf("ready\n");
		fflush(stdout);
		return (int)read(0, &c, 1) < 0; /* @sym:pie_wait */
	}
	int r = sym_pie_work(3) == 6 ? 0 : 1; /* @sym:pie_main_call */
	linger();
	return r;
}
