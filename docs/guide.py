#!/usr/bin/env python3
"""Builds the user guide from its source and checks that it has not drifted.

docs/guide.src.md is Markdown with ```run blocks: shell commands, run in a
folder holding the example programs (docs/examples/prepare.sh). `build` runs
every block and writes docs/guide.md with each command and the output our
tools really printed. `check` runs every block again and compares the output
with docs/guide.md after masking what changes from run to run (times,
addresses, pids, ordering of equal rows), so the guide cannot drift from the
tools.

Inside a run block:
  CMD &            runs CMD in the background, its output shown when it ends;
                   the next line waits until 127.0.0.1:8080 accepts connections
  a line with "Ctrl+C"   sends SIGINT to the background command and waits for it
  CMD              runs CMD; its output is shown after it
The block's info string may hold options: ```run show=N (display the first N
output lines), ```run volatile (output differs each run: only checked to run
cleanly), ```run quiet (output not shown), ```run split (a command's standard
error shown after its standard output, not where it came: under eBPF a
program's own messages land anywhere among the event lines).

usage: guide.py build|check BIN_DIR WORK_DIR
"""
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "guide.src.md")
OUT = os.path.join(HERE, "guide.md")
BLOCK = re.compile(r"^```run([^\n]*)\n(.*?)^```\n", re.S | re.M)
CMD_TIMEOUT = 300


def listening(port):
    """True when a socket listens on port (read from /proc, so no request is made)."""
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[1].endswith(":%04X" % port) and fields[3] == "0A":
                        return True
        except OSError:
            pass
    return False


def wait_port(port=8080, timeout=20.0):
    end = time.time() + timeout
    while time.time() < end:
        if listening(port):
            return
        time.sleep(0.05)
    raise RuntimeError("nothing listens on 127.0.0.1:%d" % port)


def shell(cmd, env, cwd, background=False, split=False):
    args = ["bash", "-c", cmd]
    if background:
        return subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
    p = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE if split else subprocess.STDOUT, text=True,
                       timeout=CMD_TIMEOUT)
    return p.returncode, p.stdout + (p.stderr if split else "")


def run_block(body, env, cwd, split=False):
    """Returns [(command, output)] and a list of problems."""
    steps, problems, bg = [], [], None
    for line in body.splitlines():
        cmd = line.strip()
        if not cmd:
            continue
        if "Ctrl+C" in cmd:
            if bg is None:
                problems.append("Ctrl+C without a background command")
                continue
            proc, bgcmd = bg
            # The background command was exec'd in place of the shell, so
            # proc.pid is renacer itself: SIGINT goes to it, as `kill -INT`
            # would, and renacer passes it on to the program it traces.
            time.sleep(0.3)
            os.kill(proc.pid, signal.SIGINT)
            try:
                out, _ = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                out, _ = proc.communicate()
                problems.append("%s: did not stop on Ctrl+C" % bgcmd)
            steps.append((cmd, ""))
            steps.append(("", out))
            bg = None
            continue
        if cmd.startswith("#"):
            steps.append((cmd, ""))
            continue
        if cmd.endswith("&"):
            bgcmd = cmd[:-1].strip()
            proc = shell("exec " + bgcmd, env, cwd, background=True)
            bg = (proc, bgcmd)
            try:
                wait_port()
            except RuntimeError as e:
                problems.append("%s: %s" % (bgcmd, e))
            steps.append((cmd, ""))
            continue
        rc, out = shell(cmd, env, cwd, split=split)
        if "|" not in cmd and rc not in (0,) and not cmd.startswith(("diff ", "renacer-diff")):
            problems.append("%s: exit status %d" % (cmd, rc))
        steps.append((cmd, out))
    if bg is not None:
        os.killpg(bg[0].pid, signal.SIGKILL)
        bg[0].communicate()
        problems.append("%s: still running at the end of its block" % bg[1])
    for cmd, out in steps:
        for l in out.splitlines():
            # Not errors: the recorder's last line ("N events, ..."), the
            # flight recorder's "wrote the last ..." lines, the backend's line.
            if (re.match(r"^renacer[-a-z]*: (?!warning: |gate failed: |recording with the )", l)
                    and "events," not in l and ": wrote the last " not in l):
                problems.append("%s: printed an error: %s" % (cmd, l))
    return steps, problems


def render(opts, steps):
    show = None
    m = re.search(r"show=(\d+)", opts)
    if m:
        show = int(m.group(1))
    lines = []
    for cmd, out in steps:
        if cmd:
            lines.append("$ " + cmd if not cmd.startswith("#") else cmd)
        if "quiet" in opts:
            continue
        olines = out.rstrip("\n").split("\n") if out.strip() else []
        if show is not None and len(olines) > show:
            more = len(olines) - show
            olines = olines[:show] + ["# ... %d more lines ..." % more]
        lines.extend(olines)
    return "```console\n" + "\n".join(lines) + "\n```\n"


MASKS = [
    # the backend `auto` takes depends on the machine (root, BTF): eBPF or ptrace
    (re.compile(r"recording with the (eBPF|ptrace) backend( \(eBPF: [^)]*\))?"),
     "recording with the BACKEND backend"),
    (re.compile(r"si_pid=\d+"), "si_pid=P"),
    (re.compile(r"\b\d+(\.\d+)? (seconds|milliseconds|microseconds|nanoseconds)\b"), "DURATION"),
    (re.compile(r"\b\d+(\.\d+)?(ms|us|ns|s)\b"), "T"),
    (re.compile(r"<\d+\.\d+>"), "<T>"),
    (re.compile(r"0x[0-9a-f]+"), "0xA"),
    # -k frames name modules by their path, which holds the example folder
    (re.compile(r"\((/[^ ()]*/)?([^/ ()]+)\+0xA\)"), r"(\2+0xA)"),
    (re.compile(r"\[pid +\d+\]"), "[pid P]"),
    (re.compile(r"\bp=[0-9.e-]+"), "p=P"),
    (re.compile(r"\(([+-]\d+(\.\d+)?|\d+(\.\d+)?)%\)"), "(PCT)"),
    (re.compile(r"\d+\.\d+ (seconds|KiB|MiB|bytes/event)"), r"N \1"),
    (re.compile(r"\b\d{5,}\b"), "N"),
    (re.compile(r"real\s.*|user\s.*|sys\s.*"), "TIME"),
    (re.compile(r"^-{10,}$"), "-----"),
    (re.compile(r"served \d+ requests"), "served N requests"),
    (re.compile(r"within noise|slower|faster"), "VERDICT"),
    (re.compile(r"(\d+(\.\d+)?% -> )?\d+(\.\d+)?% of syscall time"), "N% of syscall time"),
]

# Findings that depend on time (spec/findings.md) come and go with the load of
# the machine: their lines (in renacer-diff's comparison too), and the section
# headings (which count them), are not compared.
TIMING_FINDING = re.compile(r"^\[((new|gone|both)\] )?(slow-call|latency-outlier)(\] |:)")
FINDINGS_HEADING = re.compile(r"^(Findings:|=========|Findings: (\d+ new, \d+ gone, \d+ in both|none in either run))$")


def normalize(block_text, opts):
    lines, timing = [], False
    for l in block_text.splitlines():
        if l.startswith("```"):
            continue
        if l.startswith("["):
            timing = bool(TIMING_FINDING.match(l))
        elif not l.startswith("  "):
            timing = False
        if timing or FINDINGS_HEADING.match(l):
            continue
        for rx, rep in MASKS:
            l = rx.sub(rep, l)
        l = re.sub(r"\s+", " ", l).strip()
        if not l or re.search(r"% Total|Dload|--:--:--|\d+:\d\d:\d\d", l):
            continue  # blank lines and curl's progress meter vary from run to run
        if "volatile" in opts and not l.startswith("$"):
            continue
        lines.append(l)
    return sorted(lines)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("build", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, bindir, work = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    env = dict(os.environ)
    env["PATH"] = bindir + os.pathsep + env["PATH"]
    env["LC_ALL"] = "C"
    env.pop("RENACER_BACKEND", None)  # the guide shows the default backend
    src = open(SRC).read()
    blocks = list(BLOCK.finditer(src))
    rendered, all_problems = [], []
    for i, m in enumerate(blocks):
        opts, body = m.group(1), m.group(2)
        steps, problems = run_block(body, env, work, split="split" in opts)
        rendered.append(render(opts, steps))
        all_problems += ["block %d: %s" % (i + 1, p) for p in problems]
    if mode == "build":
        out, pos = [], 0
        for m, r in zip(blocks, rendered):
            out.append(src[pos:m.start()])
            out.append(r)
            pos = m.end()
        out.append(src[pos:])
        text = "".join(out)
        text = "<!-- Generated by docs/guide.py build from docs/guide.src.md: edit that file. -->\n" + text
        open(OUT, "w").write(text)
        for p in all_problems:
            print("guide: " + p, file=sys.stderr)
        return 1 if all_problems else 0
    # check: compare with the console blocks of the committed guide, in order.
    with open(os.path.join(work, "guide.check.md"), "w") as f:
        f.write("\n".join(rendered))
    guide = open(OUT).read()
    shown = re.findall(r"^```console\n.*?^```\n", guide, re.S | re.M)
    if len(shown) != len(rendered):
        all_problems.append("docs/guide.md has %d example blocks, the source %d: rebuild it"
                            % (len(shown), len(rendered)))
    else:
        for i, (old, new, m) in enumerate(zip(shown, rendered, blocks)):
            a, b = normalize(old, m.group(1)), normalize(new, m.group(1))
            if a != b:
                diff = [("- " + x) for x in a if x not in b][:10] + [("+ " + x) for x in b if x not in a][:10]
                all_problems.append("block %d drifted from docs/guide.md:\n  %s" % (i + 1, "\n  ".join(diff)))
    for p in all_problems:
        print("guide: " + p, file=sys.stderr)
    print("guide: %d blocks checked, %d problems" % (len(rendered), len(all_problems)))
    return 1 if all_problems else 0


if __name__ == "__main__":
    sys.exit(main())
