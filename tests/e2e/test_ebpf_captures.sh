#!/bin/bash
# test_ebpf_captures.sh - the eBPF backend keeps the argument bytes the ptrace
# backend keeps for the rarer capture rules (tests/progs/rec_captures.c):
# mincore vectors, fd_sets, the members followed through a msghdr (name,
# iovec array counted by the struct, control data), pselect6's sigmask pair,
# and length arguments of type int whose register has a garbage upper half,
# each also bad, unreadable or longer than kept. The event lines of the marked
# region must be equal under both backends, at the default -s and at -s 4,
# addresses aside; and the eBPF lines must show the structures, not their
# addresses.
# Skipped (exit 77) where the eBPF backend is not built or not permitted.
. "$(dirname "$0")/lib.sh"
need_tools
if ! timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/probe.trace" -- /bin/true 2>"$TMP/probe.err"; then
	skip_all "eBPF backend unavailable: $(head -n 1 "$TMP/probe.err")"
fi
PROG=$PROG_DIR/rec_captures
mkdir -p "$TMP/run"

# region FILE: the marked lines, addresses masked.
region() {
	sed -n '/"\/decode-e2e-start"/,/"\/decode-e2e-end"/p' "$1" | sed -E 's/0x[0-9a-f]{8,}/ADDR/g'
}

for s in 32 4; do
	for b in ptrace ebpf; do
		if ! timeout 120 "$RECORD" --backend "$b" -q -s "$s" -o "$TMP/$b.$s.trace" -- "$PROG" "$TMP/run" \
			>/dev/null 2>"$TMP/$b.err"; then
			fail "$b -s $s: recording failed: $(head -n 2 "$TMP/$b.err")"
			continue
		fi
		"$REPORT" "$TMP/$b.$s.trace" >"$TMP/$b.$s.out" 2>"$TMP/$b.err" ||
			fail "$b -s $s: report failed: $(head -n 2 "$TMP/$b.err")"
		region "$TMP/$b.$s.out" >"$TMP/$b.$s"
	done
	check "-s $s: marked region has its 32 lines under ptrace" 32 "$(wc -l <"$TMP/ptrace.$s")"
	if diff "$TMP/ptrace.$s" "$TMP/ebpf.$s" >"$TMP/diff.$s"; then
		pass "-s $s: eBPF event lines = ptrace event lines"
	else
		fail "-s $s: eBPF event lines differ from ptrace's (< ptrace, > eBPF):"
		sed 's/^/    /' "$TMP/diff.$s" >&2
	fi
done

# What the eBPF lines must show (not an address where a structure is kept).
E=$TMP/ebpf.32
has() { # WHAT FIXED-STRING [COUNT]
	check "eBPF: $1" "${3:-1}" "$(grep -cF -- "$2" "$E")"
}
has "mincore's vector, one byte per page" 'mincore(ADDR, 12289, [0, 0, 1, 0]) = 0'
has "a mincore vector longer than kept" 'mincore(ADDR, 20480000, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...]) = 0'
has "select's sets (nfds with a garbage upper half)" 'select(4, [3], NULL, NULL, NULL) = 1 (in [3])'
has "select's sets of 1500 bits" 'select(1500, [3], NULL, NULL, NULL) = 1 (in [3])'
has "select's six payloads of eight captures" 'select(4, [3], NULL, [3], {tv_sec=0, tv_usec=0}) = 1 (in [3], left {tv_sec=0, tv_usec=0})'
has "pselect6's sigmask pair" '{sigmask=[USR2], sigsetsize=8}) = 1 (in [3])'
has "pselect6's pair with a NULL set" '{sigmask=NULL, sigsetsize=8}) = 1'
has "pselect6's pair with a bad set" '{sigmask=0x10, sigsetsize=8}) = -1 EFAULT'
has "pselect6's bad pair" ', 0x10) = -1 EFAULT'
has "msg_iov, 32 of 40 elements" "msg_iov=[$(printf '{iov_base="ab", iov_len=2}, %.0s' $(seq 32))...], msg_iovlen=40"
has "recvmsg's elements, the data as received" "msg_iov=[$(printf '{iov_base="a", iov_len=1}, {iov_base="b", iov_len=1}, %.0s' $(seq 16))...], msg_iovlen=40"
has "a bad msg_name" 'sendmsg(5, {msg_name=0x10, msg_namelen=16, msg_iov=[{iov_base="ab", iov_len=2}], msg_iovlen=1,'
has "a bad msg_iov" 'msg_iov=0x10, msg_iovlen=2,'
has "a bad element" 'msg_iov=[{iov_base="cd", iov_len=2}, {iov_base=0x10, iov_len=3}], msg_iovlen=2,'
has "a bad msghdr" 'sendmsg(5, 0x10, 0) = -1 EFAULT'
has "control data longer than kept" 'msg_control=[{cmsg_len=0, cmsg_level=SOL_IP, cmsg_type=0'
has "a name longer than kept" 'msg_namelen=256, msg_iov=[{iov_base="ab", iov_len=2}]'
has "setsockopt's int length, garbage upper half" 'setsockopt(7, SOL_SOCKET, SO_RCVBUF, [4096], 4) = 0'
has "setsockopt's length -1" 'SO_BINDTODEVICE, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"..., -1) = -1 EINVAL'
has "connect's int length, garbage upper half" 'connect(7, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = 0'

# Buffers above 4096 bytes: with -s 8192 the eBPF backend keeps 8192 bytes of a
# 10000-byte write, as ptrace does, and with -s 20000 all of it (it keeps up
# to 16384 bytes of one buffer; it kept 4096).
head -c 20000 /dev/zero | tr '\0' x >"$TMP/big"
for s in 8192 20000; do
	for b in ptrace ebpf; do
		timeout 120 "$RECORD" --backend "$b" -q -s "$s" -e trace=write -o "$TMP/big.$b.trace" -- \
			dd if="$TMP/big" of=/dev/null bs=10000 count=2 status=none 2>"$TMP/big.err" ||
			fail "$b -s $s: dd recording failed: $(head -n 1 "$TMP/big.err")"
		"$REPORT" -s "$s" "$TMP/big.$b.trace" 2>/dev/null | grep '^write(1, "x' |
			sed -E 's/^write\(1, "(x*)"(\.*), 10000\).*/\1 \2/' | awk '{print length($1), $2}' >"$TMP/big.$b"
	done
	want="8192 ..."
	[ "$s" = 20000 ] && want="10000 "
	check "-s $s: ptrace keeps the write's bytes" "$want" "$(head -n 1 "$TMP/big.ptrace")"
	[ "$s" = 20000 ] && want="10000 "
	check "-s $s: eBPF keeps as many" "$want" "$(head -n 1 "$TMP/big.ebpf")"
done
finish
