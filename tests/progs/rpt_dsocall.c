/*
 * rpt_dsocall.c - calls into librptlib, which makes the system calls
 * (renacer-report test). Usage: rpt_dsocall N   probes N missing paths.
 */
// link: rptlib
#include <stdio.h>
#include <stdlib.h>

int rptlib_probe(const char *path);

static int probe_all(int n)
{
	int missing = 0;
	for (int i = 0; i < n; i++)
		if (rptlib_probe("/nonexistent/rpt-libcall") < 0) /* RPT_DSOCALL_CALL */
			missing++;
	return missing;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	return probe_all(n) == n ? 0 : 1;
}
