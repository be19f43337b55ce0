/*
 * test_errno.c - errno and signal names: every name agrees with this machine's
 * headers and C library, the kernel-internal codes, strace's realtime signal
 * spelling, and the reverse lookups.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "libtrace/trace_errno.h"

Test(errnos, names_and_messages_match_the_c_library)
{
	static const struct {
		int err;
		const char *name;
	} known[] = {
	    {EPERM, "EPERM"},
	    {ENOENT, "ENOENT"},
	    {EINTR, "EINTR"},
	    {EAGAIN, "EAGAIN"},
	    {EACCES, "EACCES"},
	    {EEXIST, "EEXIST"},
	    {EINVAL, "EINVAL"},
	    {ENOSYS, "ENOSYS"},
	    {EDEADLK, "EDEADLK"},
	    {EOPNOTSUPP, "EOPNOTSUPP"},
	    {ECONNREFUSED, "ECONNREFUSED"},
	    {EINPROGRESS, "EINPROGRESS"},
	    {ENOTRECOVERABLE, "ENOTRECOVERABLE"},
	    {EHWPOISON, "EHWPOISON"},
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		cr_expect_str_eq(trace_errno_name(known[i].err), known[i].name);
		cr_expect_eq(trace_errno_by_name(known[i].name), known[i].err);
	}
	/* every message is the C library's strerror() text, which strace prints */
	for (int e = 1; e <= 133; e++) {
		if (!trace_errno_name(e)) {
			cr_expect(e == 41 || e == 58, "errno %d has no name", e);
			continue;
		}
		cr_expect_str_eq(trace_errno_message(e), strerror(e), "errno %d", e);
		cr_expect_eq(trace_errno_by_name(trace_errno_name(e)), e);
	}
}

Test(errnos, unknown_and_aliases)
{
	cr_expect_null(trace_errno_name(0));
	cr_expect_null(trace_errno_name(-2));
	cr_expect_null(trace_errno_name(41));
	cr_expect_null(trace_errno_name(134));
	cr_expect_null(trace_errno_name(520));
	cr_expect_null(trace_errno_name(532));
	cr_expect_null(trace_errno_message(4095));
	cr_expect_eq(trace_errno_by_name("EWOULDBLOCK"), EAGAIN);
	cr_expect_eq(trace_errno_by_name("EDEADLOCK"), EDEADLK);
	cr_expect_eq(trace_errno_by_name("ENOTSUP"), EOPNOTSUPP);
	cr_expect_eq(trace_errno_by_name("ENOPE"), -1);
	cr_expect_eq(trace_errno_by_name(NULL), -1);
}

Test(errnos, kernel_internal_codes)
{
	cr_expect_str_eq(trace_errno_name(512), "ERESTARTSYS");
	cr_expect_str_eq(trace_errno_message(512), "To be restarted if SA_RESTART is set");
	cr_expect_str_eq(trace_errno_name(513), "ERESTARTNOINTR");
	cr_expect_str_eq(trace_errno_message(513), "To be restarted");
	cr_expect_str_eq(trace_errno_name(514), "ERESTARTNOHAND");
	cr_expect_str_eq(trace_errno_message(514), "To be restarted if no handler");
	cr_expect_str_eq(trace_errno_name(515), "ENOIOCTLCMD");
	cr_expect_str_eq(trace_errno_name(516), "ERESTART_RESTARTBLOCK");
	cr_expect_str_eq(trace_errno_message(516), "Interrupted by signal");
	cr_expect_str_eq(trace_errno_name(517), "EPROBE_DEFER");
	cr_expect_str_eq(trace_errno_name(521), "EBADHANDLE");
	cr_expect_str_eq(trace_errno_name(524), "ENOTSUPP");
	cr_expect_str_eq(trace_errno_name(531), "ENOGRACE");
	cr_expect_eq(trace_errno_by_name("ERESTARTSYS"), 512);
	cr_expect_eq(trace_errno_by_name("ENOGRACE"), 531);
}

Test(errnos, signal_names_match_the_c_library)
{
	for (int s = 1; s < 32; s++) {
		const char *name = trace_signal_name(s);
		cr_assert_not_null(name, "signal %d", s);
		cr_expect_eq(strncmp(name, "SIG", 3), 0);
		/* glibc calls 29 POLL; strace (and we) call it SIGIO */
		cr_expect_str_eq(name + 3, s == SIGIO ? "IO" : sigabbrev_np(s), "signal %d", s);
		cr_expect_eq(trace_signal_by_name(name), s);
		cr_expect_eq(trace_signal_by_name(name + 3), s);
	}
	cr_expect_str_eq(trace_signal_name(SIGINT), "SIGINT");
	cr_expect_str_eq(trace_signal_name(SIGCHLD), "SIGCHLD");
	cr_expect_str_eq(trace_signal_name(SIGSYS), "SIGSYS");
}

Test(errnos, realtime_signals_as_strace_names_them)
{
	cr_expect_str_eq(trace_signal_name(32), "SIGRTMIN");
	cr_expect_str_eq(trace_signal_name(33), "SIGRT_1");
	cr_expect_str_eq(trace_signal_name(35), "SIGRT_3");
	cr_expect_str_eq(trace_signal_name(64), "SIGRT_32");
	cr_expect_null(trace_signal_name(65));
	cr_expect_null(trace_signal_name(0));
	cr_expect_null(trace_signal_name(-1));
	cr_expect_eq(trace_signal_by_name("SIGRT_3"), 35);
	cr_expect_eq(trace_signal_by_name("RT_3"), 35);
	cr_expect_eq(trace_signal_by_name("SIGRTMIN"), 32);
	cr_expect_eq(trace_signal_by_name("SIGRTMIN+3"), 35);
	cr_expect_eq(trace_signal_by_name("RTMAX"), 64);
	cr_expect_eq(trace_signal_by_name("SIGRTMAX-2"), 62);
	cr_expect_eq(trace_signal_by_name("SIGRTMIN+40"), -1);
	cr_expect_eq(trace_signal_by_name("SIGRTMIN-1"), -1);
	cr_expect_eq(trace_signal_by_name("SIGIOT"), SIGABRT);
	cr_expect_eq(trace_signal_by_name("SIGPOLL"), SIGIO);
	cr_expect_eq(trace_signal_by_name("SIGFOO"), -1);
	cr_expect_eq(trace_signal_by_name(""), -1);
	cr_expect_eq(trace_signal_by_name(NULL), -1);
}
