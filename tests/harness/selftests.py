#!/usr/bin/env python3
"""Runs Linux's selftests on entrylab and judges them against expectations.

  selftests.py run --emu qemu --cpu MODEL | --emu bochs --rc RC
                   --iso ISO --platform NAME --door DOOR --expected FILE --log LOG
      Boots the image, reads each program's outcome from the runner's KTAP
      and compares it with FILE. Any difference fails, in either direction:
      a program that now passes where FILE says it fails needs its line
      changed too, and the harness prints the line to write. The outcomes
      also go to LOG with .json in place of .log, for the table.
  selftests.py update --expected FILE JSON...
      Rewrites the lines of FILE whose outcome differs from the runs in JSON
      (and adds the missing ones), with the log's last words as the reason:
      for after a kernel change, to be read and committed by hand.
  selftests.py table JSON...
      The table of every run: program, platform, door, result, the counts
      of [OK], [FAIL] and [SKIP] lines it printed, and why it ended.

FILE has one line per program, platform and door (- for 64-bit programs):
  NAME PLATFORM DOOR pass
  NAME PLATFORM DOOR fail exit=N WHY...
  NAME PLATFORM DOOR killed HOW WHY...   (HOW: #PF, #GP, ..., SIGSEGV, ..., timeout)
  NAME PLATFORM DOOR noload WHY...       (the kernel could not load it)
The first words are compared; WHY is what the log shows, for people."""
import argparse
import json
import os
import re
import subprocess
import sys

# The kernel's verdicts (src/emu.c): QEMU exits with (code << 1) | 1.
QEMU_PASS, QEMU_FAIL = (0x10 << 1) | 1, (0x11 << 1) | 1


def boot_qemu(args):
    cmd = ["qemu-system-x86_64", "-cdrom", args.iso, "-m", args.mem, "-cpu", args.cpu,
           "-display", "none", "-no-reboot", "-serial", "file:" + args.log, "-monitor", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    print(" ".join(cmd), flush=True)
    try:
        status = subprocess.run(cmd, timeout=args.timeout, stdin=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL).returncode
    except subprocess.TimeoutExpired:
        return [f"QEMU did not exit within {args.timeout} s"]
    if status not in (QEMU_PASS, QEMU_FAIL):
        return [f"QEMU exit status {status}: not a verdict of the kernel's runner"
                + (" (0: a triple fault or a reset)" if status == 0 else "")]
    return []


def boot_bochs(args):
    # As tests/harness/bochs_boot.py: a pty for the term display, and enough
    # 'c' for the debugger build. Bochs' status means nothing here.
    cmds = args.log + ".cmds"
    with open(cmds, "w") as f:
        f.write("c\n" * 1000)
    env = dict(os.environ, ENTRYLAB_ISO=args.iso, ENTRYLAB_SERIAL=args.log,
               ENTRYLAB_BOCHSLOG=args.log + ".bochs", ENTRYLAB_MAGIC="0",
               ENTRYLAB_DEBUGLOG=args.log + ".debugger")
    cmd = ["script", "-qfec", f"bochs -q -f {args.rc} -rc {cmds}", "/dev/null"]
    print(" ".join(cmd), "with ISO", args.iso, flush=True)
    try:
        subprocess.run(cmd, env=env, timeout=args.timeout, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return [f"Bochs did not finish within {args.timeout} s"]
    return []


def outcomes(text, platform, door, programs):
    """One record per program the runner reported, in order. A program whose
    last line has no newline leaves the runner's result line glued to it:
    the result is found at the end of a line, with the number and name due."""
    lines = text.split("\n")
    start = lines.index("KTAP version 1") if "KTAP version 1" in lines else len(lines)
    records, out = [], []
    for line in lines[start + 2:]:
        n = len(records) + 1
        due = re.escape(programs[n - 1]) if n <= len(programs) else r"\S+"
        m = re.match(r"^(.*?)(not ok|ok) %d (%s)(?: # (.*))?$" % (n, due), line)
        if not m:
            if line.startswith("[runner] ") or line.startswith("[emu] "):
                break
            out.append(line)
            continue
        if m.group(1):
            out.append(m.group(1))
        name, note = m.group(3), m.group(4) or ""
        counts = {k: sum(1 for l in out if l.startswith(f"[{k}]")) for k in ("OK", "FAIL", "SKIP")}
        said = [l.strip() for l in out if l.strip()]
        if m.group(2) == "ok" and not note and name.startswith("hello_") and "hello, world" not in said:
            # A hello world passes only when it printed its line: exit 0
            # alone would not show that the C library's stdio worked.
            result, code, why = "fail", "silent", "exited 0 without printing \"hello, world\""
        elif m.group(2) == "ok" and not note and counts["FAIL"]:
            # Exit 0 is not a pass when the program said [FAIL]: some of
            # Linux's tests (ptrace_syscall) count their failures and
            # still return 0.
            fails = [l for l in said if l.startswith("[FAIL]")]
            result, code, why = "fail", "said-FAIL", fails[0]
        elif m.group(2) == "ok" and not note:
            result, code, why = "pass", "", ""
        elif note.startswith("exit="):
            fails = [l for l in said if l.startswith("[FAIL]")]
            result, code = "fail", note.split()[0]
            why = (fails or said or ["(printed nothing)"])[-1]
        elif note.startswith("killed"):
            kill = note.split(": ", 1)[1] if ": " in note else note
            # "signal 11 (SIGSEGV) at ..." is SIGSEGV; "#GP error=0x0 at ..." is #GP
            sig = re.match(r"signal \d+ \((\w+)\)", kill)
            result, code = "killed", sig.group(1) if sig else kill.split()[0]
            why = kill + (f'; last said "{said[-1]}"' if said else "")
        else:
            result, code, why = "noload", "", note
        records.append({"program": name, "platform": platform,
                        "door": door if name.endswith("_32") else "-",
                        "result": result, "code": code, "why": why.replace("\t", " "),
                        "ok": counts["OK"], "fail": counts["FAIL"], "skip": counts["SKIP"]})
        out = []
    return records


def key_words(r):
    """The words of an expectation that are compared."""
    return " ".join(w for w in (r["result"], r["code"]) if w)


def line_words(w):
    """The compared words of a split line of FILE: "pass", "fail exit=1"."""
    return " ".join(w[3:5] if w[3] in ("fail", "killed") else w[3:4])


def line_for(r):
    return f'{r["program"]:<32} {r["platform"]:<12} {r["door"]:<9} {key_words(r)}' + \
        (f'  {r["why"]}' if r["why"] else "")


def read_expected(path, platform, door):
    """{(program, door): (compared words, line number)} for this platform."""
    want = {}
    for n, line in enumerate(open(path), 1):
        w = line.split()  # a line is a comment when it starts with '#'
        if w and w[0].startswith("#"):
            continue
        if not w:
            continue
        if len(w) < 4 or w[3] not in ("pass", "fail", "killed", "noload"):
            raise SystemExit(f"{path}:{n}: want NAME PLATFORM DOOR pass|fail exit=N|killed HOW|noload ...")
        if w[1] != platform or w[2] not in ("-", door):
            continue
        want[(w[0], w[2])] = (line_words(w), n)
    return want


def run(args):
    for f in (args.log, args.log + ".bochs"):
        if os.path.exists(f):
            os.remove(f)
    if not os.path.exists(args.iso):
        print(f"FAIL: {args.iso} is missing: the selftests need linux-source-6.1 and musl-tools"
              " (./lab deps installs them), then ./lab build")
        return 1
    failures = boot_qemu(args) if args.emu == "qemu" else boot_bochs(args)
    text = open(args.log, errors="replace").read().replace("\r\n", "\n") if os.path.exists(args.log) else ""
    sys.stdout.write(text)
    plan = re.search(r"^1\.\.(\d+)$", text, re.M)
    if not plan or int(plan.group(1)) != len(args.programs):
        failures.append(f"the runner's plan is not 1..{len(args.programs)}")
    if not re.search(r"^\[emu\] verdict: (pass|fail)", text, re.M):
        failures.append("no '[emu] verdict' line: the kernel did not finish its run")

    records = outcomes(text, args.platform, args.door, args.programs)
    json_path = os.path.splitext(args.log)[0] + ".json"
    with open(json_path, "w") as f:
        json.dump(records, f, indent=1)

    want = read_expected(args.expected, args.platform, args.door)
    change = []
    for r in records:
        k = (r["program"], r["door"])
        got = key_words(r)
        if k not in want:
            failures.append(f"{r['program']} ({r['door']}): {got}, and {args.expected} has no line for it")
            change.append(("add", line_for(r)))
        elif want[k][0] != got:
            failures.append(f"{r['program']} ({r['door']}): {got}, expected {want[k][0]}"
                            f" ({args.expected}:{want[k][1]})")
            change.append((f"line {want[k][1]}", line_for(r)))
    # Every program of the image must have reported, in the image's order.
    ran = [r["program"] for r in records]
    if ran != args.programs:
        missing = [p for p in args.programs if p not in ran]
        failures.append(f"the runner reported {ran}, not the image's {args.programs}"
                        + (f" (missing: {missing})" if missing else ""))
    print(f"\n==== harness: selftests {args.platform} door32={args.door} {args.iso}")
    for r in records:
        print(f'  {r["program"]:<32} {r["door"]:<9} {key_words(r):<16} '
              f'[OK] {r["ok"]:>3} [FAIL] {r["fail"]:>3} [SKIP] {r["skip"]:>3}  {r["why"]}')
    for f in failures:
        print("FAIL:", f)
    if change:
        print(f"\nTo record these outcomes, change {args.expected}:")
        for where, line in change:
            print(f"  {where}: {line}")
    print("RESULT:", "PASS" if not failures else "FAIL")
    return 1 if failures else 0


def table(args):
    records = []
    for p in args.json:
        if os.path.exists(p):
            records += json.load(open(p))
    if not records:
        print("no selftest results: run ./lab selftests")
        return 1
    order = {"qemu-intel": 0, "qemu-amd": 1, "bochs-intel": 2, "bochs-amd": 3}
    doors = {"-": 0, "int80": 1, "sysenter": 2, "syscall": 3}
    records.sort(key=lambda r: (r["program"], order.get(r["platform"], 9), doors.get(r["door"], 9)))
    if args.markdown:
        # One row per program, one column per platform; a 32-bit program's
        # doors share a cell when they agree.
        plats = sorted({r["platform"] for r in records}, key=lambda p: order.get(p, 9))
        cells = {}
        for r in records:
            counts = "/".join(str(r[k]) for k in ("ok", "fail", "skip"))
            cells.setdefault((r["program"], r["platform"]), []).append((r["door"], f"{key_words(r)} ({counts})"))
        print("| program | " + " | ".join(plats) + " |")
        print("| --- |" + " --- |" * len(plats))
        for prog in sorted({r["program"] for r in records}):
            row = []
            for p in plats:
                c = cells.get((prog, p), [])
                if not c:
                    row.append("")
                elif len({v for _, v in c}) == 1:
                    door = "" if c[0][0] == "-" else " every door" if len(c) > 1 else f" {c[0][0]}"
                    row.append(c[0][1] + door)
                else:
                    row.append("; ".join(f"{d}: {v}" for d, v in c))
            print(f"| `{prog}` | " + " | ".join(row) + " |")
        return 0
    else:
        print(f'{"program":<31} {"platform":<11} {"door":<8} {"result":<14} {"OK":>4} {"FAIL":>4} {"SKIP":>4}  why')
        for r in records:
            why = r["why"] if len(r["why"]) <= 72 else r["why"][:69] + "..."
            print(f'{r["program"]:<31} {r["platform"]:<11} {r["door"]:<8} {key_words(r):<14} '
                  f'{r["ok"]:>4} {r["fail"]:>4} {r["skip"]:>4}  {why}')
    groups = {}
    for r in records:
        g = groups.setdefault((order.get(r["platform"], 9), doors.get(r["door"], 9), r["platform"], r["door"]), [0, 0])
        g[0] += r["result"] == "pass"
        g[1] += 1
    print("\nexited 0: " + ", ".join(f"{p}/{d} {n} of {m}" for (_, _, p, d), (n, m) in sorted(groups.items())))
    print(f"{sum(n for n, _ in groups.values())} of {len(records)} runs exited 0.")
    return 0


def update(args):
    records = []
    for p in args.json:
        records += json.load(open(p))
    lines = open(args.expected).read().split("\n")
    where = {}
    for n, line in enumerate(lines):
        w = line.split()
        if len(w) >= 4 and not w[0].startswith("#"):
            where[(w[0], w[1], w[2])] = n
    changed, added = 0, []
    for r in records:
        k = (r["program"], r["platform"], r["door"])
        if k not in where:
            added.append(line_for(r))
            continue
        if line_words(lines[where[k]].split()) != key_words(r):
            lines[where[k]] = line_for(r)
            changed += 1
    while lines and lines[-1] == "":
        lines.pop()
    if added:
        lines += ["", "# added by selftests.py update"] + added
    open(args.expected, "w").write("\n".join(lines) + "\n")
    print(f"{args.expected}: {changed} lines changed, {len(added)} added")
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--emu", choices=["qemu", "bochs"], required=True)
    r.add_argument("--cpu", help="QEMU CPU model")
    r.add_argument("--rc", help="Bochs configuration")
    r.add_argument("--mem", default="256M")
    r.add_argument("--iso", required=True)
    r.add_argument("--platform", required=True)
    r.add_argument("--door", required=True, help="the 32-bit door this image asks for")
    r.add_argument("--expected", required=True)
    r.add_argument("--log", required=True)
    r.add_argument("--timeout", type=int, default=600)
    r.add_argument("--programs", nargs="+", required=True, help="the image's programs, in order")
    u = sub.add_parser("update")
    u.add_argument("--expected", required=True)
    u.add_argument("json", nargs="+")
    t = sub.add_parser("table")
    t.add_argument("--markdown", action="store_true")
    t.add_argument("json", nargs="+")
    args = ap.parse_args()
    return {"run": run, "update": update, "table": table}[args.cmd](args)


sys.exit(main())
