// Unwinder test subject: f() asks the vDSO for CLOCK_PROCESS_CPUTIME_ID,
// which the vDSO cannot answer itself: its fallback makes the system call
// from inside the vDSO, at the UNW_SITE line's call.
#include <time.h>

int f(void);

__attribute__((noinline)) int f(void)
{
	struct timespec ts;
	int r = clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* UNW_SITE */
	return r;
}

int main(void)
{
	return f();
}
