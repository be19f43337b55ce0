/*
 * rec_ring.c - the flight recorder's subject: three phases of 200 one-byte
 * writes to /dev/null, with one slow call between the first two (an 80 ms
 * nanosleep: latency(nanosleep)>50ms fires there) and one failed call
 * between the last two (connect to a UNIX socket path that does not exist:
 * errors(connect)>0 fires there).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void writes(int fd, int n)
{
	for (int i = 0; i < n; i++)
		(void)write(fd, "x", 1); /* ring: the writes */
}

int main(void)
{
	int fd = open("/dev/null", O_WRONLY);
	struct timespec slow = {0, 80 * 1000 * 1000};
	struct sockaddr_un sa;

	if (fd < 0)
		return 1;
	writes(fd, 200);
	nanosleep(&slow, NULL); /* ring: the slow call */
	writes(fd, 200);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/nonexistent/renacer-ring-%d", (int)getpid());
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s >= 0 &&
	    connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0) /* ring: the failed call */
		return 2;
	writes(fd, 200);
	return 0;
}
