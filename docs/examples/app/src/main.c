/*
 * main.c - the example app of the user guide: loads 100 plugin configs,
 * parses the 7-byte records of data.txt one read(2) each, and writes a
 * result line for every record whose number is not a multiple of 5
 * (4000 of 5000) to results.txt. Run make-data first to create its inputs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "app.h"

int main(void)
{
	char rec[8];
	unsigned n = 0, written = 0;

	if (load_plugins("plugins", 100) < 0)
		return 1;
	int in = open("data.txt", O_RDONLY);
	int out = open("results.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (in < 0 || out < 0) {
		fprintf(stderr, "app: missing data.txt (create it with docs/examples/prepare.sh) "
		                "or cannot write results.txt\n");
		return 1;
	}
	while (parse_line(in, rec)) {
		n++;
		if (n % 5 != 0 && write_result(out, n, rec) == 0)
			written++;
	}
	close(in);
	close(out);
	fprintf(stderr, "app: %u records, %u results\n", n, written);
	return 0;
}
