// Unwinder test subject: g() raises SIGUSR1 and the handler opens argv[1]
// at the UNW_SITE line, so the stack crosses the signal trampoline:
// handler <- __restore_rt <- raise <- g <- main.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static const char *marker = "/unw-marker";

int g(void);

static void on_usr1(int sig)
{
	int fd = open(marker, O_RDONLY); /* UNW_SITE */
	if (fd >= 0)
		close(fd);
	(void)sig;
}

__attribute__((noinline)) int g(void)
{
	int r = raise(SIGUSR1);
	return r;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		marker = argv[1];
	signal(SIGUSR1, on_usr1);
	return g();
}
