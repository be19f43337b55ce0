/*
 * rec_signal.h - what a signal sent to the recorder does to the recording,
 * decided once for every backend: in attach mode the recorder lets go; in
 * launch mode the first signal sent with kill goes on to the program, a
 * terminal's signal already reached it, and the program is killed (never left
 * running untraced) when it ignores the signal, when a second one comes, or
 * when it already ended and its children remain.
 */
#ifndef RENACER_REC_SIGNAL_H
#define RENACER_REC_SIGNAL_H

#include <stdbool.h>
#include <sys/types.h>

/* What the recorder was asked to do by a signal it received. */
enum rec_stop_req {
	REC_STOP_NONE = 0,
	REC_STOP_FORWARD, /* launch mode: pass the signal on to the program and wait */
	REC_STOP_DETACH,  /* detach from everything and finish */
	REC_STOP_KILL,    /* launch mode: kill the program and its traced children */
};

/* Why a signal to the recorder kills the launched program. */
enum rec_kill_why {
	REC_KILL_IGNORED = 0, /* the program ignores the signal */
	REC_KILL_AGAIN,       /* a second signal: the first went on to it */
	REC_KILL_ENDED,       /* the program ended; its traced children remain */
};

/* The recording's state a decision depends on. */
struct rec_sigstate {
	bool attach;    /* attached to running processes (nothing launched) */
	bool exited;    /* the launched program has ended */
	bool others;    /* recorded processes besides the program are alive (-f) */
	bool forwarded; /* an earlier signal went on to the program */
	pid_t main_pid; /* the launched program */
};

/* Catches the signals that end a recording (SIGINT, SIGTERM, SIGHUP, SIGQUIT;
 * SIGALRM only interrupts a wait) without SA_RESTART, and ignores SIGPIPE and
 * SIGXFSZ (a full pipe or file is a write error, not a reason to die). */
void rec_signals_install(void);
/* Puts back the dispositions rec_signals_install replaced (the launched
 * program's child side calls it before exec: it must get them as they were). */
void rec_signals_restore(void);
/* True when a signal came that rec_signal_take has not taken (cheap). */
bool rec_signal_waiting(void);
/* Takes the newest signal that came since the last call: false when none;
 * *from_user when it was sent with kill or sigqueue (not by the terminal). */
bool rec_signal_take(int *signo, bool *from_user);

/* Decides what signo does (from_user: sent with kill or sigqueue, not by the
 * terminal); for REC_STOP_KILL, *why says why. */
enum rec_stop_req rec_signal_decide(const struct rec_sigstate *st, int signo, bool from_user,
                                    enum rec_kill_why *why);

/* True when pid ignores signo (SigIgn in /proc/PID/status). */
bool rec_program_ignores(pid_t pid, int signo);
/* The same from the /proc/PID/status text read from fd, however long (a
 * Groups line of many groups can put SigIgn past any fixed buffer). */
bool rec_status_ignores(int fd, int signo);

/* Passes signo on to the launched program main_pid (REC_STOP_FORWARD):
 * REC_STOP_NONE and *forwarded set when it went, else (the program is gone)
 * REC_STOP_KILL with *why REC_KILL_ENDED, for its children. */
enum rec_stop_req rec_signal_forward(pid_t main_pid, int signo, bool *forwarded,
                                     enum rec_kill_why *why);

/* Says on stderr (unless quiet) that -p now records nprocs processes with
 * nthreads threads, strace's "Process N attached": what is recorded starts here. */
void rec_say_attached_to(bool quiet, unsigned nprocs, unsigned nthreads);

/* Says on stderr that signo ended an attach and n processes keep running
 * (nothing when n or signo is 0). */
void rec_say_detached_from(int signo, unsigned n);

/* Says on stderr that signo killed prog (pid main_pid, when main_alive) and
 * children more traced processes, and why. */
void rec_say_killed(int signo, enum rec_kill_why why, const char *prog, pid_t main_pid,
                    bool main_alive, unsigned children);

#endif
