/*
 * rec_ebpf.c - the eBPF recorder backend's user-space half: loads the BPF
 * program (skeleton generated at build time from rec_ebpf.bpf.c), fills its
 * capture table from rec_policy and its syscall selection from -e, starts
 * the traced processes (rec_ebpf_launch.c: a launched child waits on a pipe
 * until it is in the filter map, then execs: no call is missed; -p processes
 * are never stopped; -a, --cgroup and --comm select every matching process in
 * the kernel), and consumes the ring buffer every few milliseconds, off the
 * tracees' path (rec_ebpf_events.c turns the events into trace records,
 * rec_ebpf_procs.c keeps the threads, processes, descriptors and modules
 * they tell of). This file: probing, loading, the consumer loop, signals,
 * the end of a recording.
 */
#include "record/rec.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libtrace/trace_errno.h"
#include "libtrace/trace_map.h"
#include "libtrace/trace_stacks.h"
#include "libtrace/trace_syscalls.h"
#include "libtrace/trace_util.h"
#include "record/ebpf/rec_ebpf_session.h"
#include "record/rec_emit.h"
#include "record/rec_fds.h"
#include "record/rec_maps.h"
#include "record/rec_policy.h"
#include "record/rec_unwind.h"

#define POLL_MS           2            /* consumer poll period when idle */
#define TICK_NS           100000000ull /* sink ticks, lost-event accounting */
#define CAP_BPF_BIT       39
#define CAP_PERFMON_BIT   38
#define CAP_SYS_ADMIN_BIT 21

static volatile sig_atomic_t eb_stop_asked;

/* --- probing ------------------------------------------------------------- */

static bool has_cap(unsigned bit)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	const char *p = strstr(buf, "\nCapEff:");
	return p && ((strtoull(p + 8, NULL, 16) >> bit) & 1);
}

static int ebpf_probe(const struct rec_options *o, char *why, size_t len)
{
	(void)o;
	if (!(has_cap(CAP_SYS_ADMIN_BIT) || (has_cap(CAP_BPF_BIT) && has_cap(CAP_PERFMON_BIT)))) {
		snprintf(why, len,
		         "not permitted: the eBPF backend needs root, or CAP_BPF and "
		         "CAP_PERFMON");
		return -EPERM;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		snprintf(why, len, "this kernel has no BTF (/sys/kernel/btf/vmlinux)");
		return -ENOTSUP;
	}
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) != 1) {
		snprintf(why, len, "this kernel has no BPF ring buffer (Linux 5.8+)");
		return -ENOTSUP;
	}
	/* What the program needs that came last: so that on an older kernel
	 * (5.10, 5.15) auto takes ptrace instead of failing at load. */
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL) != 1) {
		snprintf(why, len, "this kernel has no BPF task storage (Linux 5.11+)");
		return -ENOTSUP;
	}
	if (libbpf_probe_bpf_helper(BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_FUNC_loop, NULL) != 1 ||
	    libbpf_probe_bpf_helper(BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_FUNC_find_vma, NULL) != 1) {
		snprintf(why, len,
		         "this kernel lacks the bpf_loop and bpf_find_vma helpers "
		         "(Linux 5.17+)");
		return -ENOTSUP;
	}
	return 0;
}

/* --- setup ------------------------------------------------------------------ */

/* True when the BPF program can execute capture c, read as the call's
 * captures are (entry, RB_CAPS_*): every capture kind of rec_policy, and for
 * an exec, which reads everything at entry, no exit capture. */
static bool bpf_can_capture(const struct rec_cap *c, unsigned entry)
{
	if (c->len_from > REC_LEN_FIELD || c->how < REC_CAP_STRING || c->how > REC_CAP_ARGV)
		return false;
	return entry != RB_CAPS_ALL_ENTRY || c->when == REC_AT_ENTRY;
}

/* Where the captures of a call are read (RB_CAPS_*): at exit, where inputs
 * are still in place and one event carries the whole call, unless the call
 * also writes an argument it reads (poll's array, accept's length, ioctl and
 * fcntl structs in and out): then its entry captures are read at entry. */
static unsigned caps_entry(unsigned nr, const struct rec_cap *caps, unsigned n)
{
	if (is_exec(nr))
		return RB_CAPS_ALL_ENTRY;
	for (unsigned i = 0; i < n; i++)
		for (unsigned k = 0; k < n && caps[i].when == REC_AT_ENTRY; k++)
			if (caps[k].arg == caps[i].arg && caps[k].when != REC_AT_ENTRY)
				return RB_CAPS_SPLIT;
	return RB_CAPS_AT_EXIT;
}

_Static_assert(RB_CAPS_MAX == REC_CAPS_MAX && RB_CAPS_ROOM >= RB_CAPS_MAX &&
                   RB_PAY_MAX == TRACE_MAX_PAYLOADS,
               "every capture of a call in its table; as many payloads as rec_payload.c keeps");
_Static_assert(RB_IOV_MAX == REC_IOV_MAX && RB_IOV_HDR == TRACE_IOV_HDR,
               "the BPF program writes iovec payloads as rec_payload.c does");
_Static_assert(REC_LEN_ARG == 1 && REC_LEN_RET == 2 && REC_LEN_PTR == 3 && REC_LEN_FIXED == 4 &&
                   REC_LEN_PAGES == 5 && REC_LEN_BITS == 6 && REC_LEN_FIELD == 7 && TCT_INT == 2 &&
                   TCT_UINT == 3,
               "rec_ebpf_payload.bpf.h's LEN_* and CT_* are rec_policy's and trace_ctype's");

/* Capture c in the form of the BPF program's table. */
static struct rb_cap rb_cap_of(const struct rec_cap *c)
{
	return (struct rb_cap){.arg = c->arg,
	                       .how = c->how,
	                       .kind = c->kind,
	                       .when = c->when,
	                       .len_from = c->len_from,
	                       .len_arg = c->len_arg,
	                       .skip_null = c->skip_null,
	                       .if_arg = c->if_arg,
	                       .max = c->max,
	                       .size = c->size,
	                       .elem_max = c->elem_max,
	                       .if_base = c->if_base,
	                       .if_set = c->if_set,
	                       .len_ctype = c->len_ctype,
	                       .via = c->via,
	                       .via_len = c->via_len,
	                       .via_len32 = c->via_len32,
	                       .head = c->head};
}

/* Fills the capture table, the syscall selection and the --cgroup slot.
 * 0 or -errno. */
static int fill_tables(struct eb_session *s)
{
	static const long maps_calls[] = {SYS_mmap,          SYS_mprotect, SYS_munmap,  SYS_mremap,
	                                  SYS_pkey_mprotect, SYS_execve,   SYS_execveat};
	uint64_t want[RB_NR_MAX / 64];
	int cfd = bpf_map__fd(s->skel->maps.caps), wfd = bpf_map__fd(s->skel->maps.want);

	memcpy(want, s->o->filter.set, sizeof(want));
	rec_fds_stop_set(want); /* the descriptor tables follow them, recorded or not */
	if (s->o->stack_depth)
		for (size_t i = 0; i < sizeof(maps_calls) / sizeof(maps_calls[0]); i++)
			want[maps_calls[i] / 64] |= 1ull << (maps_calls[i] % 64);
	for (uint32_t w = 0; w < RB_NR_MAX / 64; w++)
		(void)bpf_map_update_elem(wfd, &w, &want[w], BPF_ANY);
	for (uint32_t nr = 0; nr < RB_NR_MAX; nr++) {
		const struct trace_syscall_desc *d = trace_syscall_desc((long)nr);
		struct rec_cap caps[REC_CAPS_MAX];
		struct rb_caps rc;
		unsigned n = d ? rec_policy_caps(d, s->o->strsize, caps, REC_CAPS_MAX) : 0;

		memset(&rc, 0, sizeof(rc));
		rc.entry = (uint16_t)caps_entry(nr, caps, n);
		rc.ret_fd = d && d->ret_kind == TR_FD && rec_fds_follows(nr);
		for (unsigned i = 0; i < n && rc.n < RB_CAPS_MAX; i++)
			if (bpf_can_capture(&caps[i], rc.entry))
				rc.c[rc.n++] = rb_cap_of(&caps[i]);
		if (rc.n || rc.ret_fd)
			(void)bpf_map_update_elem(cfd, &nr, &rc, BPF_ANY);
	}
	if (s->o->cgroup_fd >= 0) {
		uint32_t slot = 0, fd = (uint32_t)s->o->cgroup_fd;
		if (bpf_map_update_elem(bpf_map__fd(s->skel->maps.cgroup_want), &slot, &fd,
		                        BPF_ANY) != 0)
			return -errno;
	}
	return 0;
}

/* RENACER_BPF_LOG=1: libbpf's messages and the verifier's log, for a load
 * the kernel refuses. */
static int libbpf_loud(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0; /* the caller prints one line of its own */
}

/* The ring buffer size: --buffer-size rounded up to a power of two pages. */
static uint32_t ring_size(const struct rec_options *o)
{
	uint64_t want = o->buffer_size ? o->buffer_size : REC_DEFAULT_BUFFER_SIZE, sz = 4096;

	while (sz < want && sz < (1ull << 31))
		sz <<= 1;
	return (uint32_t)sz;
}

static int ebpf_open(struct rec_session **out, const struct rec_options *o, struct rec_emitter *em,
                     struct rec_result *res)
{
	struct eb_session *s = xcalloc(1, sizeof(*s));
	int err;

	s->o = o;
	s->em = em;
	s->res = res;
	s->go_fd = s->err_fd = -1;
	s->attach = o->argv == NULL;
	trace_map_init(&s->threads);
	trace_map_init(&s->procs);
	trace_map_init(&s->fd_paths);
	trace_map_init(&s->lost_seen);
	s->maps = rec_maps_new(em);
	s->unw = o->stack_depth ? rec_unwinder_new(s->maps) : NULL;
	s->stacks = trace_stacks_new();
	struct rec_fds_ops fops = {eb_fds_probe, eb_fds_scan, eb_fds_read_mem, s};
	s->fds = rec_fds_new(&fops);
	*out = (struct rec_session *)s;
	eb_stop_asked = 0;
	rec_signals_install(); /* loading takes seconds: a SIGINT meanwhile ends recording cleanly
	                        */
	libbpf_set_print(getenv("RENACER_BPF_LOG") ? libbpf_loud : libbpf_quiet);
	s->skel = rec_ebpf_bpf__open();
	if (!s->skel) {
		err = -errno;
		pr_err("cannot open the eBPF program: %s", strerror(-err));
		return err;
	}
	s->skel->rodata->follow_forks = o->follow_forks;
	s->skel->rodata->stack_bytes = o->stack_depth ? o->stack_bytes : 0;
	s->skel->rodata->self_tgid = (uint32_t)getpid();
	s->skel->rodata->trace_all = rec_options_system(o);
	s->skel->rodata->cgroup_filter = o->cgroup_fd >= 0;
	if (o->comm) {
		s->skel->rodata->comm_filter = true;
		strncpy((char *)s->skel->rodata->comm_want, o->comm, RB_COMM_LEN - 1);
	}
	(void)bpf_map__set_max_entries(s->skel->maps.events, ring_size(o));
	(void)bpf_map__set_max_entries(s->skel->maps.scratch, (uint32_t)libbpf_num_possible_cpus());
	err = rec_ebpf_bpf__load(s->skel);
	if (err == 0)
		err = fill_tables(s);
	if (err == 0)
		err = rec_ebpf_bpf__attach(s->skel);
	if (err == 0) {
		s->rb = ring_buffer__new(bpf_map__fd(s->skel->maps.events), eb_on_event, s, NULL);
		if (!s->rb)
			err = -errno;
	}
	if (err) {
		pr_err("cannot load the eBPF program: %s (try --backend ptrace)", strerror(-err));
		return err;
	}
	return 0;
}

/* --- start ---------------------------------------------------------------- */

/* The consumer must read /proc/PID/maps after an exec or a code mapping
 * before a short-lived process is gone: it runs at the highest nice level
 * (set after the launched child was forked, so the child keeps ours). */
static void raise_priority(void)
{
	if (setpriority(PRIO_PROCESS, 0, -20) < 0)
		pr_debug(1, "cannot raise the recorder's priority: %s", strerror(errno));
}

static int ebpf_start(struct rec_session *ss)
{
	struct eb_session *s = (struct eb_session *)ss;

	if (!s->attach) {
		int r = eb_launch(s);
		raise_priority();
		return r;
	}
	raise_priority();
	unsigned threads = 0;
	for (unsigned i = 0; i < s->o->npids; i++) {
		int r = eb_attach_one(s, s->o->pids[i]);
		if (r < 0) {
			char msg[512];
			rec_attach_errmsg(s->o->pids[i], -r, msg, sizeof(msg));
			pr_err("%s", msg);
			return r;
		}
		threads += (unsigned)r;
	}
	rec_say_attached_to(s->o->quiet, s->o->npids, threads);
	return 0;
}

/* --- the consumer loop ------------------------------------------------------ */

/* Launch mode: reaps the program when it ended (its exec error, its status). */
static void reap_child(struct eb_session *s)
{
	int status, err = 0;

	if (s->attach || s->child_reaped || waitpid(s->child, &status, WNOHANG) != s->child)
		return;
	s->child_reaped = true;
	s->res->status = status;
	s->res->exited = true;
	if (s->err_fd >= 0 && read(s->err_fd, &err, sizeof(err)) == sizeof(err))
		s->exec_errno = err;
}

/* Processes that ended without their exit event (it found no room). */
static void check_alive(struct eb_session *s)
{
	for (uint32_t i = 0; i < s->procs.cap; i++) {
		if (!s->procs.used[i] || !s->procs.vals[i])
			continue;
		pid_t pid = (pid_t)s->procs.keys[i];
		if (kill(pid, 0) < 0 && errno == ESRCH && !(pid == s->child && !s->child_reaped))
			eb_proc_gone(s, pid);
	}
}

/* Launch mode: kills the program and the processes it started that are
 * recorded (never others: -a, --cgroup and --comm record processes it did not
 * start); says so. */
/* Whether a recorded process other than the launched program is alive. */
static bool others_live(const struct eb_session *s)
{
	for (uint32_t i = 0; i < s->procs.cap; i++)
		if (s->procs.used[i] && s->procs.vals[i] && (pid_t)s->procs.keys[i] != s->child)
			return true;
	return false;
}

static void kill_launched(struct eb_session *s, int signo)
{
	unsigned children = 0;
	bool main_alive = !s->child_reaped && s->child > 0;

	for (uint32_t i = 0; !rec_options_system(s->o) && i < s->procs.cap; i++) {
		pid_t pid = (pid_t)s->procs.keys[i];
		if (s->procs.used[i] && s->procs.vals[i] && pid != s->child &&
		    kill(pid, SIGKILL) == 0)
			children++;
	}
	if (main_alive)
		(void)kill(s->child, SIGKILL);
	s->res->stop_signal = signo;
	rec_say_killed(signo, s->kill_why, s->o->argv[0], s->child, main_alive, children);
}

/* Attach mode (-p): says on stderr that signo ends the recording and the
 * processes keep running, in the line the ptrace backend prints. -a,
 * --cgroup and --comm record the host's processes: nothing is said. */
static void say_detached(const struct eb_session *s, int signo)
{
	if (!rec_options_system(s->o))
		rec_say_detached_from(signo, s->live);
}

/* Handles a signal the recorder got, by the rule of rec_signal.h (the same as
 * ptrace's): attached, the recording ends; launched, the signal goes on to
 * the program, or the program is killed. */
static void take_signal(struct eb_session *s)
{
	int signo;
	bool from_user;

	if (!rec_signal_take(&signo, &from_user))
		return;
	struct rec_sigstate st = {.attach = s->attach,
	                          .exited = s->child_reaped,
	                          .others = s->child_reaped && !rec_options_system(s->o) &&
	                                    others_live(s),
	                          .forwarded = s->forwarded,
	                          .main_pid = s->child};
	enum rec_stop_req req = rec_signal_decide(&st, signo, from_user, &s->kill_why);
	if (req == REC_STOP_DETACH) {
		if (!s->stop_recording)
			say_detached(s, signo);
		s->stop_recording = true;
		return;
	}
	if (req == REC_STOP_FORWARD)
		req = rec_signal_forward(s->child, signo, &s->forwarded, &s->kill_why);
	if (req == REC_STOP_KILL && !s->res->stop_signal)
		kill_launched(s, signo);
}

static bool finished(struct eb_session *s)
{
	if (s->stop_recording || eb_stop_asked)
		return true;
	if (rec_emit_error(s->em)) {
		if (rec_emit_error(s->em) != -EPIPE)
			pr_err(
			    "writing the trace failed: %s; recording stopped, the program goes on",
			    strerror(-rec_emit_error(s->em)));
		return true;
	}
	if (rec_options_system(s->o)) /* until a signal, or the command's end */
		return !s->attach && s->child_reaped;
	if (s->attach)
		return s->live == 0;
	return s->child_reaped && s->live == 0;
}

static int ebpf_run(struct rec_session *ss)
{
	struct eb_session *s = (struct eb_session *)ss;

	s->last_tick = trace_mono_ns();
	for (;;) {
		int n = ring_buffer__poll(s->rb, POLL_MS);
		uint64_t now = trace_mono_ns();

		if (n < 0 && n != -EINTR) {
			pr_err("reading the eBPF ring buffer failed: %s", strerror(-n));
			break;
		}
		/* Wake-ups are rare (exec, code mappings): take what waits anyway. */
		while ((n = ring_buffer__consume(s->rb)) > 0)
			;
		reap_child(s);
		take_signal(s);
		if (now - s->last_tick >= TICK_NS) {
			s->last_tick = now;
			eb_account_lost(s, now);
			check_alive(s);
			(void)rec_emit_tick(s->em, now);
		}
		if (finished(s))
			break;
	}
	/* Everything the program submitted before it ended is in the buffer. */
	while (ring_buffer__consume(s->rb) > 0)
		;
	eb_account_lost(s, trace_mono_ns());
	if (s->exec_errno) {
		pr_err("%s: cannot execute: %s", s->o->argv[0], strerror(s->exec_errno));
		return -s->exec_errno;
	}
	return 0;
}

static void ebpf_stop(struct rec_session *ss)
{
	(void)ss;
	eb_stop_asked = 1;
}

/* Ends what is still traced: the calls in progress are recorded detached, and
 * the threads get a TREC_EXIT that says so. */
static void detach_all(struct eb_session *s)
{
	uint64_t now = trace_mono_ns();

	for (uint32_t i = 0; i < s->threads.cap; i++) {
		if (!s->threads.used[i] || !s->threads.vals[i])
			continue;
		struct eb_thread *th = (struct eb_thread *)(uintptr_t)s->threads.vals[i];
		struct trace_record rec = {.type = TREC_EXIT};
		eb_signal_unpark(s, th, UINT64_MAX);
		eb_detached_call(s, th, now);
		rec.u.exit.ts = now;
		rec.u.exit.tid = th->tid;
		rec.u.exit.pid = th->pid;
		rec.u.exit.flags = TEXIT_DETACHED | (th->tid == th->pid ? TEXIT_PROCESS : 0);
		(void)rec_emit_record(s->em, &rec);
		s->res->detached = true;
	}
}

static void ebpf_close(struct rec_session *ss)
{
	struct eb_session *s = (struct eb_session *)ss;

	if (s->skel)
		rec_ebpf_bpf__detach(s->skel); /* the programs go on untraced */
	if (s->rb) {
		while (ring_buffer__consume(s->rb) > 0)
			;
		detach_all(s);
	}
	rec_signals_restore();
	if (!s->attach && s->child > 0 && !s->child_reaped) {
		/* Recording ended early (sink error, second signal): the program goes on
		 * untraced and the recorder waits for it, as its parent. */
		int status;
		while (waitpid(s->child, &status, 0) < 0 && errno == EINTR)
			;
		s->res->status = status;
		s->res->exited = true;
	}
	if (s->err_fd >= 0)
		close(s->err_fd);
	ring_buffer__free(s->rb);
	rec_ebpf_bpf__destroy(s->skel);
	for (uint32_t i = 0; i < s->threads.cap; i++)
		if (s->threads.used[i] && s->threads.vals[i]) {
			struct eb_thread *th = (struct eb_thread *)(uintptr_t)s->threads.vals[i];
			free(th->pay);
			free(th);
		}
	trace_map_free(&s->threads);
	trace_map_free(&s->procs);
	trace_map_free(&s->lost_seen);
	for (uint32_t i = 0; i < s->fd_paths.cap; i++)
		if (s->fd_paths.used[i])
			free((char *)(uintptr_t)s->fd_paths.vals[i]);
	trace_map_free(&s->fd_paths);
	rec_unwinder_free(s->unw);
	rec_maps_free(s->maps);
	trace_stacks_free(s->stacks);
	rec_fds_free(s->fds);
	free(s);
}

const struct rec_backend rec_backend_ebpf = {
    .name = "ebpf",
    .probe = ebpf_probe,
    .open = ebpf_open,
    .start = ebpf_start,
    .run = ebpf_run,
    .stop = ebpf_stop,
    .close = ebpf_close,
};
