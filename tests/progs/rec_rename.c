/*
 * rec_rename.c - threads renamed after their first calls, each followed by
 * a marker call of the renamed thread: the main thread names itself with
 * prctl(PR_SET_NAME) (getpid), a second thread names itself with
 * pthread_setname_np (getppid), the main thread renames that thread
 * (pthread_setname_np of another thread: a write to
 * /proc/self/task/TID/comm; getuid), then renames itself by writing
 * /proc/self/comm (getgid).
 */
#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int to_main[2], to_worker[2];

static void *worker(void *arg)
{
	char c;

	(void)arg;
	pthread_setname_np(pthread_self(), "rn-self");
	syscall(SYS_getppid);
	(void)!write(to_main[1], "r", 1);
	(void)!read(to_worker[0], &c, 1);
	syscall(SYS_getuid);
	return NULL;
}

int main(void)
{
	pthread_t th;
	char c;

	if (pipe(to_main) < 0 || pipe(to_worker) < 0)
		return 1;
	prctl(PR_SET_NAME, "rn-main");
	syscall(SYS_getpid);
	if (pthread_create(&th, NULL, worker, NULL) != 0)
		return 1;
	(void)!read(to_main[0], &c, 1);
	if (pthread_setname_np(th, "rn-other") != 0)
		return 1;
	(void)!write(to_worker[1], "g", 1);
	pthread_join(th, NULL);
	int fd = open("/proc/self/comm", O_WRONLY);
	if (fd < 0 || write(fd, "rn-proc", 7) != 7)
		return 1;
	close(fd);
	syscall(SYS_getgid);
	return 0;
}
