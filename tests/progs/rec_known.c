/*
 * rec_known.c - a program whose system calls are known: the recorder's
 * counts are checked against strace -f -c on it. Usage:
 *   rec_known [EXIT_CODE]        fixed calls, then exit with EXIT_CODE (default 0)
 *   rec_known --signal SIGNO     fixed calls, then die by signal SIGNO
 *   rec_known --marker FILE      create FILE first (to see whether it ran)
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROUNDS 5

static void known_calls(void)
{
	char buf[64];

	for (int i = 0; i < ROUNDS; i++) {
		int fd = open("/etc/hostname", O_RDONLY);
		if (fd >= 0) {
			(void)read(fd, buf, sizeof(buf));
			close(fd);
		}
		int out = open("/dev/null", O_WRONLY);
		if (out >= 0) {
			(void)write(out, "hello, renacer\n", 15);
			close(out);
		}
		(void)getppid();
	}
	(void)open("/nonexistent/renacer-test", O_RDONLY); /* fails: ENOENT */
	/* Bad pointers: the calls fail with EFAULT, the recorder cannot read them. */
	const char *volatile bad = (const char *)8;
	(void)open(bad, O_RDONLY);
	(void)write(1, bad, 10);
	struct stat st;
	(void)stat("/", &st);
}

int main(int argc, char **argv)
{
	int code = 0, sig = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--signal") && i + 1 < argc) {
			sig = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--marker") && i + 1 < argc) {
			int fd = open(argv[++i], O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd >= 0)
				close(fd);
		} else {
			code = atoi(argv[i]);
		}
	}
	known_calls();
	if (sig)
		kill(getpid(), sig);
	return code;
}
