#!/usr/bin/env bash
# The one-shot renacer command end to end: live event lines, the summary at
# exit and on Ctrl+C, -o, --record, exit status passthrough, attach, and
# per-syscall counts equal to strace -f -c.
# needs: attach (renacer -p on a process that is not its child)
set -o pipefail
. "$(dirname "$0")/lib.sh"
export PATH="$RENACER_BIN:$PATH"
trap 'kill $(jobs -p) 2>/dev/null; e2e_cleanup' EXIT
bash "$RENACER_SRC/docs/examples/prepare.sh" "$TMP" >/dev/null || exit 1
cd "$TMP" || exit 1
# A port of our own, so parallel tests and the user guide's fixed port never collide.
export PORT=$((20000 + RANDOM % 20000))
porthex=$(printf '%04X' "$PORT")
listening() { grep -q ":$porthex 00000000:0000 0A" /proc/net/tcp; }
wait_listen() { for _ in $(seq 200); do listening && return 0; sleep 0.05; done; return 1; }

# Exit status is the program's.
renacer -c -- sh -c 'exit 7' >/dev/null 2>&1
check_cmd "exit code 7 passes through" [ $? -eq 7 ]
renacer -- sh -c 'kill -TERM $$' >/dev/null 2>&1
check_cmd "death by SIGTERM passes through (143)" [ $? -eq 143 ]
renacer -- no-such-command-xyz >/dev/null 2>err.txt
check_cmd "command not found: 127" [ $? -eq 127 ]
check_cmd "command not found message" grep -qx 'renacer: no-such-command-xyz: command not found' err.txt
renacer --bogus -- true >/dev/null 2>err.txt
check_cmd "bad flag: exit 2" [ $? -eq 2 ]

# Counts equal strace -f -c, per syscall name.
renacer --format csv -c -- ./app >ours.csv 2>/dev/null
strace -f -c -o strace.txt ./app >/dev/null 2>&1
ours=$(python3 -c 'import csv,sys; print(" ".join(sorted("%s=%s" % (r["syscall"], r["calls"]) for r in csv.DictReader(open("ours.csv")) if r["syscall"] != "exit_group")))')
theirs=$(awk '/^-+ /{n++; next} n==1 && NF>=5 {print $NF "=" $4}' strace.txt | sort | tr '\n' ' ' | sed 's/ $//')
check_cmd "counts equal strace -f -c" [ "$ours" = "$theirs" ]
[ "$ours" = "$theirs" ] || { echo "  ours:   $ours"; echo "  strace: $theirs"; }

# Live: a server's calls show as they happen, before it exits.
renacer -e trace=fsync -- ./server >live.txt 2>/dev/null &
pid=$!
wait_listen
curl -s http://127.0.0.1:$PORT/ >/dev/null
for _ in $(seq 100); do grep -q '^fsync(' live.txt && break; sleep 0.05; done
check_cmd "event line printed while the server runs" grep -q '^fsync([0-9]*) = 0$' live.txt
kill -INT $pid
wait $pid
check_cmd "server stopped by SIGINT exits 0 (its handler)" [ $? -eq 0 ]

# -c with Ctrl+C (SIGINT to the job's process group, as a terminal sends it).
setsid bash -c 'exec renacer -c -e trace=file -- ./server' >summary.txt 2>/dev/null &
pid=$!
wait_listen
ab -q -n 50 -c 5 http://127.0.0.1:$PORT/ >/dev/null 2>&1
kill -INT -- -$pid
wait $pid
check_cmd "summary printed after Ctrl+C" grep -q '^System Call Summary:' summary.txt
check_cmd "summary counts the 50 opens" grep -qE '^openat +53 ' summary.txt

# -o separates the report from the program's own output; --record keeps the trace.
renacer -c -o report.txt --record run.trace -- ./app >prog-out.txt 2>/dev/null
check_cmd "-o FILE holds the summary" grep -q '^System Call Summary:' report.txt
check_cmd "stdout keeps only the program's output" [ ! -s prog-out.txt ]
renacer-report -c --format csv run.trace 2>/dev/null | cut -d, -f1,2 | sort >from-trace.txt
renacer -c --format csv -- ./app 2>/dev/null | cut -d, -f1,2 | sort >from-live.txt
check_cmd "--record trace gives the same counts as live" cmp -s from-trace.txt from-live.txt

# Attach: Ctrl+C detaches, the target keeps running, the summary prints.
./server >/dev/null 2>&1 &
target=$!
wait_listen
renacer -c -p $target >attach.txt 2>attach.err &
rpid=$!
# Recording has begun when renacer says it attached (loading the eBPF
# program can take seconds on a busy host).
for _ in $(seq 600); do grep -q '^renacer: attached to 1 process' attach.err && break; sleep 0.1; done
check_cmd "attach: renacer says it attached" grep -qE '^renacer: attached to 1 process \([0-9]+ threads?\)$' attach.err
for _ in 1 2 3; do curl -s http://127.0.0.1:$PORT/ >/dev/null; done
sleep 0.3
kill -INT $rpid
wait $rpid
check_cmd "attach: summary printed" grep -qE '^fsync +3 ' attach.txt
check_cmd "attach: target still running" kill -0 $target
curl -s http://127.0.0.1:$PORT/ >/dev/null
check_cmd "attach: target still serves" [ $? -eq 0 ]
kill -INT $target
wait $target

finish
