/* Shared library for the symbolizer tests: a syscall made from a library. */
#include <string.h>
#include <unistd.h>

int symlib_write(int fd, const char *msg);

int symlib_write(int fd, const char *msg)
{
	return (int)write(fd, msg, strlen(msg)); /* @sym:lib_write */
}
