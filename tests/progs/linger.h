/*
 * linger.h - for test programs a recorder must find alive after they ran:
 * with RENACER_TEST_LINGER_MS set in the environment, linger() sleeps that
 * many milliseconds (before the program exits); without it, nothing.
 */
#ifndef RENACER_TEST_LINGER_H
#define RENACER_TEST_LINGER_H

#include <stdlib.h>
#include <time.h>

static inline void linger(void)
{
	const char *v = getenv("RENACER_TEST_LINGER_MS");
	long ms = v ? atol(v) : 0;
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	if (ms > 0)
		nanosleep(&ts, NULL);
}

#endif
