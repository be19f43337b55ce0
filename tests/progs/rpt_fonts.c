/*
 * rpt_fonts.c - a slow start-up in miniature: load_all_fonts() opens every
 * file of a directory one by one (renacer-report's source attribution test).
 * Usage: rpt_fonts DIR N   opens DIR/font0.ttf .. DIR/font{N-1}.ttf
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int load_all_fonts(const char *dir, int n)
{
	char path[4096];
	int loaded = 0;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/font%d.ttf", dir, i);
		int fd = open(path, O_RDONLY); /* RPT_FONTS_OPEN */
		if (fd < 0)
			continue;
		loaded++;
		close(fd);
	}
	return loaded;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: rpt_fonts DIR N\n");
		return 2;
	}
	int n = atoi(argv[2]);
	return load_all_fonts(argv[1], n) == n ? 0 : 1;
}
