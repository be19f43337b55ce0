# renacer-record -u USER: the launched program runs with USER's uid, gid and
# supplementary groups (what `id USER` says), under both backends, and is
# traced; an unknown user is a usage error; under sudo without -u a one-line
# warning says the program runs as root. Needs root (skipped otherwise); the
# eBPF part is skipped where that backend is not built or not permitted.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "-u needs root"
id nobody >/dev/null 2>&1 || skip_all "no user 'nobody' here"

expect 2 "-u of an unknown user" "$RECORD" -q -u renacer-no-such-user -o "$TMP/x.trace" -- /bin/true
check "-u unknown: one line naming the flag" "renacer-record: -u: no such user 'renacer-no-such-user' (see renacer-record --help)" "$(cat "$TMP/err")"
expect 2 "-u without a command" "$RECORD" -q -u nobody -p 1

# Users to check: nobody, and one with supplementary groups when the host has one.
users="nobody"
extra=$(getent group | awk -F: '$4 != "" {split($4, m, ","); print m[1]; exit}')
[ -n "$extra" ] && id "$extra" >/dev/null 2>&1 && users="$users $extra"

backends="ptrace"
if timeout 120 "$RECORD" --backend ebpf -q -o "$TMP/probe.trace" -- /bin/true 2>"$TMP/probe.err"; then
	backends="$backends ebpf"
else
	skip "eBPF part: $(head -n 1 "$TMP/probe.err")"
fi

for b in $backends; do
	for u in $users; do
		want=$(id "$u")
		got=$(timeout 120 "$RECORD" --backend "$b" -q -u "$u" -o "$TMP/$b.trace" -- /usr/bin/id 2>"$TMP/$b.err")
		check "$b: -u $u runs as $u with its groups" "$want" "$got"
		# Numeric uids name the same user.
		uid=$(id -u "$u")
		got=$(timeout 120 "$RECORD" --backend "$b" -q -u "$uid" -o "$TMP/$b.trace" -- /usr/bin/id 2>"$TMP/$b.err")
		check "$b: -u $uid (numeric)" "$want" "$got"
	done
	# The program was traced: its getuid-family calls and its execve are in the trace.
	"$REPORT" --format csv -c "$TMP/$b.trace" >"$TMP/$b.csv" 2>/dev/null
	grep -q "^execve," "$TMP/$b.csv" || fail "$b: -u: the program's execve is not in the trace"
	grep -q "^getuid,\|^geteuid," "$TMP/$b.csv" || fail "$b: -u: id's getuid calls are not in the trace"
done

# Under sudo (SUDO_USER set, running as root) without -u: one warning line.
SUDO_USER=nobody "$RECORD" -o "$TMP/sudo.trace" -- /bin/true 2>"$TMP/sudo.err"
check "under sudo without -u: the warning" \
	"renacer-record: warning: /bin/true runs as root (under sudo); -u nobody runs it as nobody" \
	"$(head -n 1 "$TMP/sudo.err")"
SUDO_USER=nobody "$RECORD" -u nobody -o "$TMP/sudo.trace" -- /bin/true 2>"$TMP/sudo.err"
grep -q "runs as root" "$TMP/sudo.err" && fail "under sudo with -u: no warning expected"

finish
