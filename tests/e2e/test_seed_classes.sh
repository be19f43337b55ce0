#!/bin/bash
# The user guide's I/O classes, as the seed shows them: trace=file holds the
# descriptor calls on files (the logger's fsync and write, the line reader's
# read, close), trace=network those on sockets (a loopback download with curl:
# socket, connect, recvfrom, close), and trace=file,network labels each row
# (file I/O) or (network I/O). Counts equal strace -f -c (with -y to tell a
# socket's close from a file's); the same answer live, offline and with the
# record-time seccomp prefilter; %file keeps strace's static class.
. "$(dirname "$0")/lib.sh"
need_tools
need strace curl
RENACER="$RENACER_BIN/renacer"

# row FILE NAME [LABEL]: the Calls cell of NAME's row in a text summary.
row() {
	if [ $# -ge 3 ]; then
		awk -v n="$2" -v l="($3)" '$1 == n && index($0, l) { print $2 }' "$1"
	else
		awk -v n="$2" '$1 == n { print $2 }' "$1"
	fi
}

# strace_count FILE NAME: calls of NAME in a strace -c table.
strace_count() {
	awk -v n="$2" '$NF == n && $1 ~ /^[0-9.]+$/ { print $4 }' "$1"
}

cd "$TMP" || exit 1

# --- the logger: fsync after every line --------------------------------------
N=25
"$RENACER" -c -e 'trace=file' -- "$PROG_DIR/rpt_logger" app.log $N >log.txt 2>log.err
check "logger exit status" 0 $?
check "fsync row" $N "$(row log.txt fsync)"
check "write row" $N "$(row log.txt write)"
strace -f -c -o log.strace -e trace=openat,close,fsync,write -- "$PROG_DIR/rpt_logger" app2.log $N
check "openat row = strace" "$(strace_count log.strace openat)" "$(row log.txt openat)"
check "close row = strace" "$(strace_count log.strace close)" "$(row log.txt close)"
check "fsync = strace" "$(strace_count log.strace fsync)" "$(row log.txt fsync)"
check "no labels with one I/O class" 0 "$(grep -c 'I/O)' log.txt)"
# strace's static class: no descriptor calls
"$RENACER" -c -e 'trace=%file' -- "$PROG_DIR/rpt_logger" app.log $N >pct.txt 2>&1
check "%file has no fsync row" "" "$(row pct.txt fsync)"
check "%file has openat" "$(row log.txt openat)" "$(row pct.txt openat)"

# live, offline and seccomp-prefiltered give the same counts
counts() { python3 -c '
import json, sys
for r in sorted(json.load(open(sys.argv[1]))["syscalls"], key=lambda r: r["name"]):
    print(r["name"], r["calls"], r["errors"])' "$1"; }
"$RENACER" --format json -c -e 'trace=file' -- "$PROG_DIR/rpt_logger" app.log $N >live.json
record all.trace "$PROG_DIR/rpt_logger" app.log $N
"$REPORT" --format json -c -e 'trace=file' all.trace >offline.json
"$RECORD" -q -f -e 'trace=file' -o pre.trace -- "$PROG_DIR/rpt_logger" app.log $N
"$REPORT" --format json -c pre.trace >pre.json
check "offline trace=file = live" "$(counts live.json)" "$(counts offline.json)"
check "seccomp-prefiltered recording = live" "$(counts live.json)" "$(counts pre.json)"

# --- the line reader ---------------------------------------------------------
for i in 1 2 3 4 5 6 7 8 9; do printf 'line %d\n' $i; done >input.txt
"$RENACER" -c -e 'trace=file' -- "$PROG_DIR/rpt_parser" input.txt >parse.txt 2>&1
strace -f -c -o parse.strace -e trace=read -- "$PROG_DIR/rpt_parser" input.txt
check "read row = strace (every read is on a file)" "$(strace_count parse.strace read)" \
	"$(row parse.txt read)"
got=$(row parse.txt read)
[ "${got:-0}" -ge 10 ] && pass "read row holds the 10 reads of the input ($got)" ||
	fail "read row: want at least 10, got '$got'"

# --- a loopback download -----------------------------------------------------
"$PROG_DIR/seed_serve" port.txt 1048576 4 &
SERVER=$!
for _ in $(seq 100); do [ -s port.txt ] && break; sleep 0.05; done
PORT=$(cat port.txt)
URL="http://127.0.0.1:$PORT/large-file.zip"
"$RENACER" -c -e 'trace=network' -- curl -s -O "$URL" >net.txt 2>&1
check "curl exit status" 0 $?
for name in socket connect recvfrom close; do
	got=$(row net.txt $name)
	[ "${got:-0}" -ge 1 ] && pass "$name row under trace=network ($got)" ||
		fail "no $name row under trace=network: $(cat net.txt)"
done
check "no write row under trace=network (curl writes only its file)" "" "$(row net.txt write)"
# strace -y names what each closed descriptor is: count the sockets
strace -f -y -o net.strace -e trace=close,socket,connect -- curl -s -O "$URL"
check "close row = strace's closes of sockets" "$(grep -c 'close([0-9]*<socket:' net.strace)" \
	"$(row net.txt close)"
check "socket row = strace" "$(grep -c '^[0-9]* *socket(' net.strace)" "$(row net.txt socket)"
check "connect row = strace" "$(grep -c '^[0-9]* *connect(' net.strace)" "$(row net.txt connect)"

"$RENACER" -c -e 'trace=file,network' -- curl -s -O "$URL" >both.txt 2>&1
got=$(row both.txt recvfrom "network I/O")
[ "${got:-0}" -ge 1 ] && pass "recvfrom ... (network I/O) ($got)" || fail "no recvfrom (network I/O) row: $(cat both.txt)"
got=$(row both.txt write "file I/O")
[ "${got:-0}" -ge 1 ] && pass "write ... (file I/O) ($got)" || fail "no write (file I/O) row: $(cat both.txt)"
check "close has a row per class" 2 "$(awk '$1 == "close"' both.txt | wc -l)"
"$RENACER" --format json -c -e 'trace=file,network' -- curl -s -O "$URL" >both.json
check "JSON rows carry the class" "file network" \
	"$(jq -r '[.syscalls[] | select(.name == "close") | .class] | sort | join(" ")' both.json)"
wait "$SERVER"
check "server answered every download" 0 $?

finish
