/* dec_futex.c - futex operations, timeouts, robust lists. See dec_common.h. */
#include "dec_common.h"

#include <linux/futex.h>
#include <time.h>

int main(int argc, char **argv)
{
	static uint32_t f = 1;
	struct timespec ts = {0, 1000};
	void *head;
	size_t len;

	dec_begin(argc, argv);
	syscall(SYS_futex, &f, HI(FUTEX_WAKE_PRIVATE), HI(1), NULL, NULL, 0);
	syscall(SYS_futex, &f, HI(FUTEX_WAIT_PRIVATE), HI(0), &ts, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_WAIT, 1, &ts, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, &ts, NULL,
	        FUTEX_BITSET_MATCH_ANY);
	syscall(SYS_futex, &f, FUTEX_WAKE, HI(-1), NULL, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, &f, HI(5));
	syscall(SYS_futex, BAD, FUTEX_WAIT, 1, NULL, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_WAIT, 1, BAD, NULL, 0);
	syscall(SYS_futex, &f, 0x7f, 1, NULL, NULL, 0);
	syscall(SYS_get_robust_list, HI(0), &head, &len);
	syscall(SYS_get_robust_list, 0, BAD, &len);
	syscall(SYS_set_robust_list, head, HI(len));
	dec_end();
	return 0;
}
