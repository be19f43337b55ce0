/* Symbolizer test subject: a non-PIE executable (fixed load address). */
// build: nopie
#include <unistd.h>
#include "linger.h"

int sym_nopie_work(int n);

__attribute__((noinline)) int sym_nopie_work(int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += i;                         /* @sym:nopie_loop */
	return (int)write(1, "nopie\n", 6) + total; /* @sym:nopie_write */
}

int main(void)
{
	int r = sym_nopie_work(4) == 12 ? 0 : 1; /* @sym:nopie_main_call */
	linger();
	return r;
}
