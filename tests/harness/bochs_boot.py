#!/usr/bin/env python3
"""Boots an entrylab ISO headless under Bochs and decides pass or fail.

Bochs' exit status means nothing here (the shutdown port and a triple fault
both give 1), so the verdict comes only from what the kernel printed on COM1:
a complete, all-ok KTAP plan and the kernel's own "[emu] verdict: pass" line,
plus any --line patterns (the probe's matrix for this model)."""
import argparse
import os
import re
import subprocess
import sys

from ktap import parse_ktap


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rc", required=True, help="build/bochs/intel.rc or amd.rc")
    ap.add_argument("--iso", required=True)
    ap.add_argument("--log", required=True, help="where COM1 goes")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--line", action="append", default=[])
    args = ap.parse_args()

    for f in (args.log, args.log + ".bochs"):
        if os.path.exists(f):
            os.remove(f)
    cmds = args.log + ".cmds"
    # The debugger build stops before the first instruction (magic breaks
    # are off here); the extra 'c's are never read.
    with open(cmds, "w") as f:
        f.write("c\n" * 1000)
    env = dict(os.environ, ENTRYLAB_ISO=args.iso, ENTRYLAB_SERIAL=args.log,
               ENTRYLAB_BOCHSLOG=args.log + ".bochs", ENTRYLAB_MAGIC="0", ENTRYLAB_DEBUGLOG=args.log + ".debugger")
    # Bochs' term display needs a terminal: script gives it a pty.
    cmd = ["script", "-qfec", f"bochs -q -f {args.rc} -rc {cmds}", "/dev/null"]
    print(" ".join(cmd), "with ISO", args.iso, flush=True)
    timed_out = False
    try:
        subprocess.run(cmd, env=env, timeout=args.timeout, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        timed_out = True
    text = open(args.log, errors="replace").read().replace("\r\n", "\n") if os.path.exists(args.log) else ""
    sys.stdout.write(text)

    failures = []
    if timed_out:
        failures.append(f"Bochs did not finish within {args.timeout} s")
    plan, results, problems = parse_ktap(text)
    failures += problems
    if plan == 0:
        failures.append("the plan is empty")
    if not re.search(r"^\[emu\] verdict: pass", text, re.M):
        failures.append("no '[emu] verdict: pass' line from the kernel")
    for pattern in args.line:
        if not re.search(pattern, text, re.M):
            failures.append(f"the log lacks /{pattern}/")
    if failures and os.path.exists(args.log + ".bochs"):
        tail = open(args.log + ".bochs", errors="replace").read().splitlines()[-15:]
        print("\n---- Bochs log (last lines)\n" + "\n".join(tail))
    print("\n==== harness: bochs", args.rc, args.iso)
    for f in failures:
        print("FAIL:", f)
    print("RESULT:", "PASS" if not failures else "FAIL")
    return 1 if failures else 0


sys.exit(main())
