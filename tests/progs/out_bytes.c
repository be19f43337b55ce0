// out_bytes: system calls whose strings hold every kind of byte: a path with
// invalid UTF-8, control bytes, quotes and backslashes, a buffer of all 256
// byte values, for the JSON output tests.
#include <fcntl.h>
#include <unistd.h>

int main(void)
{
	static const char path[] = "/nonexistent-\xff\xfe-\x01\x1f-\"q\"-\\-\xc3\xa9-\xed\xa0\x80";
	unsigned char buf[256];
	for (int i = 0; i < 256; i++)
		buf[i] = (unsigned char)i;
	(void)open(path, O_RDONLY); /* OUT_BYTES_OPEN */
	int fd = open("/dev/null", O_WRONLY);
	if (fd < 0)
		return 1;
	if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) /* OUT_BYTES_WRITE */
		return 1;
	close(fd);
	return 0;
}
