/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * rec_ebpf_task.bpf.h - part of rec_ebpf.bpf.c (included by it once, at its
 * end): the programs that follow tasks rather than calls: new threads and
 * (with -f) children at sched_process_fork, programs at
 * sched_process_exec (with the code mappings the kernel made), thread ends
 * at sched_process_exit, renames at task_rename, and the signals traced
 * threads receive
 * (signal_deliver, and signal_generate for the ones the kernel ignores).
 */
#ifndef RENACER_REC_EBPF_TASK_BPF_H
#define RENACER_REC_EBPF_TASK_BPF_H

#define SA_IMMUTABLE                                                                               \
	0x00800000 /* the kernel's: an action the program cannot change (Linux 5.16+) */

/* The header of a task event: type, size, thread, process, time now. */
static __always_inline void hdr_fill(struct rb_hdr *h, __u32 type, __u32 size, __u32 tid,
                                     __u32 tgid)
{
	h->type = type;
	h->size = size;
	h->tid = tid;
	h->pid = tgid;
	h->ts = bpf_ktime_get_ns();
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(rec_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = parent->tgid, ctid = child->pid, ctgid = child->tgid;
	int st = traced(ptgid);

	if (!st)
		return 0;
	bool thread = ctgid == ptgid;
	if (!thread) {
		/* System-wide, a child is traced when it matches (it has its parent's
		 * name and cgroup): its creation is told either way. With -f it stays
		 * traced when it leaves the name or cgroup. */
		if (!follow_forks && !trace_all)
			return 0;
		__u8 v = RB_PID_TRACED;
		/* A child the filter has no room for is not followed: counted lost. */
		if (follow_forks && (!trace_all || cgroup_filter || comm_filter) &&
		    bpf_map_update_elem(&pids, &ctgid, &v, BPF_ANY) != 0)
			count_lost(ptgid);
	}
	struct inflight *fresh =
	    bpf_task_storage_get(&inflight, child, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (fresh)
		fresh->nr = RB_NR_FRESH;
	struct rb_fork e = {};
	hdr_fill(&e.h, RB_FORK, sizeof(e), parent->pid, ptgid);
	e.child_tid = ctid;
	e.child_pid = ctgid;
	e.is_thread = thread;
	e.share_files = BPF_CORE_READ(child, files) == BPF_CORE_READ(parent, files);
	bpf_probe_read_kernel_str(e.comm, sizeof(e.comm), parent->comm);
	if (bpf_ringbuf_output(&events, &e, sizeof(e),
	                       thread ? BPF_RB_NO_WAKEUP : BPF_RB_FORCE_WAKEUP) < 0)
		count_lost(ptgid);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(rec_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	__u32 tgid = p->tgid;
	int st = traced(tgid);

	if (!st)
		return 0;
	if (st == RB_PID_PRE_EXEC) {
		__u8 v = RB_PID_TRACED;
		if (bpf_map_update_elem(&pids, &tgid, &v, BPF_ANY) != 0)
			count_lost(tgid);
	}
	/* Between calls from now on, unless inside a recorded execve. */
	struct inflight idle = {.nr = RB_NR_IDLE};
	bpf_task_storage_get(&inflight, p, &idle, BPF_LOCAL_STORAGE_GET_F_CREATE);
	char *buf = scratch_buf();
	if (!buf)
		return 0;
	struct rb_exec *e = (struct rb_exec *)buf;
	hdr_fill(&e->h, RB_EXEC, sizeof(*e), p->pid, tgid);
	e->old_tid = old_pid;
	e->pad = 0;
	/* The code the kernel mapped (the program's, the loader's): the recorder
	 * reads /proc/PID/maps later, and a short-lived process may be gone. */
	struct rb_vma exe = {}, interp = {};
	__u64 code = BPF_CORE_READ(p, mm, start_code);
	__u64 entry = BPF_CORE_READ((struct pt_regs *)bpf_task_pt_regs(p), ip);
	if (code)
		bpf_find_vma(p, code, vma_of, &exe, 0);
	if (entry && !(entry >= exe.start && entry < exe.end))
		bpf_find_vma(p, entry, vma_of, &interp, 0);
	e->exe = exe;
	e->interp = interp;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), BPF_CORE_READ(bprm, filename));
	/* The argument strings, which the kernel has just written into the new
	 * stack (resident, unlike the old program's pages the entry may not
	 * have been able to read). */
	__u64 as = BPF_CORE_READ(p, mm, arg_start), ae = BPF_CORE_READ(p, mm, arg_end);
	__u64 full = ae > as ? ae - as : 0;
	__u32 n = full < RB_EXEC_ARGV ? (__u32)full : RB_EXEC_ARGV;
	e->argv_full = full < 0xffffffffu ? (__u32)full : 0xffffffffu;
	e->argv_len = 0;
	n &= RB_EXEC_ARGV * 2 - 1;
	if (n > RB_EXEC_ARGV)
		n = RB_EXEC_ARGV;
	if (n && bpf_probe_read_user(buf + sizeof(*e), n, (void *)as) == 0)
		e->argv_len = n;
	submit(e, sizeof(*e) + e->argv_len, tgid, true);
	return 0;
}

/* signal_struct before Linux 5.17, where de_thread's task was group_exit_task. */
struct signal_struct___old {
	struct task_struct *group_exit_task;
} __attribute__((preserve_access_index));

/* When a thread group leader p ends because another thread of its process is
 * executing a program (de_thread zaps the others, then that thread takes the
 * leader's tid): that thread's tid, else 0. */
static __always_inline __u32 superseded_by(struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	struct task_struct *x;

	if (p->pid != p->tgid)
		return 0;
	if (bpf_core_field_exists(sig->group_exec_task))
		x = BPF_CORE_READ(sig, group_exec_task);
	else
		x = BPF_CORE_READ((struct signal_struct___old *)sig, group_exit_task);
	__u32 tid = x ? BPF_CORE_READ(x, pid) : 0;
	return tid != p->pid ? tid : 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(rec_task_exit, struct task_struct *p)
{
	__u32 tgid = p->tgid, tid = p->pid;
	int st = traced(tgid);

	if (!st)
		return 0;
	bpf_task_storage_delete(&inflight, p);
	struct rb_exit e = {};
	hdr_fill(&e.h, RB_EXIT, sizeof(e), tid, tgid);
	e.code = BPF_CORE_READ(p, exit_code);
	e.last = BPF_CORE_READ(p, signal, live.counter) == 0;
	e.by = e.last ? 0 : superseded_by(p);
	if (e.last)
		bpf_map_delete_elem(&pids, &tgid);
	if (bpf_ringbuf_output(&events, &e, sizeof(e), BPF_RB_NO_WAKEUP) < 0)
		count_lost(tgid);
	return 0;
}

/* A thread's name changes (prctl(PR_SET_NAME), a write to its comm file,
 * possibly by another thread of its process); exec's own renaming is told by
 * the exec event. The process is the renamed thread's; in the modes that
 * select processes by cgroup or name, the running task's (the renamer's,
 * of the same process unless a /proc write of another's). */
SEC("tp_btf/task_rename")
int BPF_PROG(rec_rename, struct task_struct *task, const char *comm)
{
	__u32 tgid = task->tgid;

	if (BPF_CORE_READ_BITFIELD_PROBED(task, in_execve) || traced(tgid) != RB_PID_TRACED)
		return 0;
	struct rb_rename e = {};
	hdr_fill(&e.h, RB_RENAME, sizeof(e), task->pid, tgid);
	bpf_probe_read_kernel_str(e.comm, sizeof(e.comm), comm);
	if (bpf_ringbuf_output(&events, &e, sizeof(e), BPF_RB_NO_WAKEUP) < 0)
		count_lost(tgid);
	return 0;
}

/* The header and number of a signal event. */
static __always_inline void signal_start(struct rb_signal *e, __u32 tid, __u32 tgid, int sig)
{
	hdr_fill(&e->h, RB_SIGNAL, sizeof(*e), tid, tgid);
	e->signo = sig;
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(rec_signal, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	__u64 pt = bpf_get_current_pid_tgid();
	__u32 tgid = pt >> 32, tid = (__u32)pt;

	/* SIGKILL is never seen by a tracer; the thread's exit tells it. Nor is
	 * a signal the kernel forces to kill (SA_IMMUTABLE: a seccomp filter's
	 * KILL, a fatal fault while a signal frame was being built); the
	 * process's death by it is recorded from its exit. */
	if (sig == 9 || (ka->sa.sa_flags & SA_IMMUTABLE) || traced(tgid) != RB_PID_TRACED)
		return 0;
	struct rb_signal e = {};
	signal_start(&e, tid, tgid, sig);
	/* SEND_SIG_NOINFO (0) and SEND_SIG_PRIV (1) carry no siginfo. */
	if ((unsigned long)info > 1 && bpf_probe_read_kernel(e.info, sizeof(e.info), info) == 0)
		e.flags = RB_SIGF_INFO;
	if (bpf_ringbuf_output(&events, &e, sizeof(e), BPF_RB_NO_WAKEUP) < 0)
		count_lost(tgid);
	return 0;
}

#define TRACE_SIGNAL_DELIVERED 0
#define TRACE_SIGNAL_IGNORED   1
#define SI_USER                0
#define SI_KERNEL              0x80

/* A signal the kernel discards at once because its action is to ignore it
 * (SIGCHLD by default, SIG_IGN), or turns into SIGKILL at once because its
 * action is to kill (SIGPIPE, SIGTERM by default): a tracer would have seen it delivered (the
 * kernel never ignores signals for ptraced tasks), so it is recorded as
 * delivered, with the siginfo the kernel would have built; user space places
 * it where the thread would have taken it (after the call it is in). In the modes that
 * select processes by cgroup or name (checked on the running task, here the
 * sender), such signals are not recorded. */
SEC("tp_btf/signal_generate")
int BPF_PROG(rec_signal_ignored, int sig, struct kernel_siginfo *info, struct task_struct *task,
             int group, int result)
{
	__u32 tgid = task->tgid;
	__u8 *v = bpf_map_lookup_elem(&pids, &tgid);

	/* Also a fatal signal the kernel turned into SIGKILL at once: the
	 * thread never takes it, a tracer would have seen it delivered. */
	if (sig == 9 || (result != TRACE_SIGNAL_IGNORED &&
	                 (result != TRACE_SIGNAL_DELIVERED || fatal_signal(task) != sig)))
		return 0;
	if (v ? *v != RB_PID_TRACED
	      : !trace_all || tgid == self_tgid || cgroup_filter || comm_filter)
		return 0;
	struct rb_signal e = {};
	signal_start(&e, task->pid, tgid, sig);
	e.flags = RB_SIGF_IGNORED | RB_SIGF_INFO;
	if ((unsigned long)info > 1) {
		if (bpf_probe_read_kernel(e.info, sizeof(e.info), info) < 0)
			e.flags = RB_SIGF_IGNORED;
	} else {
		/* SEND_SIG_NOINFO: from user space (kill); SEND_SIG_PRIV: the kernel. */
		__s32 *w = (__s32 *)e.info;
		w[0] = sig;
		w[2] = info ? SI_KERNEL : SI_USER;
		if (!info) {
			w[4] = bpf_get_current_pid_tgid() >> 32; /* si_pid */
			w[5] = (__u32)bpf_get_current_uid_gid(); /* si_uid */
		}
	}
	if (bpf_ringbuf_output(&events, &e, sizeof(e), BPF_RB_NO_WAKEUP) < 0)
		count_lost(tgid);
	return 0;
}

#endif
