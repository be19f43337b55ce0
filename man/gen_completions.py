#!/usr/bin/env python3
"""gen_completions.py - writes the bash and zsh completions of the renacer
programs from the option tables of their spec pages (the man pages' source).

  gen_completions.py BASH_OUT ZSH_OUT PROG=SPEC.md...
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spec_options  # noqa: E402


def value_kind(arg):
    """How to complete an option's value: 'file', 'dir', 'pid', a word list or None."""
    if not arg:
        return None
    if "|" in arg:
        return arg.split()[0].split("|")
    word = re.sub(r"[^A-Z]", " ", arg).split()
    word = word[0] if word else ""
    if word in ("FILE", "DB", "BEFORE", "AFTER"):
        return "file"
    if word in ("DIR",):
        return "dir"
    if word in ("PID", "TID"):
        return "pid"
    if arg.startswith("trace=") or arg.startswith("status=") or word == "EXPR":
        return ["trace=", "status="]
    return "none"


def bash_function(prog, opts, command):
    fn = "_" + prog.replace("-", "_")
    flags = " ".join(o for o, _, _ in opts)
    cases = []
    for o, arg, _ in opts:
        kind = value_kind(arg)
        if kind is None:
            continue
        if kind == "file":
            body = "_filedir"
        elif kind == "dir":
            body = "_filedir -d"
        elif kind == "pid":
            body = "_pids"
        elif kind == "none":
            body = ":"
        else:
            body = 'COMPREPLY=($(compgen -W "%s" -- "$cur"))' % " ".join(kind)
            if any(k.endswith("=") for k in kind):
                body = "compopt -o nospace 2>/dev/null; " + body
        cases.append("\t%s) %s; return ;;" % (o, body))
    with_value = " ".join(o for o, arg, _ in opts if arg)
    if command:
        positional = "\t\t\t_command_offset \"$i\"\n\t\t\treturn"
        after_dashes = '_command_offset "$i"; return'
        rest = '_command_offset "$i"'
    else:
        positional = "\t\t\tbreak"
        after_dashes = "break"
        rest = "_filedir"
    case_lines = "\n".join(cases)
    return f"""{fn}() {{
	local cur prev words cword
	_init_completion || return
	case "$prev" in
{case_lines}
	esac
	# The first word that is not an option (or follows --) starts the positional part.
	local i=1 with_value=" {with_value} "
	while [ "$i" -lt "$cword" ]; do
		case "${{words[i]}}" in
		--) i=$((i + 1)); {after_dashes} ;;
		-*) [[ "$with_value" == *" ${{words[i]}} "* ]] && i=$((i + 1)) ;;
		*)
{positional}
			;;
		esac
		i=$((i + 1))
	done
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W "{flags}" -- "$cur"))
		return
	fi
	{rest}
}}
complete -F {fn} {prog}
"""


def zsh_escape(text):
    text = text.split(". ")[0].rstrip(".")
    text = re.sub(r"\s+", " ", text)[:70]
    return text.replace("\\", "\\\\").replace("'", "'\\''").replace("[", "(").replace("]", ")").replace(":", " ")


def zsh_function(prog, opts, command):
    lines = []
    for o, arg, desc in opts:
        kind = value_kind(arg)
        spec = "'%s[%s]" % (o, zsh_escape(desc))
        if kind is None:
            spec += "'"
        else:
            name = zsh_escape(arg.split()[0]) if arg else "value"
            action = {"file": "_files", "dir": "_files -/", "pid": "_pids", "none": " "}.get(
                kind if isinstance(kind, str) else "", "(%s)" % " ".join(kind) if not isinstance(kind, str) else " ")
            spec += ":%s:%s'" % (name, action)
        lines.append("\t\t" + spec)
    lines.append("\t\t'*::command:_normal'" if command else "\t\t'*:file:_files'")
    return "_%s() {\n\t_arguments -s -S \\\n%s\n}\n" % (prog.replace("-", "_"), " \\\n".join(lines))


def main(argv):
    bash_out, zsh_out, pages = argv[1], argv[2], argv[3:]
    progs = []
    for p in pages:
        prog, path = p.split("=", 1)
        text = open(path, encoding="utf-8").read()
        progs.append((prog, spec_options.options(text), spec_options.takes_command(text)))
    head = "# Generated from spec/cli/*.md by man/gen_completions.py; do not edit.\n"
    with open(bash_out, "w", encoding="utf-8") as f:
        f.write("# bash completion for the renacer programs\n" + head)
        for prog, opts, cmd in progs:
            f.write("\n" + bash_function(prog, opts, cmd))
    with open(zsh_out, "w", encoding="utf-8") as f:
        f.write("#compdef %s\n%s" % (" ".join(p for p, _, _ in progs), head))
        for prog, opts, cmd in progs:
            f.write("\n" + zsh_function(prog, opts, cmd))
        f.write('\ncase "$service" in\n')
        for prog, _, _ in progs:
            f.write("%s) _%s \"$@\" ;;\n" % (prog, prog.replace("-", "_")))
        f.write("esac\n")


if __name__ == "__main__":
    main(sys.argv)
