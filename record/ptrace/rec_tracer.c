/*
 * rec_tracer.c - the recorder's tracing loop: waits for ptrace stops of every
 * traced thread and turns them into trace records. One syscall stop costs
 * one waitpid, one PTRACE_GET_SYSCALL_INFO and one resume (the stop itself is
 * handled in rec_syscall_stop.c); payload copies and stack capture happen
 * only when the call needs them. With stacks, an entry stop reads the call
 * from the registers the unwinder needs anyway (no PTRACE_GET_SYSCALL_INFO)
 * and copies the stack, the simple entry payloads and the entering
 * instruction in one process_vm_readv.
 *
 * Stops handled: syscall entry/exit (TRACESYSGOOD) and seccomp stops, fork/
 * vfork/clone, exec (including exec from a non-leader thread), exit events,
 * signal-delivery stops (signals are re-injected), group-stops (PTRACE_LISTEN
 * keeps job control working) and PTRACE_INTERRUPT stops (attach, detach).
 */
#include "record/ptrace/rec_tracer.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libtrace/trace_util.h"
#include "record/rec_emit.h"
#include "record/rec_payload.h"
#include "record/ptrace/rec_seccomp.h"

#define TICK_NS           100000000ull  /* sink tick period */
#define IDLE_TIMER_US     200000        /* wakes waitpid when nothing happens */
#define DETACH_TIMEOUT_NS 5000000000ull /* threads that never stop for detach */

void rec_emit(struct rec_tracer *t, const struct trace_record *rec)
{
	(void)rec_emit_record(t->em, rec);
}

static int read_small_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, len - 1);
	int err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = 0;
	return (int)n;
}

pid_t rec_tgid_of(pid_t tid)
{
	char path[64], buf[1024];

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	if (read_small_file(path, buf, sizeof(buf)) <= 0)
		return tid;
	const char *p = strstr(buf, "\nTgid:");
	return p ? (pid_t)atoi(p + 6) : tid;
}

struct rec_thread *rec_thread_new(struct rec_tracer *t, pid_t tid, pid_t pid, pid_t creator,
                                  uint32_t flags)
{
	struct rec_thread *th = rec_threads_find(&t->threads, tid);

	if (!th)
		th = rec_threads_add(&t->threads, tid, pid, t->paycap);
	th->pid = pid;
	th->creator = creator;
	th->thread_flags = flags;
	th->announced = true;
	struct trace_record rec = {.type = TREC_THREAD};
	rec.u.thread.ts = trace_mono_ns();
	rec.u.thread.tid = tid;
	rec.u.thread.pid = pid;
	rec.u.thread.ppid = creator;
	rec.u.thread.flags = flags;
	rec_read_comm(tid, rec.u.thread.comm);
	memcpy(th->comm, rec.u.thread.comm, TRACE_COMM_LEN);
	rec_emit(t, &rec);
	if (flags & TTHREAD_IS_THREAD)
		t->res->threads++;
	else
		t->res->processes++;
	return th;
}

void rec_thread_check_name(struct rec_tracer *t, struct rec_thread *th, uint64_t now)
{
	struct trace_record rec = {.type = TREC_RENAME};

	rec_read_comm(th->tid, rec.u.rename.comm);
	if (!rec.u.rename.comm[0] || memcmp(rec.u.rename.comm, th->comm, TRACE_COMM_LEN) == 0)
		return;
	memcpy(th->comm, rec.u.rename.comm, TRACE_COMM_LEN);
	rec.u.rename.ts = now;
	rec.u.rename.tid = th->tid;
	rec.u.rename.pid = th->pid;
	rec_emit(t, &rec);
}

void rec_resume(struct rec_tracer *t, struct rec_thread *th, int sig)
{
	if (th->state == RT_DETACHING) {
		rec_detach_thread(t, th, sig);
		return;
	}
	bool cont = t->seccomp && !th->in_syscall && !th->launched_pre_exec && !th->own_filter;
	int req = cont ? PTRACE_CONT : PTRACE_SYSCALL;
	/* ESRCH: the thread died meanwhile; its death is reported by waitpid. */
	(void)ptrace(req, th->tid, 0, (long)sig);
}

/* A thread reported before the fork/clone event of its creator: keep it
 * stopped until that event tells who created it. */
static void on_unknown_tid(struct rec_tracer *t, pid_t tid, int status)
{
	struct rec_thread *th = rec_threads_add(&t->threads, tid, rec_tgid_of(tid), t->paycap);

	th->state = RT_NEW;
	if (WIFSTOPPED(status) && (status >> 16) == 0 && WSTOPSIG(status) != (SIGTRAP | 0x80))
		pr_debug(1, "new thread %d reported signal %d first", tid, WSTOPSIG(status));
}

/* Whether the child parent is creating shares its descriptor table
 * (CLONE_FILES), from the clone call in progress; else as threads usually do. */
static bool shares_files(const struct rec_thread *parent, bool is_thread)
{
	uint64_t flags = 0;

	if (!parent->have_entry)
		return is_thread;
	switch (parent->sys.nr) {
	case SYS_clone:
		return (parent->sys.args[0] & CLONE_FILES) != 0;
	case SYS_clone3: /* struct clone_args starts with the u64 flags */
		if (rec_mem_read(parent->tid, parent->sys.args[0], &flags, sizeof(flags)) !=
		    sizeof(flags))
			return is_thread;
		return (flags & CLONE_FILES) != 0;
	case SYS_fork:
	case SYS_vfork:
		return false;
	default:
		return is_thread;
	}
}

static void on_new_child(struct rec_tracer *t, struct rec_thread *parent, int event)
{
	unsigned long msg = 0;

	if (ptrace(PTRACE_GETEVENTMSG, parent->tid, 0, &msg) < 0 || msg == 0) {
		rec_resume(t, parent, 0);
		return;
	}
	pid_t tid = (pid_t)msg;
	pid_t pid = event == PTRACE_EVENT_CLONE ? rec_tgid_of(tid) : tid;
	bool is_thread = pid == parent->pid;
	uint32_t flags =
	    (is_thread ? TTHREAD_IS_THREAD : 0) | (event == PTRACE_EVENT_VFORK ? TTHREAD_VFORK : 0);
	struct rec_thread *child = rec_threads_find(&t->threads, tid);
	bool waiting = child && child->state == RT_NEW;

	if (!is_thread && !t->o->follow_forks) {
		/* A process made by clone() without -f: not ours to follow. */
		if (!child)
			child = rec_threads_add(&t->threads, tid, pid, 0);
		child->state = RT_DETACHING;
		if (waiting)
			rec_detach_thread(t, child, 0);
		rec_resume(t, parent, 0);
		return;
	}
	if (child)
		child->pid = pid;
	rec_fds_clone(t->fds, parent->tid, parent->pid, tid, shares_files(parent, is_thread));
	child = rec_thread_new(t, tid, pid, parent->tid, flags);
	child->own_filter = parent->own_filter; /* seccomp filters are inherited */
	if (!is_thread)
		rec_maps_fork(t->maps, parent->pid, pid, trace_mono_ns());
	if (t->detaching) {
		child->state = RT_DETACHING;
		if (waiting)
			rec_detach_thread(t, child, 0);
		else
			(void)ptrace(PTRACE_INTERRUPT, tid, 0, 0);
	} else if (waiting) {
		child->state = RT_RUNNING;
		rec_resume(t, child, 0);
	}
	rec_resume(t, parent, 0);
}

/* Reads /proc/TID/cmdline into the scratch buffer: argc strings back to back. */
static uint32_t read_cmdline(struct rec_tracer *t, pid_t tid, uint32_t *argc)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/cmdline", tid);
	int n = read_small_file(path, t->text, sizeof(t->text));
	*argc = 0;
	if (n <= 0)
		return 0;
	if (t->text[n - 1] != 0)
		t->text[n++] = 0; /* cut at the buffer size: terminate the last string */
	for (int i = 0; i < n; i++)
		if (t->text[i] == 0)
			(*argc)++;
	return (uint32_t)n;
}

static void on_exec(struct rec_tracer *t, pid_t tid, uint64_t now)
{
	unsigned long old = 0;

	if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &old) < 0)
		old = (unsigned long)tid;
	pid_t old_tid = (pid_t)old;
	if (old_tid != tid) {
		/* A non-leader thread executed: it takes over the leader's tid. */
		struct rec_thread *leader = rec_threads_find(&t->threads, tid);
		if (leader) {
			rec_flush_pending(t, leader, 0);
			struct trace_record ex = {.type = TREC_EXIT};
			ex.u.exit.ts = now;
			ex.u.exit.tid = tid;
			ex.u.exit.pid = leader->pid;
			ex.u.exit.flags = TEXIT_SUPERSEDED;
			ex.u.exit.by = old_tid;
			rec_emit(t, &ex);
			rec_threads_remove(&t->threads, tid);
		}
		rec_threads_rekey(&t->threads, old_tid, tid);
	}
	struct rec_thread *th = rec_threads_find(&t->threads, tid);
	if (!th)
		return;
	if (old_tid != tid)
		rec_sw_thread_close(&th->sw); /* it named the old tid */
	/* Close-on-exec, then what the new program really has open. */
	rec_fds_exec(t->fds, old_tid, tid);
	rec_fds_seed(t->fds, tid, th->pid);
	if (th->launched_pre_exec && t->sync_fd >= 0) {
		char ok = 0;
		if (read(t->sync_fd, &ok, 1) != 1 || !ok) {
			t->seccomp = false;
			t->res->seccomp = false;
			pr_debug(1, "seccomp filter not installed: every syscall stops");
		}
		close(t->sync_fd);
		t->sync_fd = -1;
	}
	th->launched_pre_exec = false;
	th->sys.tid = tid;

	char path[64], exe[4096];
	struct trace_record rec = {.type = TREC_EXEC};
	struct trace_exec *e = &rec.u.exec;
	e->ts = now;
	e->tid = tid;
	e->pid = th->pid;
	e->old_tid = old_tid;
	snprintf(path, sizeof(path), "/proc/%d/exe", tid);
	ssize_t n = readlink(path, exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	e->filename = exe;
	e->argv_len = read_cmdline(t, tid, &e->argc);
	e->argv = t->text;
	rec_read_comm(tid, e->comm);
	memcpy(th->comm, e->comm, TRACE_COMM_LEN);
	rec_emit(t, &rec);

	rec_maps_exec(t->maps, th->pid);
	rec_maps_sync(t->maps, th->pid, now);
	rec_resume(t, th, 0);
}

static void on_exit_event(struct rec_tracer *t, struct rec_thread *th)
{
	rec_flush_pending(t, th, 0);
	th->state = th->state == RT_DETACHING ? RT_DETACHING : RT_EXITING;
	/* A thread leaving cannot be detached usefully: let it finish. */
	(void)ptrace(PTRACE_CONT, th->tid, 0, 0);
}

static void on_signal(struct rec_tracer *t, struct rec_thread *th, int sig, uint64_t now)
{
	siginfo_t si;

	if (th->state == RT_DETACHING) {
		rec_detach_thread(t, th, sig);
		return;
	}
	if (th->launched_pre_exec && sig == SIGCONT) {
		rec_resume(t, th, 0); /* our own SIGCONT that started the command */
		return;
	}
	memset(&si, 0, sizeof(si));
	(void)ptrace(PTRACE_GETSIGINFO, th->tid, 0, &si);
	struct trace_record rec;
	rec_signal_delivered(&rec, now, th->tid, th->pid, sig, &si);
	rec_emit(t, &rec);
	t->res->signals++;
	rec_resume(t, th, sig);
}

static void on_event_stop(struct rec_tracer *t, struct rec_thread *th, int sig)
{
	if (th->state == RT_DETACHING) {
		rec_detach_thread(t, th, 0);
		return;
	}
	if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
		/* Group-stop: stay stopped but let SIGCONT and PTRACE_INTERRUPT through. */
		th->state = RT_LISTENING;
		(void)ptrace(PTRACE_LISTEN, th->tid, 0, 0);
		return;
	}
	th->state = RT_RUNNING;
	rec_resume(t, th, 0);
}

static void on_death(struct rec_tracer *t, pid_t tid, int status, uint64_t now)
{
	struct rec_thread *th = rec_threads_find(&t->threads, tid);

	if (!th)
		return; /* not traced by us (an untraced child, the calibration child) */
	if (th->launched_pre_exec && t->exec_err_fd >= 0) {
		int err = 0;
		if (read(t->exec_err_fd, &err, sizeof(err)) == sizeof(err))
			t->exec_errno = err;
	}
	rec_flush_pending(t, th, 0);
	pid_t pid = th->pid;
	bool last = rec_threads_count_pid(&t->threads, pid) == 1;
	if (last && WIFSIGNALED(status)) {
		struct trace_record sr = {.type = TREC_SIGNAL};
		sr.u.sig.ts = now;
		sr.u.sig.tid = tid;
		sr.u.sig.pid = pid;
		sr.u.sig.signo = WTERMSIG(status);
		sr.u.sig.flags = TSIG_FATAL;
		rec_emit(t, &sr);
	}
	struct trace_record rec = {.type = TREC_EXIT};
	rec.u.exit.ts = now;
	rec.u.exit.tid = tid;
	rec.u.exit.pid = pid;
	rec.u.exit.status = status;
	rec.u.exit.flags = last ? TEXIT_PROCESS : 0;
	rec_emit(t, &rec);
	if (last) {
		rec_maps_exit(t->maps, pid);
		if (pid == t->main_pid && !t->attach_mode) {
			t->res->status = status;
			t->res->exited = true;
		}
	}
	rec_fds_forget(t->fds, tid);
	rec_threads_remove(&t->threads, tid);
}

static void on_stop(struct rec_tracer *t, pid_t tid, int status, uint64_t now)
{
	struct rec_thread *th = rec_threads_find(&t->threads, tid);
	int sig = WSTOPSIG(status);
	int event = status >> 16;

	if (!th) {
		on_unknown_tid(t, tid, status);
		return;
	}
	if (th->state == RT_NEW)
		return; /* stays stopped until its creator's event */
	if (sig == (SIGTRAP | 0x80)) {
		rec_on_syscall_stop(t, th, true, now);
		rec_resume(t, th, 0);
		return;
	}
	switch (event) {
	case 0:
		on_signal(t, th, sig, now);
		break;
	case PTRACE_EVENT_SECCOMP:
		rec_on_syscall_stop(t, th, false, now);
		rec_resume(t, th, 0);
		break;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		on_new_child(t, th, event);
		break;
	case PTRACE_EVENT_EXEC:
		on_exec(t, tid, now);
		break;
	case PTRACE_EVENT_EXIT:
		on_exit_event(t, th);
		break;
	case PTRACE_EVENT_STOP:
		on_event_stop(t, th, sig);
		break;
	default:
		rec_resume(t, th, 0);
		break;
	}
}

/* Ends recording while the program goes on: detach from every thread; under
 * seccomp the filter would turn the selected calls into ENOSYS without a
 * tracer, so stay attached and only stop recording (passive). */
static void stop_recording(struct rec_tracer *t, uint64_t now)
{
	if (t->seccomp) {
		t->em->paused = true;
		t->res->detached = true;
		return;
	}
	t->detach_deadline = now + DETACH_TIMEOUT_NS;
	rec_detach_all(t);
}

static void handle_stop_request(struct rec_tracer *t, uint64_t now)
{
	int signo = 0;
	enum rec_stop_req req = rec_signals_take(t, &signo);

	if (req == REC_STOP_FORWARD || req == REC_STOP_KILL) {
		rec_signal_act(t, req, signo);
		return;
	}
	if (req == REC_STOP_DETACH && !t->detaching && !t->em->paused)
		rec_say_detached(t, signo);
	if (t->stop_asked) {
		t->stop_asked = 0;
		req = REC_STOP_DETACH;
	}
	if (req == REC_STOP_DETACH && !t->detaching && !t->em->paused)
		stop_recording(t, now);
}

/* Called after every wake-up: signals, sink errors, periodic flush. */
static void housekeeping(struct rec_tracer *t, uint64_t now)
{
	handle_stop_request(t, now);
	int err = rec_emit_error(t->em);

	if (err && !t->detaching && !t->em->paused) {
		/* A closed pipe (renacer ... | head) is the reader's choice, not an error. */
		if (err != -EPIPE)
			pr_err(
			    "writing the trace failed: %s; recording stopped, the program goes on",
			    strerror(-err));
		stop_recording(t, now);
	}
	if (now - t->last_tick >= TICK_NS) {
		t->last_tick = now;
		(void)rec_emit_tick(t->em, now);
	}
}

/* The tracer's run_delay after waitpid returned tid's stop, when that stop
 * may end a recorded call (rec_syscall_stop.c subtracts its wake-up wait);
 * read before the stop's time is taken. */
static uint64_t wake_run_delay(struct rec_tracer *t, pid_t tid)
{
	if (t->sw_self < 0 || tid <= 0)
		return REC_SW_UNKNOWN;
	const struct rec_thread *th = rec_threads_find(&t->threads, tid);
	return th && th->have_entry && th->recorded ? rec_sw_read(t->sw_self).delay
	                                            : REC_SW_UNKNOWN;
}

static void run_loop(struct rec_tracer *t)
{
	while (t->threads.count > 0) {
		int status;

		/* With one thread only a stop after a recorded call's entry can be
		 * its exit; with several, any stop may be some call's exit. */
		t->sw_before = t->sw_self >= 0 && (t->call_began || t->threads.count > 1)
		                   ? rec_sw_read(t->sw_self).delay
		                   : REC_SW_UNKNOWN;
		t->sw_before_ns = trace_mono_ns();
		pid_t tid = waitpid(-1, &status, __WALL);
		t->sw_wake = wake_run_delay(t, tid);
		uint64_t now = trace_mono_ns();
		if (tid > 0) {
			t->call_began = false;
			t->stops++;
		}

		if (tid < 0) {
			if (errno == ECHILD)
				break;
			housekeeping(t, now);
			if (t->detaching && now > t->detach_deadline) {
				pr_warn("%u thread(s) did not stop to be detached; leaving them",
				        t->threads.count);
				break;
			}
			continue;
		}
		if (WIFSTOPPED(status))
			on_stop(t, tid, status, now);
		else if (WIFEXITED(status) || WIFSIGNALED(status))
			on_death(t, tid, status, now);
		if (rec_signal_waiting() || t->stop_asked || now - t->last_tick >= TICK_NS ||
		    rec_emit_error(t->em))
			housekeeping(t, now);
	}
}

/* The syscalls that must stop under seccomp: the selection, plus the
 * mapping changes the unwinder must see when stacks are recorded. */
static void build_stop_set(struct rec_tracer *t)
{
	static const long maps_calls[] = {SYS_mmap, SYS_mprotect, SYS_munmap, SYS_mremap,
	                                  SYS_pkey_mprotect};

	memcpy(t->stop_set, t->o->filter.set, sizeof(t->stop_set));
	/* The descriptor tables must see every call that changes them. */
	rec_fds_stop_set(t->stop_set);
	/* A filter of the program's own must be seen going in (rec_ownfilter.c). */
	t->stop_set[SYS_seccomp / 64] |= 1ull << (SYS_seccomp % 64);
	t->stop_set[SYS_prctl / 64] |= 1ull << (SYS_prctl % 64);
	if (t->o->stack_depth)
		for (size_t i = 0; i < sizeof(maps_calls) / sizeof(maps_calls[0]); i++)
			t->stop_set[maps_calls[i] / 64] |= 1ull << (maps_calls[i] % 64);
}

static int ptrace_open(struct rec_session **out, const struct rec_options *o,
                       struct rec_emitter *em, struct rec_result *res)
{
	struct rec_tracer *t = xcalloc(1, sizeof(*t));

	t->o = o;
	t->em = em;
	t->res = res;
	t->exec_err_fd = -1;
	t->sync_fd = -1;
	t->attach_mode = o->argv == NULL;
	t->paycap = rec_policy_bufsize(o->strsize);
	t->last_tick = trace_mono_ns();
	rec_threads_init(&t->threads);
	t->maps = rec_maps_new(t->em);
	t->fds = rec_fds_new(NULL);
	t->unwinder = o->stack_depth ? rec_unwinder_new(t->maps) : NULL;
	t->stacks = trace_stacks_new();
	t->sw_self = rec_sw_open(0);
	t->ptrace_opts =
	    PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT;
	if (o->follow_forks)
		t->ptrace_opts |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;
	/* seccomp only with -f: an untraced child would inherit the filter and
	 * see ENOSYS for every call the filter sends to a tracer. */
	t->seccomp = !t->attach_mode && o->follow_forks && !o->no_seccomp &&
	             !trace_filter_selects_all(&o->filter);
	/* Under a filter of our own (inherited by the program), its actions would
	 * outrank our prefilter's: stop at every call instead. */
	if (t->seccomp && rec_seccomp_self_filtered()) {
		pr_debug(1, "the recorder runs under a seccomp filter: no prefilter");
		t->seccomp = false;
	}
	if (t->seccomp)
		t->ptrace_opts |= PTRACE_O_TRACESECCOMP;
	build_stop_set(t);
	t->regs_entry = o->stack_depth && trace_filter_selects_all(&o->filter);
	*out = (struct rec_session *)t;
	return 0;
}

static int ptrace_start(struct rec_session *s)
{
	struct rec_tracer *t = (struct rec_tracer *)s;
	int ret;

	rec_signals_install();
	if (t->attach_mode) {
		ret = rec_attach_all(t);
		if (ret == 0)
			rec_say_attached_to(t->o->quiet, t->o->npids, t->threads.count);
	} else {
		t->ptrace_opts |= PTRACE_O_EXITKILL;
		ret = rec_launch(t);
		/* One that came before the start (cmd/rec_cli.c): handled as if now. */
		if (ret == 0 && t->o->start_signal)
			(void)raise(t->o->start_signal);
	}
	t->start_err = ret;
	if (ret == 0)
		t->res->seccomp = t->seccomp;
	return ret;
}

static int ptrace_run(struct rec_session *s)
{
	struct rec_tracer *t = (struct rec_tracer *)s;
	struct itimerval it = {{0, IDLE_TIMER_US}, {0, IDLE_TIMER_US}};
	int ret = 0;

	if (t->start_err) {
		if (t->threads.count)
			run_loop(t); /* finish detaching what an attach that failed had seized */
		return t->start_err;
	}
	(void)setitimer(ITIMER_REAL, &it, NULL);
	run_loop(t);
	memset(&it, 0, sizeof(it));
	(void)setitimer(ITIMER_REAL, &it, NULL);
	rec_wait_launched(t);
	if (t->exec_errno) {
		pr_err("%s: cannot execute: %s", t->o->argv[0], strerror(t->exec_errno));
		ret = -t->exec_errno;
	}
	return ret;
}

static void ptrace_stop(struct rec_session *s)
{
	((struct rec_tracer *)s)->stop_asked = 1;
}

static void ptrace_close(struct rec_session *s)
{
	struct rec_tracer *t = (struct rec_tracer *)s;
	struct rec_result *res = t->res;

	rec_signals_restore();
	if (t->exec_err_fd >= 0)
		close(t->exec_err_fd);
	if (t->sync_fd >= 0)
		close(t->sync_fd);
	res->detached = res->detached || t->detaching;
	res->sink_error = rec_emit_error(t->em);
	rec_threads_free(&t->threads);
	if (t->unwinder)
		rec_unwinder_free(t->unwinder);
	rec_maps_free(t->maps);
	rec_fds_free(t->fds);
	trace_stacks_free(t->stacks);
	if (t->sw_self >= 0)
		close(t->sw_self);
	free(t);
}

static int ptrace_probe(const struct rec_options *o, char *why, size_t len)
{
	(void)o;
	(void)why;
	(void)len;
	return 0; /* ptrace works wherever the target may be traced (checked by rec_check_attach) */
}

const struct rec_backend rec_backend_ptrace = {
    .name = "ptrace",
    .probe = ptrace_probe,
    .open = ptrace_open,
    .start = ptrace_start,
    .run = ptrace_run,
    .stop = ptrace_stop,
    .close = ptrace_close,
};
