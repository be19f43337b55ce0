/*
 * rec_blocked.c - threads blocked in a call when a recorder attaches:
 *   rec_blocked FIFO [THREADS [filter]]
 * opens FIFO (read-write, so the open does not wait), starts THREADS
 * (default 3) threads that each read one byte from it (blocked until the
 * test writes), then make one getppid call and end. The main thread calls
 * getpid every 20 ms meanwhile (so an attached recorder has something to
 * record), joins them and exits 0. With "filter", a seccomp filter of the
 * program's own, installed before the threads start, fails getppid with
 * EPERM: the kernel decides those calls before the entry tracepoint.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int fifo;
static atomic_int done;

static void *worker(void *arg)
{
	char c;

	(void)arg;
	if (read(fifo, &c, 1) == 1)
		syscall(SYS_getppid); /* fails with EPERM under the filter */
	atomic_fetch_add(&done, 1);
	return NULL;
}

/* getppid -> EPERM, everything else allowed (x86_64 only, others killed). */
static int filter_getppid(void)
{
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(f) / sizeof(f[0]), f};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 3;
	struct timespec ts = {0, 20 * 1000 * 1000};
	pthread_t th[64];

	if (argc < 2 || n < 1 || n > 64 || (fifo = open(argv[1], O_RDWR)) < 0)
		return 2;
	if (argc > 3 && strcmp(argv[3], "filter") == 0 && filter_getppid() < 0)
		return 3;
	for (int i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, worker, NULL) != 0)
			return 1;
	while (atomic_load(&done) < n) {
		syscall(SYS_getpid);
		nanosleep(&ts, NULL);
	}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	return 0;
}
