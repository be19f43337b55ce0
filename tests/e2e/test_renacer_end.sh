#!/usr/bin/env bash
# How a renacer session ends when it is told to, or when nobody reads it.
# - A signal to renacer for a launched program that ignores it (the guide's
#   `renacer -c ... -- ./server &` in a script, then kill -INT or Ctrl+C: a
#   script's background jobs ignore SIGINT): the program (and, with -f, its
#   traced children) is killed, the summary printed, one stderr line says so,
#   renacer ends as killed by that signal; no untraced program is left.
#   SIGTERM and SIGHUP alike; a second signal after one that went on to the
#   program kills it too. These launched-program cases run under ptrace and,
#   where it is permitted, under --backend ebpf (the same rule for both); the
#   script, terminal and calibration cases pin ptrace (they find the program
#   by its TracerPid).
# - Attached programs are detached instead, and keep running (one stderr line),
#   under ptrace and eBPF.
# - `renacer ... | head -3`: once the reader is gone the program runs to its
#   end as it would untraced and renacer exits with its status.
# needs: attach (renacer -p on a process that is not its child)
. "$(dirname "$0")/lib.sh"
need python3
need_tools "$RENACER_BIN/renacer"
renacer="$RENACER_BIN/renacer"
cd "$TMP" || exit 1

# The pid of the program renacer $1 launched, once it runs traced (after its
# exec: renacer's calibration child is traced too, but still named renacer);
# with CHILD_TRACED=0 (eBPF: no tracer) once it runs past its exec.
# The name is read first and must be there: a calibration child that ends
# between two reads of its /proc files has no name, and is not the program.
child_of() {
	local c comm
	for _ in $(seq 200); do
		for c in $(pgrep -P "$1"); do
			comm=$(cat "/proc/$c/comm" 2>/dev/null) || continue
			[ -n "$comm" ] && [ "$comm" != renacer ] &&
				{ [ "${CHILD_TRACED:-1}" = 0 ] ||
					[ "$(awk '/^TracerPid:/ {print $2}' "/proc/$c/status" 2>/dev/null)" = "$1" ]; } && {
				echo "$c"
				return 0
			}
		done
		sleep 0.1
	done
	return 1
}
# Whether process $1 is gone (bounded wait; a zombie counts as gone).
gone() {
	for _ in $(seq 50); do
		[ -e "/proc/$1" ] || return 0
		[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ] && return 0
		sleep 0.1
	done
	return 1
}
# wait for background job $1, but at most 60 s (then it is killed): a
# regression fails the test instead of hanging it.
wait_for() {
	local t=0
	while [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ] &&
		[ $t -lt 600 ]; do
		sleep 0.1
		t=$((t + 1))
	done
	[ $t -lt 600 ] || kill -KILL "$1" 2>/dev/null
	wait "$1"
}
# The exit status a finished script wrote to file $1.
rc_of() { cat "$1" 2>/dev/null; }
# Checks that stderr file $2 holds exactly one line of renacer's about the
# signal, and that it is $3 (other warnings, e.g. a busy machine's, may be there).
check_line() {
	check "$1: one stderr line says what happened" "1 $3" \
		"$(grep -c '^renacer: SIG' "$2") $(grep '^renacer: SIG' "$2")"
}
# The sleep processes traced by renacer $1.
traced_sleeps() {
	local p
	for p in $(pgrep -x sleep); do
		[ "$(awk '/^TracerPid:/ {print $2}' "/proc/$p/status" 2>/dev/null)" = "$1" ] && echo "$p"
	done
}

# bg_job P: starts, as a script's background job (SIGINT ignored), renacer -c
# -- sleep 1000 with its summary in Psum.txt, stderr in Perr.txt, its pid in
# Prenacer.pid and, once it ended, its exit status in Prc.txt.
bg_job() {
	cat >"$1bg.sh" <<EOF
"$renacer" --backend ptrace -c -- sleep 1000 >$1sum.txt 2>$1err.txt &
echo \$! >$1renacer.pid
wait \$!
echo \$? >$1rc.txt
EOF
	bash "$1bg.sh" &
}

# --- a script's background job: SIGINT ignored by the program ----------------
bg_job ""
script=$!
bg_pids="$bg_pids $script"
wait_file renacer.pid
rpid=$(cat renacer.pid)
bg_pids="$bg_pids $rpid"
prog=$(child_of "$rpid") || fail "script: no traced program under renacer"
bg_pids="$bg_pids $prog"
check "script: the program ignores SIGINT (as a background job)" 1 \
	"$(python3 -c 'import sys; print(int(sys.argv[1], 16) >> 1 & 1)' "$(awk '/^SigIgn:/ {print $2}' "/proc/$prog/status")")"
kill -INT "$rpid"
wait_for "$script"
check "script: renacer ends as killed by SIGINT" 130 "$(rc_of rc.txt)"
check_cmd "script: the summary is printed" grep -qx 'System Call Summary:' sum.txt
check_cmd "script: the summary has the program's calls" grep -qE '^execve +1 ' sum.txt
check_cmd "script: no program left running" gone "$prog"
check_line script err.txt "renacer: SIGINT, which sleep ignores: killed it (pid $prog)"

# --- the same SIGINT while renacer still calibrates ----------------------------
# renacer's first child is the calibration's burst (it stays "renacer", traced
# by renacer, before the program is forked): SIGINT then, ignored as inherited,
# is held and acted on once the program runs, as the one above.
bg_job cal
script=$!
bg_pids="$bg_pids $script"
python3 - "$PWD/calrenacer.pid" <<'PY'
import os, signal, sys, time
end = time.time() + 30
while time.time() < end and not os.path.exists(sys.argv[1]):
    time.sleep(0.001)
rpid = int(open(sys.argv[1]).read())
while time.time() < end:
    try:
        kids = open(f"/proc/{rpid}/task/{rpid}/children").read().split()
    except OSError:
        break
    if kids:  # the calibration child, or (on a fast machine) the program's
        os.kill(rpid, signal.SIGINT)
        break
    time.sleep(0.0005)
PY
wait_for "$script"
check "calibrating: renacer ends as killed by SIGINT" 130 "$(rc_of calrc.txt)"
check_cmd "calibrating: the summary is printed" grep -qx 'System Call Summary:' calsum.txt
check "calibrating: no traced sleep left running" "" "$(traced_sleeps "$(cat calrenacer.pid)")"
check "calibrating: stderr says the program was killed" 1 \
	"$(grep -cE '^renacer: SIGINT, which sleep ignores: killed it \(pid [0-9]+\)$' calerr.txt)"

# --- Ctrl+C on a terminal (the kernel's SIGINT to the foreground group) --------
# The script ignores SIGINT itself so that it waits for renacer.
e=$(python3 - "$renacer" "$TMP" <<'PY'
import os, pty, select, signal, sys, time
renacer, tmp = sys.argv[1:3]
script = ('trap "" INT; "%s" --backend ptrace -c -o %s/tty-sum.txt -- sleep 1000 2>%s/tty-err.txt & '
          'echo $! >%s/tty.pid; wait $!; echo $? >%s/tty-rc.txt' % (renacer, tmp, tmp, tmp, tmp))
pid, fd = pty.fork()
if pid == 0:
    os.execv("/bin/bash", ["bash", "-c", script])
def child():
    try:
        r = int(open(tmp + "/tty.pid").read())
        for k in open("/proc/%d/task/%d/children" % (r, r)).read().split():
            # traced and past its exec (the calibration child is named renacer)
            if ("TracerPid:\t%d\n" % r in open("/proc/%s/status" % k).read()
                    and open("/proc/%s/comm" % k).read().strip() == "sleep"):
                return k
    except (OSError, ValueError):
        return None
prog = None
for _ in range(400):
    prog = child()
    if prog:
        break
    time.sleep(0.05)
os.write(fd, b"\x03")
end = time.time() + 30
while time.time() < end and not os.path.exists(tmp + "/tty-rc.txt"):
    if select.select([fd], [], [], 0.05)[0]:
        try:
            os.read(fd, 4096)  # keep the terminal drained
        except OSError:
            pass
if not os.path.exists(tmp + "/tty-rc.txt"):  # renacer did not end: do not hang the test
    for p in [prog, open(tmp + "/tty.pid").read().strip(), str(pid)]:
        try:
            os.kill(int(p), signal.SIGKILL)
        except (OSError, TypeError, ValueError):
            pass
os.waitpid(pid, 0)
print(prog or "none")
PY
)
check "Ctrl+C: renacer ends as killed by SIGINT" 130 "$(rc_of tty-rc.txt)"
check_cmd "Ctrl+C: the summary is printed" grep -qx 'System Call Summary:' tty-sum.txt
check_cmd "Ctrl+C: no program left running" gone "$e"
check_line Ctrl+C tty-err.txt "renacer: SIGINT, which sleep ignores: killed it (pid $e)"

# --- a terminal's hangup that a nohup program ignores: it runs on, traced -----
h=$(python3 - "$renacer" "$TMP" <<'PY'
import os, pty, select, signal, sys, time
renacer, tmp = sys.argv[1:3]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(tmp)
    os.execv(renacer, [renacer, "--backend", "ptrace", "-c", "-o", tmp + "/hup-sum.txt", "--", "nohup", "sleep", "1000"])
def prog():
    try:
        for k in open("/proc/%d/task/%d/children" % (pid, pid)).read().split():
            st = open("/proc/%s/status" % k).read()
            if "TracerPid:\t%d\n" % pid in st and open("/proc/%s/comm" % k).read().strip() == "sleep":
                return k, st
    except OSError:
        pass
    return None, ""
for _ in range(400):
    k, _st = prog()
    if k:
        break
    time.sleep(0.05)
os.close(fd)  # the terminal hangs up: SIGHUP to renacer and the program
time.sleep(1)
k2, st = prog()
alive = "alive" if k2 and k2 == k else "gone"
os.kill(pid, signal.SIGTERM)  # goes on to the program, which ends by it
_, status = os.waitpid(pid, 0)
print(alive, "signal %d" % os.WTERMSIG(status) if os.WIFSIGNALED(status) else "exit %d" % os.WEXITSTATUS(status))
PY
)
check "hangup: the nohup program runs on traced; SIGTERM then ends it" "alive signal 15" "$h"
check_cmd "hangup: the summary is written" grep -qx 'System Call Summary:' hup-sum.txt

# The launched-program cases, run for each backend (one rule for both,
# record/rec_signal.c): launched_cases TAG RENACER-ARGS... (TAG prefixes the
# check names; CHILD_TRACED=1 when the program shows renacer as TracerPid).
launched_cases() {
	local t=$1 rpid prog kids kid sig rc want
	shift
	local rn=("$@")
	for sig in TERM HUP; do
		"${rn[@]}" -c -- sh -c "trap '' $sig; exec sleep 1000" >"sum$sig.txt" 2>"err$sig.txt" &
		rpid=$!
		bg_pids="$bg_pids $rpid"
		prog=$(child_of "$rpid") || fail "${t}SIG$sig: no traced program"
		bg_pids="$bg_pids $prog"
		for _ in $(seq 100); do # until sh has set its trap and become sleep
			[ "$(cat "/proc/$prog/comm" 2>/dev/null)" = sleep ] && break
			sleep 0.1
		done
		kill -"$sig" "$rpid"
		wait_for "$rpid"
		rc=$?
		want=$((128 + $(kill -l "$sig")))
		check "${t}SIG$sig: renacer ends as killed by it" "$want" "$rc"
		check_cmd "${t}SIG$sig: summary printed" grep -qx 'System Call Summary:' "sum$sig.txt"
		check_cmd "${t}SIG$sig: no program left running" gone "$prog"
		check_line "${t}SIG$sig" "err$sig.txt" "renacer: SIG$sig, which sh ignores: killed it (pid $prog)"
	done

	# a signal that goes on to the program, which does not end: a second kills
	"${rn[@]}" -c -- sh -c 'trap "echo got-term" TERM; echo ready; while :; do sleep 0.1; done' >sum2.txt 2>err2.txt &
	rpid=$!
	bg_pids="$bg_pids $rpid"
	prog=$(child_of "$rpid") || fail "${t}second: no traced program"
	for _ in $(seq 100); do grep -q ready sum2.txt && break; sleep 0.1; done
	kill -TERM "$rpid"
	for _ in $(seq 100); do grep -q got-term sum2.txt && break; sleep 0.1; done
	check_cmd "${t}second: the first SIGTERM reached the program" grep -qx got-term sum2.txt
	check_cmd "${t}second: the program still runs after the first" kill -0 "$prog"
	kill -TERM "$rpid"
	wait_for "$rpid"
	check "${t}second: renacer ends as killed by SIGTERM" 143 $?
	check_cmd "${t}second: no program left running" gone "$prog"
	check_line "${t}second" err2.txt "renacer: SIGTERM again (sh did not end on the first): killed it (pid $prog)"

	# -f: the program's traced children are killed with it
	"${rn[@]}" -f -c -- sh -c 'trap "" INT; sleep 1000 & sleep 1001 & wait' >sumf.txt 2>errf.txt &
	rpid=$!
	bg_pids="$bg_pids $rpid"
	prog=$(child_of "$rpid") || fail "${t}-f: no traced program"
	kids=""
	for _ in $(seq 100); do
		kids=$(pgrep -P "$prog" | tr '\n' ' ')
		[ "$(echo $kids | wc -w)" = 2 ] && break
		sleep 0.1
	done
	bg_pids="$bg_pids $prog $kids"
	kill -INT "$rpid"
	wait_for "$rpid"
	check "${t}-f: renacer ends as killed by SIGINT" 130 $?
	for p in $prog $kids; do check_cmd "${t}-f: process $p is gone" gone "$p"; done
	check_line "${t}-f" errf.txt "renacer: SIGINT, which sh ignores: killed it (pid $prog) and 2 traced child processes"

	# -f: the program ended, its traced child goes on: killed on SIGINT
	rm -f kid.pid
	"${rn[@]}" -f -c -- sh -c 'sleep 1000 & echo $! >kid.pid' >sume.txt 2>erre.txt &
	rpid=$!
	bg_pids="$bg_pids $rpid"
	wait_file kid.pid
	kid=$(cat kid.pid)
	bg_pids="$bg_pids $kid"
	for _ in $(seq 100); do # until sh has gone and the sleep runs (past its exec)
		! pgrep -P "$rpid" >/dev/null && [ "$(cat "/proc/$kid/comm" 2>/dev/null)" = sleep ] && break
		sleep 0.1
	done
	kill -INT "$rpid"
	wait_for "$rpid"
	check "${t}ended: renacer ends as killed by SIGINT" 130 $?
	check_cmd "${t}ended: the child is gone" gone "$kid"
	check_line "${t}ended" erre.txt "renacer: SIGINT after sh ended: killed its 1 traced child process"
}
CHILD_TRACED=1 launched_cases "" "$renacer" --backend ptrace
ebpf_ok=0
if timeout 120 "$RECORD" --backend ebpf -q -o probe.trace -- /bin/true 2>probe.err; then
	ebpf_ok=1
	CHILD_TRACED=0
	launched_cases "eBPF " "$renacer" --backend ebpf
	CHILD_TRACED=1
else
	skip "the launched-program cases under eBPF: $(head -n 1 probe.err)"
fi

# --- attach: detached, keeps running ------------------------------------------
sleep 1000 &
target=$!
bg_pids="$bg_pids $target"
"$renacer" --backend ptrace -c -p "$target" >suma.txt 2>erra.txt &
rpid=$!
bg_pids="$bg_pids $rpid"
for _ in $(seq 100); do
	[ "$(awk '/^TracerPid:/ {print $2}' "/proc/$target/status")" = "$rpid" ] && break
	sleep 0.1
done
kill -INT "$rpid"
wait_for "$rpid"
check "attach: renacer exits 0 after detaching" 0 $?
check_cmd "attach: summary printed" grep -qx 'System Call Summary:' suma.txt
check_cmd "attach: the target keeps running" kill -0 "$target"
check "attach: no longer traced" 0 "$(awk '/^TracerPid:/ {print $2}' "/proc/$target/status")"
check_line attach erra.txt "renacer: SIGINT: detached from 1 process, which keeps running"
kill "$target"
if [ $ebpf_ok = 1 ]; then # the same under eBPF, recording once its programs are loaded
	sleep 1000 &
	target=$!
	bg_pids="$bg_pids $target"
	"$renacer" --backend ebpf -c -p "$target" >sumea.txt 2>errea.txt &
	rpid=$!
	bg_pids="$bg_pids $rpid"
	for _ in $(seq 600); do
		ls -l "/proc/$rpid/fd" 2>/dev/null | grep -q 'bpf-prog' && break
		sleep 0.1
	done
	kill -INT "$rpid"
	wait_for "$rpid"
	check "eBPF attach: renacer exits 0 after detaching" 0 $?
	check_cmd "eBPF attach: summary printed" grep -qx 'System Call Summary:' sumea.txt
	check_cmd "eBPF attach: the target keeps running" kill -0 "$target"
	check_line "eBPF attach" errea.txt "renacer: SIGINT: detached from 1 process, which keeps running"
	kill "$target"
else
	skip "the attach case under eBPF: $(head -n 1 probe.err)"
fi

# --- the reader goes away: renacer ... | head -3 -------------------------------
# 2000 event lines (well over a pipe buffer, so renacer is still writing when
# head has gone), then the program outlives the reader by a moment, leaves a
# mark and exits 7: renacer must end only after it, with its status.
set -o pipefail
loop='i=0; while [ $i -lt 2000 ]; do : >/dev/null; i=$((i+1)); done'
"$renacer" -e trace=openat -- sh -c "$loop; sleep 0.5; echo done >mark.txt; exit 7" \
	2>head-err.txt | head -3 >head.txt
rc=${PIPESTATUS[0]}
check "| head -3: renacer exits with the program's status" 7 "$rc"
check "| head -3: the program ran to its end before renacer ended" done "$(cat mark.txt 2>/dev/null)"
check "| head -3: three lines read" 3 "$(wc -l <head.txt)"
check "| head -3: no error on stderr (a busy machine's warning and the backend line aside)" 0 \
	"$(grep '^renacer:' head-err.txt | grep -v '^renacer: recording with the' | grep -vc '^renacer: warning:')"
# A program that writes to the same pipe dies of SIGPIPE, as it does untraced
# (more than a pipe buffer of output, so that it is still writing when head goes).
many='i=0; while [ $i -lt 20000 ]; do echo line $i; i=$((i+1)); done; exit 7'
sh -c "$many" | head -3 >/dev/null
untraced=${PIPESTATUS[0]}
"$renacer" -- sh -c "$many" 2>/dev/null | head -3 >/dev/null
traced=${PIPESTATUS[0]}
check "| head -3: a writer ends as untraced (SIGPIPE)" "$untraced" "$traced"
# -C: event lines, then the summary into the closed pipe: still the program's status.
"$renacer" -C -- sh -c "$loop; exit 7" 2>/dev/null | head -1 >/dev/null
check "| head -1 with -C: the program's status" 7 "${PIPESTATUS[0]}"
set +o pipefail

finish
