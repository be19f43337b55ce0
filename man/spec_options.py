"""spec_options.py - the options a page of spec/ documents: the first cells of
its Markdown tables that start with an option (`-o FILE`, `--format a|b`).
Shared by the completion generator (man/gen_completions.py) and the test
that compares --help with the man pages (tests/check_man_options.py)."""
import re

OPTION = re.compile(r"^(--?[A-Za-z0-9][A-Za-z0-9-]*)(?:[ =](.*))?$")


def split_items(cell):
    """'`-o FILE`, `--out FILE`' -> ['-o FILE', '--out FILE'] (commas inside
    [...] such as PID[,PID...] do not split)."""
    cell = cell.replace("\\|", "|").replace("`", "").strip()
    items, depth, cur = [], 0, ""
    for ch in cell:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            items.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        items.append(cur.strip())
    return items


def table_rows(text):
    """Yields (first cell, second cell) of every Markdown table row."""
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("|") or re.match(r"^\|[\s:|-]+\|?$", line):
            continue
        cells = re.split(r"(?<!\\)\|", line.strip("|"))
        yield cells[0].strip(), (cells[1].strip() if len(cells) > 1 else "")


def options(text):
    """[(option, argument or '', description)] in page order, each option once."""
    seen, out = set(), []
    for first, second in table_rows(text):
        for item in split_items(first):
            m = OPTION.match(item)
            if not m:
                continue
            opt, arg = m.group(1), (m.group(2) or "").strip()
            if opt in seen:
                continue
            seen.add(opt)
            out.append((opt, arg, second.replace("`", "").replace("\\|", "|")))
    return out


def takes_command(text):
    """True when the page's synopsis runs a command (CMD [ARG...])."""
    return "CMD [ARG" in text
