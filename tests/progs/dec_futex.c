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
	syscall(SYS_futex, &f, 0x7f, 1, NULL, NULL, HI(-2)); /* val3 of an unknown op in hex */
	syscall(SYS_futex, &f, FUTEX_REQUEUE, 1, (void *)HI(-3), &f, 0); /* val2: u32 */
	syscall(SYS_futex, &f, FUTEX_CMP_REQUEUE, 1, 2, &f, HI(-4));
	f = 0;
	syscall(SYS_futex, &f, FUTEX_WAKE_OP_PRIVATE, 1, 1, &f,
	        FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 0));
	syscall(SYS_futex, &f, FUTEX_WAKE_OP, 1, 0, &f,
	        0xf7fff00fu); /* OPARG_SHIFT, unknown op and cmp */
	syscall(SYS_futex, &f, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0);
	syscall(SYS_futex, &f, FUTEX_FD | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
	syscall(SYS_get_robust_list, HI(0), &head, &len);
	syscall(SYS_get_robust_list, 0, BAD, &len);
	syscall(SYS_set_robust_list, head, HI(len));
	dec_end();
	return 0;
}
