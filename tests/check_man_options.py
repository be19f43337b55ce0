#!/usr/bin/env python3
"""check_man_options.py - the options a program's --help lists must be the
options its man page documents, and the other way round.

  check_man_options.py PROGRAM MAN_PAGE SPEC_SOURCE HELP_SOURCE

--help lines that document options start with two spaces and a dash; the
options are the comma-separated words before the first run of two spaces
("  -t, -tt, -ttt   wall-clock time"). The man page's options are the first
cells of its tables (the option tables of SPEC_SOURCE, which the page is
generated from). On a difference, the message says what to add where."""
import re
import subprocess
import sys

OPTION = re.compile(r"^(--?[A-Za-z0-9][A-Za-z0-9-]*)")


def help_options(text):
    opts = set()
    for line in text.splitlines():
        if not re.match(r"^  +-", line):
            continue
        head = re.split(r"\S\s{2,}", line.strip() + "  ", maxsplit=1)[0]
        # re.split dropped the last character before the gap; take it back.
        head = line.strip()[: len(head) + 1]
        for item in head.split(","):
            m = OPTION.match(item.strip())
            if m:
                opts.add(m.group(1))
    return opts


def roff_text(s):
    s = re.sub(r"\\f\[[A-Z]*\]|\\f[A-Z]", "", s)
    return s.replace("\\-", "-").replace("\\[en]", "-").replace("\\[em]", "-")


def man_options(roff):
    """First cells of the tbl rows pandoc writes: a row starts with a line
    "T{" alone; its first cell ends at "T}@T{" or "T}"."""
    opts, cell, in_first = set(), [], False
    for line in roff.splitlines():
        if line == "T{":
            in_first, cell = True, []
        elif in_first and line.startswith("T}"):
            in_first = False
            for item in roff_text(" ".join(cell)).split(","):
                m = OPTION.match(item.strip())
                if m:
                    opts.add(m.group(1))
        elif in_first:
            cell.append(line)
    return opts


def main(prog, page, spec, help_source):
    out = subprocess.run([prog, "--help"], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(f"FAIL: {prog} --help exited {out.returncode}: {out.stderr.strip()}")
        return 1
    name = prog.rsplit("/", 1)[-1]
    in_help = help_options(out.stdout)
    in_man = man_options(open(page, encoding="utf-8").read())
    fails = 0
    for opt in sorted(in_help - in_man):
        print(f"FAIL: `{name} --help` lists {opt}, but its man page does not. Add a row for "
              f"{opt} to an options table of {spec} (the page is generated from it; "
              f"rebuild), e.g. the row: | `{opt}` | what it does |")
        fails += 1
    for opt in sorted(in_man - in_help):
        print(f"FAIL: {spec} documents {opt} (a row of an options table, so the man page "
              f"{page.rsplit('/', 1)[-1]} has it), but `{name} --help` does not list it. Add a "
              f"line for {opt} to the usage text in {help_source}: two spaces, the option, "
              f"two spaces or more, what it does.")
        fails += 1
    if not in_help:
        print(f"FAIL: found no option lines in `{name} --help`")
        fails += 1
    if fails == 0:
        print(f"ok: {name}: --help and the man page list the same {len(in_help)} options: "
              + " ".join(sorted(in_help)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
