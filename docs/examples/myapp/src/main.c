/*
 * main.c - an application with a slow startup: it loads every font file in
 * ./fonts one by one. Built as myapp; with -DLAZY_FONTS as myapp-optimized,
 * which loads the 12 fonts its first screen needs.
 */
#include <stdio.h>

#include "ui/fonts.h"

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "fonts";
	struct font_cache cache = {0, 0};

	DIR *d = opendir(dir);
	int rc = d ? load_all_fonts(d, dir, &cache) : -1;
	if (d)
		closedir(d);
	if (rc != 0) {
		fprintf(stderr,
		        "myapp: cannot load fonts from %s (create them with "
		        "docs/examples/prepare.sh)\n",
		        dir);
		return 1;
	}
	fprintf(stderr, "myapp: %u fonts loaded\n", cache.loaded);
	return 0;
}
