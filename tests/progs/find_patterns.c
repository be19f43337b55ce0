/*
 * find_patterns.c - one performance pattern per mode, for the findings tests
 * (tests/e2e/test_findings.sh). Each call that makes the pattern is on a line
 * marked "FIND: MODE". Files go to the directory given as the second argument.
 *   find_patterns MODE DIR
 * Modes: smallio fsync restat reopen fstat mmap enoent slow tail clean
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char path[4096];

static const char *in_dir(const char *dir, const char *name)
{
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static int small_io(const char *dir)
{
	int fd = open(in_dir(dir, "small.dat"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	char rec[10] = "record 01\n";
	if (fd < 0)
		return 1;
	for (int i = 0; i < 2000; i++)
		if (write(fd, rec, sizeof(rec)) != sizeof(rec)) /* FIND: smallio */
			return 1;
	close(fd);
	return 0;
}

static int sync_each(const char *dir)
{
	int fd = open(in_dir(dir, "log.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 1;
	for (int i = 0; i < 20; i++) {
		char line[64];
		int n = snprintf(line, sizeof(line), "entry %d\n", i);
		if (write(fd, line, (size_t)n) != n)
			return 1;
		fsync(fd); /* FIND: fsync */
	}
	close(fd);
	return 0;
}

static int restat(const char *dir)
{
	struct stat st;
	int fd = open(in_dir(dir, "config.ini"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 1;
	close(fd);
	for (int i = 0; i < 200; i++)
		if (stat(path, &st) != 0) /* FIND: restat */
			return 1;
	return 0;
}

static int reopen(const char *dir)
{
	char buf[64];
	int fd = open(in_dir(dir, "table.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "a=1\n", 4) != 4)
		return 1;
	close(fd);
	for (int i = 0; i < 150; i++) {
		fd = open(path, O_RDONLY); /* FIND: reopen */
		if (fd < 0 || read(fd, buf, sizeof(buf)) < 0)
			return 1;
		close(fd);
	}
	return 0;
}

static int fstat_again(const char *dir)
{
	struct stat st;
	int fd = open(in_dir(dir, "grow.dat"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 1;
	for (int i = 0; i < 150; i++)
		if (fstat(fd, &st) != 0) /* FIND: fstat */
			return 1;
	close(fd);
	return 0;
}

#define MB      (1 << 20)
#define RW      (PROT_READ | PROT_WRITE)
#define PRIVATE (MAP_PRIVATE | MAP_ANONYMOUS)

static int map_churn(void)
{
	for (int i = 0; i < 64; i++) {
		char *p = mmap(NULL, MB, RW, PRIVATE, -1, 0); /* FIND: mmap */
		if (p == MAP_FAILED)
			return 1;
		p[0] = 1;
		munmap(p, MB);
	}
	return 0;
}

/* Looks up 8 plugins along a 6-directory search path; each is in the last. */
static int enoent_storm(const char *dir)
{
	char d[4096], f[4096];
	for (int j = 0; j < 6; j++) {
		snprintf(d, sizeof(d), "%s/dir%d", dir, j);
		mkdir(d, 0700);
	}
	for (int i = 0; i < 8; i++) {
		snprintf(f, sizeof(f), "%s/dir5/plugin%d.so", dir, i);
		int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			return 1;
		close(fd);
	}
	for (int i = 0; i < 8; i++) {
		for (int j = 0; j < 6; j++) {
			snprintf(f, sizeof(f), "%s/dir%d/plugin%d.so", dir, j, i);
			int fd = open(f, O_RDONLY); /* FIND: enoent */
			if (fd >= 0) {
				close(fd);
				break;
			}
		}
	}
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Slow reads in the tail mode. Sixteen waits of 15 ms make a tail (p99 far
 * above p50) in which no single read can reach half of all read time unless
 * the machine delays it by more than the other fifteen waits together
 * (225 ms), so a loaded machine does not turn the tail into a slow-call. */
#define TAIL_READS 16

/* Reads from a pipe whose writer (an untraced child) answers after delays:
 * one read of 400 ms (slow), or 150 fast reads of /dev/zero and TAIL_READS
 * of 15 ms (tail). */
static int slow_reads(int slow)
{
	int p[2];
	char c;
	if (pipe(p) != 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < (slow ? 1 : TAIL_READS); i++) {
			sleep_ms(slow ? 400 : 15);
			if (write(p[1], "x", 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	int z = open("/dev/zero", O_RDONLY);
	for (int i = 0; !slow && i < 150; i++)
		if (read(z, &c, 1) != 1)
			return 1;
	for (int i = 0; i < (slow ? 1 : TAIL_READS); i++)
		if (read(p[0], &c, 1) != 1) /* FIND: slow */
			return 1;
	close(z);
	waitpid(pid, NULL, 0);
	return 0;
}

/* Ordinary work: a few reads and writes of sizable buffers. */
static int clean(const char *dir)
{
	static char buf[65536];
	int fd = open(in_dir(dir, "clean.dat"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 1;
	for (int i = 0; i < 16; i++)
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			return 1;
	lseek(fd, 0, SEEK_SET);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: find_patterns MODE DIR\n");
		return 2;
	}
	const char *m = argv[1], *dir = argv[2];
	if (!strcmp(m, "smallio"))
		return small_io(dir);
	if (!strcmp(m, "fsync"))
		return sync_each(dir);
	if (!strcmp(m, "restat"))
		return restat(dir);
	if (!strcmp(m, "reopen"))
		return reopen(dir);
	if (!strcmp(m, "fstat"))
		return fstat_again(dir);
	if (!strcmp(m, "mmap"))
		return map_churn();
	if (!strcmp(m, "enoent"))
		return enoent_storm(dir);
	if (!strcmp(m, "slow") || !strcmp(m, "tail"))
		return slow_reads(!strcmp(m, "slow"));
	if (!strcmp(m, "clean"))
		return clean(dir);
	fprintf(stderr, "find_patterns: unknown mode %s\n", m);
	return 2;
}
