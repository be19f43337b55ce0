# gen_syscalls.awk - turns syscalls_<arch>.tbl into the C table included by
# trace_syscalls.c: one struct trace_syscall_desc per syscall number and the
# numbers sorted by name for binary search. Checks the table as it reads it and
# exits non-zero (failing the build) on the first malformed line.
# Written for POSIX awk: runs under mawk, gawk and busybox awk.

function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}

# A key whose order is the byte order of s in every locale: each character
# becomes its three-digit ASCII code.
function sort_key(s,    i, k) {
	k = ""
	for (i = 1; i <= length(s); i++)
		k = k sprintf("%03d", index(ascii, substr(s, i, 1)) + 31)
	return k
}

function class_expr(list,    n, parts, i, out) {
	if (list == "-")
		return "0"
	n = split(list, parts, ",")
	out = ""
	for (i = 1; i <= n; i++) {
		if (!(parts[i] in known_class))
			fail("unknown class '" parts[i] "'")
		out = out (out == "" ? "" : " | ") "TC_" toupper(parts[i])
	}
	return out
}

function arg_expr(tok, self, nargs,    kind, len, ct, xl, head, rest) {
	if (tok !~ /^[a-z][a-z0-9_]*(=[a-z][a-z0-9_]*)?(:[0-5])?(@[a-z]+)?$/)
		fail("malformed argument kind '" tok "'")
	ct = ""
	xl = "NULL"
	if (index(tok, "=") > 0) {
		head = substr(tok, 1, index(tok, "=") - 1)
		rest = substr(tok, index(tok, "=") + 1)
		xl = rest
		sub(/[:@].*/, "", xl)
		rest = substr(rest, length(xl) + 1)
		if (head != "enum" && head != "flags" && head != "enumd")
			fail("only enum=, enumd= and flags= name a constant table")
		tok = head rest
		xl = "\"" xl "\""
	} else if (tok ~ /^(enum|enumd|flags)([:@]|$)/) {
		fail(tok ": enum, enumd and flags name their table (flags=NAME)")
	}
	if (index(tok, "@") > 0) {
		ct = substr(tok, index(tok, "@") + 1)
		tok = substr(tok, 1, index(tok, "@") - 1)
		if (!(ct in ctype_expr))
			fail("unknown C type '" ct "'")
	}
	kind = tok
	len = 0
	if (index(tok, ":") > 0) {
		kind = substr(tok, 1, index(tok, ":") - 1)
		len = substr(tok, index(tok, ":") + 1) + 0
		if (len >= nargs || len == self)
			fail("argument kind '" tok "' names a bad length argument")
	} else if (kind in needs_len) {
		fail("argument kind '" kind "' needs its length argument (" kind ":N)")
	}
	if (ct == "")
		ct = (kind in kind_ctype) ? kind_ctype[kind] : "ptr"
	return "{TA_" toupper(kind) ", " len ", " ctype_expr[ct] ", " xl "}"
}

BEGIN {
	ascii = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
	nclass = split("desc file network memory process signal ipc creds clock stat lstat fstat " \
		       "stat_like statfs fstatfs statfs_like pure fdio", cl, " ")
	for (i = 1; i <= nclass; i++)
		known_class[cl[i]] = 1
	split("buf_in buf_out iov_in iov_out sockaddr_in sockaddr_out sigset_in sigset_out pollfd " \
	      "sockopt_out open_how mincore_vec iov_remote buf_hex_out", nl,
	      " ")
	for (i in nl)
		needs_len[nl[i]] = 1
	# The C type of each argument: what the kernel reads of the register.
	# Kinds not listed here point to memory (C type "ptr").
	ctype_expr["int"] = "TCT_INT"
	ctype_expr["uint"] = "TCT_UINT"
	ctype_expr["long"] = "TCT_LONG"
	ctype_expr["ulong"] = "TCT_ULONG"
	ctype_expr["ptr"] = "TCT_ULONG"
	n = split("int:int uint:uint long:long ulong:ulong hex:ulong fd:int dirfd:int prctl_arg:ulong arch_prctl_arg:ulong " \
		  "open_flags:int at_flags:int mode:uint mmap_prot:uint mmap_flags:uint " \
		  "sock_domain:int sock_type:int sock_proto:int signal:int whence:uint " \
		  "clone_flags:ulong fcntl_cmd:uint fcntl_arg:long ioctl_cmd:uint access_mode:int msg_flags:uint " \
		  "sigprocmask_how:int clock_id:int futex_op:int madvise:int mremap_flags:ulong " \
		  "arch_prctl:int prctl_op:int shutdown_how:int epoll_op:int sockopt_level:int " \
		  "open_fdflags:int statx_flags:int id:uint mode_type:uint " \
		  "rlimit_resource:uint memfd_flags:uint dev:ulong wait_options:int enum:int enumd:int flags:uint", kc, " ")
	for (i = 1; i <= n; i++) {
		split(kc[i], pair, ":")
		kind_ctype[pair[1]] = pair[2]
	}
	ret_expr["int"] = "TR_INT"
	ret_expr["fd"] = "TR_FD"
	ret_expr["hex"] = "TR_HEX"
	ret_expr["none"] = "TR_NONE"
	ret_expr["octal"] = "TR_OCTAL"
	ret_expr["poll"] = "TR_POLL"
	ret_expr["select"] = "TR_SELECT"
	ret_expr["signo"] = "TR_SIGNO"
	ret_expr["time"] = "TR_TIME"
	arch = ""
	max_nr = -1
	count = 0
}

/^[ \t]*(#|$)/ { next }

$1 == "@arch" {
	if (NF != 2)
		fail("@arch takes one name")
	arch = $2
	next
}

{
	if (NF < 5)
		fail("expected NR NAME NARGS RET CLASSES KIND...")
	nr = $1
	name = $2
	nargs = $3
	if (nr !~ /^[0-9]+$/ || nr + 0 > 1023)
		fail("bad syscall number '" nr "'")
	nr = nr + 0
	if (name !~ /^[a-z_][a-z0-9_]*$/)
		fail("bad syscall name '" name "'")
	if (nr in row)
		fail("number " nr " appears twice")
	if (name in nr_of)
		fail("name " name " appears twice")
	if (nargs !~ /^[0-6]$/)
		fail("bad argument count '" nargs "'")
	nargs = nargs + 0
	nkinds = NF - 5
	layout = "NULL"
	if (nkinds > 0 && $NF ~ /^layout=/) {
		layout = substr($NF, 8)
		if (layout !~ /^[a-z][a-z0-9_]*$/)
			fail("bad layout name '" layout "'")
		layout = "\"" layout "\""
		nkinds--
	}
	if (nkinds != nargs)
		fail(name ": " nargs " arguments but " nkinds " kinds")
	if (!($4 in ret_expr))
		fail("unknown return kind '" $4 "'")
	args = ""
	for (i = 0; i < nargs; i++)
		args = args (i ? ", " : "") arg_expr($(6 + i), i, nargs)
	if (args == "")
		args = "{TA_NONE, 0, 0, NULL}"
	row[nr] = sprintf("\t[%d] = {\"%s\", %d, %d, %s, %s, {%s}, %s},", nr, name, nr, nargs,
			  ret_expr[$4], class_expr($5), args, layout)
	nr_of[name] = nr
	names[count] = name
	keys[count] = sort_key(name)
	count++
	if (nr > max_nr)
		max_nr = nr
}

END {
	if (failed)
		exit 1
	if (arch == "")
		fail("missing @arch line")
	if (count == 0)
		fail("no syscalls")
	# insertion sort of the names by their locale-independent keys
	for (i = 1; i < count; i++) {
		k = keys[i]
		n = names[i]
		for (j = i - 1; j >= 0 && keys[j] > k; j--) {
			keys[j + 1] = keys[j]
			names[j + 1] = names[j]
		}
		keys[j + 1] = k
		names[j + 1] = n
	}
	print "/* Generated by libtrace/gen_syscalls.awk from the syscall table: do not edit. */"
	printf "#define TRACE_SYSCALL_ARCH \"%s\"\n", arch
	printf "#define TRACE_SYSCALL_TABLE_SIZE %d\n", max_nr + 1
	printf "#define TRACE_SYSCALL_NAMED %d\n\n", count
	print "static const struct trace_syscall_desc trace_syscall_table[TRACE_SYSCALL_TABLE_SIZE] = {"
	for (nr = 0; nr <= max_nr; nr++)
		if (nr in row)
			print row[nr]
	print "};\n"
	print "/* Syscall numbers in the byte order of their names. */"
	print "static const uint16_t trace_syscall_name_order[TRACE_SYSCALL_NAMED] = {"
	for (i = 0; i < count; i++)
		printf "\t%d, /* %s */\n", nr_of[names[i]], names[i]
	print "};"
}
