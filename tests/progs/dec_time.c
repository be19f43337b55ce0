/* dec_time.c - clocks, sleeps, timers (values masked by the test). See dec_common.h. */
#include "dec_common.h"

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec ts, req = {0, 1000};
	struct timeval tv;
	struct itimerspec its = {{0, 0}, {0, 0}}, oits;
	struct itimerval itv = {{0, 0}, {0, 0}}, oitv;

	dec_begin(argc, argv);
	syscall(SYS_clock_gettime, HI(CLOCK_MONOTONIC), &ts);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, BAD);
	syscall(SYS_clock_getres, HI(CLOCK_REALTIME), &ts);
	syscall(SYS_clock_gettime, 1234, &ts);
	syscall(SYS_gettimeofday, &tv, NULL);
	syscall(SYS_time, NULL);
	time_t now;
	syscall(SYS_time, &now);
	struct rusage ru;
	syscall(SYS_getrusage, HI(RUSAGE_SELF), &ru);
	syscall(SYS_getrusage, RUSAGE_CHILDREN, &ru);
	syscall(SYS_getrusage, 7, &ru);
	syscall(SYS_nanosleep, &req, NULL);
	syscall(SYS_nanosleep, BAD, NULL);
	struct timespec bad_ns = {0, -2}; /* tv_nsec shown unsigned */
	syscall(SYS_nanosleep, &bad_ns, NULL);
	syscall(SYS_clock_nanosleep, HI(CLOCK_MONOTONIC), HI(0), &req, &ts);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	int tfd = syscall(SYS_timerfd_create, HI(CLOCK_MONOTONIC), HI(TFD_CLOEXEC));
	its.it_value.tv_sec = 100;
	syscall(SYS_timerfd_settime, HI(tfd), HI(0), &its, &oits);
	syscall(SYS_timerfd_gettime, tfd, &oits);
	close(tfd);
	syscall(SYS_setitimer, HI(ITIMER_REAL), &itv, &oitv);
	syscall(SYS_getitimer, HI(ITIMER_REAL), &oitv);
	dec_end();
	return 0;
}
