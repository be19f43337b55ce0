# renacer-record --backend ebpf selecting processes in the kernel: --comm NAME
# records exactly the processes of that name (its children only with -f),
# --cgroup PATH exactly the processes in that cgroup, including one that joins
# it after the recording began, -a every process but the recorder; combinations
# that make no sense are one-line errors naming the flag. Skipped (exit 77)
# where the eBPF backend is not built or not permitted.
. "$(dirname "$0")/lib.sh"

# The checks that need no eBPF: flags only eBPF offers, and bad combinations.
expect 3 "-a with the ptrace backend" "$RECORD" --backend ptrace -a -- /bin/true
grep -q -- "-a needs the eBPF backend" "$TMP/err" || fail "-a with ptrace: $(head -n 1 "$TMP/err")"
expect 3 "--comm with the ptrace backend" "$RECORD" --backend ptrace --comm x -- /bin/true
expect 2 "--comm with -p" "$RECORD" --backend ebpf --comm x -p 1
grep -q -- "-p excludes -a, --cgroup and --comm" "$TMP/err" || fail "--comm -p: $(head -n 1 "$TMP/err")"
expect 2 "--comm longer than the kernel keeps" "$RECORD" --backend ebpf --comm 0123456789abcdefX -- /bin/true
[ "$(wc -l <"$TMP/err")" = 1 ] || fail "--comm too long: one line expected: $(cat "$TMP/err")"

if ! timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/probe.trace" -- /bin/true 2>"$TMP/probe.err"; then
	skip_all "eBPF backend unavailable: $(head -n 1 "$TMP/probe.err")"
fi
expect 2 "--cgroup that is not a cgroup" "$RECORD" --backend ebpf --cgroup "$TMP" -- /bin/true
grep -q "is not a cgroup v2 directory" "$TMP/err" || fail "--cgroup $TMP: $(head -n 1 "$TMP/err")"

# Copies of the test programs under names of their own.
cp "$PROG_DIR/rec_writeloop" "$TMP/ebmA"
cp "$PROG_DIR/rec_writeloop" "$TMP/ebmB"
cp /bin/sh "$TMP/ebmsh"

# "comm syscall count" for every (process name, syscall) of a trace, sorted.
comm_calls() {
	"$REPORT" --format json "$1" | python3 -c '
import collections, json, sys
c = collections.Counter()
for line in sys.stdin:
    e = json.loads(line)
    if e.get("type") == "syscall":
        c[(e.get("comm") or "?", e["syscall"])] += 1
for (comm, name), n in sorted(c.items()):
    print(comm, name, n)'
}
# The process names of a trace, one a line, sorted.
comms_of() {
	comm_calls "$1" | awk '{print $1}' | sort -u | tr '\n' ' '
}

# --comm: the shell named ebmsh is recorded, the programs it runs are not...
timeout 120 "$RECORD" --backend ebpf --comm ebmsh --no-stack -q -o "$TMP/comm.trace" \
	-- "$TMP/ebmsh" -c "$TMP/ebmA 500; $TMP/ebmB 700; true" 2>"$TMP/comm.err"
check "--comm: exit status" 0 $?
comm_calls "$TMP/comm.trace" >"$TMP/comm.calls"
check "--comm ebmsh: only ebmsh" "ebmsh " "$(comms_of "$TMP/comm.trace")"
check "--comm ebmsh: none of its children's writes" "" \
	"$(awk '$2 == "write" {print $3}' "$TMP/comm.calls")"
grep -q "^ebmsh wait4 " "$TMP/comm.calls" || fail "--comm ebmsh: its wait4 calls are missing"
# ... and with -f its children too, whatever their names: every write.
timeout 120 "$RECORD" --backend ebpf --comm ebmsh -f --no-stack -q -o "$TMP/commf.trace" \
	-- "$TMP/ebmsh" -c "$TMP/ebmA 500; $TMP/ebmB 700; true" 2>"$TMP/commf.err"
comm_calls "$TMP/commf.trace" >"$TMP/commf.calls"
check "--comm ebmsh -f: ebmA's writes" 500 "$(awk '$1 == "ebmA" && $2 == "write" {print $3}' "$TMP/commf.calls")"
check "--comm ebmsh -f: ebmB's writes" 700 "$(awk '$1 == "ebmB" && $2 == "write" {print $3}' "$TMP/commf.calls")"
# Without --backend, --comm chooses eBPF. A process of that name the recorder
# did not launch: ebmA matches,
# ebmB (running at the same time) does not.
timeout 120 "$RECORD" --comm ebmA --no-stack -q -o "$TMP/comm2.trace" \
	-- sh -c "$TMP/ebmB 700 & $TMP/ebmA 400; wait" 2>"$TMP/comm2.err"
comm_calls "$TMP/comm2.trace" >"$TMP/comm2.calls"
check "--comm ebmA: only ebmA" "ebmA " "$(comms_of "$TMP/comm2.trace")"
check "--comm ebmA: its writes" 400 "$(awk '$2 == "write" {print $3}' "$TMP/comm2.calls")"

# --cgroup: a cgroup v2 directory of our own; a process joins it after the
# recording began and is recorded from then on; ebmB, outside, is not.
CGROOT=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/self/mounts)
CG="$CGROOT/renacer-e2e-$$"
if [ -z "$CGROOT" ] || ! mkdir "$CG" 2>/dev/null; then
	skip "--cgroup: cannot create a cgroup v2 directory here"
else
	timeout 120 "$RECORD" --backend ebpf --cgroup "/renacer-e2e-$$" --no-stack -q -o "$TMP/cg.trace" \
		-- sh -c "$TMP/ebmB 700 & sh -c 'echo \$\$ > $CG/cgroup.procs && exec $TMP/ebmA 500'; wait" \
		2>"$TMP/cg.err"
	check "--cgroup: exit status" 0 $?
	comm_calls "$TMP/cg.trace" >"$TMP/cg.calls"
	# The joining shell is in the cgroup from the end of its write to
	# cgroup.procs: what it does from then until its exec (restoring its
	# stdout, the execve) belongs in the trace; nothing it did before, and
	# nothing of ebmB or the outer shell.
	check "--cgroup: ebmB, outside, is not recorded" "" "$(awk '$1 == "ebmB"' "$TMP/cg.calls")"
	check "--cgroup: the shell only from its join on" "" \
		"$(awk '$1 == "sh" && $2 !~ /^(write|dup2|fcntl|close|execve)$/' "$TMP/cg.calls")"
	check "--cgroup: its writes" 500 "$(awk '$1 == "ebmA" && $2 == "write" {print $3}' "$TMP/cg.calls")"
	check "--cgroup: its execve after it joined" 1 "$(awk '$2 == "execve" {n += $3} END {print n + 0}' "$TMP/cg.calls")"
	# The directory as given (absolute) works too.
	timeout 120 "$RECORD" --backend ebpf --cgroup "$CG" --no-stack -q -o "$TMP/cg2.trace" -- /bin/true 2>"$TMP/cg2.err" ||
		fail "--cgroup $CG: $(head -n 1 "$TMP/cg2.err")"
	rmdir "$CG" 2>/dev/null
fi

# -a: every process; the recorder itself never. Two programs the command
# starts (not followed: no -f) are there with exact counts.
# The recorder runs in the background so that its pid is known: other
# recorders on the machine (parallel tests) are rightly in a system-wide trace.
"$RECORD" --backend ebpf -a --no-stack -e trace=write,wait4 -q -o "$TMP/all.trace" \
	-- sh -c "$TMP/ebmA 300; $TMP/ebmB 200" 2>"$TMP/all.err" &
rpid=$!
(sleep 120 && kill "$rpid") >/dev/null 2>&1 &
guard=$!
wait "$rpid"
check "-a: exit status" 0 $?
kill "$guard" 2>/dev/null
wait "$guard" 2>/dev/null
comm_calls "$TMP/all.trace" >"$TMP/all.calls"
check "-a: ebmA's writes" 300 "$(awk '$1 == "ebmA" && $2 == "write" {print $3}' "$TMP/all.calls")"
check "-a: ebmB's writes" 200 "$(awk '$1 == "ebmB" && $2 == "write" {print $3}' "$TMP/all.calls")"
grep -q "^sh wait4 " "$TMP/all.calls" || fail "-a: the shell's wait4 calls are missing"
check "-a: the recorder never records itself" 0 \
	"$("$REPORT" --format json "$TMP/all.trace" | jq -c "select(.pid == $rpid)" | grep -c .)"

# -a without a command lasts until SIGINT.
"$RECORD" --backend ebpf -a --no-stack -e trace=write -q -o "$TMP/int.trace" 2>"$TMP/int.err" &
rpid=$!
bg_pids="$bg_pids $rpid"
for _ in $(seq 100); do [ -e "$TMP/int.trace" ] || ls "$TMP"/int.trace.tmp-* >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1
kill -INT "$rpid"
wait "$rpid"
check "-a until SIGINT: exit status" 0 $?
"$REPORT" -c "$TMP/int.trace" >/dev/null 2>&1 || fail "-a until SIGINT: the trace is not readable"

finish
